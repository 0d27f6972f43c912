import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { nodeFileSystem, StorageError, type FileSystem } from '../../src/engine';
import { FaultyFileSystem, listDir, makeCache, useTempFolder, readText, type FaultyOperation, LINUX_FOLDER } from './helpers';

function hasCode(code: string, key?: string) {
  return (error: unknown) => error instanceof StorageError && error.code === code && (key === undefined || error.key === key) && error.cause !== undefined;
}

suite('Cache under file-system faults', () => {
  const temp = useTempFolder();
  let dir = '';
  setup(() => (dir = temp.cacheDir));

  const writeFaults: [FaultyOperation, string][] = [
    ['writeNewFile', 'ENOSPC'],
    ['rename', 'ENOSPC'],
    ['writeNewFile', 'EACCES'],
    ['rename', 'EIO'],
    ['writeNewFile', 'EMFILE'],
  ];
  for (const [operation, code] of writeFaults) {
    test(`${code} on ${operation}: set throws StorageError ${code}; the old file and memory are intact; no temp file left`, async () => {
      const faulty = new FaultyFileSystem(operation, code);
      faulty.armed = false;
      const { cache } = makeCache(dir, { fs: faulty });
      await cache.set('k', { version: 1 });
      const before = readText(dir, 'k.json');
      faulty.armed = true;
      await assert.rejects(cache.set('k', { version: 2 }), hasCode(code, 'k'));
      await assert.rejects(cache.set('other', 1), hasCode(code, 'other'));
      faulty.armed = false;
      assert.equal(readText(dir, 'k.json'), before);
      assert.deepEqual(await cache.get('k'), { version: 1 }, 'memory still holds what the disk holds');
      assert.equal(await cache.get('other'), undefined, 'nothing in memory the disk does not have');
      assert.deepEqual(listDir(dir), ['k.json']);
    });
  }

  test('a failed first write into a fresh folder leaves memory empty', async () => {
    const faulty = new FaultyFileSystem('rename', 'ENOSPC');
    const { cache } = makeCache(dir, { fs: faulty });
    await assert.rejects(cache.set('k', 1), hasCode('ENOSPC'));
    faulty.armed = false;
    assert.equal(await cache.get('k'), undefined);
    assert.deepEqual(listDir(dir), []);
  });

  test('EIO or EMFILE on read makes get throw StorageError (a fault, not a miss)', async () => {
    for (const code of ['EIO', 'EMFILE']) {
      const faulty = new FaultyFileSystem('readFile', code);
      faulty.armed = false;
      const writer = makeCache(dir).cache;
      await writer.set('k', 1);
      const { cache } = makeCache(dir, { fs: faulty });
      faulty.armed = true;
      await assert.rejects(cache.get('k'), hasCode(code, 'k'));
      await assert.rejects(cache.peek('k'), hasCode(code, 'k'));
    }
  });

  test('EACCES on read means the file is unreadable: get misses, entries lists it with the reason', async () => {
    const faulty = new FaultyFileSystem('readFile', 'EACCES');
    faulty.armed = false;
    await makeCache(dir).cache.set('k', 1);
    const { cache } = makeCache(dir, { fs: faulty });
    faulty.armed = true;
    assert.equal(await cache.get('k'), undefined);
    const [info] = await cache.entries();
    assert.equal(info?.state, 'unreadable');
    assert.match(info!.problem!, /Permission denied/);
  });

  test('an I/O fault on one file lists it as unreadable instead of failing the listing', async () => {
    const faulty = new FaultyFileSystem('readFile', 'EIO');
    faulty.armed = false;
    const { cache } = makeCache(dir, { fs: faulty });
    await cache.set('a', 1);
    await cache.set('b', 2);
    faulty.armed = true;
    const list = await cache.entries();
    assert.deepEqual(list.map((e) => [e.key, e.state]), [['a', 'unreadable'], ['b', 'unreadable']]);
    assert.match(list[0]!.problem!, /EIO/);
  });

  test('EACCES on unlink: delete throws StorageError EACCES and the file stays', async () => {
    const faulty = new FaultyFileSystem('unlink', 'EACCES');
    faulty.armed = false;
    const { cache } = makeCache(dir, { fs: faulty });
    await cache.set('k', 1);
    faulty.armed = true;
    await assert.rejects(cache.delete('k'), hasCode('EACCES', 'k'));
    assert.deepEqual(listDir(dir), ['k.json']);
    await assert.rejects(cache.clear(), hasCode('EACCES'));
  });

  test('a fault during cleanup still cleans the other files, then reports the error', async () => {
    const faulty = new FaultyFileSystem('rename', 'EIO');
    faulty.armed = false;
    const { cache, clock } = makeCache(dir, { fs: faulty, ttl: 10 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    clock.advanceSeconds(11);
    faulty.armed = true;
    await assert.rejects(cache.cleanup(), hasCode('EIO'));
    assert.deepEqual(listDir(dir), ['a.json', 'b.json']);
    faulty.armed = false;
    assert.equal((await cache.cleanup()).removed, 2);
  });

  test('durable mode fsyncs file and folder; if the folder fsync fails after the rename, memory drops the old value', async () => {
    const synced: string[] = [];
    let failFolderSync = false;
    const tracking: FileSystem = {
      ...nodeFileSystem,
      writeNewFile: (p, data, durable) => (synced.push(`file durable=${durable}`), nodeFileSystem.writeNewFile(p, data, durable)),
      syncDirectory: async (p) => {
        if (failFolderSync) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
        synced.push('folder');
        return nodeFileSystem.syncDirectory(p);
      },
    };
    const { cache } = makeCache(dir, { fs: tracking, durable: true, folderProfile: LINUX_FOLDER }); // no probe file in the count
    await cache.set('k', 1);
    assert.deepEqual(synced, ['file durable=true', 'folder']);
    failFolderSync = true;
    await assert.rejects(cache.set('k', 2), hasCode('EIO', 'k'));
    assert.equal(await cache.get('k'), 2, 'the new file landed; memory must not still say 1');
  });

  test('the folder removed under a running cache is recreated by the next write', async () => {
    const { cache } = makeCache(dir);
    await cache.set('a', 1);
    fs.rmSync(temp.parent, { recursive: true, force: true });
    await cache.set('b', 2);
    assert.deepEqual(listDir(dir), ['b.json']);
  });
});
