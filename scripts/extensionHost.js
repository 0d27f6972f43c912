// Runs a tests module (one exporting run(), the @vscode/test-electron shape) inside a real VS Code extension host
// with Cache Explorer loaded in development mode, and returns the exit code the host reports.
// Host: desktop VS Code through @vscode/test-electron where one is at hand or can be downloaded, otherwise
// code-server + headless Chromium (this machine and CI). Force one with CACHE_EXPLORER_TEST_HOST=electron|code-server.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { root, testResultsDir } = require('./paths');

// Workbench chatter that says nothing about the tests (the offline gallery query, socket set-up).
const WORKBENCH_NOISE = /open-vsx\.org|^\s+at .*workbench\.js|Creating a socket|Resolved connection token|\[Service Worker\]|ChatSessionStore|Updating additional builtin|Ignoring fetching additional builtin extensions/;
const RUN_TIMEOUT_MS = Number(process.env.CACHE_EXPLORER_TEST_TIMEOUT_MS || 10 * 60_000);

function localDesktopVSCode() {
  const explicit = process.env.CACHE_EXPLORER_VSCODE_EXECUTABLE;
  if (explicit && fs.existsSync(explicit)) return explicit;
  return undefined;
}

async function chooseHost() {
  const forced = process.env.CACHE_EXPLORER_TEST_HOST;
  if (forced === 'electron' || forced === 'code-server') return forced;
  // Never probes the network: a desktop VS Code is used when one is named (or asked for, and then downloaded).
  return localDesktopVSCode() ? 'electron' : 'code-server';
}

async function runInElectron({ workspace, env, testsPath, trusted }) {
  const { runTests } = require('@vscode/test-electron');
  try {
    await runTests({
      vscodeExecutablePath: localDesktopVSCode(),
      extensionDevelopmentPath: root,
      extensionTestsPath: testsPath,
      extensionTestsEnv: env,
      launchArgs: [workspace.folder ?? workspace.workspace, '--disable-extensions', ...(trusted ? ['--disable-workspace-trust'] : []), '--skip-welcome'],
    });
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}

async function runInCodeServer({ workspace, env, testsPath, trusted }) {
  const { startCodeServer } = require('./codeServer');
  const { launchBrowser, newWatchedPage } = require('./browser');
  fs.mkdirSync(testResultsDir, { recursive: true });
  const serverLog = path.join(testResultsDir, 'extension-tests-code-server.log');
  fs.rmSync(serverLog, { force: true });
  // One workbench log per suite (extension, untrusted, multiRoot), fresh each run.
  const workbenchLog = path.join(testResultsDir, `workbench-${path.basename(path.dirname(testsPath))}.log`);
  fs.rmSync(workbenchLog, { force: true });
  const server = await startCodeServer({ env, logFile: serverLog, workspaceTrust: !trusted });
  const browser = await launchBrowser();
  try {
    const page = await newWatchedPage(browser, { viewport: { width: 1400, height: 900 } });
    let settle;
    const exited = new Promise((resolve) => (settle = resolve));
    // Both must exist before the workbench loads: it only reports to functions it finds.
    // What the tests print (mocha's report) comes as `log`; the workbench's own warnings and errors (a save the tests
    // refuse on purpose, a document of a folder a test just refused, the host called unresponsive under the stress
    // tests) go to a file and are counted, so a reader sees the tests, not the workbench's chatter.
    const notices = { count: 0, unresponsive: 0 };
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      if (type === 'trace' || type === 'debug') return;
      const text = util.format(...args);
      if (type !== 'log' && type !== 'info') {
        notices.count++;
        if (/Extension host .* is unresponsive/.test(text)) notices.unresponsive++;
        fs.appendFileSync(workbenchLog, `[${type}] ${text}\n`);
        return;
      }
      const lines = text.split('\n').filter((line) => !WORKBENCH_NOISE.test(line) && !/Extension host .* is (un)?responsive/.test(line));
      if (lines.length) console.log(lines.join('\n'));
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      if (code !== 0) saveBrowserLogs(logs);
      settle(code);
    });
    const url = server.workbenchUrl({
      ...workspace,
      payload: [
        ['extensionDevelopmentPath', server.remoteUri(root)],
        ['extensionTestsPath', server.remoteUri(testsPath)],
        ['skipWelcome', 'true'],
      ],
    });
    await page.goto(url);
    const timeout = new Promise((resolve) =>
      setTimeout(() => {
        console.error(`${path.relative(root, testsPath)} did not finish within ${RUN_TIMEOUT_MS} ms; see ${serverLog}`);
        resolve(1);
      }, RUN_TIMEOUT_MS).unref(),
    );
    const code = await Promise.race([exited, timeout]);
    if (notices.count) {
      const unresponsive = notices.unresponsive ? `, ${notices.unresponsive} calling the extension host unresponsive` : '';
      console.log(`  (${notices.count} workbench warnings and errors${unresponsive}: see ${path.relative(root, workbenchLog)})`);
    }
    return code;
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

/**
 * @param {'electron' | 'code-server'} host
 * @param {{ workspace: { folder?: string, workspace?: string }, env: Record<string, string>, testsPath: string, trusted: boolean }} run
 */
function runInHost(host, run) {
  return host === 'electron' ? runInElectron(run) : runInCodeServer(run);
}

module.exports = { chooseHost, runInHost };
