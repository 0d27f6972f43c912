// Red team (issue 12): reads go through one handle that never follows a link, and files that cannot be read are
// misses, never errors. A FIFO or a socket named <key>.json, a 600 MB sparse file, and a symbolic link swapped in while
// a growing file is read: get misses (no throw, no hang, nothing outside read), the listing says why, getOrSet and set
// never replace a FIFO or a socket.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as path from 'node:path';
import { Cache, StorageError } from '../../src/engine';
import { useTempFolder } from '../engine/helpers';
import { report } from './helpers';

const SECRET = 'outside the cache folder: must never be read';

suite('Special and oversized files, links swapped in mid-read', () => {
  const temp = useTempFolder();
  let dir = '';
  let server: net.Server | undefined;
  setup(() => {
    dir = temp.cacheDir;
    fs.mkdirSync(dir);
  });
  teardown(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  const at = (name: string) => path.join(dir, name);
  const makers: Record<string, { make: () => Promise<void>; kind: RegExp; isKind: (s: fs.Stats) => boolean }> = {
    FIFO: { make: async () => void execFileSync('mkfifo', [at('k.json')]), kind: /a FIFO, not a file/, isKind: (s) => s.isFIFO() },
    socket: {
      make: async () => {
        server = net.createServer();
        await new Promise<void>((resolve, reject) => server!.once('error', reject).listen(at('k.json'), resolve));
      },
      kind: /a socket, not a file/,
      isKind: (s) => s.isSocket(),
    },
  };

  for (const [what, { make, kind, isKind }] of Object.entries(makers)) {
    test(`a ${what} named k.json: get and has miss, the listing says it is ${what === 'FIFO' ? 'a FIFO' : 'a socket'}, getOrSet serves without replacing it, set refuses`, async () => {
      await make();
      const cache = new Cache({ cacheDir: dir });
      assert.equal(await cache.get('k'), undefined);
      assert.equal(await cache.has('k'), false);
      const info = await cache.entry('k');
      assert.equal(info?.state, 'unreadable');
      assert.match(info!.problem!, kind);
      assert.deepEqual(await cache.getOrSet('k', () => ({ computed: 1 })), { computed: 1 });
      assert.deepEqual(await cache.getOrSet('k', () => ({ computed: 2 })), { computed: 2 }, 'a second call works too');
      await assert.rejects(cache.set('k', 1), (error: unknown) => error instanceof StorageError && error.code === 'ENOTCACHEFILE');
      assert.ok(isKind(fs.lstatSync(at('k.json'))), `the ${what} was replaced`);
      assert.deepEqual(fs.readdirSync(dir), ['k.json'], 'no temp file left');
    });
  }

  test('a 600 MB sparse entry: get misses without reading it, the listing says "too large", getOrSet replaces it', async function () {
    this.timeout(30_000);
    const size = 600 * 1024 * 1024;
    // A valid head (a fresh entry, by its first bytes) over 600 MB of zeros: unreadable whole, and V8 could not even
    // hold it as one string.
    fs.writeFileSync(at('big.json'), `{"timestamp":${Date.now() / 1000},"data":"`);
    fs.truncateSync(at('big.json'), size);
    const cache = new Cache({ cacheDir: dir });
    const rssBefore = process.memoryUsage().rss;
    assert.equal(await cache.get('big'), undefined);
    const [info] = await cache.entries();
    assert.equal(info?.state, 'unreadable');
    assert.match(info!.problem!, /too large: 629 MB/);
    const grewMb = (process.memoryUsage().rss - rssBefore) / 1e6;
    assert.ok(grewMb < 100, `reading it grew memory by ${grewMb.toFixed(0)} MB`);
    assert.deepEqual(await cache.getOrSet('big', () => 'small now'), 'small now');
    assert.equal(await new Cache({ cacheDir: dir }).get('big'), 'small now');
    report('special files', { 'sparse file MB': size / 2 ** 20, 'RSS growth reading it MB': Math.round(grewMb) });
  });

  test('maxEntryBytes bounds whole reads: a bigger entry is unreadable, "too large", and get misses', async () => {
    const cache = new Cache({ cacheDir: dir, maxEntryBytes: 1000 });
    await cache.set('small', 'x'.repeat(500));
    await cache.set('large', 'x'.repeat(2000));
    const reader = new Cache({ cacheDir: dir, maxEntryBytes: 1000 });
    assert.equal(await reader.get('small'), 'x'.repeat(500));
    assert.equal(await reader.get('large'), undefined);
    assert.match((await reader.entry('large'))!.problem!, /too large: 2 KB \(the limit, maxEntryBytes, is 1 KB\)/);
  });

  for (const size of [100, 100_000]) {
    test(`a link swapped in while a growing ${size < 65_536 ? 'small' : 'large'} file is read is never followed`, async () => {
      const outside = path.join(temp.parent, 'outside.json');
      fs.writeFileSync(outside, JSON.stringify({ timestamp: Date.now() / 1000, data: SECRET }));
      // The real k.json: a valid entry and white space (still valid JSON) that an in-place writer appends to.
      fs.writeFileSync(at('k.json'), JSON.stringify({ timestamp: Date.now() / 1000, data: 'inside' }) + ' '.repeat(size));
      const held = path.join(temp.parent, 'k.held');
      fs.linkSync(at('k.json'), held);
      fs.symlinkSync(outside, path.join(temp.parent, 'k.link'));
      // The race, made certain: the first read of the file (after the engine opened and fstat-ed it) finds that it
      // grew and that its name is now a link out of the folder.
      let raced = false;
      const race = () => {
        if (raced) return;
        raced = true;
        fs.appendFileSync(held, ' '.repeat(100));
        fs.renameSync(path.join(temp.parent, 'k.link'), at('k.json'));
      };
      const restore = interceptReads(race);
      let value: unknown;
      try {
        value = await new Cache({ cacheDir: dir }).get('k');
      } finally {
        restore();
      }
      assert.ok(raced, 'the read was not intercepted');
      assert.equal(value, 'inside', 'read something else than the file it opened');
    });
  }
});

/** Calls `before` ahead of every read node:fs makes (the engine's module object is this one); returns the undo. */
function interceptReads(before: () => void): () => void {
  const nodeFs = createRequire(__filename)('node:fs') as Record<'read' | 'readSync', (...args: unknown[]) => unknown>;
  const { read, readSync } = nodeFs;
  nodeFs.read = (...args) => (before(), read(...args));
  nodeFs.readSync = (...args) => (before(), readSync(...args));
  return () => Object.assign(nodeFs, { read, readSync });
}
