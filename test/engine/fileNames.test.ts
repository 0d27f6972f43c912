import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { fileNameToKey, keyToFileName, StorageError } from '../../src/engine';

const platforms = [
  { name: 'POSIX', options: { windows: false } },
  { name: 'Windows', options: { windows: true } },
];

/** Keys built to hit the hard cases: separators, dots, NUL and controls, device names, case, % escapes, length. */
const trickyKey = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1 }).filter((k) => Buffer.from(k, 'utf8').toString('utf8') === k),
  fc.string({ minLength: 1, maxLength: 300, unit: fc.constantFrom('/', '\\', '.', '\0', '\n', ':', '%', 'A', 'a', ' ', '~', '*', 'é', 'e\u0301', 'ß', 'İ', '😀') }),
  fc.constantFrom('.', '..', '...', 'con', 'CON', 'nul.txt', 'com1', 'LPT9.log', 'aux ', 'conin$', '%41', '%2F', '.hidden', ' x', 'x '),
  fc.string({ minLength: 240, maxLength: 2000 }),
  fc.tuple(fc.string({ minLength: 260, maxLength: 400, unit: fc.constantFrom('a', 'b') }), fc.string()).map(([a, b]) => a + b),
);

suite('key ↔ file name mapping', () => {
  test('plain keys, as the Python tool would name them, stay as they are', () => {
    for (const key of ['process_result', 'video-metadata', 'report:2024.01', 'a.b.c', 'v1', 'x@y+z=1,2', 'my report']) {
      assert.equal(keyToFileName(key, { windows: false }), `${key}.json`);
      assert.equal(fileNameToKey(`${key}.json`, { windows: false }), key);
    }
  });

  test('unsafe characters, capitals, % and non-ASCII are percent-encoded', () => {
    assert.equal(keyToFileName('a/b', { windows: false }), 'a%2Fb.json');
    assert.equal(keyToFileName('..', { windows: false }), '%2E..json');
    assert.equal(keyToFileName('Foo', { windows: false }), '%46oo.json');
    assert.equal(keyToFileName('100%', { windows: false }), '100%25.json');
    assert.equal(keyToFileName('café', { windows: false }), 'caf%C3%A9.json');
    assert.equal(keyToFileName('con', { windows: false }), '%63on.json');
    assert.equal(keyToFileName('nul.txt', { windows: false }), '%6Eul.txt.json');
    assert.equal(keyToFileName('a:b', { windows: true }), 'a%3Ab.json');
  });

  test('names we never write do not decode to a key', () => {
    for (const name of ['Foo.json', '%2f.json', '%zz.json', '.hidden.json', 'x.txt', '.x.json.123.abcdef01.tmp', 'con.json', '.json']) {
      assert.equal(fileNameToKey(name, { windows: false }), undefined, name);
    }
  });

  test('an empty key or one with an unpaired surrogate is refused with EINVALIDKEY', () => {
    for (const key of ['', 'a\ud800', '\udc00b']) {
      assert.throws(() => keyToFileName(key), (e: unknown) => e instanceof StorageError && e.code === 'EINVALIDKEY');
    }
  });

  test('a key too long for one file name gets a shortened name of at most 255 bytes, distinct per key', () => {
    const long = 'k'.repeat(1000);
    const name = keyToFileName(long);
    assert.ok(Buffer.byteLength(name) <= 255);
    assert.match(name, /^k+%~[0-9a-f]{24}\.json$/);
    assert.notEqual(keyToFileName(long + 'x'), name);
    assert.equal(fileNameToKey(name), undefined, 'the full key lives inside the file');
  });

  for (const { name, options } of platforms) {
    suite(`property (${name})`, () => {
      test('every key round-trips exactly to a single safe path component', () => {
        fc.assert(
          fc.property(trickyKey, (key) => {
            const fileName = keyToFileName(key, options);
            assert.ok(Buffer.byteLength(fileName) <= 255, 'fits a file name');
            assert.ok(fileName.endsWith('.json') && !fileName.startsWith('.'), 'visible .json file');
            assert.match(fileName, /^[\x20-\x7e]+$/, 'printable ASCII only');
            assert.doesNotMatch(fileName, /[/\\<>"|?*\0]/);
            if (options.windows) assert.ok(!fileName.includes(':'));
            assert.doesNotMatch(fileName, /^(con|prn|aux|nul|com\d|lpt\d)(\.| )/i);
            assert.equal(path.posix.basename(fileName), fileName);
            if (options.windows) assert.equal(path.win32.basename(fileName), fileName);
            const decoded = fileNameToKey(fileName, options);
            if (/%~[0-9a-f]{24}\.json$/.test(fileName)) assert.equal(decoded, undefined);
            else assert.equal(decoded, key);
          }),
          { numRuns: 3000 },
        );
      });

      test('two different keys never share a file, even on a case-insensitive file system', () => {
        fc.assert(
          fc.property(trickyKey, trickyKey, (a, b) => {
            fc.pre(a !== b);
            const nameA = keyToFileName(a, options).toLowerCase();
            const nameB = keyToFileName(b, options).toLowerCase();
            assert.notEqual(nameA, nameB);
          }),
          { numRuns: 3000 },
        );
        // Pairs differing only in case, built on purpose.
        fc.assert(
          fc.property(fc.string({ minLength: 1, unit: fc.constantFrom('a', 'A', 'é', 'É', 'ß', '1') }), (key) => {
            const upper = key.toUpperCase();
            fc.pre(upper !== key && upper.length > 0);
            assert.notEqual(keyToFileName(key, options).toLowerCase(), keyToFileName(upper, options).toLowerCase());
          }),
        );
      });
    });
  }
});
