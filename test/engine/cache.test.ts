import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cache, DEFAULT_TTL, StorageError, type CacheChange } from '../../src/engine';
import { listDir, makeCache, useTempFolder, readText, writeText } from './helpers';

suite('Cache', () => {
  const temp = useTempFolder();
  let dir = '';
  setup(() => (dir = temp.cacheDir));

  suite('set and get', () => {
    test('round-trips JSON values through memory and through a second cache reading the file', async () => {
      const { cache } = makeCache(dir);
      const values = [{ result: 'processed', n: [1, 2.5, null, true], nested: { 'é': '😀' } }, 'text', 42, 0, false, null, [], {}];
      for (const [i, value] of values.entries()) await cache.set(`k${i}`, value);
      const fresh = makeCache(dir).cache;
      for (const [i, value] of values.entries()) {
        assert.deepEqual(await cache.get(`k${i}`), value);
        assert.deepEqual(await fresh.get(`k${i}`), value);
      }
    });

    test('writes <key>.json as compact {"timestamp","data"} with the clock in unix seconds', async () => {
      const { cache, clock } = makeCache(dir);
      clock.ms = 1_700_000_000_500;
      await cache.set('process_result', { a: 1 });
      assert.deepEqual(listDir(dir), ['process_result.json']);
      assert.equal(readText(dir, 'process_result.json'), '{"timestamp":1700000000.5,"data":{"a":1}}');
    });

    test('a missing key reads as undefined and the folder is only created by the first write', async () => {
      const { cache } = makeCache(dir);
      assert.equal(await cache.get('nothing'), undefined);
      assert.deepEqual(await cache.entries(), []);
      assert.equal(fs.existsSync(dir), false);
      await cache.set('x', 1);
      assert.equal(fs.existsSync(dir), true);
    });

    test('the value read back is the JSON form, not the object handed in', async () => {
      const { cache } = makeCache(dir);
      const value = { when: new Date(0), list: [1] };
      await cache.set('k', value);
      value.list.push(2);
      assert.deepEqual(await cache.get('k'), { when: '1970-01-01T00:00:00.000Z', list: [1] });
    });

    test('keys with any characters work and stay inside the folder', async () => {
      const { cache } = makeCache(dir);
      const keys = ['../escape', 'a/b\\c', 'Foo', 'foo', 'nul', '\0', '.', 'é'.repeat(300)];
      for (const key of keys) await cache.set(key, key);
      for (const key of keys) assert.equal(await makeCache(dir).cache.get(key), key);
      assert.equal(listDir(dir).length, keys.length);
      assert.deepEqual(listDir(temp.parent), ['cache']);
      assert.deepEqual((await cache.entries()).map((e) => e.key).sort(), [...keys].sort());
    });

    test('an empty key is refused with EINVALIDKEY by every method', async () => {
      const { cache } = makeCache(dir);
      const isInvalidKey = (e: unknown) => e instanceof StorageError && e.code === 'EINVALIDKEY';
      await assert.rejects(cache.set('', 1), isInvalidKey);
      await assert.rejects(cache.get(''), isInvalidKey);
      await assert.rejects(cache.delete(''), isInvalidKey);
      await assert.rejects(cache.has(''), isInvalidKey);
      await assert.rejects(cache.peek(''), isInvalidKey);
      await assert.rejects(cache.getOrSet('', () => 1), isInvalidKey);
    });

    test('a value JSON cannot hold is refused with ENOTJSON, and memory and disk keep the old value', async () => {
      const { cache } = makeCache(dir);
      await cache.set('k', { ok: 1 });
      const before = readText(dir, 'k.json');
      for (const bad of [undefined, { n: NaN }, { f: () => 1 }, 1n, { big: Infinity }]) {
        await assert.rejects(cache.set('k', bad), (e: unknown) => e instanceof StorageError && e.code === 'ENOTJSON' && e.key === 'k');
      }
      await assert.rejects(cache.set('new', undefined));
      assert.equal(readText(dir, 'k.json'), before);
      assert.deepEqual(await cache.get('k'), { ok: 1 });
      assert.deepEqual(listDir(dir), ['k.json']);
    });

    test('a bad ttl is refused with EINVALIDTTL', async () => {
      const { cache } = makeCache(dir);
      await assert.rejects(cache.set('k', 1, { ttl: -1 }), (e: unknown) => e instanceof StorageError && e.code === 'EINVALIDTTL');
      assert.throws(() => new Cache({ ttl: NaN }), StorageError);
    });
  });

  suite('expiry', () => {
    test('an entry is fresh up to ttl seconds old and expired after (now - timestamp > ttl)', async () => {
      const { cache, clock } = makeCache(dir, { ttl: 60 });
      await cache.set('k', 'v');
      clock.advanceSeconds(60);
      assert.equal(await cache.get('k'), 'v');
      assert.equal(await cache.has('k'), true);
      clock.advanceSeconds(0.001);
      assert.equal(await cache.get('k'), undefined);
      assert.equal(await cache.has('k'), false);
      assert.equal(await makeCache(dir, { ttl: 60, now: clock.now }).cache.get('k'), undefined);
    });

    test('the default ttl is the spec’s 24 hours', async () => {
      assert.equal(DEFAULT_TTL, 86400);
      const { cache, clock } = makeCache(dir);
      assert.equal(cache.ttl, 86400);
      await cache.set('k', 1);
      clock.advanceSeconds(86400);
      assert.equal(await cache.get('k'), 1);
      clock.advanceSeconds(1);
      assert.equal(await cache.get('k'), undefined);
    });

    test('a per-entry ttl is stored in the file and wins over the cache ttl, also for another cache instance', async () => {
      const { cache, clock } = makeCache(dir, { ttl: 1000 });
      await cache.set('short', 's', { ttl: 10 });
      await cache.set('long', 'l');
      assert.equal(readText(dir, 'short.json'), `{"timestamp":${clock.ms / 1000},"ttl":10,"data":"s"}`);
      clock.advanceSeconds(11);
      assert.equal(await cache.get('short'), undefined);
      assert.equal(await cache.get('long'), 'l');
      const other = new Cache({ cacheDir: dir, ttl: 1000, now: clock.now });
      assert.equal(await other.get('short'), undefined);
      const [info] = (await other.entries()).filter((e) => e.key === 'short');
      assert.equal(info?.ttl, 10);
      assert.equal(info?.state, 'expired');
    });

    test('files written by other tools with ISO, millisecond or missing timestamps expire correctly', async () => {
      const { cache, clock } = makeCache(dir, { ttl: 100 });
      const nowSeconds = clock.ms / 1000;
      writeText(dir, 'iso.json', `{"timestamp":"${new Date((nowSeconds - 50) * 1000).toISOString()}","data":"iso"}`);
      writeText(dir, 'ms.json', `{"timestamp":${(nowSeconds - 150) * 1000},"data":"ms"}`);
      writeText(dir, 'float.json', `{"timestamp":${nowSeconds - 99.5},"data":"float"}`);
      writeText(dir, 'nots.json', '{"data":"nots"}');
      const old = new Date(clock.ms - 200_000);
      fs.utimesSync(path.join(dir, 'nots.json'), old, old);
      assert.equal(await cache.get('iso'), 'iso');
      assert.equal(await cache.get('ms'), undefined);
      assert.equal(await cache.get('float'), 'float');
      assert.equal(await cache.get('nots'), undefined);
      const states = Object.fromEntries((await cache.entries()).map((e) => [e.key, [e.state, e.timestampSource]]));
      assert.deepEqual(states, { float: ['fresh', 'file'], iso: ['fresh', 'file'], ms: ['expired', 'file'], nots: ['expired', 'mtime'] });
    });
  });

  suite('delete, has, clear', () => {
    test('delete removes memory and file and says whether anything was there', async () => {
      const { cache } = makeCache(dir);
      await cache.set('k', 1);
      assert.equal(await cache.delete('k'), true);
      assert.equal(await cache.get('k'), undefined);
      assert.deepEqual(listDir(dir), []);
      assert.equal(await cache.delete('k'), false);
    });

    test('clear removes every entry file, unreadable ones too, but leaves foreign files and folders', async () => {
      const { cache } = makeCache(dir);
      await cache.set('a', 1);
      await cache.set('B', 2);
      writeText(dir, 'broken.json', '{not json');
      writeText(dir, 'notes.txt', 'mine');
      fs.mkdirSync(path.join(dir, 'sub.json'));
      assert.equal(await cache.clear(), 3);
      assert.deepEqual(listDir(dir), ['notes.txt', 'sub.json']);
      assert.equal(await cache.get('a'), undefined);
      assert.equal(await cache.clear(), 0);
    });
  });

  suite('entries, entry, peek', () => {
    test('entries lists key, file, size, timestamp, expiry and state for every file, sorted by key', async () => {
      const { cache, clock } = makeCache(dir, { ttl: 100 });
      await cache.set('old', 'o');
      clock.advanceSeconds(150);
      await cache.set('new', 'n', { ttl: 500 });
      writeText(dir, 'bad.json', 'nope');
      const list = await cache.entries();
      assert.deepEqual(list.map((e) => [e.key, e.state]), [['bad', 'unreadable'], ['new', 'fresh'], ['old', 'expired']]);
      const [bad, fresh, old] = list as [typeof list[0], typeof list[0], typeof list[0]];
      assert.equal(fresh.fileName, 'new.json');
      assert.equal(fresh.path, path.join(dir, 'new.json'));
      assert.equal(fresh.size, fs.statSync(path.join(dir, 'new.json')).size);
      assert.equal(fresh.timestamp, clock.ms / 1000);
      assert.equal(fresh.ttl, 500);
      assert.equal(fresh.expiresAt, clock.ms / 1000 + 500);
      assert.equal(old.expiresAt, old.timestamp! + 100);
      assert.match(bad.problem!, /not valid JSON/);
      assert.equal(bad.timestamp, undefined);
    });

    test('entry describes one key without reading memory; undefined when there is no file', async () => {
      const { cache } = makeCache(dir);
      await cache.set('k', { big: 'x'.repeat(10_000) });
      const info = await cache.entry('k');
      assert.equal(info?.state, 'fresh');
      assert.equal(info?.key, 'k');
      assert.equal(await cache.entry('missing'), undefined);
    });

    test('peek returns even an expired value with its info, and does not bring it back into memory', async () => {
      const { cache, clock } = makeCache(dir, { ttl: 10 });
      await cache.set('k', { v: 1 });
      clock.advanceSeconds(20);
      const peeked = await cache.peek('k');
      assert.deepEqual(peeked?.data, { v: 1 });
      assert.equal(peeked?.info.state, 'expired');
      assert.equal(await cache.get('k'), undefined);
      assert.equal(await cache.peek('missing'), undefined);
      writeText(dir, 'bad.json', '[]');
      const bad = await cache.peek('bad');
      assert.equal(bad?.info.state, 'unreadable');
      assert.equal('data' in bad!, false);
    });
  });

  suite('change events', () => {
    test('set, delete, clear and cleanup each fire one event; dispose stops them', async () => {
      const { cache, clock } = makeCache(dir, { ttl: 10 });
      const seen: CacheChange[] = [];
      const subscription = cache.onDidChange((change) => seen.push(change));
      await cache.set('a', 1);
      await cache.set('b', 2);
      await cache.delete('a');
      await cache.delete('a');
      clock.advanceSeconds(11);
      await cache.cleanup();
      await cache.set('c', 3);
      await cache.clear();
      subscription.dispose();
      await cache.set('d', 4);
      assert.deepEqual(seen, [
        { type: 'set', key: 'a' },
        { type: 'set', key: 'b' },
        { type: 'delete', key: 'a' },
        { type: 'cleanup', report: { removed: 1, kept: 0, unreadable: 0, unreadableRemoved: 0, tempFilesRemoved: 0, foreign: [] } },
        { type: 'set', key: 'c' },
        { type: 'clear', removed: 1 },
      ]);
    });

    test('a failing write fires nothing, and a throwing listener does not fail the operation', async () => {
      const { cache } = makeCache(dir);
      const seen: CacheChange[] = [];
      cache.onDidChange(() => {
        throw new Error('listener bug');
      });
      cache.onDidChange((change) => seen.push(change));
      await assert.rejects(cache.set('k', undefined));
      const originalError = console.error;
      console.error = () => undefined;
      try {
        await cache.set('k', 1);
      } finally {
        console.error = originalError;
      }
      assert.deepEqual(seen, [{ type: 'set', key: 'k' }]);
    });
  });
});
