#!/usr/bin/env node
// Runs the mocha suite in out/test/extension inside a real VS Code extension host, and exits with its result.
// Host: desktop VS Code through @vscode/test-electron where one is at hand or can be downloaded,
// otherwise code-server + headless Chromium (this machine and CI). Force one with CACHE_EXPLORER_TEST_HOST=electron|code-server.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { root, testResultsDir } = require('./paths');

const TESTS_PATH = path.join(root, 'out', 'test', 'extension', 'index.js');
// Workbench chatter that says nothing about the tests (the offline gallery query, socket set-up).
const WORKBENCH_NOISE = /open-vsx\.org|^\s+at .*workbench\.js|Creating a socket|Resolved connection token|\[Service Worker\]|ChatSessionStore|Updating additional builtin/;
const RUN_TIMEOUT_MS = Number(process.env.CACHE_EXPLORER_TEST_TIMEOUT_MS || 10 * 60_000);

/** A fresh workspace folder for each run, so tests start from the same state. */
function makeWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-explorer-ws-'));
  fs.mkdirSync(path.join(dir, 'cache'));
  return dir;
}

async function canDownloadVSCode() {
  try {
    const response = await fetch('https://update.code.visualstudio.com/api/releases/stable', {
      method: 'HEAD',
      signal: AbortSignal.timeout(4000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

function localDesktopVSCode() {
  const explicit = process.env.CACHE_EXPLORER_VSCODE_EXECUTABLE;
  if (explicit && fs.existsSync(explicit)) return explicit;
  return undefined;
}

async function chooseHost() {
  const forced = process.env.CACHE_EXPLORER_TEST_HOST;
  if (forced === 'electron' || forced === 'code-server') return forced;
  if (localDesktopVSCode() || (await canDownloadVSCode())) return 'electron';
  return 'code-server';
}

async function runInElectron({ workspace, env }) {
  const { runTests } = require('@vscode/test-electron');
  try {
    await runTests({
      vscodeExecutablePath: localDesktopVSCode(),
      extensionDevelopmentPath: root,
      extensionTestsPath: TESTS_PATH,
      extensionTestsEnv: env,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}

async function runInCodeServer({ workspace, env }) {
  const { startCodeServer } = require('./codeServer');
  const { launchBrowser } = require('./browser');
  fs.mkdirSync(testResultsDir, { recursive: true });
  const serverLog = path.join(testResultsDir, 'extension-tests-code-server.log');
  fs.rmSync(serverLog, { force: true });
  const server = await startCodeServer({ env, logFile: serverLog });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let settle;
    const exited = new Promise((resolve) => (settle = resolve));
    // Both must exist before the workbench loads: it only reports to functions it finds.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...args);
      const lines = text.split('\n').filter((line) => !WORKBENCH_NOISE.test(line));
      if (lines.length && type !== 'trace' && type !== 'debug') {
        (type === 'error' ? console.error : console.log)(lines.join('\n'));
      }
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      if (code !== 0) saveBrowserLogs(logs);
      settle(code);
    });
    const url = server.workbenchUrl({
      folder: workspace,
      payload: [
        ['extensionDevelopmentPath', server.remoteUri(root)],
        ['extensionTestsPath', server.remoteUri(TESTS_PATH)],
        ['skipWelcome', 'true'],
      ],
    });
    await page.goto(url);
    const timeout = new Promise((resolve) =>
      setTimeout(() => {
        console.error(`extension tests did not finish within ${RUN_TIMEOUT_MS} ms; see ${serverLog}`);
        resolve(1);
      }, RUN_TIMEOUT_MS).unref(),
    );
    return await Promise.race([exited, timeout]);
  } finally {
    await browser.close();
    await server.stop();
  }
}

function saveBrowserLogs(logs) {
  const dir = path.join(testResultsDir, 'extension-tests-logs');
  for (const { relativePath, contents } of logs ?? []) {
    const file = path.join(dir, relativePath);
    if (!file.startsWith(dir + path.sep)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
  console.error(`browser-side logs saved under ${path.relative(root, dir)}`);
}

async function main() {
  if (!fs.existsSync(TESTS_PATH)) throw new Error(`${TESTS_PATH} is missing: run \`node esbuild.js --tests\``);
  const host = await chooseHost();
  const workspace = makeWorkspace();
  const env = {};
  if (process.env.CACHE_EXPLORER_TEST_REPORT) env.CACHE_EXPLORER_TEST_REPORT = process.env.CACHE_EXPLORER_TEST_REPORT;
  if (process.env.CACHE_EXPLORER_TEST_GREP) env.CACHE_EXPLORER_TEST_GREP = process.env.CACHE_EXPLORER_TEST_GREP;
  console.log(`extension tests: host ${host}, workspace ${workspace}`);
  try {
    return host === 'electron' ? await runInElectron({ workspace, env }) : await runInCodeServer({ workspace, env });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
