// Cache.deleteFile: identity is the file. It removes exactly the named file when it is the cache's, and reports why not.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem, StorageError, type CacheChange, type FileSystem } from '../../src/engine';
import { listDir, makeCache, readText, useTempFolder, writeText } from './helpers';

const ENTRY = '{"timestamp":1700000000,"data":{"rows":12}}';

suite('Cache.deleteFile', () => {
  const temp = useTempFolder();
  let dir = '';
  setup(() => (dir = temp.cacheDir));

  test('removes the entry file it is given, and only that one, firing a delete change with the file name', async () => {
    const { cache } = makeCache(dir);
    await cache.set('report', { rows: 1 });
    await cache.set('other', 2);
    const changes: CacheChange[] = [];
    cache.onDidChange((change) => changes.push(change));
    assert.equal(await cache.deleteFile('report.json'), true);
    assert.deepEqual(listDir(dir), ['other.json']);
    assert.deepEqual(changes, [{ type: 'delete', key: 'report', fileName: 'report.json' }]);
  });

  test('returns false when the file is already gone, and fires nothing', async () => {
    const { cache } = makeCache(dir);
    const changes: CacheChange[] = [];
    cache.onDidChange((change) => changes.push(change));
    assert.equal(await cache.deleteFile('missing.json'), false);
    await cache.set('gone', 1);
    fs.unlinkSync(path.join(dir, 'gone.json'));
    assert.equal(await cache.deleteFile('gone.json'), false);
    assert.deepEqual(changes.filter((c) => c.type === 'delete'), []);
  });

  test('drops the memory copy of the key, so get misses at once (within the revalidation window)', async () => {
    const { cache } = makeCache(dir, { revalidateAfterMs: 60_000 });
    await cache.set('hot', 'value');
    assert.equal(await cache.get('hot'), 'value');
    await cache.deleteFile('hot.json');
    assert.equal(await cache.get('hot'), undefined);
  });

  test('removes an entry written by another tool under a name the engine would spell differently, not the engine\'s file', async () => {
    const { cache } = makeCache(dir, { revalidateAfterMs: 60_000 });
    // `model:v2` percent-encoded by hand is not the engine's spelling; the engine's file for key `model%3Av2` is `model%253Av2.json`.
    await cache.set('model%3Av2', 'the engine entry');
    writeText(dir, 'model%3Av2.json', ENTRY);
    assert.equal(await cache.deleteFile('model%3Av2.json'), true);
    assert.deepEqual(listDir(dir), ['model%253Av2.json']);
    assert.equal(await cache.get('model%3Av2'), 'the engine entry');
  });

  test('removes a torn write (cut off, or empty) at an entry name', async () => {
    const { cache } = makeCache(dir);
    writeText(dir, 'torn.json', '{"timestamp":1700000000,"data":{"ro');
    writeText(dir, 'empty.json', '');
    assert.equal(await cache.deleteFile('torn.json'), true);
    assert.equal(await cache.deleteFile('empty.json'), true);
    assert.deepEqual(listDir(dir), []);
  });

  test('removes an entry whose data comes after a long head, and a pretty-printed one', async () => {
    const { cache } = makeCache(dir);
    writeText(dir, 'late.json', `{"note":"${'x'.repeat(10_000)}","data":1}`);
    writeText(dir, 'pretty.json', JSON.stringify({ timestamp: 1, data: [1, 2] }, null, 2));
    assert.equal(await cache.deleteFile('late.json'), true);
    assert.equal(await cache.deleteFile('pretty.json'), true);
    assert.deepEqual(listDir(dir), []);
  });

  const refusals: [string, () => void, RegExp][] = [
    ['a hidden JSON file', () => writeText(dir, '.eslintrc.json', ENTRY), /hidden name/],
    ['JSON without data', () => writeText(dir, 'package.json', '{"name":"app","version":"1.0.0"}'), /JSON that is not a cache entry/],
    ['a JSON array', () => writeText(dir, 'list.json', '[1,2,3]'), /JSON that is not a cache entry/],
    ['a file not named *.json', () => writeText(dir, 'notes.txt', ENTRY), /not named like an entry/],
    ['a folder named *.json', () => fs.mkdirSync(path.join(dir, 'folder.json'), { recursive: true }), /a folder/],
  ];
  for (const [what, make, reason] of refusals) {
    test(`refuses ${what} with ENOTCACHEFILE and the reason, and deletes nothing`, async () => {
      const { cache } = makeCache(dir);
      make();
      const before = listDir(dir);
      const name = before[0]!;
      await assert.rejects(cache.deleteFile(name), (error: unknown) => {
        assert.ok(error instanceof StorageError);
        assert.equal(error.code, 'ENOTCACHEFILE');
        assert.match(error.message, reason);
        assert.ok(error.message.includes(JSON.stringify(name)), error.message);
        return true;
      });
      assert.deepEqual(listDir(dir), before);
    });
  }

  test('refuses a symbolic link, leaving the link and its target (an entry) as they were', async () => {
    const { cache } = makeCache(dir);
    writeText(temp.parent, 'target.json', ENTRY);
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(path.join(temp.parent, 'target.json'), path.join(dir, 'link.json'));
    await assert.rejects(cache.deleteFile('link.json'), { code: 'ENOTCACHEFILE', message: /symbolic link/ });
    assert.equal(fs.lstatSync(path.join(dir, 'link.json')).isSymbolicLink(), true);
    assert.equal(readText(temp.parent, 'target.json'), ENTRY);
  });

  for (const name of ['../target.json', 'sub/x.json', 'a\\b.json', '.', '..', '', 'nul\0.json']) {
    test(`refuses the name ${JSON.stringify(name)} as outside the cache folder`, async () => {
      const { cache } = makeCache(dir);
      writeText(temp.parent, 'target.json', ENTRY);
      await assert.rejects(cache.deleteFile(name), { code: 'ENOTCACHEFILE', message: /outside the cache folder/ });
      assert.equal(readText(temp.parent, 'target.json'), ENTRY);
    });
  }

  test('refuses the temp file of a write in progress, and removes an abandoned one', async () => {
    const { cache } = makeCache(dir);
    const live = `.report.json.${process.pid}.0123abcd.tmp`;
    const dead = '.report.json.999999999.89abcdef.tmp';
    writeText(dir, live, ENTRY);
    writeText(dir, dead, ENTRY);
    const longAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(dir, dead), longAgo, longAgo);
    await assert.rejects(cache.deleteFile(live), { code: 'ENOTCACHEFILE', message: /write still in progress/ });
    assert.equal(await cache.deleteFile(dead), true);
    assert.deepEqual(listDir(dir), [live]);
  });

  test('an aside folder removed under mkdir by the last removal of another task is made again, and the file still goes', async () => {
    // Node's recursive mkdir answers ENOENT when the folder it found existing is removed before it checks it.
    let raced = false;
    const racingFs: FileSystem = {
      ...nodeFileSystem,
      mkdir: async (p) => {
        if (!raced && path.basename(p).startsWith('.cache-aside.')) {
          raced = true;
          throw Object.assign(new Error(`ENOENT: no such file or directory, mkdir '${p}'`), { code: 'ENOENT' });
        }
        return nodeFileSystem.mkdir(p);
      },
    };
    const { cache } = makeCache(dir, { fs: racingFs });
    writeText(dir, 'report.json', ENTRY);
    assert.equal(await cache.deleteFile('report.json'), true);
    assert.equal(raced, true);
    assert.deepEqual(listDir(dir), []);
  });

  test('16 deletes in flight at a time, as Delete Matching… runs them, remove every file and leave no aside folder', async () => {
    const { cache } = makeCache(dir);
    const names = Array.from({ length: 400 }, (_, i) => `doomed:${i}.json`);
    for (const name of names) writeText(dir, name, ENTRY);
    writeText(dir, 'kept.json', ENTRY);
    let next = 0;
    const removed: boolean[] = [];
    const worker = async () => {
      while (next < names.length) removed.push(await cache.deleteFile(names[next++]!));
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    assert.deepEqual(removed.filter((r) => !r), []);
    assert.deepEqual(fs.readdirSync(dir), ['kept.json']);
  });
});
