// Cache.touch / expire / setTtl / rename: the fields change, the value's stored text does not, on real temp folders.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StorageError, type CacheChange } from '../../src/engine';
import { listDir, makeCache, readText, useTempFolder, writeText } from './helpers';

/** A value no JS round trip keeps: a number beyond 2^53, `1.0`, a `__proto__` member, spacing and key order. */
const EXACT_DATA = '{ "z": 12345678901234567890, "a": 1.0, "__proto__": {"x": [1, 2]} }';

function rejectsWith(code: string): (error: unknown) => boolean {
  return (error) => error instanceof StorageError && error.code === code;
}

suite('Cache entry edits', () => {
  const temp = useTempFolder();
  let dir = '';
  setup(() => (dir = temp.cacheDir));

  test('touch moves the timestamp to now and keeps the value text and the own ttl exactly', async () => {
    const { cache, clock } = makeCache(dir);
    writeText(dir, 'report.json', `{"timestamp":1600000000,"ttl":60,"data":${EXACT_DATA}}`);
    assert.equal(await cache.get('report'), undefined, 'expired before');
    await cache.touch('report');
    assert.equal(readText(dir, 'report.json'), `{"timestamp":${clock.ms / 1000},"ttl":60,"data":${EXACT_DATA}}`);
    assert.equal((await cache.entry('report'))?.state, 'fresh');
  });

  test('expire makes the entry expired at once, so get misses it and cleanup removes it; value and ttl stay', async () => {
    const { cache, clock } = makeCache(dir, { ttl: 3600, revalidateAfterMs: 60_000 });
    await cache.setJsonText('hot', EXACT_DATA.replace(/ /g, ''), { ttl: 60 });
    assert.notEqual(await cache.get('hot'), undefined);
    await cache.expire('hot');
    assert.equal(await cache.get('hot'), undefined, 'memory copy dropped too');
    const info = await cache.entry('hot');
    assert.equal(info?.state, 'expired');
    assert.equal(info?.ttl, 60);
    assert.equal(info?.timestamp, clock.ms / 1000 - 3601, 'one second past the longer of the two ttls');
    assert.ok(readText(dir, 'hot.json').endsWith(`"ttl":60,"data":${EXACT_DATA.replace(/ /g, '')}}`));
    assert.equal((await cache.cleanup()).removed, 1);
    assert.deepEqual(listDir(dir), []);
  });

  test('setTtl writes the entry own ttl and keeps the timestamp; undefined goes back to the cache ttl', async () => {
    const { cache } = makeCache(dir, { ttl: 100 });
    writeText(dir, 'k.json', `{"timestamp":1699999950,"data":${EXACT_DATA}}`);
    await cache.setTtl('k', 7200);
    assert.equal(readText(dir, 'k.json'), `{"timestamp":1699999950,"ttl":7200,"data":${EXACT_DATA}}`);
    assert.equal((await cache.entry('k'))?.expiresAt, 1699999950 + 7200);
    await cache.setTtl('k', undefined);
    assert.equal(readText(dir, 'k.json'), `{"timestamp":1699999950,"data":${EXACT_DATA}}`);
    assert.equal((await cache.entry('k'))?.ttl, 100);
  });

  test('setTtl refuses a ttl that is negative or not finite, and the file stays as it was', async () => {
    const { cache } = makeCache(dir);
    await cache.set('k', 1, { ttl: 5 });
    const before = readText(dir, 'k.json');
    await assert.rejects(cache.setTtl('k', -5), rejectsWith('EINVALIDTTL'));
    await assert.rejects(cache.setTtl('k', Number.NaN), rejectsWith('EINVALIDTTL'));
    assert.equal(readText(dir, 'k.json'), before);
  });

  test('a missing key is a StorageError ENOENT naming it, and nothing is created', async () => {
    const { cache } = makeCache(dir);
    await cache.set('other', 1);
    for (const edit of [() => cache.touch('gone'), () => cache.expire('gone'), () => cache.setTtl('gone', 5), () => cache.rename('gone', 'new')]) {
      await assert.rejects(edit(), (error) => rejectsWith('ENOENT')(error) && /"gone"/.test((error as Error).message));
    }
    assert.deepEqual(listDir(dir), ['other.json']);
  });

  test('an unreadable file is refused with EUNREADABLE and the reason, and left byte for byte', async () => {
    const { cache } = makeCache(dir);
    writeText(dir, 'torn.json', '{"timestamp":1700000000,"data":{"ro');
    await assert.rejects(cache.touch('torn'), (error) => rejectsWith('EUNREADABLE')(error) && /not valid JSON/.test((error as Error).message));
    assert.equal(readText(dir, 'torn.json'), '{"timestamp":1700000000,"data":{"ro');
  });

  test('a symbolic link at the key name is refused, and neither the link nor its target changes', async () => {
    const { cache } = makeCache(dir);
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(temp.parent, 'outside.json');
    fs.writeFileSync(target, '{"timestamp":1,"data":"secret"}');
    fs.symlinkSync(target, path.join(dir, 'link.json'));
    await assert.rejects(cache.touch('link'), rejectsWith('EUNREADABLE'));
    assert.equal(fs.readFileSync(target, 'utf8'), '{"timestamp":1,"data":"secret"}');
    assert.ok(fs.lstatSync(path.join(dir, 'link.json')).isSymbolicLink());
  });

  test('rename moves value text, timestamp and ttl to the new key, removes the old file, and fires set then delete', async () => {
    const { cache } = makeCache(dir, { revalidateAfterMs: 60_000 });
    writeText(dir, 'old.json', `{"timestamp":1699999000,"ttl":9000,"data":${EXACT_DATA}}`);
    assert.notEqual(await cache.get('old'), undefined);
    const changes: CacheChange[] = [];
    cache.onDidChange((change) => changes.push(change));
    await cache.rename('old', 'new');
    assert.deepEqual(listDir(dir), ['new.json']);
    assert.equal(readText(dir, 'new.json'), `{"timestamp":1699999000,"ttl":9000,"data":${EXACT_DATA}}`);
    assert.equal(await cache.get('old'), undefined, 'memory copy of the old key dropped');
    assert.deepEqual(changes, [
      { type: 'set', key: 'new' },
      { type: 'delete', key: 'old', fileName: 'old.json' },
    ]);
  });

  test('copy writes the same value text, timestamp and ttl under the new key and keeps the old one', async () => {
    const { cache } = makeCache(dir);
    writeText(dir, 'src.json', `{"timestamp":1699999000,"ttl":9000,"data":${EXACT_DATA}}`);
    await cache.copy('src', 'dst');
    assert.deepEqual(listDir(dir), ['dst.json', 'src.json']);
    assert.equal(readText(dir, 'dst.json'), readText(dir, 'src.json'));
    await assert.rejects(cache.copy('src', 'dst'), rejectsWith('EEXIST'));
    await assert.rejects(cache.copy('src', 'src'), rejectsWith('EEXIST'));
  });

  test('rename refuses EEXIST onto an existing key unless overwrite, keeping both files', async () => {
    const { cache } = makeCache(dir);
    await cache.set('a', 'A');
    await cache.set('b', 'B');
    await assert.rejects(cache.rename('a', 'b'), rejectsWith('EEXIST'));
    assert.equal(await cache.get('a'), 'A');
    assert.equal(await cache.get('b'), 'B');
    await cache.rename('a', 'b', { overwrite: true });
    assert.deepEqual(listDir(dir), ['b.json']);
    assert.equal(await cache.get('b'), 'A');
  });

  test('rename refuses a key the cache cannot store, before touching anything', async () => {
    const { cache } = makeCache(dir);
    await cache.set('a', 1);
    await assert.rejects(cache.rename('a', ''), rejectsWith('EINVALIDKEY'));
    await assert.rejects(cache.rename('a', '\ud800'), rejectsWith('EINVALIDKEY'));
    assert.deepEqual(listDir(dir), ['a.json']);
  });

  test('a key whose name is shortened keeps its full key in the file after an edit and a rename', async () => {
    const { cache } = makeCache(dir);
    const long = 'k'.repeat(400);
    await cache.set(long, { v: 1 });
    await cache.touch(long);
    await cache.rename(long, long + '2');
    assert.deepEqual(await cache.get(long + '2'), { v: 1 });
    assert.equal(await cache.get(long), undefined);
    assert.equal(listDir(dir).length, 1);
  });

  test('renames a→b and b→a at once both finish (no lock waits on the other)', async () => {
    const { cache } = makeCache(dir);
    await cache.set('a', 'A');
    await cache.set('b', 'B');
    const results = await Promise.allSettled([cache.rename('a', 'b', { overwrite: true }), cache.rename('b', 'a', { overwrite: true })]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled']);
    // In call order: a→b first (b holds "A"), then b→a.
    assert.deepEqual(listDir(dir), ['a.json']);
    assert.equal(await cache.get('a'), 'A');
  });
});
