// Turns the raw samples of a run into statistics, the stdout table, the targets check and bench/RESULTS.md.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { uiSection } = require('./ui/summary');

const BASELINE = 'naive';
const ENGINE = 'engine';

/** The targets of issue 7 (ratios: how many times faster than `vs`, from the medians of one run). */
const TARGETS = [
  { id: 'hot-get', workload: 'hot-get', vs: 'lru-cache', min: 0.5, text: 'hot get ≥ 0.5× lru-cache' },
  { id: 'set', workload: 'set', vs: BASELINE, min: 0.8, text: 'set ≥ 0.8× naive (while atomic)' },
  { id: 'cold-get', workload: 'cold-get', vs: BASELINE, min: 1, text: 'cold get ≥ 1× naive' },
  { id: 'list-1k', workload: 'list-1k:100k', vs: BASELINE, min: 3, text: 'list 100k (1 KB values) ≥ 3× naive' },
  { id: 'list-1m', workload: 'list-1m', vs: BASELINE, min: 20, text: 'list with 1 MB values ≥ 20× naive' },
  { id: 'cleanup', workload: 'cleanup', vs: BASELINE, min: 2, text: 'cleanup 20k half expired ≥ 2× naive' },
  { id: 'rss', workload: 'list-1k:100k', rssBelow: 150, text: 'peak RSS listing 100k < 150 MB' },
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** { median, min, rss, ok, error } for one subject of one workload row. */
function stats(cell) {
  if (!cell || cell.na) return cell;
  const ms = cell.samples.map((x) => x.ms);
  if (ms.length === 0) return { ...cell, ok: false };
  return {
    ...cell,
    ok: true,
    median: median(ms),
    min: Math.min(...ms),
    rss: median(cell.samples.map((x) => x.rssMB)),
    rssMax: Math.max(...cell.samples.map((x) => x.rssMB)),
    ops: cell.samples[0].ops,
  };
}

/** How many times faster `a` is than `b` (ratio of medians), or undefined. */
function ratio(row, a, b) {
  const x = row.cells[a];
  const y = row.cells[b];
  if (!x || !y || !x.ok || !y.ok) return undefined;
  return y.median / x.median;
}

/**
 * For a shared-tier row (`vsLocal`): how many times faster the engine with Redis is than the local-only engine row
 * it names, from the same run, per operation (ratio of median ms per op). < 1: the shared tier costs that much.
 */
function localRatio(results, row) {
  const local = results.rows.find((r) => r.name === row.vsLocal);
  const x = row.cells[ENGINE];
  const y = local && local.cells[ENGINE];
  if (!x || !y || !x.ok || !y.ok) return undefined;
  return y.median / y.ops / (x.median / x.ops);
}

/** The shared tier against the local-only engine: one line per shared-tier row of the run. */
function sharedRows(results) {
  const out = [];
  for (const row of results.rows) {
    if (!row.vsLocal) continue;
    const c = row.cells[ENGINE];
    const local = results.rows.find((r) => r.name === row.vsLocal);
    const l = local && local.cells[ENGINE];
    const shared = !c ? 'not run' : c.na ? `n/a: ${c.na}` : !c.ok ? `failed: ${firstLine(c.errors)}` : undefined;
    const localCell = !local ? 'not run in this run' : !l ? 'engine not run' : l.na ? `n/a: ${l.na}` : !l.ok ? 'failed' : undefined;
    const r = localRatio(results, row);
    out.push([
      row.title,
      shared ?? `${fmtMs(c.median)} (${fmtUs(c.median / c.ops)}/op)`,
      local ? local.title : row.vsLocal,
      localCell ?? `${fmtMs(l.median)} (${fmtUs(l.median / l.ops)}/op)`,
      r === undefined ? '–' : fmtRatio(r),
    ]);
  }
  return out;
}

const SHARED_HEAD = ['workload', 'engine + Redis median ms', 'local-only row (same run)', 'local-only median ms', 'vs local-only'];

function evaluate(results) {
  const rows = Object.fromEntries(results.rows.map((r) => [r.name, r]));
  return TARGETS.map((t) => {
    const row = rows[t.workload];
    const cell = row && row.cells[ENGINE];
    if (!row || !cell || !cell.ok) {
      const why = !row ? 'workload not run' : !cell ? 'engine not run' : cell.na || `engine failed: ${firstLine(cell.errors)}`;
      return { ...t, status: 'not measured', value: why };
    }
    if (t.rssBelow) {
      const value = cell.rssMax;
      const sizeNote = row.n !== 100_000 ? ` (at ${row.n} entries, not 100k: --quick)` : '';
      return { ...t, status: value < t.rssBelow ? 'met' : 'missed', value: `${value.toFixed(0)} MB${sizeNote}` };
    }
    const r = ratio(row, ENGINE, t.vs);
    if (r === undefined) return { ...t, status: 'not measured', value: `${t.vs} not measured` };
    return { ...t, status: r >= t.min ? 'met' : 'missed', value: `${fmtRatio(r)}` };
  });
}

function firstLine(errors) {
  return (errors && errors[0] ? errors[0] : '').split('\n')[0].slice(0, 160);
}

const fmtMs = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtRatio = (r) => (r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`);
const fmtUs = (ms) => (ms >= 1 ? `${fmtMs(ms)} ms` : `${(ms * 1000).toFixed(0)} µs`);
function fmtRate(ops, ms) {
  const r = (ops * 1000) / ms;
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : r >= 1e3 ? `${(r / 1e3).toFixed(1)} k/s` : `${r.toFixed(0)} /s`;
}

/** One line per (workload, subject): the cells of the table. */
function tableRows(results) {
  const out = [];
  for (const row of results.rows) {
    for (const name of results.subjects) {
      const c = row.cells[name];
      if (!c) continue;
      if (c.na) {
        out.push([row.title, name, 'n/a', '', '', '', '', c.na]);
        continue;
      }
      if (!c.ok) {
        out.push([row.title, name, 'failed', '', '', '', '', firstLine(c.errors)]);
        continue;
      }
      const vsBase = name === BASELINE ? '1 (baseline)' : fmtOr(ratio(row, name, BASELINE));
      let extra = row.alsoVs && name !== row.alsoVs ? `${fmtOr(ratio(row, name, row.alsoVs))} vs ${row.alsoVs}` : '';
      if (row.vsLocal && name === ENGINE) extra = `${fmtOr(localRatio(results, row))} vs the local-only engine (${row.vsLocal})`;
      const rss = `${c.rss.toFixed(0)}`;
      const note = c.errors && c.errors.length ? `${c.errors.length} failed round(s): ${firstLine(c.errors)}` : extra;
      out.push([row.title, name, fmtMs(c.median), fmtMs(c.min), fmtRate(c.ops, c.median), vsBase, rss, note]);
    }
  }
  return out;
}

function fmtOr(r) {
  return r === undefined ? '–' : fmtRatio(r);
}

const HEAD = ['workload', 'subject', 'median ms', 'min ms', 'throughput', 'vs naive', 'peak RSS MB', 'notes'];

function printTable(results) {
  const rows = [HEAD, ...tableRows(results)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((x, i) => (i >= 2 && i <= 6 ? String(x).padStart(widths[i]) : String(x).padEnd(widths[i]))).join('  ');
  let previous;
  const lines = [];
  for (const r of rows) {
    if (previous !== undefined && r[0] !== previous) lines.push('');
    lines.push(line(previous === r[0] ? ['', ...r.slice(1)] : r));
    previous = r[0];
  }
  lines.push('', 'Targets (engine):');
  for (const t of evaluate(results)) lines.push(`  ${t.status.padEnd(12)} ${t.text}: ${t.value}`);
  const shared = sharedRows(results);
  if (shared.length) {
    lines.push('', 'Shared tier (engine + Redis) vs the local-only engine, per operation:');
    for (const r of shared) lines.push(`  ${r[0]}: ${r[1]} vs ${r[3]} (${r[2]}): ${r[4]}`);
  }
  return lines.join('\n');
}

function mdTable(head, rows) {
  const esc = (x) => String(x).replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** The headline ratios: the engine against the naive port (and lru-cache for hot gets), one line per workload. */
function headline(results) {
  const rows = [];
  for (const row of results.rows) {
    const c = row.cells[ENGINE];
    if (!c || c.na) continue;
    const target = TARGETS.find((t) => t.workload === row.name && !t.rssBelow);
    const vs = row.vsLocal ? `local-only (${row.vsLocal})` : target ? target.vs : BASELINE;
    const r = !c.ok ? undefined : row.vsLocal ? localRatio(results, row) : ratio(row, ENGINE, vs);
    rows.push([
      row.title,
      c.ok ? fmtMs(c.median) : 'failed',
      r === undefined ? '–' : `${fmtRatio(r)} vs ${vs}`,
      target ? `≥ ${target.min}×` : '',
    ]);
  }
  return rows;
}

/** The extension's own figures (bench/extension/run.js), measured in a real extension host in the same run. */
function extensionSection(ext) {
  const fmt = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  const rows = ext.rows.map((r) => [
    r.what,
    `${fmt(r.median)} ${r.unit}`.trim(),
    `${fmt(r.min)} ${r.unit}`.trim(),
    r.target === undefined ? '–' : `< ${r.target} ${r.unit}`,
    r.verdict || '–',
  ]);
  return [
    '## The extension, in a real extension host',
    '',
    `\`bench/extension/run.js\`: ${ext.rounds} rounds on ${ext.host}, a fresh host session each, with the production bundle; ` +
      `a workspace of ${ext.entries.toLocaleString('en-US')} entries (10 key prefixes, a fifth expired). Activation is timed by ` +
      'the extension itself; the first level is `Refresh` then the tree\'s first `getChildren` (a cold listing of every ' +
      `entry); the burst is ${ext.burst.toLocaleString('en-US')} files written by the host at once, timed until the tree ` +
      'shows them all, counting the tree refreshes fired meanwhile and the longest stall of the host\'s event loop.',
    '',
    mdTable(['what', 'median', 'min', 'target', 'status'], rows),
    '',
  ];
}

function markdown(results, notes) {
  const m = results.machine;
  const targets = evaluate(results);
  const out = [];
  out.push('# Benchmark results', '');
  out.push(
    `Written by \`npm run bench${results.quick ? ' -- --quick' : ''}\` on ${results.date}. Every case ran in a fresh Node process; ` +
      `rounds alternate the subjects (A B C … A B C …), ${results.rounds} rounds per workload; figures are the median and the ` +
      'minimum over the rounds, and ratios are of medians measured in this same run: *how many times faster than* the naive ' +
      'port of the spec (`bench/subjects/naive.js`), so > 1 is faster and < 1 slower.',
    '',
  );
  out.push('## Machine', '');
  out.push(
    mdTable(
      ['', ''],
      [
        ['CPU', `${m.cpu} × ${m.cores} cores`],
        ['memory', `${m.memoryGB} GB`],
        ['OS', m.os],
        ['Node', m.node],
        ['load average at start / end', `${m.loadStart} / ${m.loadEnd} (other work was running on the machine)`],
        ['engine', m.engine],
        ['packages', Object.entries(m.packages).map(([k, v]) => `${k} ${v}`).join(', ')],
        ...(m.redisServer ? [['redis-server (shared-tier rows)', m.redisServer]] : []),
        ['temp folder', m.tmpdir],
      ],
    ),
    '',
  );
  out.push('## Headline: the engine', '');
  out.push(mdTable(['workload', 'engine median ms', 'ratio', 'target'], headline(results)), '');
  out.push('## Targets (issue 7)', '');
  out.push(mdTable(['target', 'measured', 'status'], targets.map((t) => [t.text, t.value, t.status])), '');
  const shared = sharedRows(results);
  if (shared.length) {
    out.push('## The shared tier (Redis, issue 8)', '');
    out.push(
      'The engine with `shared: { url }` on a local `redis-server` (127.0.0.1, no persistence, one per case), against ' +
        'the local-only engine rows of this same run; the ratio is of median time per operation, so < 1 is what the ' +
        'shared tier costs. Set: write-through to the file, memory and Redis. Get: a new instance on an empty folder, ' +
        'every get served by Redis and filled into the folder and memory (vs the local cold get, served by the file tier).',
      '',
    );
    out.push(mdTable(SHARED_HEAD, shared), '');
  }
  out.push('## Every workload', '');
  out.push(mdTable(HEAD, tableRows(results)), '');
  if (results.extension) out.push(...extensionSection(results.extension));
  if (results.ui) out.push(uiSection(results.ui), '');
  out.push('## Subjects', '');
  for (const s of results.subjectInfo) out.push(`- **${s.name}**: ${s.title}${s.unavailable ? ` — not run: ${s.unavailable}` : ''}`);
  out.push('');
  out.push('## Method', '');
  out.push(
    [
      '- `node bench/case.js <subject> <workload> <count>` runs one case; only the measured phase is timed (`process.hrtime`), set-up',
      '  (writing the entries a get or cleanup needs) is not. Each call is awaited one at a time, the way a script uses a cache.',
      '- Values are JSON objects of records (numbers, strings, booleans) of about 200 B, 1 KB or 1 MB serialized.',
      '- Cold get: the entries are written by the subject itself, then a new instance (nothing in memory) reads each once;',
      '  creating that instance is timed (flat-cache loads its whole file there). Page cache is warm for every subject alike.',
      '- Listing and cleanup read fixtures written straight to disk (`bench/fixtures.js`), with a quarter (listing) or half',
      '  (cleanup) of the entries timestamped `ttl + 1 h` in the past. The engine and the naive port read the very same files,',
      '  in the spec\'s format as the Python tool writes it (`{"timestamp": <s>, "data": ...}`, json.dumps spacing);',
      '  node-persist and flat-cache read the same entries in their own formats. Listing fixtures are shared by the rounds',
      '  (listing reads only); cleanup fixtures are written afresh for every case. Each listing is checked: it must find',
      '  exactly the fresh and expired counts written; each cleanup must remove exactly the expired ones.',
      '- 1 MB listing uses 2k entries (2 GB per format), not 100k (100 GB): the naive port reads and parses every value,',
      '  so its time grows with count × value size, while a listing that reads only each file\'s head grows with the count',
      '  alone; the ratio at 100k × 1 MB would be at least the one measured at 2k × 1 MB.',
      '- Concurrency: 4 forked writers load, wait for a common start signal, then each writes its own 1/4 of the keys into',
      '  one folder; the time runs from the signal to the last writer done; every key is then read back by a new instance.',
      '- Peak RSS is the case process\'s `process.resourceUsage().maxRSS` (a bare Node process is ~45 MB).',
      '- Data lives in `os.tmpdir()` and is removed after each case (listing fixtures after their workload).',
      '- Shared tier: each case starts its own `redis-server` (`bench/redis.js`) on a free port of 127.0.0.1 without',
      '  persistence and kills it at the end; without redis-server those cells read n/a. Every instance connects before the',
      '  timed phase (one get of a key never set); the shared tier\'s timeout is 5 s, and any shared-tier warning fails the case.',
      '- `--quick` runs 3 rounds at small sizes (`quick` in `bench/workloads.js`), skips the 20k listing, and writes',
      '  `bench/.tmp/RESULTS-quick.md` instead of this file; so do runs limited with `--only` or `--subjects`.',
    ].join('\n'),
    '',
  );
  if (notes) out.push(notes.trim(), '');
  return out.join('\n');
}

function writeMarkdown(results, file) {
  const notesFile = path.join(__dirname, 'NOTES.md');
  const notes = !results.quick && fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : '';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, markdown(results, notes));
}

module.exports = { stats, evaluate, printTable, writeMarkdown, headline, mdTable, TARGETS };
