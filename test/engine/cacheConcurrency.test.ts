import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem, StorageError, type FileSystem } from '../../src/engine';
import { KeyLocks } from '../../src/engine/keyLocks';
import { makeCache, useTempFolder, writeText, LINUX_FOLDER } from './helpers';

const tick = () => new Promise((resolve) => setImmediate(resolve));

suite('Cache concurrency', () => {
  const temp = useTempFolder();
  let dir = '';
  setup(() => (dir = temp.cacheDir));

  suite('KeyLocks', () => {
    test('runs tasks for one key one at a time in call order, other keys in parallel', async () => {
      const locks = new KeyLocks();
      const log: string[] = [];
      const task = (name: string) => async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        return name;
      };
      const results = await Promise.all([locks.run('a', task('a1')), locks.run('a', task('a2')), locks.run('b', task('b1'))]);
      assert.deepEqual(results, ['a1', 'a2', 'b1']);
      assert.ok(log.indexOf('start a2') > log.indexOf('end a1'), 'a2 waits for a1');
      assert.ok(log.indexOf('start b1') < log.indexOf('end a1'), 'b1 does not wait for a1');
      await tick();
      assert.equal(locks.busyKeys, 0, 'idle keys are forgotten');
    });

    test('a failing task rejects its caller but does not block the next one', async () => {
      const locks = new KeyLocks();
      const failed = locks.run('k', async () => {
        throw new Error('boom');
      });
      const next = locks.run('k', async () => 'ran');
      await assert.rejects(failed, /boom/);
      assert.equal(await next, 'ran');
    });
  });

  test('writes to one key never interleave: each rename lands before the next write starts', async () => {
    const log: string[] = [];
    const slow: FileSystem = {
      ...nodeFileSystem,
      writeNewFile: async (p, data, durable) => {
        log.push(`write ${data.toString().match(/"data":(\d+)/)![1]}`);
        await tick();
        return nodeFileSystem.writeNewFile(p, data, durable);
      },
      rename: async (from, to) => {
        await tick();
        await nodeFileSystem.rename(from, to);
        log.push(`renamed ${path.basename(to)}`);
      },
    };
    const { cache } = makeCache(dir, { fs: slow });
    await Promise.all([cache.set('k', 1), cache.set('k', 2), cache.set('k', 3)]);
    assert.deepEqual(log, ['write 1', 'renamed k.json', 'write 2', 'renamed k.json', 'write 3', 'renamed k.json']);
    assert.equal(await makeCache(dir).cache.get('k'), 3);
  });

  test('different keys are written in parallel', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow: FileSystem = {
      ...nodeFileSystem,
      writeNewFile: async (p, data, durable) => {
        peak = Math.max(peak, ++inFlight);
        await tick();
        inFlight--;
        return nodeFileSystem.writeNewFile(p, data, durable);
      },
    };
    const { cache } = makeCache(dir, { fs: slow });
    await Promise.all(Array.from({ length: 10 }, (_, i) => cache.set(`k${i}`, i)));
    assert.ok(peak > 1, `peak ${peak}`);
  });

  suite('getOrSet', () => {
    test('concurrent callers of one key share a single produce() call and all get its value', async () => {
      const { cache } = makeCache(dir);
      let calls = 0;
      const produce = async () => {
        calls++;
        await tick();
        return { computed: true };
      };
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.getOrSet('k', produce)));
      assert.equal(calls, 1);
      for (const result of results) assert.deepEqual(result, { computed: true });
      assert.deepEqual(await makeCache(dir).cache.get('k'), { computed: true });
      assert.deepEqual(await cache.getOrSet('k', produce), { computed: true });
      assert.equal(calls, 1, 'a later call is served from the cache');
    });

    test('a producer that throws caches nothing, rejects every waiting caller, and the next call retries', async () => {
      const { cache } = makeCache(dir);
      let calls = 0;
      const failing = async () => {
        calls++;
        await tick();
        throw new Error('producer failed');
      };
      const results = await Promise.allSettled([cache.getOrSet('k', failing), cache.getOrSet('k', failing)]);
      assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
      assert.equal(calls, 1);
      assert.equal(fs.existsSync(path.join(dir, 'k.json')), false);
      assert.equal(await cache.get('k'), undefined);
      assert.equal(await cache.getOrSet('k', () => 'second'), 'second');
    });

    test('a produced value JSON cannot hold is refused (ENOTJSON) and not cached', async () => {
      const { cache } = makeCache(dir);
      await assert.rejects(cache.getOrSet('k', () => ({ n: NaN })), (e: unknown) => e instanceof StorageError && e.code === 'ENOTJSON');
      assert.equal(await cache.get('k'), undefined);
    });

    test('an expired entry is produced again, with the per-entry ttl given', async () => {
      const { cache, clock } = makeCache(dir, { ttl: 1000 });
      await cache.getOrSet('k', () => 'first', { ttl: 5 });
      clock.advanceSeconds(6);
      assert.equal(await cache.getOrSet('k', () => 'second', { ttl: 5 }), 'second');
      assert.equal((await cache.entry('k'))?.ttl, 5);
    });
  });

  suite('memory staleness against other writers', () => {
    test('a change by another process shows once the revalidation window has passed', async () => {
      const { cache, clock } = makeCache(dir, { revalidateAfterMs: 1000 });
      const other = makeCache(dir).cache;
      await cache.set('k', 'mine');
      await other.set('k', 'theirs!');
      clock.ms += 1000;
      assert.equal(await cache.get('k'), 'mine', 'trusted within the window');
      clock.ms += 1;
      assert.equal(await cache.get('k'), 'theirs!', 'the file changed: read again');
    });

    test('a file deleted by another process is a miss after the window', async () => {
      const { cache, clock } = makeCache(dir);
      await cache.set('k', 1);
      fs.unlinkSync(path.join(dir, 'k.json'));
      clock.ms += 1001;
      assert.equal(await cache.get('k'), undefined);
    });

    test('a file rewritten in place (same inode, new content) is noticed', async () => {
      const { cache, clock } = makeCache(dir);
      await cache.set('k', 1);
      fs.writeFileSync(path.join(dir, 'k.json'), `{"timestamp":${clock.ms / 1000},"data":"rewritten in place"}`);
      clock.ms += 1001;
      assert.equal(await cache.get('k'), 'rewritten in place');
    });

    test('an unchanged file costs one lstat after the window, not a read', async () => {
      let reads = 0;
      let stats = 0;
      const counting: FileSystem = {
        ...nodeFileSystem,
        readFile: (p, max) => (reads++, nodeFileSystem.readFile(p, max)),
        lstat: (p) => (stats++, nodeFileSystem.lstat(p)),
      };
      // The folder's profile is given: its one-time measurement is not the I/O counted here (see folderProbe.test.ts).
      const { cache, clock } = makeCache(dir, { fs: counting, folderProfile: LINUX_FOLDER });
      await cache.set('k', 1);
      [reads, stats] = [0, 0]; // (set looks at what holds the name before replacing it)
      for (let i = 0; i < 100; i++) assert.equal(await cache.get('k'), 1);
      assert.deepEqual([reads, stats], [0, 0], 'hot hits do no I/O');
      clock.ms += 1001;
      assert.equal(await cache.get('k'), 1);
      assert.deepEqual([reads, stats], [0, 1]);
    });
  });

  suite('memory bounds', () => {
    test('maxEntries evicts the least recently used; evicted entries are still read from disk', async () => {
      let reads = 0;
      const counting: FileSystem = { ...nodeFileSystem, readFile: (p, max) => (reads++, nodeFileSystem.readFile(p, max)) };
      const { cache } = makeCache(dir, { maxEntries: 2, fs: counting });
      await cache.set('a', 1);
      await cache.set('b', 2);
      await cache.get('a'); // a is now more recent than b
      await cache.set('c', 3); // evicts b
      assert.equal(reads, 0);
      assert.equal(await cache.get('a'), 1);
      assert.equal(await cache.get('c'), 3);
      assert.equal(reads, 0, 'a and c were in memory');
      assert.equal(await cache.get('b'), 2);
      assert.equal(reads, 1, 'b came from disk');
    });

    test('maxBytes bounds memory by serialized size; a value bigger than it lives on disk only', async () => {
      let reads = 0;
      const counting: FileSystem = { ...nodeFileSystem, readFile: (p, max) => (reads++, nodeFileSystem.readFile(p, max)) };
      const { cache } = makeCache(dir, { maxBytes: 1000, fs: counting });
      await cache.set('small1', 'x'.repeat(300));
      await cache.set('small2', 'x'.repeat(300));
      await cache.set('small3', 'x'.repeat(300)); // 3 × ~340 bytes > 1000: evicts small1
      await cache.set('huge', 'x'.repeat(5000));
      assert.equal(await cache.get('small3'), 'x'.repeat(300));
      assert.equal(reads, 0);
      assert.equal(await cache.get('small1'), 'x'.repeat(300));
      assert.equal(await cache.get('huge'), 'x'.repeat(5000));
      assert.equal(await cache.get('huge'), 'x'.repeat(5000));
      assert.equal(reads, 3, 'small1 once, huge twice (never kept)');
    });
  });

  test('clear while a disk read is in flight does not let the old value back into memory', async () => {
    writeText(dir, 'k.json', `{"timestamp":1700000000,"data":"old"}`);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated: FileSystem = { ...nodeFileSystem, readFile: async (p, max) => (await gate, nodeFileSystem.readFile(p, max)) };
    const { cache } = makeCache(dir, { fs: gated });
    const reading = cache.get('k');
    await tick();
    const clearing = cache.clear();
    release();
    assert.equal(await reading, 'old');
    await clearing;
    assert.equal(await cache.get('k'), undefined);
  });
});
