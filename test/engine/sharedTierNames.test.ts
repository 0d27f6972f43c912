// Entries pulled from the shared tier (a real redis-server) land under the same file names, with the same embedded
// key, as a local set: a Unicode key as its own name, a long key under its shortened name with the key inside.
import * as assert from 'node:assert/strict';
import { Cache } from '../../src/engine';
import { listDir } from './helpers';
import { PREFIX, useSharedFixture } from './sharedFixture';

suite('shared tier: file names of pulled entries', () => {
  const fixture = useSharedFixture();
  const folder = (shared: boolean) => (shared ? fixture.machine() : fixture.localMachine());

  test('an entry another writer put in Redis without a key field is pulled to the names a local set writes', async () => {
    const long = 'отчёт:'.repeat(60); // 660 bytes: a shortened name, whose key must be stored in the file
    const keys = ['Café Menu', '日本語:キー', long];
    const text = JSON.stringify({ timestamp: Date.now() / 1000, data: { rows: 3 } });
    for (const key of keys) await fixture.redis.client.set(PREFIX + key, text, 'EX', 3600);
    const puller = folder(true);
    const report = await puller.cache.pullShared();
    assert.equal(report.pulled, 3);
    const local = folder(false);
    for (const key of keys) await local.cache.set(key, { rows: 3 });
    assert.deepEqual(listDir(puller.dir), listDir(local.dir), 'the same file names');
    // A fresh cache without Redis finds and lists every pulled entry by its key.
    const reader = fixture.track(new Cache({ cacheDir: puller.dir }));
    for (const key of keys) assert.deepEqual(await reader.get(key), { rows: 3 }, key.slice(0, 20));
    const listed = await reader.entries();
    assert.deepEqual(listed.map((e) => [e.key, e.state]).sort(), keys.map((key) => [key, 'fresh']).sort());
  });

  test('a get that fills the folder from Redis writes the shortened name with the key inside', async () => {
    const long = 'k'.repeat(400);
    await fixture.redis.client.set(PREFIX + long, JSON.stringify({ timestamp: Date.now() / 1000, data: 1 }), 'EX', 3600);
    const { cache, dir } = folder(true);
    assert.equal(await cache.get(long), 1);
    const reader = fixture.track(new Cache({ cacheDir: dir }));
    assert.deepEqual((await reader.entries()).map((e) => [e.key, e.state]), [[long, 'fresh']]);
  });
});
