import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem, type FileSystem } from '../../src/engine';
import { age, listDir, makeCache, useTempFolder, readText, writeText, LINUX_FOLDER } from './helpers';

suite('Cache files on disk', () => {
  const temp = useTempFolder();
  let dir = '';
  setup(() => (dir = temp.cacheDir));

  suite('unreadable files', () => {
    const broken: Record<string, string> = {
      'notjson.json': '{"timestamp": 1, "data": ',
      'nodata.json': '{"timestamp": 1700000000}',
      'array.json': '[1, 2]',
      'empty.json': '',
      'badtime.json': '{"timestamp": "tuesday", "data": 1}',
    };

    test('are listed with a problem, read as undefined by get, never thrown', async () => {
      const { cache } = makeCache(dir);
      for (const [name, text] of Object.entries(broken)) writeText(dir, name, text);
      const list = await cache.entries();
      assert.equal(list.length, 5);
      for (const info of list) {
        assert.equal(info.state, 'unreadable', info.fileName);
        assert.ok(info.problem && info.problem.length > 10, info.fileName);
        assert.equal(await cache.get(info.key), undefined);
        assert.equal(await cache.has(info.key), false);
      }
    });

    test('are kept by cleanup unless removeUnreadable is asked, which removes only the cache\'s (never JSON that is not an entry)', async () => {
      const { cache } = makeCache(dir);
      for (const [name, text] of Object.entries(broken)) writeText(dir, name, text);
      await cache.set('good', 1);
      const foreign = [
        { fileName: 'array.json', reason: 'JSON that is not a cache entry' },
        { fileName: 'nodata.json', reason: 'JSON that is not a cache entry' },
      ];
      const report = await cache.cleanup();
      report.foreign.sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
      assert.deepEqual(report, { removed: 0, kept: 1, unreadable: 3, unreadableRemoved: 0, tempFilesRemoved: 0, foreign });
      assert.equal(listDir(dir).length, 6);
      const second = await cache.cleanup({ removeUnreadable: true });
      // The cut-off write, the empty file and the entry with a bad timestamp are the cache's; the other two are not.
      assert.equal(second.unreadableRemoved, 3);
      assert.deepEqual(listDir(dir), ['array.json', 'good.json', 'nodata.json']);
    });

    test('a file whose name this cache never writes (a lowercase escape, "%2fx.json") is listed as unreadable, with why', async () => {
      const { cache } = makeCache(dir);
      writeText(dir, '%2fx.json', '{"timestamp":1700000000,"data":1}');
      const [info] = await cache.entries();
      assert.equal(info?.state, 'unreadable');
      assert.match(info!.problem!, /never writes a file named "%2fx\.json"/);
    });

    test('on a file system that keeps case, the Python tool’s "Report.json" is the entry "Report"', async function () {
      if (process.platform === 'darwin' || process.platform === 'win32') this.skip();
      const { cache, clock } = makeCache(dir);
      writeText(dir, 'Report.json', JSON.stringify({ timestamp: clock.ms / 1000, data: { rows: 3 } }));
      const [info] = await cache.entries();
      assert.equal(info?.key, 'Report');
      assert.equal(info?.state, 'fresh');
      assert.deepEqual(await cache.get('Report'), { rows: 3 });
      assert.equal(await cache.get('report'), undefined);
    });

    test('a big file is listed from its head without reading the whole value', async () => {
      const reads: (number | undefined)[] = [];
      const spy: FileSystem = { ...nodeFileSystem, readFile: (p, max) => (reads.push(max), nodeFileSystem.readFile(p, max)) };
      const { cache, clock } = makeCache(dir, { fs: spy });
      clock.ms = Date.now(); // the old file is judged by its real mtime
      await cache.set('big', { blob: 'x'.repeat(3_000_000) }, { ttl: 5 });
      writeText(dir, 'bigold.json', `{"data":"${'y'.repeat(2_000_000)}","timestamp":1}`);
      age(dir, 'bigold.json', 2 * 86400);
      const list = await cache.entries();
      assert.ok(reads.every((max) => max !== undefined && max <= 4096), `bounded reads: ${reads}`);
      const big = list.find((e) => e.key === 'big')!;
      assert.equal(big.state, 'fresh');
      assert.equal(big.timestamp, clock.ms / 1000);
      assert.equal(big.ttl, 5);
      const old = list.find((e) => e.key === 'bigold')!;
      assert.equal(old.timestampSource, 'mtime', 'timestamp beyond the head of a huge file: judged by mtime');
      assert.equal(old.state, 'expired');
    });

    test('a file under 1 MB whose timestamp follows a long value is parsed whole to find it', async () => {
      const { cache, clock } = makeCache(dir, { ttl: 100 });
      writeText(dir, 'late.json', `{"data":"${'z'.repeat(50_000)}","timestamp":${clock.ms / 1000 - 500}}`);
      const [info] = await cache.entries();
      assert.equal(info?.timestampSource, 'file');
      assert.equal(info?.state, 'expired');
    });
  });

  suite('symbolic links', () => {
    test('are never followed: listed as unreadable, get misses, delete removes only the link, cleanup keeps links', async function () {
      if (process.platform === 'win32') this.skip();
      const { cache } = makeCache(dir);
      const outside = path.join(temp.parent, 'outside.json');
      fs.writeFileSync(outside, '{"timestamp":9999999999,"data":"secret"}');
      fs.mkdirSync(dir, { recursive: true });
      fs.symlinkSync(outside, path.join(dir, 'link.json'));
      fs.symlinkSync(outside, path.join(dir, 'link2.json'));
      assert.equal(await cache.get('link'), undefined);
      const [info] = await cache.entries();
      assert.equal(info?.state, 'unreadable');
      assert.match(info!.problem!, /symbolic link/);
      assert.equal(await cache.delete('link'), true);
      const report = await cache.cleanup({ removeUnreadable: true });
      assert.deepEqual(report.foreign, [{ fileName: 'link2.json', reason: 'a symbolic link' }]);
      assert.deepEqual(listDir(dir), ['link2.json']);
      assert.equal(fs.readFileSync(outside, 'utf8'), '{"timestamp":9999999999,"data":"secret"}');
    });
  });

  suite('atomic writes and temp files', () => {
    test('go through a hidden temp file in the same folder, renamed over the entry, and leave no temp file behind', async () => {
      const steps: string[] = [];
      const spy: FileSystem = {
        ...nodeFileSystem,
        writeNewFile: (p, data, durable) => (steps.push(`write ${path.relative(dir, p)}`), nodeFileSystem.writeNewFile(p, data, durable)),
        rename: (from, to) => (steps.push(`rename ${path.relative(dir, from)} ${path.relative(dir, to)}`), nodeFileSystem.rename(from, to)),
      };
      const { cache } = makeCache(dir, { fs: spy, folderProfile: LINUX_FOLDER }); // no probe file in the count
      await Promise.all(Array.from({ length: 20 }, (_, i) => cache.set('k', i)));
      assert.equal(steps.length, 40);
      const [write, rename] = steps as [string, string];
      assert.match(write, /^write \.k\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
      assert.equal(rename, `rename ${write.slice('write '.length)} k.json`);
      assert.deepEqual(listDir(dir), ['k.json']);
      assert.equal(readText(dir, 'k.json').endsWith(',"data":19}'), true, 'the last call wins');
    });

    test('a reader never sees a torn file while a large value is rewritten', async () => {
      const { cache } = makeCache(dir);
      const reader = makeCache(dir, { revalidateAfterMs: 0 }).cache;
      const values = Array.from({ length: 8 }, (_, i) => ({ i, blob: String(i).repeat(200_000) }));
      await cache.set('k', values[0]);
      let stop = false;
      const reads = (async () => {
        let count = 0;
        while (!stop) {
          const value = (await reader.peek<{ i: number; blob: string }>('k'))!;
          assert.equal(value.info.state, 'fresh');
          assert.equal(value.data!.blob, String(value.data!.i).repeat(200_000));
          count++;
        }
        return count;
      })();
      for (const value of values) await cache.set('k', value);
      stop = true;
      assert.ok((await reads) > 0);
    });

    test('temp files are never listed; cleanup and clear remove only abandoned ones', async () => {
      const { cache } = makeCache(dir);
      await cache.set('k', 1);
      const abandoned = '.k.json.12345.0123abcd.tmp';
      const inFlight = `.k.json.${process.pid}.89abcdef.tmp`;
      const deadWriter = '.k.json.2147483646.00000000.tmp';
      writeText(dir, abandoned, '{"timestamp":1,"da');
      writeText(dir, inFlight, '{"timestamp":1,"da');
      writeText(dir, deadWriter, '{"timestamp":1,"da');
      age(dir, abandoned, 11 * 60);
      age(dir, deadWriter, 2 * 60);
      assert.deepEqual((await cache.entries()).map((e) => e.fileName), ['k.json']);
      const report = await cache.cleanup();
      assert.equal(report.tempFilesRemoved, 2);
      assert.deepEqual(listDir(dir), [inFlight, 'k.json']);
      age(dir, inFlight, 11 * 60);
      await cache.clear();
      assert.deepEqual(listDir(dir), []);
    });
  });

  suite('cleanup', () => {
    test('removes expired files and memory entries, keeps fresh ones, and reports counts', async () => {
      const { cache, clock } = makeCache(dir, { ttl: 100 });
      for (let i = 0; i < 10; i++) await cache.set(`old${i}`, i);
      clock.advanceSeconds(101);
      for (let i = 0; i < 5; i++) await cache.set(`new${i}`, i);
      const report = await cache.cleanup();
      assert.deepEqual(report, { removed: 10, kept: 5, unreadable: 0, unreadableRemoved: 0, tempFilesRemoved: 0, foreign: [] });
      assert.equal(listDir(dir).length, 5);
      assert.equal(await cache.get('old1'), undefined);
      assert.equal(await cache.get('new1'), 1);
      assert.deepEqual(await cache.cleanup(), { removed: 0, kept: 5, unreadable: 0, unreadableRemoved: 0, tempFilesRemoved: 0, foreign: [] });
    });

    test('does not delete a file another process rewrote after it was judged expired', async () => {
      const { clock } = makeCache(dir, { ttl: 100 });
      const other = makeCache(dir, { ttl: 100, now: clock.now }).cache;
      await other.set('k', 'old');
      clock.advanceSeconds(200);
      // Rewrite the file between cleanup's read and its delete: the rename hook fires just before the removal.
      let rewritten = false;
      const racing: FileSystem = {
        ...nodeFileSystem,
        rename: async (from, to) => {
          if (!rewritten && from.endsWith('k.json')) {
            rewritten = true;
            await other.set('k', 'new');
          }
          return nodeFileSystem.rename(from, to);
        },
      };
      const cleaner = makeCache(dir, { ttl: 100, now: clock.now, fs: racing }).cache;
      const report = await cleaner.cleanup();
      assert.ok(rewritten, 'the race was staged');
      assert.equal(report.removed, 0);
      assert.equal(report.kept, 1);
      assert.equal(await makeCache(dir, { ttl: 100, now: clock.now }).cache.get('k'), 'new');
      assert.deepEqual(listDir(dir), ['k.json'], 'no parked temp file left');
    });

    test('when the rewrite lands after the file was moved aside, the newer file survives', async () => {
      const { clock } = makeCache(dir, { ttl: 100 });
      const other = makeCache(dir, { ttl: 100, now: clock.now }).cache;
      await other.set('k', 'old');
      clock.advanceSeconds(200);
      let staged = false;
      const racing: FileSystem = {
        ...nodeFileSystem,
        lstat: async (p) => {
          if (!staged && path.basename(path.dirname(p)).startsWith('.cache-aside.')) {
            staged = true;
            await other.set('k', 'newer'); // lands while the expired file is parked
          }
          return nodeFileSystem.lstat(p);
        },
      };
      const cleaner = makeCache(dir, { ttl: 100, now: clock.now, fs: racing }).cache;
      const report = await cleaner.cleanup();
      assert.ok(staged);
      assert.equal(report.removed, 1);
      assert.equal(await makeCache(dir, { ttl: 100, now: clock.now }).cache.get('k'), 'newer');
      assert.deepEqual(listDir(dir), ['k.json']);
    });
  });
});
