// The engine and the Python tool over random Unicode keys (property-based, both directions): each side reads the
// other's value for the same key, in one file per key, and they agree on expiry and cleanup.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { Cache } from '../../src/engine';
import type { KeyNames } from '../../src/engine/fileNames';
import { listDir, ManualClock, useTempFolder } from './helpers';
import { pythonKey } from './keyArbitraries';
import { assertPythonInstalled, measuredNames, parseGet, pythonMany, sharedWithPython } from './pythonTool';

const RUNS = 8;
const NOW_S = 1_700_000_000;
const TTL = 100;

/** A batch of distinct keys, each with a value, an age in seconds and maybe a ttl of its own. */
const batch = fc.uniqueArray(
  fc.record({
    key: pythonKey,
    // Not null: the Python tool's get() returns None for a miss, so it cannot tell a null value from none.
    value: fc.jsonValue({ maxDepth: 2 }).filter((value) => value !== null),
    age: fc.integer({ min: 0, max: 2 * TTL }),
    ttl: fc.option(fc.integer({ min: 1, max: 2 * TTL }), { nil: undefined }),
  }),
  { selector: (entry) => entry.key, minLength: 1, maxLength: 25 },
);
type Batch = Array<{ key: string; value: unknown; age: number; ttl: number | undefined }>;
/** A value as JSON holds it (`-0` is `0`), which is what either tool reads back. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

suite('interop with the Python tool over random Unicode keys (property)', function () {
  this.timeout(120_000);
  const temp = useTempFolder();
  let names: KeyNames;
  let run = 0;
  setup(async () => {
    assertPythonInstalled();
    names = await measuredNames(path.join(temp.parent, 'probe'));
  });

  /** A fresh folder per property run, and the entries of the batch whose file both tools share there. */
  function prepare(entries: Batch): { dir: string; shared: Batch } {
    const dir = path.join(temp.parent, `run-${run++}`);
    const keys = sharedWithPython(entries.map((e) => e.key), names);
    if (!names.rules.foldsCase && !names.rules.normalises) assert.equal(keys.length, entries.length, 'a plain folder shares every key');
    return { dir, shared: entries.filter((e) => keys.includes(e.key)) };
  }

  const pythonSet = (e: Batch[number]) => [
    'set', '--timestamp', String(NOW_S - e.age), ...(e.ttl === undefined ? [] : ['--ttl', String(e.ttl)]), '--', e.key, JSON.stringify(e.value),
  ];
  const pythonGet = (key: string) => ['--cache-ttl', String(TTL), '--now', String(NOW_S), 'get', '--', key];

  test('Python writes → the engine reads every value by its key, lists each key once, fresh or expired as Python says', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (entries) => {
        const { dir, shared } = prepare(entries);
        pythonMany(dir, shared.map(pythonSet));
        assert.deepEqual(listDir(dir), shared.map((e) => `${e.key}.json`).sort(), 'the Python tool’s own file names');
        const cache = new Cache({ cacheDir: dir, ttl: TTL, now: () => NOW_S * 1000 });
        const pythonSees = pythonMany(dir, shared.map((e) => pythonGet(e.key))).map(parseGet);
        const engineSees = await Promise.all(shared.map((e) => cache.get(e.key)));
        assert.deepEqual(engineSees, pythonSees);
        for (const [i, e] of shared.entries()) if (pythonSees[i] !== undefined) assert.deepEqual(engineSees[i], asJson(e.value));
        const listed = await cache.entries();
        assert.deepEqual(listed.map((info) => info.key).sort(), shared.map((e) => e.key).sort());
        assert.deepEqual(
          listed.map((info) => [info.key, info.state === 'fresh']).sort(),
          shared.map((e, i) => [e.key, pythonSees[i] !== undefined]).sort(),
        );
      }),
      { numRuns: RUNS },
    );
  });

  test('the engine writes → Python reads every value by its key, from the one file the engine wrote', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (entries) => {
        const { dir, shared } = prepare(entries);
        const clock = new ManualClock(NOW_S * 1000);
        const cache = new Cache({ cacheDir: dir, ttl: TTL, now: clock.now });
        for (const e of shared) {
          clock.ms = (NOW_S - e.age) * 1000;
          await cache.set(e.key, e.value, { ttl: e.ttl });
        }
        assert.deepEqual(listDir(dir), shared.map((e) => `${e.key}.json`).sort());
        const pythonSees = pythonMany(dir, shared.map((e) => pythonGet(e.key))).map(parseGet);
        const fresh = (e: Batch[number]) => e.age <= (e.ttl ?? TTL);
        assert.deepEqual(pythonSees, shared.map((e) => (fresh(e) ? asJson(e.value) : undefined)));
      }),
      { numRuns: RUNS },
    );
  });

  test('a key written by one side and rewritten by the other stays one file, and both read the last value', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (entries) => {
        const { dir, shared } = prepare(entries);
        pythonMany(dir, shared.map((e) => ['set', '--', e.key, JSON.stringify({ by: 'python' })]));
        const cache = new Cache({ cacheDir: dir });
        for (const e of shared) await cache.set(e.key, { by: 'engine', value: e.value });
        assert.equal(listDir(dir).length, shared.length, 'one file per key');
        const pythonSees = pythonMany(dir, shared.map((e) => ['get', '--', e.key])).map(parseGet);
        assert.deepEqual(pythonSees, shared.map((e) => asJson({ by: 'engine', value: e.value })));
        pythonMany(dir, shared.map((e) => ['set', '--', e.key, '"python again"']));
        const reader = new Cache({ cacheDir: dir });
        for (const e of shared) assert.equal(await reader.get(e.key), 'python again');
        assert.equal(listDir(dir).length, shared.length);
      }),
      { numRuns: RUNS },
    );
  });

  test('cleanup on either side removes the same entries from the same folder', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (entries) => {
        const { dir, shared } = prepare(entries);
        pythonMany(dir, shared.map(pythonSet));
        const copy = `${dir}-copy`;
        fs.cpSync(dir, copy, { recursive: true });
        const report = await new Cache({ cacheDir: dir, ttl: TTL, now: () => NOW_S * 1000 }).cleanup();
        const [pythonReport] = pythonMany(copy, [['--cache-ttl', String(TTL), '--now', String(NOW_S), 'cleanup']]);
        assert.equal(report.removed, (JSON.parse(pythonReport!.stdout) as { removed: number }).removed);
        assert.deepEqual(listDir(dir), listDir(copy));
        assert.equal(report.unreadable, 0);
      }),
      { numRuns: RUNS },
    );
  });
});
