// Delete Matching… over many entries (issue 14), for bench/extension/run.js: a cache of `doomed:<i>` entries among
// 10,000 others; each round first times the engine's own deleteFile loop over those files in this Node process (the
// baseline: what deleting them costs without the editor), then writes them again and times the command in a real
// extension host (bench/extension/deleteMatchingHost.js): until it returns, until the tree no longer shows them, and
// the host's longest stall meanwhile. The ratio is the command's median over the baseline's, both from this run.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runInHost } = require('../../scripts/extensionHost');
const { root } = require('../../scripts/paths');

const KEPT = 10_000;
const HOST_BENCH = path.join(__dirname, 'deleteMatchingHost.js');

function targets(doomed) {
  const n = doomed.toLocaleString('en-US');
  return {
    deleteMatchingBaselineMs: { unit: 'ms', what: `engine deleteFile loop over ${n} files (baseline)` },
    deleteMatchingMs: { unit: 'ms', what: `Delete Matching… of ${n} entries (filter doomed:*)` },
    deleteMatchingRatio: { unit: '×', what: 'Delete Matching… time / the baseline' },
    deleteMatchingSettledMs: { unit: 'ms', what: `until the tree no longer shows those ${n}` },
    deleteMatchingMaxLagMs: { max: 100, unit: 'ms', what: 'longest host stall, Delete Matching… to settled' },
    deleteMatchingIdleLagMs: { unit: 'ms', what: 'longest host stall, 3 s idle just before (the machine)' },
  };
}

function writeEntries(dir, prefix, count, age) {
  const timestamp = Math.floor(Date.now() / 1000) - age;
  const value = JSON.stringify({ rows: Array.from({ length: 20 }, (_, i) => i), note: 'x'.repeat(200) });
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `${prefix}:${i}.json`), `{"timestamp":${timestamp},"data":${value}}`);
}

/** The engine alone, as a Node script would delete the same files: one deleteFile after another. */
async function baselineMs(cacheDir, doomed) {
  const { Cache } = require(path.join(root, 'dist', 'engine.js'));
  const cache = new Cache({ cacheDir, ttl: 86400 });
  const started = performance.now();
  for (let i = 0; i < doomed; i++) {
    if (!(await cache.deleteFile(`doomed:${i}.json`))) throw new Error(`the baseline did not delete doomed:${i}.json`);
  }
  const ms = performance.now() - started;
  cache.dispose?.();
  return ms;
}

/**
 * Runs `rounds` rounds and returns `{ targets, samples }` (samples: name → one figure per round).
 * `profileDir`: where to write each round's host CPU profile of the command (CACHE_EXPLORER_BENCH_PROFILE).
 */
async function benchDeleteMatching({ host, rounds, doomed, log, profileDir }) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-explorer-bench-delete-'));
  const cacheDir = path.join(base, 'cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const samples = {};
  const add = (name, value) => (samples[name] ??= []).push(value);
  try {
    log(`Delete Matching…: writing ${KEPT.toLocaleString('en-US')} other entries …`);
    writeEntries(cacheDir, 'keep', KEPT, 3600);
    for (let round = 1; round <= rounds; round++) {
      log(`Delete Matching… round ${round}/${rounds}: ${doomed.toLocaleString('en-US')} entries, the engine's loop first`);
      writeEntries(cacheDir, 'doomed', doomed, 3600);
      const baseline = await baselineMs(cacheDir, doomed);
      writeEntries(cacheDir, 'doomed', doomed, 3600);
      const out = path.join(base, 'figures.json');
      const env = { CACHE_EXPLORER_BENCH_OUT: out, CACHE_EXPLORER_BENCH_DOOMED: String(doomed) };
      if (profileDir) env.CACHE_EXPLORER_BENCH_PROFILE = path.join(profileDir, `delete-matching-${round}.cpuprofile`);
      const code = await runInHost(host, { workspace: { folder: base }, env, testsPath: HOST_BENCH, trusted: true });
      if (code !== 0 || !fs.existsSync(out)) throw new Error(`Delete Matching… failed in the extension host (exit ${code})`);
      const figures = JSON.parse(fs.readFileSync(out, 'utf8'));
      fs.rmSync(out);
      if (fs.readdirSync(cacheDir).filter((name) => name.startsWith('keep:')).length !== KEPT) throw new Error('Delete Matching… deleted entries the filter did not show');
      add('deleteMatchingBaselineMs', baseline);
      add('deleteMatchingMs', figures.commandMs);
      add('deleteMatchingRatio', figures.commandMs / baseline);
      add('deleteMatchingSettledMs', figures.settledMs);
      add('deleteMatchingMaxLagMs', figures.maxLagMs);
      add('deleteMatchingIdleLagMs', figures.idleMaxLagMs);
      if (profileDir) fs.writeFileSync(path.join(profileDir, `delete-matching-${round}.stalls.json`), JSON.stringify(figures.stalls));
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  return { targets: targets(doomed), samples };
}

module.exports = { benchDeleteMatching };

// Alone: node bench/extension/deleteMatching.js [--doomed N] [--rounds N] [--profile DIR] (after `npm run build`).
if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const { chooseHost } = require('../../scripts/extensionHost');
  (async () => {
    const host = await chooseHost();
    const result = await benchDeleteMatching({
      host,
      rounds: Number(option('--rounds', 1)),
      doomed: Number(option('--doomed', 50_000)),
      log: (...xs) => process.stderr.write(`${xs.join(' ')}\n`),
      profileDir: option('--profile') && path.resolve(option('--profile')),
    });
    console.log(JSON.stringify(result.samples, null, 1));
  })().catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
