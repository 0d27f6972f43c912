// File names per folder, through the real Cache: the folder probe, folders that fold case or Unicode (a folding file
// system over real files, see foldingFileSystem.ts), and files that earlier versions wrote under encoded names.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { Cache } from '../../src/engine';
import { keyNamesFor } from '../../src/engine/fileNames';
import { nodeFileSystem, type FileSystem } from '../../src/engine/fileSystem';
import { probeFolder } from '../../src/engine/folderProbe';
import { tempFileWriterPid } from '../../src/engine/tempFiles';
import { foldCase, FoldingFileSystem, foldUnicode, writeLikePython } from './foldingFileSystem';
import { age, FaultyFileSystem, LINUX_FOLDER, listDir, readText, useTempFolder, writeText } from './helpers';
import { pythonKey } from './keyArbitraries';

const NOW_MS = 1_700_000_000_000;
const entryAt = (data: unknown) => ({ timestamp: NOW_MS / 1000 - 10, data });

suite('file names per folder', () => {
  const temp = useTempFolder();
  let dir = '';
  setup(() => (dir = temp.cacheDir));
  const cacheOn = (fileSystem: FileSystem = nodeFileSystem) => new Cache({ cacheDir: dir, fs: fileSystem, now: () => NOW_MS });

  suite('the folder probe', () => {
    test('finds this machine’s folder as it is, and leaves nothing behind', async () => {
      fs.mkdirSync(dir);
      // An independent measurement: one file, looked up under its other spellings.
      fs.writeFileSync(path.join(dir, 'Xé'), '');
      const foldsCase = fs.existsSync(path.join(dir, 'xé'));
      const normalises = fs.existsSync(path.join(dir, 'Xe\u0301'));
      fs.rmSync(path.join(dir, 'Xé'));
      assert.deepEqual(await probeFolder(nodeFileSystem, dir), { foldsCase, normalises });
      assert.deepEqual(listDir(dir), []);
    });

    test('measures a case-folding folder, a normalising one, and one that does both', async () => {
      fs.mkdirSync(dir);
      assert.deepEqual(await probeFolder(new FoldingFileSystem(foldCase), dir), { foldsCase: true, normalises: false });
      assert.deepEqual(await probeFolder(new FoldingFileSystem(foldUnicode), dir), { foldsCase: false, normalises: true });
      const both = new FoldingFileSystem((name) => name.normalize('NFC').toLowerCase());
      assert.deepEqual(await probeFolder(both, dir), { foldsCase: true, normalises: true });
      assert.deepEqual(listDir(dir), []);
    });

    test('a folder is measured once per process, at the first write, and never while it does not exist', async () => {
      let probes = 0; // probe files created (an attempt in a folder that does not exist creates none)
      const counting: FileSystem = {
        ...nodeFileSystem,
        writeNewFile: async (p, data, durable) => {
          const stat = await nodeFileSystem.writeNewFile(p, data, durable);
          if (/Probe/.test(p)) probes++;
          return stat;
        },
      };
      const cache = cacheOn(counting);
      assert.equal(await cache.get('k'), undefined);
      assert.deepEqual(await cache.entries(), []);
      assert.equal(fs.existsSync(dir), false, 'reading creates no folder');
      await cache.set('k', 1);
      await cache.set('Café', 2);
      await cache.entries();
      assert.equal(await cacheOn(counting).get('k'), 1, 'another cache on the folder, in this process');
      assert.equal(probes, 1);
      assert.deepEqual(listDir(dir), ['Café.json', 'k.json']);
    });

    test('an answer given as an option replaces the measurement', async () => {
      let probes = 0;
      const counting: FileSystem = {
        ...nodeFileSystem,
        writeNewFile: (p, data, durable) => (/Probe/.test(p) && probes++, nodeFileSystem.writeNewFile(p, data, durable)),
      };
      const cache = new Cache({ cacheDir: dir, fs: counting, folderProfile: { foldsCase: true, normalises: false } });
      await cache.set('Report', 1);
      await cache.set('report', 2);
      assert.equal(probes, 0);
      assert.deepEqual(listDir(dir), ['%52eport.json', 'report.json']);
      assert.deepEqual((await cache.entries()).map((e) => [e.key, e.state]), [['Report', 'fresh'], ['report', 'fresh']]);
      const normalising = new Cache({ cacheDir: dir, fs: counting, folderProfile: { foldsCase: false, normalises: true } });
      await normalising.set('cafe\u0301', 1);
      await normalising.set('caf\u00e9', 2);
      assert.equal(probes, 0);
      assert.ok(listDir(dir).includes('cafe%CC%81.json') && listDir(dir).includes('caf\u00e9.json'));
    });

    test('a probe file a crash left behind is a temp file: never listed, reclaimed by cleanup', async () => {
      const failingUnlink = new FaultyFileSystem('unlink', 'EIO');
      await new Cache({ cacheDir: dir, fs: failingUnlink }).set('k', 1);
      const [leftover] = listDir(dir).filter((name) => name !== 'k.json');
      assert.ok(leftover && tempFileWriterPid(leftover) === process.pid, `a temp file of ours: ${leftover}`);
      age(dir, leftover, 3600);
      const cache = cacheOn();
      assert.deepEqual((await cache.entries()).map((e) => e.key), ['k']);
      assert.equal((await cache.cleanup()).tempFilesRemoved, 1);
      assert.deepEqual(listDir(dir), ['k.json']);
    });
  });

  suite('a folder that folds case', () => {
    const folding = () => new FoldingFileSystem(foldCase);

    test('`Report` and `report` are two entries, each with its own value, whatever the order of writes', async () => {
      for (const order of [['Report', 'report'], ['report', 'Report']]) {
        fs.rmSync(dir, { recursive: true, force: true });
        const cache = cacheOn(folding());
        for (const key of order) await cache.set(key, key);
        const reader = cacheOn(folding());
        assert.equal(await reader.get('Report'), 'Report');
        assert.equal(await reader.get('report'), 'report');
        assert.deepEqual((await reader.entries()).map((e) => e.key), ['Report', 'report']);
        assert.equal(reader.fileNames.fileName('Report'), '%52eport.json', 'the mapping the cache measured, for callers');
      }
    });

    test('the Python tool’s `report` is read by key; `get("Report")` misses it instead of returning its value', async () => {
      await writeLikePython(folding(), dir, 'report', entryAt({ from: 'python' }));
      const cache = cacheOn(folding());
      assert.deepEqual(await cache.get('report'), { from: 'python' });
      assert.equal(await cache.get('Report'), undefined);
    });

    test('a file the Python tool wrote as `Report.json` is listed as what it is there: the file `report` reads', async () => {
      await writeLikePython(folding(), dir, 'Report', entryAt(1));
      const cache = cacheOn(folding());
      assert.deepEqual((await cache.entries()).map((e) => [e.key, e.fileName, e.state]), [['report', 'Report.json', 'fresh']]);
      assert.equal(await cache.get('report'), 1);
      assert.equal(await cache.delete('report'), true);
      assert.deepEqual(listDir(dir), []);
    });
  });

  suite('a folder that normalises Unicode', () => {
    test('the NFC and NFD spellings of a key are two entries; the NFC one is the Python tool’s file', async () => {
      const nfc = 'caf\u00e9';
      const nfd = 'cafe\u0301';
      const cache = cacheOn(new FoldingFileSystem(foldUnicode));
      await cache.set(nfd, 'decomposed');
      await cache.set(nfc, 'composed');
      const reader = cacheOn(new FoldingFileSystem(foldUnicode));
      assert.equal(await reader.get(nfc), 'composed');
      assert.equal(await reader.get(nfd), 'decomposed');
      assert.deepEqual(listDir(dir), [`${nfc}.json`, 'cafe%CC%81.json'].sort());
      assert.deepEqual((await reader.entries()).map((e) => e.key).sort(), [nfc, nfd].sort());
    });
  });

  suite('files earlier versions wrote', () => {
    const legacy = 'caf%C3%A9 Menu.json';

    test('are read by key and listed once under it', async () => {
      writeText(dir, legacy, JSON.stringify(entryAt('old')));
      const cache = cacheOn();
      assert.equal(await cache.get('café Menu'), 'old');
      assert.equal((await cache.peek('café Menu'))?.data, 'old');
      assert.deepEqual((await cache.entries()).map((e) => [e.key, e.fileName, e.state]), [['café Menu', legacy, 'fresh']]);
    });

    test('the first write moves the entry to the one name; the old file goes in the same step', async () => {
      writeText(dir, legacy, JSON.stringify(entryAt('old')));
      writeText(dir, '%52eport.json', JSON.stringify(entryAt('old report')));
      const cache = cacheOn();
      await cache.set('café Menu', 'new');
      assert.deepEqual(listDir(dir), ['%52eport.json', 'café Menu.json']);
      assert.equal(await cacheOn().get('café Menu'), 'new');
      assert.equal(await cache.get('Report'), 'old report', 'written on macOS, read on Linux');
      await cache.set('Report', 'new report');
      assert.deepEqual(listDir(dir), ['Report.json', 'café Menu.json']);
    });

    test('when both names exist, the current one is read and listed, and delete removes both', async () => {
      writeText(dir, legacy, JSON.stringify(entryAt('old')));
      writeText(dir, 'café Menu.json', JSON.stringify(entryAt('new')));
      const cache = cacheOn();
      assert.equal(await cache.get('café Menu'), 'new');
      assert.deepEqual((await cache.entries()).map((e) => [e.key, e.fileName]), [['café Menu', 'café Menu.json']]);
      assert.equal(await cache.delete('café Menu'), true);
      assert.equal(await cacheOn().get('café Menu'), undefined);
      assert.deepEqual(listDir(dir), []);
    });

    test('an expired one is removed by cleanup, as any entry', async () => {
      writeText(dir, legacy, JSON.stringify({ timestamp: NOW_MS / 1000 - 100_000, data: 'old' }));
      const report = await cacheOn().cleanup();
      assert.deepEqual([report.removed, report.unreadable], [1, 0]);
      assert.deepEqual(listDir(dir), []);
    });

    test('whatever mix of earlier and current names is on disk, each key is listed once and reads its current file (property)', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.record({ key: fc.oneof(pythonKey, fc.string({ minLength: 200, maxLength: 300 })), where: fc.constantFrom('current', 'older', 'both') }), {
            selector: (e) => e.key,
            minLength: 1,
            maxLength: 12,
          }),
          async (entries) => {
            const runDir = path.join(temp.parent, `mix-${run++}`);
            const names = keyNamesFor({ windows: false, foldsCase: false, normalises: false });
            const expected = new Map<string, string>();
            for (const { key, where } of entries) {
              const older = names.olderFileNames(key)[0];
              const current = names.fileName(key);
              // The key goes inside too, as a shortened name needs; plain names ignore it.
              const write = (name: string, data: string) => writeText(runDir, name, JSON.stringify({ ...entryAt(data), key }));
              if (where !== 'older' || !older) write(current, 'current');
              if (where !== 'current' && older) write(older, 'older');
              expected.set(key, where === 'older' && older ? 'older' : 'current');
            }
            const cache = new Cache({ cacheDir: runDir, now: () => NOW_MS, folderProfile: LINUX_FOLDER });
            const listed = await cache.entries();
            assert.deepEqual(listed.map((e) => e.key).sort(), [...expected.keys()].sort(), 'each key once');
            assert.ok(listed.every((e) => e.state === 'fresh'));
            for (const [key, value] of expected) assert.equal(await cache.get(key), value);
            for (const key of expected.keys()) await cache.set(key, 'new');
            assert.deepEqual(listDir(runDir), [...expected.keys()].map((key) => names.fileName(key)).sort(), 'one current file per key');
          },
        ),
        { numRuns: 40 },
      );
    });

    test('a shortened name an earlier version wrote still reads by key, and the next write replaces it', async () => {
      const key = 'é'.repeat(200); // 400 bytes: shortened by both versions, with different prefixes
      const cache = cacheOn();
      await cache.set(key, 'new');
      const [current] = listDir(dir);
      const [older] = keyNamesFor({ windows: false, foldsCase: false, normalises: false }).olderFileNames(key);
      assert.ok(older && older !== current, 'the earlier version shortened it under another prefix');
      fs.renameSync(path.join(dir, current!), path.join(dir, older));
      assert.equal(await cacheOn().get(key), 'new');
      assert.equal(readText(dir, older).includes('"key":'), true);
      await cache.set(key, 'newer');
      assert.deepEqual(listDir(dir), [current]);
    });

    test('deleting an earlier-named file by its name forgets the value it held, shortened names included', async () => {
      const long = 'é'.repeat(200);
      const plainNames = keyNamesFor({ windows: false, foldsCase: false, normalises: false });
      writeText(dir, legacy, JSON.stringify(entryAt('old')));
      writeText(dir, plainNames.olderFileNames(long)[0]!, JSON.stringify({ ...entryAt('old long'), key: long }));
      const cache = cacheOn();
      const deletedKeys: string[] = [];
      cache.onDidChange((change) => change.type === 'delete' && deletedKeys.push(change.key));
      assert.equal(await cache.get('café Menu'), 'old');
      assert.equal(await cache.get(long), 'old long');
      assert.equal(await cache.deleteFile(legacy), true);
      assert.equal(await cache.deleteFile(plainNames.olderFileNames(long)[0]!), true);
      assert.deepEqual(deletedKeys, ['café Menu', long], 'the change names the key');
      assert.equal(await cache.get('café Menu'), undefined, 'not served from memory');
      assert.equal(await cache.get(long), undefined);
      assert.deepEqual(listDir(dir), []);
    });
  });
});
