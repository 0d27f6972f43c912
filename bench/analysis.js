// Cache Analysis and Find in Values at scale, each beside a baseline measured in the same run.
//   node bench/analysis.js [--count 100000] [--bytes 1024] [--million]
// Each case runs in its own Node process (peak RSS is the process's own). Cases:
//   list           baseline: the engine's listing alone (what any analysis must pay)
//   naive-analysis baseline: listing, then a full sort for biggest/oldest and a Map per namespace level
//   analysis       analyzeCache: time to first chart (first snapshot), total, longest event-loop stall, peak RSS
//   naive-find     baseline: read every file whole and indexOf (what a quick script would do)
//   find-first     Find in Values with a query every value holds: time to the first result, 1,000 results
//   find-text      Find in Values, plain text found nowhere: a full scan
//   find-regex     Find in Values, a pattern found nowhere: a full scan through the linear-time matcher
//   analysis-1m    the analysis pass alone over 1,000,000 listed entries made in memory (no disk), and
//   naive-1m       the naive analysis over the same, as its baseline
// --million adds the disk cases at 1,000,000 entries of 100 bytes (about 1,000,000 files: slow to write).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { valueJson } = require('./fixtures');

const TMP = path.join(__dirname, '.tmp');
const LIB = path.join(TMP, 'analysis-lib.js');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const TTL = 86_400;

/** Bundles the engine with its analysis and search modules, as the extension and CLI get them. */
function buildLib() {
  fs.mkdirSync(TMP, { recursive: true });
  const entry = path.join(TMP, 'analysis-entry.ts');
  fs.writeFileSync(
    entry,
    ["export { Cache, keyToFileName } from '../../src/engine';", "export * from '../../src/engine/analysis';", "export * from '../../src/engine/search';"].join('\n'),
  );
  require('esbuild').buildSync({ entryPoints: [entry], outfile: LIB, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
}

/** `count` entries in 20 namespaces × 50 sub-namespaces, written over the last 2 days (so every timeline bucket fills). */
function writeCache(dir, count, bytes) {
  const { keyToFileName } = require(LIB);
  const done = path.join(dir, '.complete');
  const stamp = `${count}x${bytes} v2`;
  if (fs.existsSync(done) && fs.readFileSync(done, 'utf8') === stamp) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const nowS = Math.floor(Date.now() / 1000);
  for (let i = 0; i < count; i++) {
    const key = `ns${i % 20}:sub${i % 50}:item${i}`;
    const timestamp = nowS - ((i * 7919) % (2 * TTL));
    const ttl = i % 10 === 0 ? `, "ttl": ${30 * TTL}` : '';
    fs.writeFileSync(path.join(dir, keyToFileName(key)), `{"timestamp": ${timestamp}${ttl}, "data": ${valueJson(i, bytes)}}`);
  }
  fs.writeFileSync(done, stamp);
}

// ---- cases (run in a child process) ----

/** What the listing of `count` entries looks like, made in memory: the analysis pass measured without the disk. */
function inMemoryListing(count) {
  const nowS = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const timestamp = nowS - ((i * 7919) % (2 * TTL));
    const key = `ns${i % 20}:sub${i % 1000}:item${i}`;
    const state = timestamp + TTL < nowS ? 'expired' : 'fresh';
    return { key, fileName: `${key}.json`, path: `/nowhere/${key}.json`, size: 100 + (i % 900), timestamp, ttl: TTL, expiresAt: timestamp + TTL, state };
  });
}

/** The baseline: full sorts for biggest and oldest, a Map for every namespace prefix. Returns the entry count. */
function naiveAnalysis(entries) {
  const bySize = [...entries].sort((a, b) => b.size - a.size).slice(0, 10);
  const byAge = entries.filter((e) => e.timestamp !== undefined).sort((a, b) => a.timestamp - b.timestamp).slice(0, 10);
  const namespaces = new Map();
  for (const entry of entries) {
    const parts = entry.key.split(':');
    for (let level = 1; level < parts.length && level <= 3; level++) {
      const prefix = parts.slice(0, level).join(':');
      const tally = namespaces.get(prefix) ?? { count: 0, bytes: 0 };
      tally.count++;
      tally.bytes += entry.size;
      namespaces.set(prefix, tally);
    }
  }
  if (!bySize.length || !byAge.length || !namespaces.size) throw new Error('naive analysis found nothing');
  return entries.length;
}

async function runCase(name, dir) {
  const lib = require(LIB);
  const cache = new lib.Cache({ cacheDir: dir, ttl: TTL });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  const result = {};
  if (name === 'analysis-1m' || name === 'naive-1m') {
    const entries = inMemoryListing(1_000_000);
    const at = performance.now();
    if (name === 'analysis-1m') {
      let firstChart;
      const analysis = await lib.analyzeEntries(entries, {
        ttl: TTL,
        onProgress: ({ snapshot }) => {
          if (firstChart === undefined) {
            snapshot();
            firstChart = performance.now() - at;
          }
        },
      });
      result.firstChartMs = Math.round(firstChart);
      result.entries = analysis.totals.count;
    } else {
      result.entries = naiveAnalysis(entries);
    }
    result.analysisMs = Math.round(performance.now() - at);
  } else if (name === 'list') {
    result.entries = (await cache.entries()).length;
  } else if (name === 'naive-analysis') {
    result.entries = naiveAnalysis(await cache.entries());
  } else if (name === 'analysis') {
    let firstChart;
    const entries = await cache.entries();
    result.listedMs = Math.round(performance.now() - started);
    const analysis = await lib.analyzeEntries(entries, {
      ttl: TTL,
      onProgress: ({ snapshot }) => {
        if (firstChart === undefined) {
          snapshot();
          firstChart = performance.now() - started;
        }
      },
    });
    result.entries = analysis.totals.count;
    result.firstChartMs = Math.round(firstChart);
  } else if (name === 'naive-find') {
    let matched = 0;
    let searched = 0;
    const entries = await cache.entries();
    result.listedMs = Math.round(performance.now() - started);
    for (const entry of entries) {
      searched++;
      if (fs.readFileSync(entry.path, 'utf8').includes('not-in-any-value')) matched++;
    }
    result.searched = searched;
    result.matched = matched;
  } else {
    const query = { 'find-first': { text: 'label-3' }, 'find-text': { text: 'not-in-any-value' }, 'find-regex': { text: '"score":9\\d\\d\\.\\d+,"ok":false,"text":"nothing', regex: true } }[name];
    let first;
    const entries = await cache.entries();
    result.listedMs = Math.round(performance.now() - started);
    const report = await lib.searchValues(entries, query, {
      maxResults: 1000,
      onMatch: () => {
        first ??= performance.now() - started;
      },
    });
    result.searched = report.searched;
    result.matched = report.matched;
    if (first !== undefined) result.firstResultMs = Math.round(first);
  }
  delay.disable();
  result.totalMs = Math.round(performance.now() - started);
  result.maxStallMs = Math.round(delay.max / 1e6);
  result.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(result));
}

// ---- driver ----

function measure(name, dir) {
  const run = spawnSync(process.execPath, ['--expose-gc', __filename, '--case', name, '--dir', dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) return { error: (run.stderr || '').trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(run.stdout);
}

function main() {
  if (args.includes('--case')) {
    runCase(option('--case'), option('--dir')).catch((error) => {
      console.error(error);
      process.exit(1);
    });
    return;
  }
  buildLib();
  const sizes = [[Number(option('--count', 100_000)), Number(option('--bytes', 1024)), ['list', 'naive-analysis', 'analysis', 'naive-find', 'find-first', 'find-text', 'find-regex']]];
  if (args.includes('--million')) sizes.push([1_000_000, 100, ['list', 'naive-analysis', 'analysis']]);
  const rows = [];
  if (!args.includes('--no-memory')) {
    for (const name of ['naive-1m', 'analysis-1m']) {
      process.stderr.write(`  ${name} …\n`);
      rows.push({ case: name, entries: 1_000_000, bytes: 'in memory', ...measure(name, TMP) });
    }
  }
  for (const [count, bytes, cases] of sizes) {
    const dir = path.join(TMP, `analysis-${count}x${bytes}`);
    process.stderr.write(`writing ${count} entries of ~${bytes} B to ${dir} (kept for the next run) …\n`);
    writeCache(dir, count, bytes);
    for (const name of cases) {
      process.stderr.write(`  ${name} …\n`);
      rows.push({ case: name, entries: count, bytes, ...measure(name, dir) });
    }
  }
  console.log(`\nCache Analysis and Find in Values, ${new Date().toISOString()}, node ${process.version}, ${require('node:os').cpus().length} cores\n`);
  console.log('Times from the start of the case; "listing" is the part spent in the engine\'s `entries()`, which every case pays first.');
  console.log('The 1m cases time the analysis pass alone ("total"); their peak RSS includes the 1,000,000 listed entries.\n');
  console.log('| case | entries × bytes | listing | first chart / result | total | longest stall | peak RSS | found |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    if (row.error) {
      console.log(`| ${row.case} | ${row.entries} × ${row.bytes} | failed: ${row.error} | | | | | |`);
      continue;
    }
    const first = row.firstChartMs ?? row.firstResultMs;
    console.log(
      `| ${row.case} | ${row.entries.toLocaleString('en-US')} × ${row.bytes} | ${row.listedMs === undefined ? '' : `${row.listedMs} ms`} | ${first === undefined ? '' : `${first} ms`} | ${row.analysisMs ?? row.totalMs} ms | ${row.maxStallMs} ms | ${row.peakRssMB} MB | ${row.matched ?? ''} |`,
    );
  }
}

main();
