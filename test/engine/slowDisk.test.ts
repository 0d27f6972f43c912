import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../../src/engine';
import { SLOW_CALL_MS, SLOW_SPELL_MS, SlowDisk, slowDisk } from '../../src/engine/slowDisk';
import { ManualClock, makeCache, useTempFolder } from './helpers';

suite('A slow disk', () => {
  suite('the rule', () => {
    test('synchronous calls stop for a spell after one slow call, and come back after it', () => {
      const clock = new ManualClock();
      const disk = new SlowDisk(clock.now);
      disk.timed(() => (clock.ms += SLOW_CALL_MS - 1));
      assert.equal(disk.syncAllowed, true, 'a call just under the bound is not slow');
      disk.timed(() => (clock.ms += SLOW_CALL_MS));
      assert.equal(disk.syncAllowed, false);
      clock.ms += SLOW_SPELL_MS - 1;
      assert.equal(disk.syncAllowed, false);
      clock.ms += 1;
      assert.equal(disk.syncAllowed, true);
    });

    test('a slow call that fails counts as slow all the same', () => {
      const clock = new ManualClock();
      const disk = new SlowDisk(clock.now);
      assert.throws(() =>
        disk.timed(() => {
          clock.ms += SLOW_CALL_MS * 10;
          throw new Error('EIO');
        }),
      );
      assert.equal(disk.syncAllowed, false);
    });
  });

  suite('the node file system through the thread pool', () => {
    const temp = useTempFolder();
    teardown(() => slowDisk.forget());

    /**
     * What the file system's calls give on one folder of odd files: every result or error code, so the pooled calls
     * can be compared with the synchronous ones on the same files.
     */
    async function tour(dir: string): Promise<unknown[]> {
      fs.rmSync(dir, { recursive: true, force: true });
      await nodeFileSystem.mkdir(dir);
      const file = (name: string) => path.join(dir, name);
      fs.writeFileSync(file('a.json'), '{"timestamp": 1, "data": "aaaa"}');
      fs.writeFileSync(file('big.json'), 'x'.repeat(200_000));
      fs.symlinkSync(file('a.json'), file('link.json'));
      execFileSync('mkfifo', [file('pipe.json')]);
      const seen: unknown[] = [];
      const attempt = async (what: string, call: () => Promise<unknown>) => {
        try {
          seen.push([what, await call()]);
        } catch (error) {
          const { code, kind, size } = error as { code?: string; kind?: string; size?: number };
          seen.push([what, 'failed', code, kind, size]);
        }
      };
      const text = (content: { bytes: Buffer }) => content.bytes.toString();
      await attempt('whole', async () => text(await nodeFileSystem.readFile(file('a.json'))));
      await attempt('head', async () => text(await nodeFileSystem.readFile(file('a.json'), 10)));
      await attempt('big', async () => (await nodeFileSystem.readFile(file('big.json'))).bytes.length);
      await attempt('too big', () => nodeFileSystem.readFile(file('big.json'), undefined, 100_000));
      await attempt('big head', async () => (await nodeFileSystem.readFile(file('big.json'), 5)).bytes.length);
      await attempt('link', () => nodeFileSystem.readFile(file('link.json')));
      await attempt('fifo', () => nodeFileSystem.readFile(file('pipe.json')));
      await attempt('folder', () => nodeFileSystem.readFile(dir));
      await attempt('missing', () => nodeFileSystem.readFile(file('none.json')));
      await attempt('write', async () => (await nodeFileSystem.writeNewFile(file('new.tmp'), Buffer.from('{"n": 1}'), false)).size);
      await attempt('write over', () => nodeFileSystem.writeNewFile(file('new.tmp'), Buffer.from('2'), false));
      await attempt('rename', () => nodeFileSystem.rename(file('new.tmp'), file('new.json')));
      await attempt('link taken', () => nodeFileSystem.link(file('a.json'), file('new.json')));
      await attempt('link', () => nodeFileSystem.link(file('a.json'), file('b.json')));
      await attempt('lstat link', async () => {
        const { isFile, isSymbolicLink, size } = await nodeFileSystem.lstat(file('link.json'));
        return { isFile, isSymbolicLink, size };
      });
      await attempt('readdir', async () => (await nodeFileSystem.readdir(dir)).sort((a, b) => a.name.localeCompare(b.name)));
      await attempt('readdir head', async () => (await nodeFileSystem.readdir(dir, 2)).length);
      await nodeFileSystem.mkdir(file('empty'));
      await attempt('rmdir', () => nodeFileSystem.rmdir!(file('empty')));
      await attempt('rmdir full', () => nodeFileSystem.rmdir!(dir));
      await attempt('contents', async () => fs.readFileSync(file('new.json'), 'utf8') + fs.readFileSync(file('b.json'), 'utf8'));
      return seen;
    }

    test('gives what the synchronous calls give, file for file and error for error', async () => {
      const dir = temp.cacheDir;
      const synchronous = await tour(dir);
      slowDisk.took(SLOW_CALL_MS);
      assert.equal(slowDisk.syncAllowed, false);
      const pooled = await tour(dir);
      assert.equal(slowDisk.syncAllowed, false, 'the spell lasts through the tour');
      assert.deepEqual(pooled, synchronous);
      // The tour met every refusal: a test of the pooled path that passed on errors alone would say nothing.
      const failures = synchronous.filter((row) => (row as unknown[])[1] === 'failed').map((row) => (row as unknown[]).slice(0, 4));
      assert.deepEqual(failures, [
        ['too big', 'failed', 'ETOOLARGE', undefined],
        ['link', 'failed', 'ELOOP', undefined],
        ['fifo', 'failed', 'ENOTREGULAR', 'a FIFO'],
        ['folder', 'failed', 'ENOTREGULAR', 'a folder'],
        ['missing', 'failed', 'ENOENT', undefined],
        ['write over', 'failed', 'EEXIST', undefined],
        ['link taken', 'failed', 'EEXIST', undefined],
        ['rmdir full', 'failed', 'ENOTEMPTY', undefined],
      ]);
    });

    test('a cache keeps working in a spell of slow calls: set, get, list, clean up', async () => {
      const { cache, clock } = makeCache(temp.cacheDir, { ttl: 60 });
      await cache.set('old', { n: 1 });
      slowDisk.took(SLOW_CALL_MS);
      clock.advanceSeconds(61);
      await cache.set('user:1', { name: 'Ada', big: '9007199254740993' });
      const fresh = makeCache(temp.cacheDir, { ttl: 60, now: clock.now }).cache;
      assert.deepEqual(await fresh.get('user:1'), { name: 'Ada', big: '9007199254740993' });
      const states = (await fresh.entries()).map((entry) => [entry.key, entry.state]).sort();
      assert.deepEqual(states, [
        ['old', 'expired'],
        ['user:1', 'fresh'],
      ]);
      assert.equal((await fresh.cleanup()).removed, 1);
      assert.deepEqual(fs.readdirSync(temp.cacheDir).sort(), ['user:1.json']);
      assert.equal(slowDisk.syncAllowed, false, 'every call above went through the thread pool');
    });
  });
});
