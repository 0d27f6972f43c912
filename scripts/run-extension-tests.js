#!/usr/bin/env node
// Runs the extension's mocha suites inside a real VS Code extension host, one host session per suite, and exits
// with their result: out/test/extension (a trusted single-folder workspace) and out/test/extension/untrusted
// (the same in Restricted Mode) and out/test/extension/multiRoot (a multi-root workspace). Counts are summed into
// CACHE_EXPLORER_TEST_REPORT.
// Host: desktop VS Code through @vscode/test-electron where one is at hand or can be downloaded,
// otherwise code-server + headless Chromium (this machine and CI). Force one with CACHE_EXPLORER_TEST_HOST=electron|code-server.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { root, testResultsDir } = require('./paths');

const TESTS_DIR = path.join(root, 'out', 'test', 'extension');
/**
 * Each suite gets its own host session and workspace; `trusted: false` opens the folder in Restricted Mode;
 * `multiRoot` opens a .code-workspace with folders alpha and beta (and a spare folder gamma beside them).
 */
const SUITES = [
  { name: 'trusted workspace', testsPath: path.join(TESTS_DIR, 'index.js'), trusted: true },
  { name: 'untrusted workspace', testsPath: path.join(TESTS_DIR, 'untrusted', 'index.js'), trusted: false },
  { name: 'multi-root workspace', testsPath: path.join(TESTS_DIR, 'multiRoot', 'index.js'), trusted: true, multiRoot: true },
];
// Workbench chatter that says nothing about the tests (the offline gallery query, socket set-up).
const WORKBENCH_NOISE = /open-vsx\.org|^\s+at .*workbench\.js|Creating a socket|Resolved connection token|\[Service Worker\]|ChatSessionStore|Updating additional builtin/;
const RUN_TIMEOUT_MS = Number(process.env.CACHE_EXPLORER_TEST_TIMEOUT_MS || 10 * 60_000);

/**
 * A fresh workspace for each run, so tests start from the same state: a folder with an empty cache/, or for a
 * multi-root suite a folder holding alpha/cache, beta/cache, gamma/ and the .code-workspace naming alpha and beta.
 * Returns the folder (to remove afterwards) and what to open.
 */
function makeWorkspace(suite) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-explorer-ws-'));
  if (!suite.multiRoot) {
    fs.mkdirSync(path.join(dir, 'cache'));
    return { dir, open: { folder: dir } };
  }
  for (const name of ['alpha', 'beta']) fs.mkdirSync(path.join(dir, name, 'cache'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'gamma'));
  const file = path.join(dir, 'cache-explorer.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: 'alpha' }, { path: 'beta' }], settings: {} }, null, 2));
  return { dir, open: { workspace: file } };
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

async function runInElectron({ workspace, env, suite }) {
  const { runTests } = require('@vscode/test-electron');
  try {
    await runTests({
      vscodeExecutablePath: localDesktopVSCode(),
      extensionDevelopmentPath: root,
      extensionTestsPath: suite.testsPath,
      extensionTestsEnv: env,
      launchArgs: [workspace.folder ?? workspace.workspace, '--disable-extensions', ...(suite.trusted ? ['--disable-workspace-trust'] : []), '--skip-welcome'],
    });
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}

async function runInCodeServer({ workspace, env, suite }) {
  const { startCodeServer } = require('./codeServer');
  const { launchBrowser } = require('./browser');
  fs.mkdirSync(testResultsDir, { recursive: true });
  const serverLog = path.join(testResultsDir, 'extension-tests-code-server.log');
  fs.rmSync(serverLog, { force: true });
  const server = await startCodeServer({ env, logFile: serverLog, workspaceTrust: !suite.trusted });
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
      ...workspace,
      payload: [
        ['extensionDevelopmentPath', server.remoteUri(root)],
        ['extensionTestsPath', server.remoteUri(suite.testsPath)],
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

function readCounts(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Runs one suite in a fresh workspace; returns its exit code and counts (a crash counts as one failure). */
async function runSuite(host, suite) {
  const { dir, open: workspace } = makeWorkspace(suite);
  const reportFile = `${dir}-report.json`;
  const env = { CACHE_EXPLORER_TEST_REPORT: reportFile };
  if (process.env.CACHE_EXPLORER_TEST_GREP) env.CACHE_EXPLORER_TEST_GREP = process.env.CACHE_EXPLORER_TEST_GREP;
  console.log(`\nextension tests (${suite.name}): host ${host}, workspace ${dir}`);
  try {
    const run = host === 'electron' ? runInElectron : runInCodeServer;
    const code = await run({ workspace, env, suite });
    const counts = readCounts(reportFile) ?? { passed: 0, failed: code === 0 ? 0 : 1, skipped: 0 };
    return { code, counts };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(reportFile, { force: true });
  }
}

async function main() {
  for (const suite of SUITES) {
    if (!fs.existsSync(suite.testsPath)) throw new Error(`${suite.testsPath} is missing: run \`node esbuild.js --tests\``);
  }
  const host = await chooseHost();
  const total = { passed: 0, failed: 0, skipped: 0 };
  let exitCode = 0;
  for (const suite of SUITES) {
    const { code, counts } = await runSuite(host, suite);
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    if (code !== 0) {
      exitCode = code;
      break;
    }
  }
  if (process.env.CACHE_EXPLORER_TEST_REPORT) fs.writeFileSync(process.env.CACHE_EXPLORER_TEST_REPORT, JSON.stringify(total));
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
