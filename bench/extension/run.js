#!/usr/bin/env node
// The extension's own benchmark, in a real extension host (code-server here, desktop VS Code where available):
// activation on an empty workspace and on a 100k-entry cache, the view's first level on that cache, a burst of
// 10k new files settling into the tree, Delete Matching… over 50,000 entries (deleteMatching.js), and the size of the
// production bundle.
//   node bench/extension/run.js [--quick] [--rounds N] [--sizes 2000,1000000] [--json FILE]
// --quick: 1 round, 20k entries, a 2k burst, 5k entries for Delete Matching…. --sizes: also open the view on caches
// of these sizes (first level, every state read, host memory and longest stall, beside the engine's whole listing as
// baseline). Prints a table; --json writes the figures for bench/RESULTS.md.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chooseHost, runInHost } = require('../../scripts/extensionHost');
const { root } = require('../../scripts/paths');
const { benchDeleteMatching } = require('./deleteMatching');

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const quick = args.includes('--quick');
const ROUNDS = Number(option('--rounds') || (quick ? 1 : 3));
const ENTRIES = quick ? 20_000 : 100_000;
const BURST = quick ? 2_000 : 10_000;
const HOST_BENCH = path.join(__dirname, 'hostBench.js');
const EXTRA_SIZES = (option('--sizes') ?? '').split(',').filter(Boolean).map(Number).filter((n) => n > 0 && n !== ENTRIES);
/** One entry this large sits in the large cache (issue 17): hover, open and listing must not read it whole. */
const HUGE_MB = quick ? 20 : 200;
/** Delete Matching… is measured over this many entries (issue 14), in its own workspace (deleteMatching.js). */
const DOOMED = quick ? 5_000 : 50_000;

/** Targets from issue 7; `max` is the largest acceptable median. */
const TARGETS = {
  activationEmptyMs: { max: 50, unit: 'ms', what: 'activation, empty workspace' },
  activationLargeMs: { max: 50, unit: 'ms', what: `activation, ${ENTRIES.toLocaleString('en-US')}-entry cache` },
  ...listingTargets(ENTRIES),
  burstSettleMs: { max: 2000, unit: 'ms', what: `${BURST.toLocaleString('en-US')} new files settled in the tree` },
  burstRefreshes: { unit: '', what: 'tree refreshes during that burst' },
  burstMaxLagMs: { unit: 'ms', what: 'longest host stall during that burst' },
  expandMaxLagMs: { max: 100, unit: 'ms', what: `longest stall, expanding a ${(ENTRIES / 10).toLocaleString('en-US')}-entry group` },
  filterMaxLagMs: { max: 100, unit: 'ms', what: 'longest stall, filter */*/*/*/*.png and show' },
  hoverMaxLagMs: { max: 100, unit: 'ms', what: `longest stall, hovering a ${HUGE_MB} MB entry 10 times` },
  hoverHeapMB: { max: 64, unit: 'MB', what: `heap growth, hovering a ${HUGE_MB} MB entry 10 times` },
  openMaxLagMs: { max: 100, unit: 'ms', what: `longest stall, opening a ${HUGE_MB} MB entry` },
  bundleKB: { max: 150, unit: 'KB', what: 'dist/extension.js, minified' },
};

for (const size of EXTRA_SIZES) Object.assign(TARGETS, listingTargets(size));

/** What opening the view on a cache of `size` entries is measured by; the names carry the size. */
function listingTargets(size) {
  const n = size.toLocaleString('en-US');
  return {
    [`firstLevelMs@${size}`]: { max: 1500, unit: 'ms', what: `view's first level, ${n} entries` },
    [`statesMs@${size}`]: { unit: 'ms', what: `  every state read (${n})` },
    [`wholeListingMs@${size}`]: { unit: 'ms', what: `  baseline: engine entries() (${n})` },
    [`firstLevelSpeedup@${size}`]: { unit: '×', what: `  baseline ÷ first level (${n})` },
    [`listingMaxLagMs@${size}`]: { max: 100, unit: 'ms', what: `  longest host stall, first level to states (${n})` },
    [`hostRssMB@${size}`]: { unit: 'MB', what: `  extension host RSS once listed (${n})` },
    [`heapUsedMB@${size}`]: { unit: 'MB', what: `  extension host heap used once listed (${n})` },
  };
}

const LISTING_FIGURES = ['firstLevelMs', 'statesMs', 'wholeListingMs', 'listingMaxLagMs', 'hostRssMB', 'heapUsedMB'];

const log = (...xs) => process.stderr.write(`${xs.join(' ')}\n`);

/** A cache in every state, like a pipeline's: 10 stages of keys, a fifth of them expired. */
function writeLargeCache(dir, count, hugeMB = HUGE_MB) {
  fs.mkdirSync(dir, { recursive: true });
  const now = Math.floor(Date.now() / 1000);
  const value = JSON.stringify({ rows: Array.from({ length: 60 }, (_, i) => i), note: 'x'.repeat(700) }); // ≈ 1 KB
  for (let i = 0; i < count; i++) {
    const age = i % 5 === 0 ? 2 * 86400 : 3600;
    fs.writeFileSync(path.join(dir, `stage${i % 10}:item${i}.json`), `{"timestamp":${now - age},"data":${value}}`);
  }
  // The huge entry, written in chunks: `{"rows":[0,1234567890,…]}`.
  const fd = fs.openSync(path.join(dir, 'huge:value.json'), 'w');
  fs.writeSync(fd, `{"timestamp":${now},"data":{"rows":[0`);
  const chunk = Buffer.from(',1234567890'.repeat(100_000));
  for (let written = 0; written < hugeMB * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
  fs.writeSync(fd, ']}}');
  fs.closeSync(fd);
}

async function measureIn(host, folder, scenario, entries = ENTRIES) {
  const out = path.join(os.tmpdir(), `cache-explorer-bench-${process.pid}-${scenario}.json`);
  fs.rmSync(out, { force: true });
  const env = {
    CACHE_EXPLORER_BENCH_OUT: out,
    CACHE_EXPLORER_BENCH_SCENARIO: scenario,
    CACHE_EXPLORER_BENCH_BURST: String(BURST),
    // Every fifth entry is expired: the view has read every state once its groups count them all.
    CACHE_EXPLORER_BENCH_EXPIRED: String(Math.ceil(entries / 5)),
  };
  const code = await runInHost(host, { workspace: { folder }, env, testsPath: HOST_BENCH, trusted: true });
  if (code !== 0 || !fs.existsSync(out)) throw new Error(`the ${scenario} scenario failed in the extension host (exit ${code})`);
  const figures = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  return figures;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  log('production build (node esbuild.js --production) …');
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the production build failed');
  const bundleKB = fs.statSync(path.join(root, 'dist', 'extension.js')).size / 1024;
  spawnSync(process.execPath, [path.join(root, 'scripts', 'install-vscode.js')], { stdio: 'inherit' });
  const host = await chooseHost();

  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-explorer-bench-ext-'));
  const empty = path.join(base, 'empty');
  const large = path.join(base, 'large');
  fs.mkdirSync(path.join(empty, 'cache'), { recursive: true });
  log(`writing ${ENTRIES.toLocaleString('en-US')} entries …`);
  writeLargeCache(path.join(large, 'cache'), ENTRIES);
  const others = EXTRA_SIZES.map((size) => ({ size, folder: path.join(base, `size${size}`) }));
  for (const { size, folder } of others) {
    log(`writing ${size.toLocaleString('en-US')} entries …`);
    writeLargeCache(path.join(folder, 'cache'), size, 1);
  }

  const samples = {};
  const add = (name, value) => (samples[name] ??= []).push(value);
  const addListing = (size, figures) => {
    for (const name of LISTING_FIGURES) add(`${name}@${size}`, figures[name]);
    add(`firstLevelSpeedup@${size}`, figures.wholeListingMs / figures.firstLevelMs);
  };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      log(`round ${round}/${ROUNDS} (host: ${host})`);
      add('activationEmptyMs', (await measureIn(host, empty, 'empty')).activationMs);
      const figures = await measureIn(host, large, 'large');
      add('activationLargeMs', figures.activationMs);
      addListing(ENTRIES, figures);
      for (const { size, folder } of others) addListing(size, await measureIn(host, folder, 'listing', size));
      for (const name of ['burstSettleMs', 'burstRefreshes', 'burstMaxLagMs', 'expandMaxLagMs', 'filterMaxLagMs', 'hoverMaxLagMs', 'hoverHeapMB', 'openMaxLagMs']) {
        add(name, figures[name]);
      }
      for (const file of fs.readdirSync(path.join(large, 'cache'))) {
        if (file.startsWith('burst:')) fs.rmSync(path.join(large, 'cache', file));
      }
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  const deleting = await benchDeleteMatching({ host, rounds: ROUNDS, doomed: DOOMED, log });
  Object.assign(TARGETS, deleting.targets);
  Object.assign(samples, deleting.samples);
  add('bundleKB', bundleKB);

  const rows = Object.entries(TARGETS).map(([name, target]) => {
    const values = samples[name] ?? [];
    const med = median(values);
    const verdict = target.max === undefined ? '' : med <= target.max ? 'met' : 'MISSED';
    return { name, what: target.what, median: med, min: Math.min(...values), unit: target.unit, target: target.max, verdict };
  });
  const fmt = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  console.log(`\nExtension (${host}, ${ROUNDS} round${ROUNDS > 1 ? 's' : ''}, medians)`);
  for (const r of rows) {
    const goal = r.target === undefined ? '' : `  target < ${r.target} ${r.unit}  ${r.verdict}`;
    console.log(`  ${r.what.padEnd(46)} ${fmt(r.median).padStart(8)} ${r.unit.padEnd(3)} (min ${fmt(r.min)})${goal}`);
  }
  const json = option('--json');
  if (json) fs.writeFileSync(json, JSON.stringify({ host, rounds: ROUNDS, entries: ENTRIES, burst: BURST, rows }, null, 2));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
