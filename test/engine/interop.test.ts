// The engine against a faithful Python implementation of the spec (test/engine/python/cache.py): same folder, same files.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { Cache } from '../../src/engine';
import { age, listDir, makeTempDir, readText, writeText } from './helpers';
import { assertPythonInstalled, CACHE_PY, measuredNames, parseGet, python, pythonMany, sharedWithPython } from './pythonTool';

const NOW_MS = 1_700_000_000_123;

/** Keys a pipeline really uses (issue 13): the Python tool's files for them are the engine's entries, and back. */
const ISSUE_KEYS = ['Café Menu', 'unicode_ключ', '日本語:キー', 'emoji 🎬 clip', 'naïve résumé'];

/** Values that exercise every formatting difference between JS and Python JSON writers; keys are plain (see docs/key-mapping.md). */
const VALUES: Record<string, unknown> = {
  object: { result: 'processed_data', metadata: { timestamp: '2024-02-07' }, list: [1, 2, 3] },
  unicode: { text: 'héllo wörld 😀 中文', quote: 'a"b\\c', controls: '\u0000\u0001\n\t\r\b\f\u001f\u007f', separators: '\u2028\u2029' },
  numbers: [0, -1, 1.5, -2.25, 0.1, 1e-5, 1.5e-7, 0.0001, 123456789012345, 1e21, 1.7976931348623157e308, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 60],
  scalars: [true, false, null, '', []],
  nested: { a: { b: { c: [{ d: [[], {}] }] } } },
  empty_object: {},
  bare_string: 'just a string',
  bare_number: 42,
  // Capitals are plain where the file system keeps case (Linux), so both sides use `Report_Table.json`.
  ...(process.platform === 'linux' ? { Report_Table: { rows: 3 } } : {}),
};

suite('interop with the Python tool', function () {
  this.timeout(20_000);
  let temp: ReturnType<typeof makeTempDir>;
  let dir: string;
  setup(function () {
    assertPythonInstalled();
    temp = makeTempDir();
    dir = path.join(temp.dir, 'cache');
  });
  teardown(() => temp?.remove());

  test('the Python implementation is where the test expects it', () => {
    assert.ok(fs.existsSync(CACHE_PY), CACHE_PY);
  });

  test('Python writes → the engine reads the same values, and lists them fresh', async () => {
    pythonMany(dir, Object.entries(VALUES).map(([key, value]) => ['set', key, JSON.stringify(value)]));
    const cache = new Cache({ cacheDir: dir });
    for (const [key, value] of Object.entries(VALUES)) assert.deepEqual(await cache.get(key), value, key);
    const list = await cache.entries();
    assert.equal(list.length, Object.keys(VALUES).length);
    assert.ok(list.every((e) => e.state === 'fresh' && e.timestampSource === 'file'));
  });

  test('the engine writes → Python reads the same values', async () => {
    const cache = new Cache({ cacheDir: dir });
    for (const [key, value] of Object.entries(VALUES)) await cache.set(key, value);
    const read = pythonMany(dir, Object.keys(VALUES).map((key) => ['get', key])).map(parseGet);
    assert.deepEqual(read, Object.values(VALUES));
  });

  test('for the same value and timestamp, the engine’s file is byte-identical to Python’s', async () => {
    const cache = new Cache({ cacheDir: dir, now: () => NOW_MS });
    const pythonDir = path.join(temp.dir, 'python');
    const commands: string[][] = [];
    for (const [key, value] of Object.entries(VALUES)) {
      await cache.set(key, value);
      await cache.set(`${key}-ttl`, value, { ttl: 60 });
      // Python is given the value as the engine wrote it, so "the same value" means the same JSON value.
      const dataJson = JSON.stringify(value);
      commands.push(['set', key, dataJson, '--timestamp', String(NOW_MS / 1000)]);
      commands.push(['set', `${key}-ttl`, dataJson, '--timestamp', String(NOW_MS / 1000), '--ttl', '60']);
    }
    pythonMany(pythonDir, commands);
    assert.deepEqual(listDir(dir), listDir(pythonDir));
    for (const name of listDir(dir)) {
      assert.equal(fs.readFileSync(path.join(dir, name)).toString('hex'), fs.readFileSync(path.join(pythonDir, name)).toString('hex'), name);
    }
    assert.match(readText(dir, 'numbers.json'), /,1e-05,1.5e-07,0.0001,/);
  });

  test('byte-identical for 300 arbitrary JSON values too (property)', async () => {
    const values = fc.sample(fc.jsonValue({ maxDepth: 4 }), { numRuns: 300, seed: 42 });
    const cache = new Cache({ cacheDir: dir, now: () => NOW_MS });
    for (const [i, value] of values.entries()) await cache.set(`v${i}`, value);
    const pythonDir = path.join(temp.dir, 'python');
    pythonMany(pythonDir, values.map((value, i) => ['set', '--timestamp', String(NOW_MS / 1000), '--', `v${i}`, JSON.stringify(value)]));
    for (const name of listDir(dir)) assert.equal(readText(dir, name), readText(pythonDir, name), name);
  });

  test('both sides agree on expiry at and around the ttl boundary, per-entry ttl included', async () => {
    const ttl = 100;
    const nowSeconds = NOW_MS / 1000;
    const ages = [0, 49, 50, 50.001, 99, 99.999, 100, 100.001, 101, 1000];
    const keys = ages.flatMap((secondsOld) => [`age-${secondsOld}`, `own-${secondsOld}`]);
    pythonMany(dir, ages.flatMap((secondsOld) => [
      ['set', `age-${secondsOld}`, '1', '--timestamp', String(nowSeconds - secondsOld)],
      ['set', `own-${secondsOld}`, '1', '--timestamp', String(nowSeconds - secondsOld), '--ttl', '50'],
    ]));
    const cache = new Cache({ cacheDir: dir, ttl, now: () => NOW_MS });
    const pythonHits = pythonMany(dir, keys.map((key) => ['--cache-ttl', String(ttl), '--now', String(nowSeconds), 'get', key]))
      .map((result) => parseGet(result) !== undefined);
    const engineHits = await Promise.all(keys.map(async (key) => (await cache.get(key)) !== undefined));
    assert.deepEqual(engineHits, pythonHits);
    assert.ok(engineHits.includes(true) && engineHits.includes(false), 'both outcomes occur');
    assert.equal((await cache.get('age-100')) !== undefined, true, 'exactly ttl old is still fresh');
    assert.equal(await cache.get('age-100.001'), undefined);
  });

  test('Python cleanup removes what the engine wrote and the engine judged expired', async () => {
    let nowMs = NOW_MS;
    const cache = new Cache({ cacheDir: dir, ttl: 100, now: () => nowMs });
    await cache.set('old1', 1);
    await cache.set('old2', 2);
    nowMs += 150_000;
    await cache.set('new', 3);
    const expiredByEngine = (await cache.entries()).filter((e) => e.state === 'expired').map((e) => e.fileName);
    python(dir, '--cache-ttl', '100', '--now', String(nowMs / 1000), 'cleanup');
    assert.deepEqual(expiredByEngine, ['old1.json', 'old2.json']);
    assert.deepEqual(listDir(dir), ['new.json']);
  });

  test('engine cleanup removes what Python wrote and judges expired, and keeps the rest for Python', async () => {
    const nowSeconds = NOW_MS / 1000;
    pythonMany(dir, [
      ['set', 'old', '1', '--timestamp', String(nowSeconds - 500)],
      ['set', 'fresh', '2', '--timestamp', String(nowSeconds - 5)],
    ]);
    writeText(dir, 'foreign.json', 'not an entry');
    const cache = new Cache({ cacheDir: dir, ttl: 100, now: () => NOW_MS });
    const report = await cache.cleanup();
    assert.deepEqual([report.removed, report.kept, report.unreadable], [1, 1, 1]);
    const rows = python(dir, '--cache-ttl', '100', '--now', String(nowSeconds), 'list').stdout.split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => [r.key, r.expired]), [['fresh', false]]);
  });

  test('clear on either side removes the other side’s entries', async () => {
    const cache = new Cache({ cacheDir: dir });
    python(dir, 'set', 'py', '1');
    await cache.set('js', 2);
    python(dir, 'clear');
    assert.deepEqual(listDir(dir), []);
    python(dir, 'set', 'py', '1');
    await cache.set('js', 2);
    assert.equal(await cache.clear(), 2);
    assert.equal(python(dir, 'get', 'py').status, 1);
  });

  test('a temp file left by an interrupted Python write is never listed, and reclaimed when abandoned', async () => {
    python(dir, 'set', 'k', '1');
    const leftover = '.k.json.999999.0a1b2c3d.tmp';
    writeText(dir, leftover, '{"timestamp":1700000000,"da');
    age(dir, leftover, 3600);
    const cache = new Cache({ cacheDir: dir });
    assert.deepEqual((await cache.entries()).map((e) => e.key), ['k']);
    assert.equal((await cache.cleanup()).tempFilesRemoved, 1);
    assert.deepEqual(listDir(dir), ['k.json']);
  });

  test('values JSON cannot hold are refused on both sides', async () => {
    const cache = new Cache({ cacheDir: dir });
    await assert.rejects(cache.set('nan', Number.NaN));
    const run = spawnSync('python3', [CACHE_PY, '--dir', dir, 'set', 'nan', 'NaN'], { encoding: 'utf8' });
    assert.equal(run.status, 2, run.stderr);
    assert.deepEqual(listDir(dir), []);
  });

  test('entries the Python tool writes under Unicode keys are fresh entries here, found by key, in one file each', async () => {
    pythonMany(dir, ISSUE_KEYS.map((key, i) => ['set', key, JSON.stringify({ i })]));
    const cache = new Cache({ cacheDir: dir });
    const names = await measuredNames(dir);
    const keys = sharedWithPython(ISSUE_KEYS, names);
    if (!names.rules.foldsCase && !names.rules.normalises) assert.deepEqual(keys, ISSUE_KEYS, 'a plain folder shares every key');
    for (const key of keys) assert.deepEqual(await cache.get(key), { i: ISSUE_KEYS.indexOf(key) }, key);
    const listed = await cache.entries();
    assert.deepEqual(listed.filter((e) => keys.includes(e.key)).map((e) => e.state), keys.map(() => 'fresh'));
    // The engine's write lands in the Python tool's file: still one file per key, and Python reads the new value.
    for (const key of keys) await cache.set(key, { engine: key });
    assert.equal(listDir(dir).length, ISSUE_KEYS.length);
    assert.deepEqual(pythonMany(dir, keys.map((key) => ['get', key])).map(parseGet), keys.map((key) => ({ engine: key })));
  });
});
