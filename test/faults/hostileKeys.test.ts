// Hostile keys through the real Cache, in a `cache/` folder inside a temp parent: arbitrary Unicode, `..`, `/`, `\`,
// NUL, control characters, 10,000-character keys, Windows device names, keys differing only in case. Each key
// round-trips exactly (set → get from a fresh cache, entry(), entries(), delete) or is refused with EINVALIDKEY;
// nothing is ever written outside cache/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { Cache, keyToFileName, StorageError } from '../../src/engine';
import { FoldingFileSystem } from '../engine/foldingFileSystem';
import { useTempFolder } from '../engine/helpers';
import { listRecursive, report, scaled } from './helpers';

const RUNS = scaled(400, 5000);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const nasty = fc.constantFrom(
  '..', '.', '/', '\\', '\0', '\n', '\r', '\t', '\x1b', '\x7f', ':', '%', '%2F', '%~', '*', '?', '<', '>', '|', '"',
  'CON', 'con', 'aux.', 'AUX.txt', 'nul', 'COM1', 'lpt9.log', 'conin$', 'A', 'a', 'é', 'e\u0301', 'İ', 'ß', '😀',
  '\ud800', '\udfff', '\u202e', '\ufeff', ' ', '~', '.json', '.tmp',
);
const hostileKey = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: nasty, minLength: 1, maxLength: 30 }),
  fc.array(fc.oneof(nasty, fc.string({ maxLength: 5 })), { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')),
  fc.tuple(fc.constantFrom('../', '..\\', '/', '\\\\?\\', 'C:\\', '/etc/', '~/'), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
  fc.tuple(fc.string({ unit: fc.constantFrom('a', 'B', '/', 'é', '😀', '.'), minLength: 9_000, maxLength: 10_000 }), fc.string()).map(([a, b]) => a + b),
  fc.constantFrom('CON', 'con', 'Con', 'aux.', 'AUX.json', 'nul ', 'PRN.', 'com0', 'LPT1', 'CLOCK$', '..', '.', '...', ''),
);

/** A key is refused exactly when it has no file name: empty, or not well-formed Unicode. */
function mustRefuse(key: string): boolean {
  return key.length === 0 || LONE_SURROGATE.test(key);
}

suite('Hostile keys', () => {
  const temp = useTempFolder();
  let dir = '';
  setup(() => (dir = temp.cacheDir));

  /** Nothing but cache/ in the parent, and nothing but plain files (no folders, no links) inside it. */
  function assertContained(where: string): void {
    const outside = fs.readdirSync(temp.parent).filter((name) => name !== 'cache');
    assert.deepEqual(outside, [], `${where}: written outside cache/`);
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir)) {
      const stat = fs.lstatSync(path.join(dir, name));
      assert.ok(stat.isFile(), `${where}: ${JSON.stringify(name)} in cache/ is not a plain file`);
    }
  }

  test(`${RUNS} arbitrary keys each round-trip exactly or are refused with EINVALIDKEY; nothing lands outside cache/`, async function () {
    this.timeout(scaled(60_000, 600_000));
    const cache = new Cache({ cacheDir: dir });
    const kept = new Map<string, unknown>();
    let tried = 0;
    let refused = 0;
    let longest = 0;
    await fc.assert(
      fc.asyncProperty(hostileKey, fc.boolean(), async (key, keep) => {
        tried++;
        longest = Math.max(longest, key.length);
        const value = { key, n: tried };
        if (mustRefuse(key)) {
          refused++;
          for (const attempt of [() => cache.set(key, value), () => cache.get(key), () => cache.delete(key), () => cache.entry(key)]) {
            await assert.rejects(attempt(), (e: unknown) => e instanceof StorageError && e.code === 'EINVALIDKEY');
          }
        } else {
          await cache.set(key, value);
          assert.deepEqual(await new Cache({ cacheDir: dir }).get(key), value, 'read back from disk by a fresh cache');
          assert.deepEqual(await cache.get(key), value);
          const info = await cache.entry(key);
          assert.equal(info?.key, key);
          assert.equal(info?.state, 'fresh');
          assert.equal(path.dirname(info!.path), dir);
          if (keep) kept.set(key, value);
          else {
            assert.equal(await cache.delete(key), true);
            assert.equal(await new Cache({ cacheDir: dir }).get(key), undefined);
            kept.delete(key);
          }
        }
        assertContained(JSON.stringify(key.slice(0, 80)));
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // The listing decodes every kept file back to its exact key, and each reads back.
    const listed = await cache.entries();
    assert.deepEqual(listed.map((e) => e.key).sort(), [...kept.keys()].sort());
    assert.ok(listed.every((e) => e.state === 'fresh'));
    for (const [key, value] of kept) assert.deepEqual(await new Cache({ cacheDir: dir }).get(key), value);
    assert.deepEqual(listRecursive(temp.parent).filter((p) => !p.startsWith('cache')), []);
    report('hostile keys', { 'keys tried (property)': tried, refused, 'longest key': longest, 'kept and listed': kept.size });
  });

  test('keys differing only in case never share a file, even where the file system folds case', async () => {
    const keys = fc.sample(fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', 'é', 'É', 'ß', 'ẞ', 'i', 'I', 'İ', 'ı', ':'), minLength: 1, maxLength: 6 }), 300);
    const distinct = [...new Set(keys)];
    // As this file system stores them: every variant reads back its own value.
    const cache = new Cache({ cacheDir: dir });
    for (const key of distinct) await cache.set(key, key);
    const reader = new Cache({ cacheDir: dir });
    for (const key of distinct) assert.equal(await reader.get(key), key);
    // As a case-folding file system (macOS, Windows) would see the names: still one file per key.
    for (const windows of [false, true]) {
      const folded = new Map<string, string>();
      for (const key of distinct) {
        const name = keyToFileName(key, { foldsCase: true, windows }).toLowerCase();
        assert.equal(folded.get(name) ?? key, key, `${JSON.stringify(key)} and ${JSON.stringify(folded.get(name))} share ${name}`);
        folded.set(name, key);
      }
    }
    assertContained('case variants');
    report('hostile keys', { 'case variants': distinct.length });
  });

  test('in a folder that folds case and Unicode (measured by the probe), every key still reads back its own value', async function () {
    this.timeout(scaled(60_000, 600_000));
    const folding = new FoldingFileSystem((name) => name.normalize('NFC').toLowerCase());
    const variant = fc.string({ unit: fc.constantFrom('a', 'A', 'é', 'É', 'e\u0301', 'E\u0301', 'ß', 'SS', 'ss', 'ı', 'I', 'i', 'İ', 'K', '\u212a', 'k', '/', '.'), minLength: 1, maxLength: 5 });
    const keys = [...new Set(fc.sample(fc.oneof(variant, hostileKey), scaled(300, 2000)).filter((key) => !mustRefuse(key)))];
    const cache = new Cache({ cacheDir: dir, fs: folding });
    for (const key of keys) await cache.set(key, { key });
    const reader = new Cache({ cacheDir: dir, fs: folding });
    for (const key of keys) assert.deepEqual(await reader.get(key), { key }, JSON.stringify(key.slice(0, 80)));
    assert.deepEqual((await reader.entries()).map((e) => e.key).sort(), keys.sort());
    assertContained('folding folder');
    report('hostile keys', { 'keys in a folding folder': keys.length });
  });
});
