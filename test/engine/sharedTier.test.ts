// The shared tier against a real redis-server (started per test on a free port, killed after): the rules of
// issue 8, two caches on two folders as two machines, Redis killed and restarted, and Redis stopped (SIGSTOP).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cache, redactUrl, StorageError } from '../../src/engine';
import { ManualClock, readText, repoRoot } from './helpers';
import { RedisServer, waitFor } from './redisServer';
import { PREFIX, useSharedFixture } from './sharedFixture';

suite('shared tier (Redis)', () => {
  const fixture = useSharedFixture();
  const { machine } = fixture;

  async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
    const started = performance.now();
    const value = await work;
    return { value, ms: performance.now() - started };
  }

  test('a malformed or non-Redis URL is a clear error at construction, without the password', () => {
    for (const url of ['not a url', 'http://127.0.0.1:6379', 'redis://u:hunter2@[bad', 'redis://127.0.0.1:6379/notadb']) {
      assert.throws(
        () => new Cache({ shared: { url } }),
        (error: unknown) => error instanceof StorageError && error.code === 'EINVALIDURL' && !error.message.includes('hunter2'),
        url,
      );
    }
    assert.throws(() => new Cache({ shared: { url: fixture.redis.url, prefix: '' } }), /non-empty key prefix/);
    assert.equal(redactUrl('redis://user:hunter2@host:6379/2'), 'redis://user:***@host:6379/2');
    assert.equal(redactUrl('redis://host:6379'), 'redis://host:6379');
  });

  test('without `shared` nothing changes: state off, listing shared entries is refused', async () => {
    const { cache } = fixture.localMachine();
    assert.equal(cache.sharedState, 'off');
    assert.equal(cache.sharedInfo, undefined);
    await cache.set('k', 1);
    assert.equal(await fixture.redis.client.dbsize(), 0);
    await assert.rejects(cache.sharedEntries(), (error: unknown) => error instanceof StorageError && error.code === 'ESHARED');
  });

  test('the Redis client is loaded only when a cache has a shared tier (dist/engine.js)', () => {
    const script = `
      const { Cache } = require(${JSON.stringify(path.join(repoRoot(), 'dist', 'engine.js'))});
      const loaded = () => Object.keys(require.cache).some((f) => f.endsWith('redisClient.js') || f.includes('ioredis'));
      (async () => {
        const dir = require('fs').mkdtempSync(require('os').tmpdir() + '/lazy-');
        const local = new Cache({ cacheDir: dir });
        await local.set('a', 1); await local.get('a');
        const before = loaded();
        const shared = new Cache({ cacheDir: dir, shared: { url: ${JSON.stringify(fixture.redis.url)} } });
        const afterConstruct = loaded();
        await shared.get('a-missing');
        console.log(JSON.stringify({ before, afterConstruct, afterUse: loaded() }));
        shared.dispose();
        require('fs').rmSync(dir, { recursive: true });
      })();`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout.trim().split('\n').at(-1)!), { before: false, afterConstruct: false, afterUse: true });
  });

  test('set writes through: the same JSON entry as the file, under the prefix, with EX = the ttl', async () => {
    const a = machine({ ttl: 3600 });
    await a.cache.set('model:v3', { rows: [1, 2] });
    await a.cache.set('short', 'x', { ttl: 120 });
    assert.equal(await fixture.redis.client.get(PREFIX + 'model:v3'), readText(a.dir, 'model:v3.json'));
    assert.equal(await fixture.redis.client.get(PREFIX + 'short'), readText(a.dir, 'short.json'));
    const longTtl = await fixture.redis.client.ttl(PREFIX + 'model:v3');
    const shortTtl = await fixture.redis.client.ttl(PREFIX + 'short');
    assert.ok(longTtl > 3590 && longTtl <= 3600, `TTL ${longTtl}`);
    assert.ok(shortTtl > 110 && shortTtl <= 120, `TTL ${shortTtl}`);
    assert.equal(a.cache.sharedState, 'connected');
    assert.deepEqual(a.warnings, []);
  });

  test('two caches on two folders share one Redis: what one sets, the other gets (odd keys too)', async () => {
    const a = machine();
    const b = machine();
    const keys = ['plain', 'a/b\\c', '..', 'ünï:😀 code', 'CON', '%41'];
    for (const [i, key] of keys.entries()) await a.cache.set(key, { i, key });
    for (const [i, key] of keys.entries()) assert.deepEqual(await b.cache.get(key), { i, key }, key);
    assert.equal(fs.readdirSync(b.dir).length, keys.length);
    await a.cache.getOrSet('produced', () => 42);
    assert.equal(await b.cache.get('produced'), 42);
    assert.equal(await b.cache.has('never'), false);
  });

  test('a Redis hit fills file and memory keeping the original timestamp, so expiry agrees everywhere', async () => {
    const clock = new ManualClock();
    const a = machine({ now: clock.now, ttl: 60 });
    const b = machine({ now: clock.now, ttl: 60 });
    await a.cache.set('k', { v: 1 });
    clock.advanceSeconds(30);
    assert.equal(await b.cache.has('k'), true, 'has() looks in the shared tier too');
    assert.deepEqual(await b.cache.get('k'), { v: 1 });
    assert.equal(readText(b.dir, 'k.json'), readText(a.dir, 'k.json'), 'the file is the entry, byte for byte');
    assert.equal((await b.cache.entry('k'))?.timestamp, clock.ms / 1000 - 30);
    // Memory and file now answer without Redis.
    await fixture.redis.client.del(PREFIX + 'k');
    assert.deepEqual(await b.cache.get('k'), { v: 1 });
    clock.advanceSeconds(31);
    assert.equal(await b.cache.get('k'), undefined, 'expired 60 s after it was first written, not after the copy');
  });

  test('an expired or unreadable Redis entry is a miss and is not copied', async () => {
    const clock = new ManualClock();
    const a = machine({ now: clock.now, ttl: 60 });
    const b = machine({ now: clock.now, ttl: 60 });
    await a.cache.set('old', 1);
    clock.advanceSeconds(61);
    assert.equal(await b.cache.get('old'), undefined);
    await fixture.redis.client.set(PREFIX + 'garbage', 'not json');
    await fixture.redis.client.set(PREFIX + 'nostamp', '{"data":1}');
    assert.equal(await b.cache.get('garbage'), undefined);
    assert.equal(await b.cache.get('nostamp'), undefined);
    assert.deepEqual(fs.readdirSync(b.dir), []);
    const listed = await b.cache.sharedEntries();
    assert.deepEqual(
      listed.map((e) => [e.key, e.state]),
      [['garbage', 'unreadable'], ['nostamp', 'unreadable'], ['old', 'expired']],
    );
  });

  test('has agrees with get on Redis entries: fresh is there; expired, unreadable or another key\'s is not', async () => {
    const clock = new ManualClock();
    const a = machine({ now: clock.now, ttl: 60 });
    const b = machine({ now: clock.now, ttl: 60 });
    await a.cache.set('old', 1);
    clock.advanceSeconds(61); // expired by its timestamp, though Redis (real time) still holds it
    await a.cache.set('new', 2);
    await fixture.redis.client.set(PREFIX + 'garbage', 'not json');
    await fixture.redis.client.set(PREFIX + 'other', JSON.stringify({ key: 'someone-else', timestamp: clock.ms / 1000, data: 3 }));
    for (const key of ['new', 'old', 'garbage', 'other']) {
      assert.equal(await b.cache.has(key), (await b.cache.get(key)) !== undefined, key);
    }
    assert.equal(await b.cache.has('new'), true);
  });

  test('delete removes the entry from every tier of that cache and from Redis', async () => {
    const a = machine();
    const b = machine();
    await a.cache.set('k', 1);
    assert.equal(await b.cache.get('k'), 1);
    assert.equal(await b.cache.delete('k'), true);
    assert.equal(await fixture.redis.client.exists(PREFIX + 'k'), 0);
    assert.equal(await b.cache.get('k'), undefined);
    assert.equal(fs.existsSync(path.join(b.dir, 'k.json')), false);
    // Only Redis had it: still reported as removed.
    await a.cache.set('only-shared', 1);
    const c = machine();
    assert.equal(await c.cache.delete('only-shared'), true);
    assert.equal(await fixture.redis.client.exists(PREFIX + 'only-shared'), 0);
  });

  test('clear removes only keys under our prefix, in SCAN batches, glob characters in the prefix taken literally', async () => {
    const prefix = 'team[1]*:';
    const a = machine({}, { prefix });
    const pipeline = fixture.redis.client.pipeline();
    for (let i = 0; i < 1200; i++) pipeline.set(`${prefix}bulk:${i}`, '{"timestamp":1,"data":0}');
    await pipeline.exec();
    await fixture.redis.client.set('team1x:other', 'keep');
    await fixture.redis.client.set('cache-explorer:foreign', 'keep');
    await fixture.redis.client.set('unrelated', 'keep');
    await a.cache.set('mine', 1);
    const changes: unknown[] = [];
    a.cache.onDidChange((change) => changes.push(change));
    assert.equal(await a.cache.clear(), 1, 'returns the local entries removed');
    assert.deepEqual(changes, [{ type: 'clear', removed: 1, sharedRemoved: 1201 }]);
    assert.deepEqual((await fixture.redis.client.keys('*')).sort(), ['cache-explorer:foreign', 'team1x:other', 'unrelated']);
    assert.deepEqual(fs.readdirSync(a.dir), []);
  });

  test('cleanup works on the local tiers only; Redis expires entries by itself', async () => {
    const clock = new ManualClock();
    const a = machine({ now: clock.now, ttl: 10 });
    await a.cache.set('k', 1);
    clock.advanceSeconds(11);
    const report = await a.cache.cleanup();
    assert.equal(report.removed, 1);
    assert.equal(await fixture.redis.client.exists(PREFIX + 'k'), 1);
    assert.ok((await fixture.redis.client.ttl(PREFIX + 'k')) > 0);
  });

  test('sharedEntries lists Redis; pullShared fills the local folder with counts and progress', async () => {
    const a = machine();
    const b = machine();
    for (let i = 0; i < 120; i++) await a.cache.set(`item:${i}`, { i });
    await b.cache.set('item:0', 'newer here');
    const listed = await b.cache.sharedEntries();
    assert.equal(listed.length, 120);
    assert.ok(listed.every((e) => e.state === 'fresh' && e.redisKey === PREFIX + e.key && e.size > 0));
    const progress: Array<[number, number]> = [];
    const report = await machine().cache.pullShared({ onProgress: (done, total) => progress.push([done, total]) });
    assert.deepEqual(report, { total: 120, pulled: 120, upToDate: 0, expired: 0, unreadable: 0, failed: 0 });
    assert.deepEqual(progress.at(0), [0, 120]);
    assert.deepEqual(progress.at(-1), [120, 120]);
    // b's own item:0 replaced a's in Redis (write-through), so b has it already; it lacks the 119 others.
    const second = await b.cache.pullShared();
    assert.equal(second.pulled, 119);
    assert.equal(second.upToDate, 1);
    assert.equal(fs.readdirSync(b.dir).length, 120);
    assert.deepEqual((await b.cache.pullShared()).upToDate, 120);
  });

  test('Redis refusing writes (OOM): set completes locally, a "refused" warning, still connected', async () => {
    const a = machine();
    await a.cache.set('before', 1);
    await fixture.redis.client.config('SET', 'maxmemory', '1');
    await a.cache.set('k', { v: 1 });
    assert.deepEqual(await a.cache.get('k'), { v: 1 });
    assert.ok(fs.existsSync(path.join(a.dir, 'k.json')));
    const warning = a.warnings.find((w) => w.operation === 'set');
    assert.ok(warning, 'a warning for the refused set');
    assert.equal(warning.code, 'ESHARED');
    assert.equal(warning.reason, 'refused');
    assert.match(warning.message, /OOM/);
    assert.equal(a.cache.sharedState, 'connected');
    await fixture.redis.client.config('SET', 'maxmemory', '0');
  });

  test('Redis not there at all: operations complete locally within the timeout, with a warning', async () => {
    await fixture.redis.kill();
    const a = machine({}, { timeoutMs: 300 });
    const { ms } = await timed(a.cache.set('k', 1));
    assert.ok(ms < 450, `set took ${ms} ms`);
    assert.equal(await a.cache.get('k'), 1);
    assert.equal((await timed(a.cache.get('missing'))).ms < 450, true);
    assert.equal(a.cache.sharedState, 'unreachable');
    assert.ok(a.warnings.length >= 1);
    assert.ok(a.warnings.every((w) => w instanceof StorageError && w.code === 'ESHARED' && w.message.includes(fixture.redis.url)));
    await assert.rejects(a.cache.sharedEntries(), (error: unknown) => error instanceof StorageError && error.code === 'ESHARED');
  });

  test('Redis killed mid-run and restarted: operations keep working locally, then the tier reconnects by itself', async () => {
    const a = machine({}, { timeoutMs: 300 });
    const states: string[] = [];
    a.cache.onDidChangeSharedState((state) => states.push(state));
    await a.cache.set('one', 1);
    await fixture.redis.kill();
    for (const work of [a.cache.set('two', 2), a.cache.get('one'), a.cache.get('absent'), a.cache.delete('one'), a.cache.clear()]) {
      const { ms } = await timed(work as Promise<unknown>);
      assert.ok(ms < 450, `an operation took ${ms} ms with Redis down`);
    }
    await a.cache.set('three', 3);
    assert.equal(await a.cache.get('three'), 3);
    assert.equal(a.cache.sharedState, 'unreachable');
    assert.ok(a.warnings.length > 0);
    await fixture.redis.restart();
    await waitFor('the shared tier to reconnect', () => a.cache.sharedState === 'connected');
    await a.cache.set('four', 4);
    assert.equal(await fixture.redis.client.exists(PREFIX + 'four'), 1);
    assert.deepEqual(states.slice(-2), ['unreachable', 'connected']);
  });

  test('Redis stopped (SIGSTOP): operations finish locally within timeoutMs, warned; after SIGCONT it comes back', async () => {
    const timeoutMs = 300;
    const a = machine({}, { timeoutMs, probeIntervalMs: 100 });
    const b = machine({}, { timeoutMs, probeIntervalMs: 100 });
    await a.cache.set('shared-only', 1);
    await b.cache.get('warm-up'); // b connects
    fixture.redis.pause();
    try {
      const set = await timed(a.cache.set('k', 1));
      assert.ok(set.ms >= timeoutMs - 20 && set.ms < timeoutMs + 150, `set took ${set.ms} ms`);
      assert.equal(a.warnings.at(-1)?.reason, 'timeout');
      assert.match(a.warnings.at(-1)!.message, /set key "k" failed/);
      assert.equal(a.cache.sharedState, 'unreachable');
      // Known unreachable now: the next operations do not wait at all.
      const after = await timed(Promise.all([a.cache.get('k'), a.cache.delete('k'), a.cache.set('k2', 2), a.cache.clear()]));
      assert.ok(after.ms < 150, `operations after the timeout took ${after.ms} ms`);
      const get = await timed(b.cache.get('shared-only'));
      assert.equal(get.value, undefined);
      assert.ok(get.ms < timeoutMs + 150, `get took ${get.ms} ms`);
      assert.equal(b.warnings.at(-1)?.reason, 'timeout');
    } finally {
      fixture.redis.resume();
    }
    await waitFor('a to reconnect', () => a.cache.sharedState === 'connected');
    await waitFor('b to reconnect', () => b.cache.sharedState === 'connected');
    assert.equal(await b.cache.get('shared-only'), 1);
    await a.cache.set('back', 1);
    assert.equal(await fixture.redis.client.exists(PREFIX + 'back'), 1);
  });

  test('Redis refusing the credentials (no password, a wrong one): local in time, a warning names the auth problem, never the password', async () => {
    const timeoutMs = 300;
    const secured = await RedisServer.start({ password: 'secret-pw' });
    try {
      const base = `127.0.0.1:${secured.port}`;
      for (const url of [`redis://${base}`, `redis://:wrong-pw@${base}`, `redis://default:wrong-pw@${base}/0`]) {
        const a = machine({}, { url, timeoutMs });
        const set = await timed(a.cache.set('k', { v: 1 }));
        assert.ok(set.ms < timeoutMs + 150, `${url}: set took ${set.ms} ms`);
        assert.ok(fs.existsSync(path.join(a.dir, 'k.json')), url);
        const get = await timed(a.cache.get('absent'));
        assert.equal(get.value, undefined);
        assert.ok(get.ms < timeoutMs + 150, `${url}: get took ${get.ms} ms`);
        assert.deepEqual(await a.cache.get('k'), { v: 1 });
        assert.notEqual(a.cache.sharedState, 'connected', url);
        assert.ok(a.warnings.length >= 2, `${url}: ${a.warnings.length} warning(s)`);
        for (const warning of a.warnings) {
          assert.equal(warning.code, 'ESHARED');
          assert.match(warning.message, /authentication|password/i, `${url}: ${warning.message}`);
          for (const text of [warning.message, String(warning.cause), a.cache.sharedInfo?.url ?? '']) {
            assert.ok(!text.includes('wrong-pw') && !text.includes('secret-pw'), `the password leaked: ${text}`);
          }
        }
        await assert.rejects(a.cache.sharedEntries(), (error: unknown) => error instanceof StorageError && /authentication|password/i.test(error.message));
      }
      assert.equal(await secured.client.dbsize(), 0, 'nothing reached Redis without the password');
      // The right password: written through.
      const ok = machine({}, { url: `redis://:secret-pw@${base}`, timeoutMs });
      await ok.cache.set('k', 1);
      assert.equal(await secured.client.exists(PREFIX + 'k'), 1);
      assert.equal(ok.cache.sharedState, 'connected');
      assert.deepEqual(ok.warnings, []);
    } finally {
      await secured.stop();
    }
  });

  test('a read-only replica: set completes locally, a warning says the tier refused the write; gets still read it', async () => {
    const timeoutMs = 300;
    await fixture.redis.client.config('SET', 'repl-diskless-sync-delay', '0'); // the replica syncs at once, not after 5 s
    const replica = await RedisServer.start({ replicaOf: fixture.redis.port });
    try {
      const primary = machine();
      await primary.cache.set('from-primary', { p: 1 });
      await waitFor('the replica to sync', async () => (await replica.client.exists(PREFIX + 'from-primary')) === 1, 10_000);
      const a = machine({}, { url: replica.url, timeoutMs });
      assert.deepEqual(await a.cache.get('from-primary'), { p: 1 }, 'reads are served by the replica');
      const set = await timed(a.cache.set('k', { v: 1 }));
      assert.ok(set.ms < timeoutMs + 150, `set took ${set.ms} ms`);
      assert.ok(fs.existsSync(path.join(a.dir, 'k.json')));
      assert.deepEqual(await a.cache.get('k'), { v: 1 });
      const warning = a.warnings.find((w) => w.operation === 'set');
      assert.ok(warning, 'a warning for the refused set');
      assert.equal(warning.code, 'ESHARED');
      assert.equal(warning.reason, 'refused');
      assert.match(warning.message, /set key "k" failed \(refused: READONLY/);
      assert.equal(a.cache.sharedState, 'connected', 'it answers: refused, not unreachable');
      // Delete and clear are writes too: done locally, refused in Redis, warned.
      const removed = await timed(a.cache.delete('from-primary'));
      assert.ok(removed.ms < timeoutMs + 150, `delete took ${removed.ms} ms`);
      assert.ok(a.warnings.some((w) => w.operation === 'delete' && w.reason === 'refused'));
      assert.equal(fs.existsSync(path.join(a.dir, 'from-primary.json')), false);
      await a.cache.clear();
      assert.ok(a.warnings.some((w) => w.operation === 'clear' && w.reason === 'refused'));
      assert.equal(await replica.client.exists(PREFIX + 'from-primary'), 1, 'the replica kept it: its primary decides');
    } finally {
      await replica.stop();
    }
  });
});
