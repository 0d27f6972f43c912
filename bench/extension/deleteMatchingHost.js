// Runs inside the VS Code extension host (loaded like a tests module: the host calls run()) and times Delete
// Matching… (issue 14) on a workspace whose cache holds CACHE_EXPLORER_BENCH_DOOMED entries `doomed:<i>` among others:
// the filter `doomed:*`, then the command (confirmation skipped), then until the tree no longer shows them. The
// host's longest event-loop stall is probed throughout. Writes its figures as JSON to CACHE_EXPLORER_BENCH_OUT.
// With CACHE_EXPLORER_BENCH_PROFILE=<file>, the host's CPU profile of the command is written there (.cpuprofile).
'use strict';
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');
const vscode = require('vscode');

const DOOMED = Number(process.env.CACHE_EXPLORER_BENCH_DOOMED);
const SETTLE_TIMEOUT_MS = 5 * 60_000;

const labelOf = (node) => (typeof node.label === 'string' ? node.label : (node.label?.label ?? ''));

/** Resolves once `check()` is true, polling every 50 ms; rejects after the timeout. */
async function until(what, check) {
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The largest gap between 10 ms timer ticks from now until stop() is called. */
function lagProbe() {
  let worst = 0;
  let last = performance.now();
  /** Stalls over 50 ms, as [end, length] in ms on performance.now()'s clock: to find them in a CPU profile. */
  const stalls = [];
  const timer = setInterval(() => {
    const now = performance.now();
    const lag = now - last - 10;
    worst = Math.max(worst, lag);
    if (lag > 50) stalls.push([Math.round(now), Math.round(lag)]);
    last = now;
  }, 10);
  return {
    stalls,
    async stop() {
      // A stall that ended just now: let its overdue tick run and record the gap.
      await new Promise((resolve) => setTimeout(resolve, 20));
      clearInterval(timer);
      return worst;
    },
  };
}

/** The longest stall of the host doing nothing of ours for `ms`: what the machine itself costs (other processes). */
async function idleLagMs(ms) {
  const probe = lagProbe();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return probe.stop();
}

/** A CPU profile of the host while `body` runs, when asked for; otherwise just `body`. */
async function profiled(file, body) {
  if (!file) return body();
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  // Where the profile starts on performance.now()'s clock, to find the probe's stalls in it.
  fs.writeFileSync(`${file}.start`, String(performance.now()));
  try {
    return await body();
  } finally {
    const { profile } = await post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

/** How many `doomed:` entries the tree shows now: the `doomed` group's count, or 0 when there is none. */
async function doomedInTree(api) {
  const group = ((await api.tree.getChildren()) ?? []).find((node) => labelOf(node) === 'doomed');
  return group ? Number(String(group.description ?? '').split(' ')[0].replace(/,/g, '')) : 0;
}

async function measure() {
  const api = await vscode.extensions.getExtension('cache-explorer.cache-explorer').activate();
  const cacheDir = path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, 'cache');
  await vscode.commands.executeCommand('cacheExplorer.refresh');
  await until(`the tree to show ${DOOMED} doomed entries`, async () => (await doomedInTree(api)) === DOOMED);
  await vscode.commands.executeCommand('cacheExplorer.filter', 'doomed:*');
  await api.tree.getChildren();
  const idleMaxLagMs = await idleLagMs(3000);

  // Probed inside the profile: starting and writing a profile stalls the host itself.
  const { deleted, commandMs, settledMs, maxLagMs, stalls } = await profiled(process.env.CACHE_EXPLORER_BENCH_PROFILE, async () => {
    const probe = lagProbe();
    const started = performance.now();
    const count = await vscode.commands.executeCommand('cacheExplorer.deleteMatching', { confirm: false });
    const commandEnd = performance.now();
    await until('the tree to drop the deleted entries', async () => (await doomedInTree(api)) === 0);
    const settledEnd = performance.now();
    return { deleted: count, commandMs: commandEnd - started, settledMs: settledEnd - started, maxLagMs: await probe.stop(), stalls: probe.stalls };
  });
  await vscode.commands.executeCommand('cacheExplorer.clearFilter');

  const left = fs.readdirSync(cacheDir).filter((name) => name.startsWith('doomed:')).length;
  if (deleted !== DOOMED || left !== 0) throw new Error(`Delete Matching… deleted ${deleted} of ${DOOMED}; ${left} files are left`);
  return { commandMs, settledMs, maxLagMs, idleMaxLagMs, deleted, stalls };
}

exports.run = async function run() {
  fs.writeFileSync(process.env.CACHE_EXPLORER_BENCH_OUT, JSON.stringify(await measure()));
};
