#!/usr/bin/env node
// `npm test`: every stage in order, stopping at the first that fails, then one line summing the tests run.
//   node scripts/test.js                 all stages
//   node scripts/test.js engine e2e      the build, then only the named test stages
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { root } = require('./paths');

const { ensureTools } = require('./prerequisites');
const { installVSCode } = require('./install-vscode');

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const node = (...args) => [process.execPath, ...args];

/**
 * Stages in the order they run. `counts`: it runs mocha and reports how many tests passed. `needs`: system tools
 * installed (or asked for) right before the stage; `vscode`: the stage runs in code-server, installed before it.
 */
const STAGES = [
  { name: 'typecheck', command: [bin('tsc'), '--noEmit', '-p', '.'] },
  // The analysis webview's script runs in a browser: its own project, with the DOM's types.
  { name: 'typecheck-webview', command: [bin('tsc'), '--noEmit', '-p', 'media/analysis'] },
  { name: 'lint', command: [bin('eslint'), '.'] },
  { name: 'build', command: node('esbuild.js', '--tests'), always: true },
  { name: 'unit', command: node('out/test/unit/index.js'), counts: true },
  { name: 'engine', command: node('out/test/engine/index.js'), counts: true, needs: ['python3', 'redis-server'] },
  { name: 'faults', command: node('out/test/faults/index.js'), counts: true, needs: ['python3'] },
  { name: 'extension', command: node('scripts/run-extension-tests.js'), counts: true, needs: ['redis-server', 'chromium'], vscode: true },
  { name: 'e2e', command: node('out/test/e2e/index.js'), counts: true, needs: ['redis-server', 'chromium', 'fonts-dejavu-core'], vscode: true },
];

/** Installs what a stage needs; returns 0, or 1 after saying in one message what is missing. */
function prepare(stage) {
  try {
    ensureTools(stage.needs ?? []);
    if (stage.vscode) installVSCode();
    return 0;
  } catch (error) {
    console.error(`\n${stage.name}: cannot run.\n${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function runCommand([command, ...args], env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readCounts(reportFile) {
  try {
    const { passed, failed, skipped } = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    return { passed, failed, skipped };
  } catch {
    return undefined;
  }
}

function selectStages(names) {
  if (names.length === 0) return STAGES;
  const unknown = names.filter((n) => !STAGES.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown stage(s): ${unknown.join(', ')}`);
  return STAGES.filter((s) => s.always || names.includes(s.name));
}

function formatTotals(t) {
  return `${t.passed} passed, ${t.failed} failed` + (t.skipped ? `, ${t.skipped} skipped` : '');
}

function main() {
  const stages = selectStages(process.argv.slice(2));
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-explorer-test-'));
  const summary = [];
  let exitCode = 0;
  for (const stage of stages) {
    console.log(`\n━━ ${stage.name} ━━`);
    const started = Date.now();
    const reportFile = path.join(reportDir, `${stage.name}.json`);
    let status = prepare(stage);
    if (status === 0) status = runCommand(stage.command, { CACHE_EXPLORER_TEST_REPORT: reportFile });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (stage.counts) {
      // A stage that died before reporting still counts as one failure, never as silence.
      const counts = readCounts(reportFile) ?? { passed: 0, failed: status === 0 ? 0 : 1, skipped: 0 };
      if (status !== 0 && counts.failed === 0) counts.failed = 1;
      totals.passed += counts.passed;
      totals.failed += counts.failed;
      totals.skipped += counts.skipped;
      summary.push(`${stage.name}: ${formatTotals(counts)} (${seconds} s)`);
    } else {
      summary.push(`${stage.name}: ${status === 0 ? 'ok' : 'FAILED'} (${seconds} s)`);
    }
    if (status !== 0) {
      exitCode = status;
      summary.push(`stopped: stage "${stage.name}" failed with exit code ${status}`);
      break;
    }
  }
  fs.rmSync(reportDir, { recursive: true, force: true });
  console.log(`\n━━ summary ━━\n${summary.join('\n')}`);
  console.log(formatTotals(totals));
  process.exit(exitCode);
}

main();
