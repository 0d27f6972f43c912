#!/usr/bin/env node
// The UI benchmark: what a user waits for in the real workbench (code-server + headless Chromium, the production
// bundle), at several cache sizes, each round a fresh session per size, rounds alternating the sizes.
//   node bench/ui/run.js [--sizes 2000,100000,1000000:1] [--rounds N] [--only case,...] [--keep] [--no-build] [--json FILE] [--add]
// A size may carry its own round count (`1000000:1`). Cases: first-row, expand, hover, burst (see cases.js).
// Prints a table (median, min, target, met/MISSED) and the ratios of first-row times to the smallest size's, then
// writes its section of bench/RESULTS.md (or, with --only and without --add, bench/.tmp/RESULTS-ui.md; every run's
// figures also go to bench/.tmp/ui-last.json); --json FILE writes only the
// figures to FILE (how bench/run.js includes them). Workspaces are generated once (bench/ui/workspace.js) and
// removed at the end unless --keep. --add: the sizes of this run are added to the last run's section (a long size
// measured on its own, with the smallest size again as its ratios' baseline), not put in its place.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { root, testResultsDir } = require('../../scripts/paths');
const { CASES } = require('./cases');
const { openSession } = require('./session');
const { packProbe } = require('./probePackage');
const { NotSeenError } = require('./pageClock');
const { workspaceFor, removeWorkspaces } = require('./workspace');
const { summarize, printSummary, writeSection } = require('./summary');

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const flag = (name) => args.includes(name);
const defaultRounds = Number(option('--rounds') || 3);
const sizes = (option('--sizes') || '2000,100000,1000000:1').split(',').map((s) => {
  const [count, rounds] = s.split(':').map(Number);
  return { count, rounds: rounds || defaultRounds };
});
const only = option('--only')?.split(',');
const cases = CASES.filter((c) => !only || only.includes(c.id));

const log = (...xs) => process.stderr.write(`${xs.join(' ')}\n`);
const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

function prepare() {
  if (!flag('--no-build')) {
    log('production build (node esbuild.js --production) …');
    const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the production build failed');
  }
  const install = spawnSync(process.execPath, [path.join(root, 'scripts', 'install-vscode.js')], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error('code-server is not installed and could not be');
  return packProbe();
}

/** The session of the round in progress: an interrupted run closes it (by its pids) before it exits. */
let current;

/** Set by an interrupt: no new session is opened. */
let stopping = false;

/**
 * One round at one size: a fresh session, every case in order. A failed case is recorded, and the session's later
 * cases with it (they start from the view the failed one should have left).
 */
async function runRound(workspace, samples, sessionOptions) {
  if (stopping) return;
  const session = await openSession(workspace, sessionOptions);
  current = session;
  let failed;
  try {
    for (const c of cases) {
      if (!c.applies(workspace)) continue;
      const cell = ((samples[c.id] ??= {})[workspace.count] ??= { samples: [], errors: [], timeouts: [] });
      if (failed) {
        cell.errors.push(`not run: ${failed} failed before it in the session`);
        continue;
      }
      try {
        const s = await c.run(session, workspace);
        cell.samples.push(s);
        const write = s.writeMs === undefined ? '' : ` (after ${s.writeMs} ms of writing)`;
        log(`  ${c.id} @ ${workspace.count}: ${s.ms.toFixed(0)} ms${write}, host stall ${s.stallMs?.toFixed(0)} ms (longest GC ${s.gcMs?.toFixed(0)} ms), RSS ${s.rssPeakMB?.toFixed(0)} MB`);
      } catch (error) {
        failed = c.id;
        cell.errors.push(error instanceof Error ? error.message.split('\n')[0] : String(error));
        // A wait that timed out still tells what the host went through meanwhile.
        if (error instanceof NotSeenError && error.from !== undefined) {
          cell.timeouts.push({ timeoutMs: error.timeoutMs, ...session.probe.window(error.from, Date.now()) });
        }
        log(`  ${c.id} @ ${workspace.count}: FAILED ${cell.errors.at(-1)}`);
        await session.page.screenshot({ path: path.join(testResultsDir, `ui-bench-${c.id}-${workspace.count}.png`) }).catch(() => {});
      }
    }
  } finally {
    current = undefined;
    await session.close();
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    stopping = true;
    log(`${signal}: closing the session${flag('--keep') ? '' : ' and removing the workspaces'} …`);
    await current?.close().catch(() => {});
    if (!flag('--keep')) removeWorkspaces();
    process.exit(130);
  });
}

async function main() {
  const started = new Date();
  const loadStart = loadAverage();
  const probeVsix = prepare();
  fs.mkdirSync(testResultsDir, { recursive: true });
  const logFile = path.join(testResultsDir, 'ui-bench-code-server.log');
  fs.rmSync(logFile, { force: true });
  const samples = {};
  try {
    const workspaces = sizes.map((s) => ({ ...s, workspace: workspaceFor(s.count) }));
    const maxRounds = Math.max(...sizes.map((s) => s.rounds));
    for (let round = 1; round <= maxRounds; round++) {
      for (const { count, rounds, workspace } of workspaces) {
        if (round > rounds) continue;
        log(`round ${round}/${rounds}, ${count.toLocaleString('en-US')} entries (load average ${loadAverage()})`);
        await runRound(workspace, samples, { logFile, probeVsix });
      }
    }
  } finally {
    if (!flag('--keep')) removeWorkspaces();
  }
  const results = summarize({
    date: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    loadStart,
    loadEnd: loadAverage(),
    cores: os.cpus().length,
    sizes,
    cases,
    samples,
  });
  printSummary(results);
  const json = option('--json');
  if (json) fs.writeFileSync(json, JSON.stringify(results, null, 1));
  else writeSection(results, { partial: Boolean(only) && !flag('--add'), add: flag('--add') });
  // Every run's figures are kept, so a section can be written again from them (summary.js writeSection).
  fs.mkdirSync(path.join(root, 'bench', '.tmp'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', '.tmp', 'ui-last.json'), JSON.stringify(results, null, 1));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
