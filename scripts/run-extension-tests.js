#!/usr/bin/env node
// Runs the extension's mocha suites inside a real VS Code extension host, one host session per suite, and exits
// with their result: out/test/extension (a trusted single-folder workspace) and out/test/extension/untrusted
// (the same in Restricted Mode), out/test/extension/multiRoot (a multi-root workspace) and out/test/extension/largeCache
// (100,000 entries). Counts are summed into
// CACHE_EXPLORER_TEST_REPORT. Which VS Code hosts them: see extensionHost.js.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chooseHost, runInHost } = require('./extensionHost');
const { root } = require('./paths');

const TESTS_DIR = path.join(root, 'out', 'test', 'extension');
/**
 * Each suite gets its own host session and workspace; `trusted: false` opens the folder in Restricted Mode;
 * `multiRoot` opens a .code-workspace with folders alpha and beta (and a spare folder gamma beside them).
 */
const SUITES = [
  { name: 'trusted workspace', testsPath: path.join(TESTS_DIR, 'index.js'), trusted: true },
  { name: 'untrusted workspace', testsPath: path.join(TESTS_DIR, 'untrusted', 'index.js'), trusted: false },
  { name: 'multi-root workspace', testsPath: path.join(TESTS_DIR, 'multiRoot', 'index.js'), trusted: true, multiRoot: true },
  // Its 100,000 files flood VS Code's file watcher for minutes: a session of its own keeps that from the others.
  { name: 'large cache', testsPath: path.join(TESTS_DIR, 'largeCache', 'index.js'), trusted: true },
];

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
    const code = await runInHost(host, { workspace, env, testsPath: suite.testsPath, trusted: suite.trusted });
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
