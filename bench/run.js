// The benchmark: the engine (dist/engine.js, as users get it) against a naive port of the spec and the libraries
// people use, in one run. See bench/RESULTS.md for the last full run and the method.
//   npm run bench                      full run (≥ 5 rounds), writes bench/RESULTS.md and bench/results.json
//   npm run bench -- --quick           3 rounds at small sizes (< 1 min), writes bench/.tmp/RESULTS-quick.md
// The extension's own figures (activation, first level, a burst of changes, bundle size) follow, from a real
// extension host (bench/extension/run.js), unless --no-extension, --only or --subjects is given; then what the user
// waits for in the real UI (bench/ui/run.js: code-server + Chromium at 2k, 100k and 1M entries), unless --no-ui.
// Options: --rounds N, --only <workload,...> (e.g. set,list-1k:100k), --subjects <name,...>, --no-build
//          (use dist/engine.js as it is), --report (re-render RESULTS.md from bench/results.json without running),
//          --no-extension, --no-ui.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync, execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { SUBJECTS, ROOT } = require('./subjects');
const { WORKLOADS, TTL, caseName } = require('./workloads');
const { writeFixture } = require('./fixtures');
const { stats, printTable, writeMarkdown } = require('./report');
const { redisServerAvailable } = require('./redis');

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const quick = flag('--quick');
const rounds = Number(option('--rounds') || (quick ? 3 : 5));
const only = option('--only') ? option('--only').split(',') : undefined;
const onlySubjects = option('--subjects') ? option('--subjects').split(',') : undefined;
// Only a full run of everything writes the committed results; quick and partial runs write under bench/.tmp/.
const official = !quick && !only && !onlySubjects;
const RAW_FILE = path.join(__dirname, official ? 'results.json' : `.tmp/results-${quick ? 'quick' : 'partial'}.json`);
const MD_FILE = path.join(__dirname, official ? 'RESULTS.md' : `.tmp/RESULTS-${quick ? 'quick' : 'partial'}.md`);
const CASE_TIMEOUT_MS = quick ? 60_000 : 900_000;

const log = (...xs) => process.stderr.write(`${xs.join(' ')}\n`);

function build() {
  log('building dist/engine.js (node esbuild.js) …');
  const r = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) log(`build failed, the engine will be skipped if dist/engine.js can't load:\n${r.stderr}${r.stdout}`);
}

function packageVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

function engineVersion() {
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', 'src/engine'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return `cache-explorer ${version}, git ${rev}${dirty ? ' + uncommitted changes in src/engine' : ''}`;
  } catch {
    return `cache-explorer ${version}`;
  }
}

function engineDigest() {
  const file = process.env.BENCH_ENGINE_FILE;
  if (!file || !fs.existsSync(file)) return 'missing';
  const bytes = fs.readFileSync(file);
  return `${(bytes.length / 1024).toFixed(0)} KB, sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
}

/** `redis-server --version`'s version, for the shared-tier rows; 'not installed' without one. */
function redisServerVersion() {
  const r = spawnSync(process.env.REDIS_SERVER || 'redis-server', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const match = /v=(\S+)/.exec(r.stdout || '');
  return r.status === 0 && match ? match[1] : 'not installed';
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0] ? cpus[0].model.trim() : 'unknown',
    cores: cpus.length,
    memoryGB: (os.totalmem() / 2 ** 30).toFixed(0),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadStart: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    engine: `${engineVersion()}; dist/engine.js ${engineDigest()}`,
    packages: Object.fromEntries(['lru-cache', 'cacache', 'node-persist', 'flat-cache', 'esbuild', 'ioredis'].map((n) => [n, packageVersion(n)])),
    redisServer: redisServerVersion(),
    tmpdir: os.tmpdir(),
  };
}

/** Runs one case in a fresh process; returns its parsed result line. */
function runCase(subject, name, n, extra) {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'case.js'), subject, name, String(n), ...extra], {
    encoding: 'utf8',
    timeout: CASE_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const lastLine = (r.stdout || '').trim().split('\n').pop();
  try {
    return JSON.parse(lastLine);
  } catch {
    const why = r.error ? r.error.message : `exit ${r.status} ${r.signal || ''}`;
    return { ok: false, error: `${why}: ${(r.stderr || r.stdout || '').trim().slice(-600)}` };
  }
}

function run() {
  if (!flag('--no-build')) build();
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-bench-fixtures-'));
  const engineFile = path.join(ROOT, 'dist', 'engine.js');
  if (fs.existsSync(engineFile)) {
    const snapshot = path.join(tmpRoot, 'engine.js');
    fs.copyFileSync(engineFile, snapshot);
    // The shared tier requires its Redis client chunk next to the engine, so it goes into the snapshot too.
    const redisChunk = path.join(ROOT, 'dist', 'redisClient.js');
    if (fs.existsSync(redisChunk)) fs.copyFileSync(redisChunk, path.join(tmpRoot, 'redisClient.js'));
    process.env.BENCH_ENGINE_FILE = snapshot;
  }
  const m = machine();
  const subjectInfo = [];
  const subjects = [];
  for (const s of SUBJECTS) {
    if (onlySubjects && !onlySubjects.includes(s.name)) continue;
    let available;
    try {
      available = s.available();
    } catch (error) {
      available = `cannot load: ${error.message.split('\n')[0]}`;
    }
    subjectInfo.push({ name: s.name, title: s.title, unavailable: available === true ? undefined : available });
    if (available === true) subjects.push(s);
    else log(`${s.name}: not run (${available})`);
  }
  // The shared-tier workloads need a real redis-server; without one their cells say so and the run goes on.
  let redis;
  const needsRedis = () => {
    if (redis === undefined) redis = redisServerAvailable();
    return redis;
  };
  const rows = [];
  const started = Date.now();
  try {
    for (const w of WORKLOADS) {
      const name = caseName(w);
      if (only && !only.includes(name) && !only.includes(w.id)) continue;
      if (quick && w.skipInQuick && !only) continue;
      const n = quick ? w.quick : w.count;
      const keys = w.keys && (quick ? w.quickKeys : w.keys);
      const row = { name, title: w.title(n, keys), n, unit: w.unit, alsoVs: w.alsoVs, vsLocal: w.vsLocal, cells: {} };
      rows.push(row);
      const workloadStarted = Date.now();
      const runners = [];
      for (const s of subjectInfo) {
        const subject = subjects.find((x) => x.name === s.name);
        if (!subject) row.cells[s.name] = { na: `not run: ${s.unavailable}` };
        else if (subject.na[w.id]) row.cells[s.name] = { na: subject.na[w.id] };
        else if (w.subjects && !w.subjects.includes(s.name)) row.cells[s.name] = { na: 'no shared tier' };
        else if (w.needsRedis && needsRedis() !== true) row.cells[s.name] = { na: needsRedis() };
        else {
          row.cells[s.name] = { samples: [], errors: [] };
          runners.push(subject);
        }
      }
      // Listing fixtures: written once per format, read by every round, removed after the workload.
      const fixtures = {};
      if (w.fixture) {
        for (const format of new Set(runners.map((s) => s.format))) {
          const dir = path.join(tmpRoot, `${w.id}-${n}-${format}`);
          const t0 = Date.now();
          const { fresh, expired } = writeFixture(format, dir, { count: n, bytes: w.bytes, ttl: TTL, expiredEvery: w.expiredEvery });
          fixtures[format] = ['--fixture', dir, '--expect', `${fresh},${expired}`];
          log(`  fixture ${format}: ${n} entries in ${Date.now() - t0} ms`);
        }
      }
      for (let round = 1; round <= rounds; round++) {
        for (const subject of runners) {
          const extra = w.fixture ? fixtures[subject.format] : keys ? ['--keys', String(keys)] : [];
          const result = runCase(subject.name, name, n, extra);
          const cell = row.cells[subject.name];
          if (result.ok) cell.samples.push(result);
          else cell.errors.push(result.error);
          log(
            `${row.title} · round ${round}/${rounds} · ${subject.name}: ` +
              (result.ok ? `${result.ms.toFixed(1)} ms, ${result.rssMB.toFixed(0)} MB` : `FAILED ${String(result.error).split('\n')[0]}`),
          );
        }
      }
      for (const format of Object.keys(fixtures)) fs.rmSync(fixtures[format][1], { recursive: true, force: true });
      log(`${row.title}: ${((Date.now() - workloadStarted) / 1000).toFixed(1)} s in all`);
    }
  } finally {
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  }
  const extension = only || onlySubjects || flag('--no-extension') ? undefined : runExtensionBench();
  const ui = only || onlySubjects || flag('--no-ui') ? undefined : runUiBench();
  m.loadEnd = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return {
    date: new Date().toISOString(),
    quick,
    rounds,
    machine: m,
    subjects: subjectInfo.map((s) => s.name),
    subjectInfo,
    rows,
    extension,
    ui,
  };
}

/** The figures a benchmark script writes with --json FILE (it prints its own table); undefined when it failed. */
function runJsonBench(script, extraArgs) {
  const out = path.join(os.tmpdir(), `cache-bench-${path.basename(path.dirname(script))}-${process.pid}.json`);
  const r = spawnSync(process.execPath, [script, ...extraArgs, '--json', out], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    return r.status === 0 ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined;
  } finally {
    fs.rmSync(out, { force: true });
  }
}

/** The extension's figures, from a real extension host (bench/extension/run.js). */
const runExtensionBench = () => runJsonBench(path.join(__dirname, 'extension', 'run.js'), quick ? ['--quick'] : []);

/** What the user waits for in the real UI (bench/ui/run.js); --quick: 2k and 20k entries, one round. */
const runUiBench = () => runJsonBench(path.join(__dirname, 'ui', 'run.js'), quick ? ['--sizes', '2000,20000', '--rounds', '1'] : []);

function render(raw) {
  const results = { ...raw, rows: raw.rows.map((r) => ({ ...r, cells: Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, stats(c)])) })) };
  process.stdout.write(`${printTable(results)}\n`);
  writeMarkdown(results, MD_FILE);
  log(`wrote ${path.relative(ROOT, MD_FILE)}`);
}

if (flag('--report')) {
  render(JSON.parse(fs.readFileSync(RAW_FILE, 'utf8')));
} else {
  const raw = run();
  fs.mkdirSync(path.dirname(RAW_FILE), { recursive: true });
  fs.writeFileSync(RAW_FILE, `${JSON.stringify(raw, null, 1)}\n`);
  render(raw);
}
