import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { fileNameToKey, keyToFileName, StorageError } from '../../src/engine';

const platforms = [
  { name: 'Linux', options: { windows: false, foldsCase: false } },
  { name: 'macOS', options: { windows: false, foldsCase: true } },
  { name: 'Windows', options: { windows: true, foldsCase: true } },
];
const linux = { windows: false, foldsCase: false };
const macOS = { windows: false, foldsCase: true };

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
      for (const options of [linux, macOS]) {
        assert.equal(keyToFileName(key, options), `${key}.json`);
        assert.equal(fileNameToKey(`${key}.json`, options), key);
      }
    }
  });

  test('capital letters stay plain where case is kept (Linux), so the Python tool finds the same file', () => {
    assert.equal(keyToFileName('Report', linux), 'Report.json');
    assert.equal(keyToFileName('features:UserTable', linux), 'features:UserTable.json');
    assert.equal(fileNameToKey('Report.json', linux), 'Report');
    assert.notEqual(keyToFileName('Report', linux), keyToFileName('report', linux));
  });

  test('unsafe characters, % and non-ASCII are percent-encoded; capitals too where case is folded', () => {
    assert.equal(keyToFileName('a/b', linux), 'a%2Fb.json');
    assert.equal(keyToFileName('..', linux), '%2E..json');
    assert.equal(keyToFileName('Foo', macOS), '%46oo.json');
    assert.equal(keyToFileName('100%', linux), '100%25.json');
    assert.equal(keyToFileName('café', linux), 'caf%C3%A9.json');
    assert.equal(keyToFileName('con', linux), '%63on.json');
    assert.equal(keyToFileName('CON', linux), '%43ON.json');
    assert.equal(keyToFileName('nul.txt', linux), '%6Eul.txt.json');
    assert.equal(keyToFileName('a:b', { windows: true }), 'a%3Ab.json');
  });

  test('names we never write do not decode to a key', () => {
    for (const name of ['%2f.json', '%zz.json', '.hidden.json', 'x.txt', '.x.json.123.abcdef01.tmp', 'con.json', 'CON.json', '.json']) {
      assert.equal(fileNameToKey(name, linux), undefined, name);
    }
    assert.equal(fileNameToKey('Foo.json', macOS), undefined, 'Foo.json where case is folded');
  });

  test('a key that starts with a byte order mark keeps it (TextDecoder would drop it)', () => {
    const key = '\ufeffreport';
    assert.equal(keyToFileName(key, linux), '%EF%BB%BFreport.json');
    assert.equal(fileNameToKey('%EF%BB%BFreport.json', linux), key);
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

      // Where case is folded, names must differ ignoring case; elsewhere, exactly.
      const sameFile = options.foldsCase ? (name: string) => name.toLowerCase() : (name: string) => name;
      test(`two different keys never share a file${options.foldsCase ? ', though the file system folds case' : ''}`, () => {
        fc.assert(
          fc.property(trickyKey, trickyKey, (a, b) => {
            fc.pre(a !== b);
            assert.notEqual(sameFile(keyToFileName(a, options)), sameFile(keyToFileName(b, options)));
          }),
          { numRuns: 3000 },
        );
        // Pairs differing only in case, built on purpose.
        fc.assert(
          fc.property(fc.string({ minLength: 1, unit: fc.constantFrom('a', 'A', 'é', 'É', 'ß', '1') }), (key) => {
            const upper = key.toUpperCase();
            fc.pre(upper !== key && upper.length > 0);
            assert.notEqual(sameFile(keyToFileName(key, options)), sameFile(keyToFileName(upper, options)));
          }),
        );
      });
    });
  }
});
