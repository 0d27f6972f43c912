// Cache Analysis and Find in Values at scale, each beside a baseline measured in the same run.
//   node bench/analysis.js [--rounds 3] [--count 100000] [--bytes 1024] [--million] [--no-memory] [--keep] [--only a,b]
// Each case runs in a Node process of its own (peak RSS is the process's own), the cases of a size alternating
// round by round, so a noisy stretch of the machine hits every case alike; the table shows medians.
// The folders are written at the start and deleted at the end (--keep keeps them for the next run).
// Cases on disk:
//   read-all        baseline: one readdir, then every file read whole, synchronously (the least any listing pays)
//   list            the engine's sorted listing, `Cache.entries()` (what the analysis waited for before streaming)
//   analysis        `analyzeCache`, streamed: time to the first snapshot (first chart), total, stalls, peak RSS
//   naive-first     baseline: readdir, read files whole and `includes` until the first 1,000 hold the text
//   find-first      `searchCache` for text every value holds: time to the first result, to 1,000 results
//   naive-text      baseline: readdir, every file read whole and `includes`, found nowhere (a full scan)
//   find-text       `searchCache`, plain text found nowhere: a full scan, case-insensitive
//   find-regex      `searchCache`, a pattern found nowhere: a full scan through the linear-time matcher
// In memory (no disk; --no-memory skips them): the analysis pass alone over 1,000,000 listed entries
//   (`analysis-1m`), beside `naive-1m` (full sorts for biggest/oldest and a Map per namespace level).
// --million adds 1,000,000 entries of 100 B on disk (read-all, list, analysis); writing them takes minutes.
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
const QUERIES = {
  'find-first': { text: 'label-3' },
  'find-text': { text: 'not-in-any-value' },
  'find-regex': { text: '"score":9\\d\\d\\.\\d+,"ok":false,"text":"nothing', regex: true },
};
const NAIVE_TEXT = { 'naive-first': 'label-3', 'naive-text': 'not-in-any-value' };
const MAX_RESULTS = 1000;

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

/** The naive analysis: full sorts for biggest and oldest, a Map for every namespace prefix. Returns the entry count. */
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

/** Runs one case; fills `result` with what it measured (times from the case's start). */
async function caseBody(name, dir, started, result) {
  const lib = require(LIB);
  const since = () => Math.round(performance.now() - started);
  if (name === 'analysis-1m' || name === 'naive-1m') {
    const entries = inMemoryListing(1_000_000);
    const at = performance.now();
    if (name === 'naive-1m') result.entries = naiveAnalysis(entries);
    else {
      const analysis = await lib.analyzeEntries(entries, {
        ttl: TTL,
        onProgress: ({ snapshot }) => {
          if (result.firstMs === undefined) snapshot();
          result.firstMs ??= Math.round(performance.now() - at);
        },
      });
      result.entries = analysis.totals.count;
    }
    result.passMs = Math.round(performance.now() - at);
    return;
  }
  if (name === 'read-all' || name in NAIVE_TEXT) {
    // A script's way: one readdir, then each file read whole.
    const text = NAIVE_TEXT[name];
    let found = 0;
    let read = 0;
    for (const file of fs.readdirSync(dir)) {
      if (!file.endsWith('.json')) continue;
      const content = fs.readFileSync(path.join(dir, file), 'utf8');
      read++;
      if (text !== undefined && content.includes(text)) {
        found++;
        result.firstMs ??= since();
        if (found >= MAX_RESULTS) break;
      }
    }
    result.entries = read;
    if (text !== undefined) result.found = found;
    return;
  }
  const cache = new lib.Cache({ cacheDir: dir, ttl: TTL });
  if (name === 'list') {
    result.entries = (await cache.entries()).length;
  } else if (name === 'analysis') {
    const analysis = await lib.analyzeCache(cache, {
      onProgress: ({ snapshot }) => {
        if (result.firstMs !== undefined) return;
        snapshot(); // what the panel posts as its first chart
        result.firstMs = since();
      },
    });
    result.entries = analysis.totals.count;
  } else {
    const report = await lib.searchCache(cache, QUERIES[name], {
      maxResults: MAX_RESULTS,
      onMatch: () => {
        result.firstMs ??= since();
      },
    });
    result.entries = report.searched;
    result.found = report.matched;
  }
}

async function runCase(name, dir) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  // Its timer starts counting at its first tick: a run that blocks from the start would otherwise go unseen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  const result = {};
  await caseBody(name, dir, started, result);
  result.totalMs = Math.round(performance.now() - started);
  // Let the delay monitor's late timer fire: a run that never yielded is one stall as long as the run.
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  result.maxStallMs = Math.round(delay.max / 1e6);
  result.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(result));
}

// ---- driver ----

function measure(name, dir) {
  const run = spawnSync(process.execPath, [__filename, '--case', name, '--dir', dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) return { error: (run.stderr || '').trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(run.stdout);
}

function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/** Runs `cases` for `rounds` rounds, alternating; returns one row per case with the medians of its rounds. */
function measureAll(cases, dir, rounds, label) {
  const runs = new Map(cases.map((name) => [name, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const name of cases) {
      process.stderr.write(`  ${label} round ${round}/${rounds}: ${name} …`);
      const result = measure(name, dir);
      process.stderr.write(` ${result.error ? `failed: ${result.error}` : `${result.totalMs} ms`}\n`);
      runs.get(name).push(result);
    }
  }
  return cases.map((name) => {
    const results = runs.get(name);
    const failed = results.find((r) => r.error);
    if (failed) return { case: name, error: failed.error };
    const row = { case: name, rounds: results.length, totals: results.map((r) => r.totalMs) };
    for (const field of ['firstMs', 'passMs', 'totalMs', 'maxStallMs', 'peakRssMB', 'entries', 'found']) row[field] = median(results.map((r) => r[field]));
    return row;
  });
}

const ms = (value) => (value === undefined ? '' : `${value.toLocaleString('en-US')} ms`);
const ratio = (value, base) => (value === undefined || !base ? '' : `${(value / base).toFixed(2)}×`);

/** Which baseline each case is read against, and for which figure. */
const BASELINES = {
  list: ['read-all', 'totalMs'],
  analysis: ['read-all', 'totalMs'],
  'find-first': ['naive-first', 'firstMs'],
  'find-text': ['naive-text', 'totalMs'],
  'find-regex': ['naive-text', 'totalMs'],
  'analysis-1m': ['naive-1m', 'passMs'],
};

function printTable(title, rows) {
  console.log(`\n${title}\n`);
  console.log('| case | entries | first chart / result | total | vs baseline | longest stall | peak RSS | found | totals of the rounds |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  const byName = new Map(rows.map((row) => [row.case, row]));
  for (const row of rows) {
    if (row.error) {
      console.log(`| ${row.case} | failed: ${row.error} | | | | | | | |`);
      continue;
    }
    const [baseName, field] = BASELINES[row.case] ?? [];
    const base = baseName && byName.get(baseName);
    const against = base ? `${ratio(row[field], base[field])} ${baseName}${field === 'firstMs' ? ' (first result)' : ''}` : 'baseline';
    const total = row.passMs ?? row.totalMs;
    console.log(
      `| ${row.case} | ${row.entries?.toLocaleString('en-US') ?? ''} | ${ms(row.firstMs)} | ${ms(total)} | ${against} | ${ms(row.maxStallMs)} | ${row.peakRssMB} MB | ${row.found ?? ''} | ${row.totals.join(', ')} |`,
    );
  }
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
  const rounds = Number(option('--rounds', 3));
  const only = option('--only')?.split(',');
  const chosen = (cases) => (only ? cases.filter((name) => only.includes(name)) : cases);
  const sizes = [[Number(option('--count', 100_000)), Number(option('--bytes', 1024)), chosen(['read-all', 'list', 'analysis', 'naive-first', 'find-first', 'naive-text', 'find-text', 'find-regex'])]];
  if (args.includes('--million')) sizes.push([1_000_000, 100, chosen(['read-all', 'list', 'analysis'])]);
  const tables = [];
  if (!args.includes('--no-memory') && chosen(['naive-1m', 'analysis-1m']).length > 0) {
    tables.push(['The analysis pass alone over 1,000,000 entries listed in memory (no disk); "total" is the pass', measureAll(['naive-1m', 'analysis-1m'], TMP, rounds, 'in memory')]);
  }
  const written = [];
  try {
    for (const [count, bytes, cases] of sizes.filter(([, , cases]) => cases.length > 0)) {
      const dir = path.join(TMP, `analysis-${count}x${bytes}`);
      written.push(dir);
      process.stderr.write(`writing ${count.toLocaleString('en-US')} entries of ~${bytes} B to ${dir} …\n`);
      const writeStart = performance.now();
      writeCache(dir, count, bytes);
      process.stderr.write(`  written in ${Math.round((performance.now() - writeStart) / 1000)} s\n`);
      tables.push([`${count.toLocaleString('en-US')} entries of ~${bytes} B on disk`, measureAll(cases, dir, rounds, `${count}`)]);
    }
    printTables(tables, rounds);
  } finally {
    // After the tables: deleting a million files takes minutes, and must not cost the figures if it is stopped.
    if (!args.includes('--keep')) for (const dir of written) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function printTables(tables, rounds) {
  const os = require('node:os');
  console.log(`\nCache Analysis and Find in Values, ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`Medians of ${rounds} rounds, each case in a fresh process; times from the case's start; "vs baseline": the case's figure over the baseline's, same run.`);
  for (const [title, rows] of tables) printTable(title, rows);
}

main();
