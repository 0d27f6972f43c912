// Turns the UI benchmark's samples into medians, targets and ratios; prints them, and writes them as a section of
// bench/RESULTS.md (between markers, so the engine's sections around it are kept).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const BENCH = path.join(__dirname, '..');
const RESULTS_MD = path.join(BENCH, 'RESULTS.md');
const RESULTS_JSON = path.join(BENCH, 'results.json');
const NOTES_MD = path.join(BENCH, 'NOTES.md');
const PARTIAL_MD = path.join(BENCH, '.tmp', 'RESULTS-ui.md');
const SECTION = 'ui-bench';
const NOTES = 'ui-bench-notes';

/** First row at a size against the smallest size's, from medians of the same run (issue 16). */
const FIRST_ROW_RATIOS = { 100_000: 1.5, 1_000_000: 3 };

const METRICS = [
  { key: 'ms', what: 'time', unit: 'ms' },
  { key: 'firstMs', what: 'time to the first result', unit: 'ms' },
  { key: 'countedMs', what: 'time to the first row with its count', unit: 'ms' },
  { key: 'stallMs', what: 'longest host stall', unit: 'ms' },
  { key: 'gcMs', what: 'longest garbage collection in the host', unit: 'ms' },
  { key: 'rssGrowthMB', what: 'host RSS growth', unit: 'MB', onlyWithTarget: true },
  { key: 'rssPeakMB', what: 'host RSS, peak', unit: 'MB' },
  { key: 'settledMs', what: 'until the host is quiet (1 s without a 50 ms stall)', unit: 'ms' },
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmtNumber = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const fmtCount = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

/** Rows of (case, entries, metric, median, min, target, status), and the first-row ratios. */
function summarize({ cases, samples, sizes, ...run }) {
  const rows = [];
  for (const c of cases) {
    for (const { count } of sizes) {
      const cell = samples[c.id]?.[count];
      if (!cell) continue;
      // Rounds that timed out count with the figures of their whole wait (their time: more than the wait).
      const timedOut = (cell.timeouts ?? []).map((t) => ({ ...t, ms: undefined }));
      for (const m of METRICS) {
        const values = cell.samples.map((s) => s[m.key]).filter((x) => typeof x === 'number');
        const waited = timedOut.map((s) => s[m.key]).filter((x) => typeof x === 'number');
        const target = c.targets[m.key];
        if (m.onlyWithTarget && target === undefined) continue;
        // A case that never ran has one row, its time, saying why.
        if (!values.length && !waited.length && (!cell.errors.length || m.key !== 'ms')) continue;
        if (m.key === 'ms' && !values.length && timedOut.length) {
          const over = Math.min(...cell.timeouts.map((t) => t.timeoutMs));
          rows.push({ case: c.id, title: c.title, count, metric: m.what, unit: m.unit, rounds: 0, over, target, status: target === undefined ? 'not shown' : 'MISSED', errors: cell.errors });
          continue;
        }
        if (!values.length) values.push(...waited);
        const med = values.length ? median(values) : undefined;
        rows.push({
          case: c.id,
          title: c.title,
          count,
          metric: m.what,
          unit: m.unit,
          rounds: values.length,
          median: med,
          min: values.length ? Math.min(...values) : undefined,
          max: values.length ? Math.max(...values) : undefined,
          target,
          status: med === undefined ? 'not measured' : target === undefined ? '' : med < target ? 'met' : 'MISSED',
          errors: cell.errors,
        });
      }
    }
  }
  // A size whose first row never showed has a ratio of at least its wait's. Ratios for the first open of a window
  // and for a reopened one (which may show what the window before remembered).
  const firstRow = (id, count) => {
    const r = rows.find((x) => x.case === id && x.count === count && x.metric === 'time');
    return r?.median ?? r?.over;
  };
  const atLeast = (id, count) => rows.some((x) => x.case === id && x.count === count && x.over !== undefined);
  const base = Math.min(...sizes.map((s) => s.count));
  const ratios = ['first-row', 'reopen'].flatMap((id) =>
    sizes
      .filter((s) => s.count !== base && firstRow(id, s.count) !== undefined && firstRow(id, base) !== undefined && !atLeast(id, base))
      .map((s) => {
        const ratio = firstRow(id, s.count) / firstRow(id, base);
        const target = FIRST_ROW_RATIOS[s.count];
        const status = target === undefined ? '' : ratio <= target && !atLeast(id, s.count) ? 'met' : 'MISSED';
        return { case: id, of: s.count, to: base, ratio, atLeast: atLeast(id, s.count), target, status, date: run.date };
      }),
  );
  const runs = [{ date: run.date, durationS: run.durationS, loadStart: run.loadStart, loadEnd: run.loadEnd, sizes }];
  return { ...run, runs, sizes, cases: cases.map((c) => ({ id: c.id, title: c.title })), rows, ratios };
}

/**
 * `previous` with what `added` measured at sizes `previous` has not (a long size run on its own, e.g. 1M entries).
 * Its ratios stay those of its own run, against the smallest size measured in that same run.
 */
function mergeResults(previous, added) {
  const had = new Set(previous.rows.map((r) => r.count));
  // Every case of either run, in the previous run's order (a long size is often measured on fewer cases).
  const cases = [...previous.cases, ...added.cases.filter((c) => !previous.cases.some((p) => p.id === c.id))];
  const order = cases.map((c) => c.id);
  const rows = [...previous.rows, ...added.rows.filter((r) => !had.has(r.count))].sort(
    (a, b) => order.indexOf(a.case) - order.indexOf(b.case) || a.count - b.count,
  );
  return {
    ...previous,
    runs: [...(previous.runs ?? []), ...added.runs],
    sizes: [...previous.sizes, ...added.sizes.filter((s) => !had.has(s.count))],
    cases,
    rows,
    ratios: [...previous.ratios, ...added.ratios.filter((r) => !had.has(r.of))].sort((a, b) => (a.case === 'reopen') - (b.case === 'reopen')),
    loadEnd: added.loadEnd,
  };
}

function tableRows(results) {
  return results.rows.map((r) => [
    r.title,
    fmtCount(r.count),
    r.metric,
    r.over !== undefined ? `> ${fmtNumber(r.over)} ${r.unit} (not shown)` : r.median === undefined ? 'failed' : `${fmtNumber(r.median)} ${r.unit}`,
    r.min === undefined ? '' : `${fmtNumber(r.min)} ${r.unit}`,
    String(r.rounds),
    r.target === undefined ? '' : `< ${r.target} ${r.unit}`,
    r.status + (r.errors.length ? ` (${r.errors.length} failed: ${r.errors[0].slice(0, 120)})` : ''),
  ]);
}

const HEAD = ['case', 'entries', 'measure', 'median', 'min', 'rounds', 'target', 'status'];
const ratioRows = (results) =>
  results.ratios.map((r) => [
    `${r.case === 'reopen' ? 'first row, window reopened' : 'first row'}, ${fmtCount(r.of)} : ${fmtCount(r.to)} (run of ${r.date})`,
    `${r.atLeast ? '> ' : ''}${r.ratio.toFixed(2)}×`,
    r.target === undefined ? '' : `≤ ${r.target}×`,
    r.status,
  ]);

function printSummary(results) {
  const rows = [HEAD, ...tableRows(results)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = [`\nUI (code-server + Chromium, production bundle; load average ${results.loadStart} → ${results.loadEnd})`];
  for (const r of rows) lines.push(`  ${r.map((x, i) => (i >= 3 && i <= 5 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join('  ')}`);
  for (const r of ratioRows(results)) lines.push(`  ${r[0]}: ${r[1]}  target ${r[2] || '–'}  ${r[3]}`);
  console.log(lines.join('\n'));
}

function mdTable(head, rows) {
  const esc = (x) => String(x).replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** The section's Markdown, markers included. */
function uiSection(results) {
  const sizesOf = (run) => run.sizes.map((s) => `${s.count.toLocaleString('en-US')} entries × ${s.rounds} round${s.rounds > 1 ? 's' : ''}`).join(', ');
  const runs = (results.runs ?? [results]).map(
    (run) =>
      `- \`node bench/ui/run.js\` on ${run.date} (${Math.round(run.durationS / 60)} min): ${sizesOf(run)}; load average ` +
      `${run.loadStart} at the start, ${run.loadEnd} at the end (${results.cores} cores, shared with other work).`,
  );
  return [
    `<!-- ${SECTION} -->`,
    '## What the user waits for, in the real UI',
    '',
    ...runs,
    '',
    'Each round opens a fresh code-server session per size (rounds alternate the sizes) with the production bundle and ' +
      'a probe extension in the same extension host (`bench/ui/probe/`), and runs the cases in order in headless ' +
      'Chromium. The first click waits until the host has been quiet for 1 s (no stall over 50 ms): the window has ' +
      'loaded. Times run from the input event (mousedown, mousemove; for the burst, the last file written) to the ' +
      'first DOM mutation that shows the awaited row or tooltip, both in the page\'s clock. Host stall and RSS come ' +
      'from the probe (`monitorEventLoopDelay` and `process.memoryUsage()` every 100 ms) over the same window; RSS ' +
      'growth is the peak in the window less the last sample before it. The first row is a level-1 row named after ' +
      'a key prefix the workspace holds (not a placeholder: in a reopened window it may be a group remembered from the ' +
      'window before, still counting; the next row of figures times the first such row with its count); the burst is done when the `burst` group\'s description ' +
      'starts with its count. Each ratio is of medians from one run (named beside it), the smaller size measured in that same run.',
    '',
    mdTable(HEAD, tableRows(results)),
    '',
    ...(results.ratios.length ? [mdTable(['ratio', 'measured', 'target', 'status'], ratioRows(results)), ''] : []),
    `<!-- /${SECTION} -->`,
  ].join('\n');
}

/** `text` with the block between `<!-- name -->` and `<!-- /name -->` replaced, or `block` put before `before`. */
function spliceBlock(text, name, block, before) {
  const start = text.indexOf(`<!-- ${name} -->`);
  const endMark = `<!-- /${name} -->`;
  const end = text.indexOf(endMark);
  if (start >= 0 && end > start) return text.slice(0, start) + block + text.slice(end + endMark.length);
  const at = before === undefined ? -1 : text.indexOf(before);
  return at >= 0 ? `${text.slice(0, at)}${block}\n\n${text.slice(at)}` : `${text.trimEnd()}\n\n${block}\n`;
}

/** The hand-written notes on the UI figures, as bench/NOTES.md holds them (markers included), or ''. */
function notesBlock() {
  const notes = fs.existsSync(NOTES_MD) ? fs.readFileSync(NOTES_MD, 'utf8') : '';
  const start = notes.indexOf(`<!-- ${NOTES} -->`);
  const endMark = `<!-- /${NOTES} -->`;
  const end = notes.indexOf(endMark);
  return start >= 0 && end > start ? notes.slice(start, end + endMark.length) : '';
}

/**
 * A run of its own: splices the section (and the notes on it) into bench/RESULTS.md and keeps the figures in
 * bench/results.json, so `node bench/run.js --report` renders them again; a partial run (--only) writes its own file.
 * `add`: the run's sizes are added to the last run's figures (see mergeResults), not put in their place.
 */
function writeSection(current, { partial, add }) {
  const previous = fs.existsSync(RESULTS_JSON) ? JSON.parse(fs.readFileSync(RESULTS_JSON, 'utf8')).ui : undefined;
  const results = add && previous ? mergeResults(previous, current) : current;
  const section = uiSection(results);
  if (partial) {
    fs.mkdirSync(path.dirname(PARTIAL_MD), { recursive: true });
    fs.writeFileSync(PARTIAL_MD, `${section}\n`);
    console.log(`wrote ${path.relative(process.cwd(), PARTIAL_MD)}`);
    return;
  }
  let md = fs.existsSync(RESULTS_MD) ? fs.readFileSync(RESULTS_MD, 'utf8') : '# Benchmark results\n';
  md = spliceBlock(md, SECTION, section, '## Subjects');
  const notes = notesBlock();
  if (notes) md = spliceBlock(md, NOTES, notes);
  fs.writeFileSync(RESULTS_MD, md);
  if (fs.existsSync(RESULTS_JSON)) {
    const raw = JSON.parse(fs.readFileSync(RESULTS_JSON, 'utf8'));
    fs.writeFileSync(RESULTS_JSON, `${JSON.stringify({ ...raw, ui: results }, null, 1)}\n`);
  }
  console.log(`wrote its section of ${path.relative(process.cwd(), RESULTS_MD)}`);
}

module.exports = { summarize, mergeResults, printSummary, uiSection, writeSection };
