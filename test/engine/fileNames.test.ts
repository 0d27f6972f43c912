import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { fileNameToKey, keyToFileName, StorageError, type FileNameOptions } from '../../src/engine';
import { keyNamesFor } from '../../src/engine/fileNames';
import { pythonKey } from './keyArbitraries';

/** Folders as the probe can find them: Linux ext4, macOS APFS (folds case and Unicode), Windows NTFS, and the two alone. */
const folders: Array<{ name: string; options: Required<FileNameOptions> }> = [
  { name: 'a plain folder (Linux)', options: { windows: false, foldsCase: false, normalises: false } },
  { name: 'a case-folding folder', options: { windows: false, foldsCase: true, normalises: false } },
  { name: 'a normalising folder', options: { windows: false, foldsCase: false, normalises: true } },
  { name: 'macOS (folds case and Unicode)', options: { windows: false, foldsCase: true, normalises: true } },
  { name: 'Windows', options: { windows: true, foldsCase: true, normalises: false } },
];
const plain = folders[0]!.options;
const folding = folders[1]!.options;
const normalising = folders[2]!.options;
const windows = folders[4]!.options;

/** Keys built to hit the hard cases: separators, dots, NUL and controls, device names, case, % escapes, length. */
const trickyKey = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1 }).filter((k) => Buffer.from(k, 'utf8').toString('utf8') === k),
  fc.string({ minLength: 1, maxLength: 300, unit: fc.constantFrom('/', '\\', '.', '\0', '\n', ':', '%', '%4', '%~', 'A', 'a', 'F', ' ', '~', '*', 'é', 'e\u0301', '\u0307', 'ß', 'İ', 'ı', '\u212a', '😀', '\u0085') }),
  fc.constantFrom('.', '..', '...', 'con', 'CON', 'nul.txt', 'com1', 'LPT9.log', 'aux ', 'conin$', '%41', '%2F', '%2f', '%~', '.hidden', ' x', 'x '),
  fc.string({ minLength: 240, maxLength: 2000 }),
  fc.string({ unit: 'grapheme', minLength: 80, maxLength: 300 }),
  pythonKey,
);

/** How a folder with these rules compares names: the same file when equal after its folding. */
function sameFileIn(options: FileNameOptions): (name: string) => string[] {
  return (name) => {
    const spelled = options.normalises ? name.normalize('NFD') : name;
    return options.foldsCase ? [spelled.toLowerCase(), spelled.toUpperCase()] : [spelled];
  };
}

suite('key ↔ file name mapping', () => {
  test('any key the Python tool writes safely is its own file name: Unicode, capitals, spaces, `:`, `%`', () => {
    const keys = ['process_result', 'Café Menu', 'unicode_ключ', '日本語:キー', 'emoji 🎬 clip', 'naïve résumé', 'Report', '100%', 'con', 'a?b', ' lead', '\ufeffreport'];
    for (const key of keys) {
      assert.equal(keyToFileName(key, plain), `${key}.json`, key);
      assert.deepEqual(keyNamesFor(plain).decode(`${key}.json`), { key, current: true }, key);
    }
  });

  test('only what is unsafe is encoded: separators, controls, a leading dot, and a `%` that would read as an escape', () => {
    assert.equal(keyToFileName('a/b', plain), 'a%2Fb.json');
    assert.equal(keyToFileName('a\\b', plain), 'a%5Cb.json');
    assert.equal(keyToFileName('..', plain), '%2E..json');
    assert.equal(keyToFileName('.hidden', plain), '%2Ehidden.json');
    assert.equal(keyToFileName('tab\there', plain), 'tab%09here.json');
    assert.equal(keyToFileName('é/ü', plain), 'é%2Fü.json', 'the rest of an encoded key stays as it is');
    assert.equal(keyToFileName('caf%C3%A9', plain), 'caf%25C3%25A9.json', 'a key that looks encoded is escaped itself');
    assert.equal(keyToFileName('50%ff', plain), '50%25ff.json');
    assert.equal(keyToFileName('50%off', plain), '50%off.json', '`%` not followed by two hex digits is plain');
  });

  test('on Windows, its reserved characters, device names and a leading space are encoded too', () => {
    assert.equal(keyToFileName('a:b', windows), 'a%3Ab.json');
    assert.equal(keyToFileName('a?b', windows), 'a%3Fb.json');
    assert.equal(keyToFileName('con', windows), '%63on.json');
    assert.equal(keyToFileName('nul.txt', windows), '%6Eul.txt.json');
    assert.equal(keyToFileName(' lead', windows), '%20lead.json');
  });

  test('where case is folded, only the lowercase spelling is plain, so `Report` never opens `report`’s file', () => {
    assert.equal(keyToFileName('report', folding), 'report.json');
    assert.equal(keyToFileName('Report', folding), '%52eport.json');
    assert.equal(keyToFileName('Café', folding), '%43afé.json');
    assert.equal(keyToFileName('日本語:キー', folding), '日本語:キー.json', 'scripts without case stay plain');
    // Characters that fold onto another one (ß → ss, ı → i, the Kelvin sign → k) are encoded.
    assert.equal(keyToFileName('straße', folding), 'stra%C3%9Fe.json');
    assert.equal(keyToFileName('\u212a', folding), '%E2%84%AA.json');
    // The Python tool's `Report.json` is, in such a folder, the file that `report` reads.
    assert.deepEqual(keyNamesFor(folding).decode('Report.json'), { key: 'report', current: false });
  });

  test('where Unicode is normalised, only the NFC spelling is plain; an NFD listing decodes to it', () => {
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    assert.equal(keyToFileName(nfc, normalising), `${nfc}.json`);
    assert.equal(keyToFileName(nfd, normalising), 'cafe%CC%81.json');
    assert.equal(keyToFileName('\u00e9/x', normalising), '%C3%A9%2Fx.json', 'an encoded name stays ASCII there');
    assert.deepEqual(keyNamesFor(normalising).decode(`${nfd}.json`), { key: nfc, current: true }, 'as HFS+ lists it');
    assert.equal(keyToFileName(nfd, plain), `${nfd}.json`, 'a plain folder keeps both spellings apart');
  });

  test('names earlier versions wrote decode to their key, marked as not current', () => {
    const decode = (name: string, options = plain) => keyNamesFor(options).decode(name);
    assert.deepEqual(decode('caf%C3%A9 Menu.json'), { key: 'café Menu', current: false });
    assert.deepEqual(decode('%52eport.json'), { key: 'Report', current: false });
    assert.deepEqual(decode('%52eport.json', folding), { key: 'Report', current: true }, 'the same name as today there');
    assert.deepEqual(decode('100%25.json'), { key: '100%', current: false });
    assert.deepEqual(decode('%63on.json'), { key: 'con', current: false });
    assert.deepEqual(decode('a%3Ab.json'), { key: 'a:b', current: false }, 'written on Windows');
    // As Linux and as macOS wrote it (capitals encoded there): the folder may have been shared.
    assert.deepEqual(keyNamesFor(plain).olderFileNames('café Menu'), ['caf%C3%A9 Menu.json', 'caf%C3%A9 %4Denu.json']);
    assert.deepEqual(keyNamesFor(plain).olderFileNames('process_result'), []);
    // Where case is folded, a plain capital is another key's file: never an older name there.
    assert.deepEqual(keyNamesFor(folding).olderFileNames('Report'), []);
    assert.deepEqual(keyNamesFor(folding).olderFileNames('Café'), ['%43af%C3%A9.json']);
  });

  test('names the cache never writes do not decode to a key', () => {
    for (const name of ['%2f.json', '%2F%zz.json', '.hidden.json', 'x.txt', '.x.json.123.abcdef01.tmp', '.json', '%~.json', '%C3.json']) {
      assert.equal(fileNameToKey(name, plain), undefined, name);
    }
    assert.equal(fileNameToKey('con.json', windows), undefined);
    assert.equal(fileNameToKey('e\u0301.json', { ...folding, normalises: true }), 'é', 'listed in NFD, it is the NFC key');
  });

  test('an empty key or one with an unpaired surrogate is refused with EINVALIDKEY', () => {
    for (const key of ['', 'a\ud800', '\udc00b']) {
      assert.throws(() => keyToFileName(key, plain), (e: unknown) => e instanceof StorageError && e.code === 'EINVALIDKEY');
    }
  });

  test('a key too long for one file name gets a shortened name of at most 255 bytes, cut between characters', () => {
    for (const long of ['k'.repeat(1000), 'ключ'.repeat(100), '🎬'.repeat(100)]) {
      const name = keyToFileName(long, plain);
      assert.ok(Buffer.byteLength(name) <= 255);
      assert.match(name, /%~[0-9a-f]{24}\.json$/);
      assert.equal(Buffer.from(name).toString(), name, 'valid UTF-8');
      assert.notEqual(keyToFileName(long + 'x', plain), name);
      assert.equal(fileNameToKey(name, plain), undefined, 'the full key lives inside the file');
    }
    assert.equal(keyToFileName('é'.repeat(125), plain), `${'é'.repeat(125)}.json`, '250 bytes still fit');
  });

  test('Python-style keys (many scripts, emoji, combining marks, NFC and NFD, capitals, spaces, `:`) are plain (property)', () => {
    fc.assert(
      fc.property(pythonKey, (key) => {
        assert.equal(keyToFileName(key, plain), `${key}.json`);
      }),
      { numRuns: 2000 },
    );
  });

  for (const { name, options } of folders) {
    suite(`property (${name})`, () => {
      const names = keyNamesFor(options);
      test('every key round-trips exactly to a single safe path component', () => {
        fc.assert(
          fc.property(trickyKey, (key) => {
            const fileName = keyToFileName(key, options);
            assert.ok(Buffer.byteLength(fileName) <= 255, 'fits a file name');
            assert.ok(fileName.endsWith('.json') && !fileName.startsWith('.'), 'visible .json file');
            // eslint-disable-next-line no-control-regex -- control characters must never reach a name
            assert.doesNotMatch(fileName, /[/\\\x00-\x1f\x7f-\x9f]/);
            if (options.windows) assert.doesNotMatch(fileName, /[<>:"|?*]|^(con|prn|aux|nul|com\d|lpt\d)(\.| )/i);
            assert.equal(path.posix.basename(fileName), fileName);
            if (options.windows) assert.equal(path.win32.basename(fileName), fileName);
            if (/%~[0-9a-f]{24}\.json$/.test(fileName)) assert.equal(names.decode(fileName), undefined);
            else assert.deepEqual(names.decode(fileName), { key, current: true });
            for (const older of names.olderFileNames(key)) {
              if (/%~[0-9a-f]{24}\.json$/.test(older)) assert.ok(names.isNameOf(key, older));
              else assert.deepEqual(names.decode(older), { key, current: false }, older);
            }
          }),
          { numRuns: 2000 },
        );
      });

      const sameFile = sameFileIn(options);
      const folds = options.foldsCase || options.normalises;
      test(`two different keys never share a file${folds ? ', though the folder folds names' : ''}`, () => {
        const collide = (a: string, b: string) => {
          const [x, y] = [sameFile(keyToFileName(a, options)), sameFile(keyToFileName(b, options))];
          return x.some((form, i) => form === y[i]);
        };
        fc.assert(
          fc.property(trickyKey, trickyKey, (a, b) => {
            fc.pre(a !== b);
            assert.ok(!collide(a, b), `${JSON.stringify(a)} and ${JSON.stringify(b)}`);
          }),
          { numRuns: 2000 },
        );
        // Pairs that differ only in case or in normalization, built on purpose.
        fc.assert(
          fc.property(fc.string({ minLength: 1, unit: fc.constantFrom('a', 'A', 'é', 'É', 'e\u0301', 'ß', 'ss', 'ı', 'i', '\u212a', 'k', '1') }), (key) => {
            for (const variant of [key.toUpperCase(), key.toLowerCase(), key.normalize('NFC'), key.normalize('NFD')]) {
              if (variant !== key) assert.ok(!collide(key, variant), `${JSON.stringify(key)} and ${JSON.stringify(variant)}`);
            }
          }),
        );
      });
    });
  }
});
