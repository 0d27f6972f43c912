// A burst's own load: when the watcher named every file that changed, the listing is built from the previous one's
// names and the burst's files, read first, without listing the folder's names again (2–7 s at a million entries).
// A real temp folder and the real engine, on plain Node; the engine's file system is counted, not faked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cache, nodeFileSystem, type FileSystem } from '../../src/engine';
import type { FolderListing } from '../../src/extension/model/folderListing';
import type { FileEntry } from '../../src/extension/model/listedEntry';
import { loadNamesFirst } from '../../src/extension/model/namesFirst';

const NOW = Math.floor(Date.now() / 1000);

/** A Map that counts the entries walked through it, however they are walked. */
class WalkCountingMap<V> extends Map<string, V> {
  walked = 0;

  override *entries(): MapIterator<[string, V]> {
    for (const pair of Map.prototype.entries.call(this) as MapIterator<[string, V]>) {
      this.walked++;
      yield pair;
    }
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  override *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  override *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }
}

suite("a burst's load, every change named", () => {
  let dir: string;
  let readdirs: number;
  let cache: Cache;
  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-explorer-burst-'));
    readdirs = 0;
    const counted: FileSystem = { ...nodeFileSystem, readdir: (p, limit) => (readdirs++, nodeFileSystem.readdir(p, limit)) };
    cache = new Cache({ cacheDir: dir, ttl: 60, fs: counted });
  });
  teardown(() => {
    cache.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (key: string, timestamp = NOW) => fs.writeFileSync(path.join(dir, `${key}.json`), `{"timestamp":${timestamp},"data":{"k":"${key}"}}`);
  const keysOf = (listing: FolderListing) => [...listing.entries.values()].map((e) => e.key).sort();

  test('new files show read, a rewritten one with its new state, a removed one is gone; the rest are the same entries', async () => {
    ['a:1', 'a:2', 'a:3', 'a:4'].forEach((key) => write(key));
    const before = await loadNamesFirst(cache, { exists: true });
    const listedBefore = readdirs;
    write('b:1');
    write('b:2');
    write('a:1', NOW - 3600);
    fs.rmSync(path.join(dir, 'a:2.json'));
    const shown: FolderListing[] = [];
    const changed = new Set(['b:1.json', 'b:2.json', 'a:1.json', 'a:2.json']);
    const after = await loadNamesFirst(cache, { exists: true }, { previous: before, changed, changedOnly: true, progress: (l) => shown.push(l) });
    assert.equal(readdirs, listedBefore, "the folder's names were listed again");
    // What the view is first handed already has the burst's entries read.
    assert.deepEqual(keysOf(shown[0]!), ['a:1', 'a:3', 'a:4', 'b:1', 'b:2']);
    const b1 = shown[0]!.entries.get('b:1.json') as FileEntry;
    assert.equal(b1.unread, false);
    assert.equal(b1.state, 'fresh');
    assert.equal(shown[0]!.entries.get('a:1.json')!.state, 'expired');
    assert.equal(shown[0]!.unread, 0);
    assert.equal(after.entries.get('a:3.json'), before.entries.get('a:3.json'), 'an unchanged entry is kept as it was');
    assert.deepEqual(keysOf(after), ['a:1', 'a:3', 'a:4', 'b:1', 'b:2']);
  });

  test('cut short by a newer batch, the load still makes its listing with its files read (the next starts from it)', async () => {
    ['a:1', 'a:2'].forEach((key) => write(key));
    const before = await loadNamesFirst(cache, { exists: true });
    write('b:1');
    const cut = await loadNamesFirst(cache, { exists: true }, { previous: before, changed: new Set(['b:1.json']), changedOnly: true, signal: AbortSignal.abort() });
    assert.deepEqual(keysOf(cut), ['a:1', 'a:2', 'b:1']);
    assert.equal((cut.entries.get('b:1.json') as FileEntry).unread, false);
  });

  test('cut short while it looks for the few entries left unread among many, a load stops looking at once', async () => {
    write('a:1');
    const read = (await loadNamesFirst(cache, { exists: true })).entries.get('a:1.json') as FileEntry;
    // 20,000 entries, all read but the last three: finding those walks them all, which a load cut short must not do.
    const entries = new WalkCountingMap<FileEntry>();
    for (let i = 0; i < 20_000; i++) entries.set(`x:${i}.json`, { ...read, key: `x:${i}`, fileName: `x:${i}.json`, unread: i >= 19_997 } as FileEntry);
    write('b:1');
    const cut = await loadNamesFirst(cache, { exists: true }, {
      previous: { exists: true, entries, unread: 3 },
      changed: new Set(['b:1.json']),
      changedOnly: true,
      signal: AbortSignal.abort(),
    });
    assert.ok(entries.walked <= 2048, `it looked at ${entries.walked} entries`);
    assert.equal(cut.entries.size, 20_001);
    assert.equal(cut.unread, 3, 'the three are left for the next load');
  });

  test('entries the previous load had not read yet (it was cut short) are read by this one', async () => {
    ['a:1', 'a:2', 'a:3'].forEach((key) => write(key));
    // Cut short before any state was read: every entry known by name only.
    const aborted = AbortSignal.abort();
    const cut = await loadNamesFirst(cache, { exists: true }, { signal: aborted });
    assert.equal(cut.unread, 3);
    write('b:1');
    const after = await loadNamesFirst(cache, { exists: true }, { previous: cut, changed: new Set(['b:1.json']), changedOnly: true });
    assert.equal(after.unread, 0);
    assert.deepEqual(keysOf(after), ['a:1', 'a:2', 'a:3', 'b:1']);
    assert.ok([...after.entries.values()].every((e) => (e as FileEntry).unread === false && e.state === 'fresh'));
  });

  test('a load cut short hands on where it stopped: the next reads on from there, walking no entry read already', async () => {
    // Over two runs of reads (4,096 names each), so the first load stops in its second run.
    const keys = Array.from({ length: 9000 }, (_, i) => `k:${i}`);
    keys.forEach((key) => write(key));
    const reads = new Map<string, number>();
    const stop = new AbortController();
    const counted: FileSystem = {
      ...nodeFileSystem,
      readFile: (p, maxBytes, sizeLimit) => {
        const fileName = path.basename(p);
        reads.set(fileName, (reads.get(fileName) ?? 0) + 1);
        if (reads.size === 5000) stop.abort();
        return nodeFileSystem.readFile(p, maxBytes, sizeLimit);
      },
    };
    const counting = new Cache({ cacheDir: dir, ttl: 60, fs: counted });
    try {
      const cut = await loadNamesFirst(counting, { exists: true }, { signal: stop.signal });
      assert.ok(cut.unread! > 3000 && cut.unread! < 4500, `${cut.unread} left unread`);
      assert.equal(cut.unreadAmong?.from, 4096, 'it stopped in its second run of names');
      write('b:1');
      // Its entries as a Map that counts the entries walked: none is, the names say where the unread ones are.
      const entries = new WalkCountingMap(cut.entries as Map<string, FileEntry>);
      const previous = { ...cut, entries };
      const after = await loadNamesFirst(counting, { exists: true }, { previous, changed: new Set(['b:1.json']), changedOnly: true });
      assert.equal(entries.walked, 0, 'it walked the entries read already to find the unread ones');
      assert.equal(after.unread, 0);
      assert.equal(after.unreadAmong, undefined);
      assert.equal(after.entries.size, 9001);
      assert.ok([...after.entries.values()].every((e) => (e as FileEntry).unread === false && e.state === 'fresh'), 'an entry is left unread');
      // Read twice: only what the first load had read but not yet taken in when it stopped (one batch of 256).
      const twice = [...reads].filter(([, count]) => count > 1).length;
      assert.ok(twice <= 256, `${twice} files read twice`);
      assert.equal(reads.size, 9001);
    } finally {
      counting.dispose();
    }
  });

  test('a burst too big to read at once shows every new file by name first, then reads them and those left before', async () => {
    ['a:1', 'a:2', 'a:3'].forEach((key) => write(key));
    // Cut short before any state was read: a, b and c are left for the next load.
    const cut = await loadNamesFirst(cache, { exists: true }, { signal: AbortSignal.abort() });
    const burst = Array.from({ length: 2000 }, (_, i) => `b:${i}`);
    burst.forEach((key) => write(key));
    // A disk the writer keeps busy: 30 ms a read, until the listing is shown.
    let slow = true;
    const busy: FileSystem = {
      ...nodeFileSystem,
      readFile: async (p, maxBytes, sizeLimit) => {
        if (slow) await new Promise((resolve) => setTimeout(resolve, 30));
        return nodeFileSystem.readFile(p, maxBytes, sizeLimit);
      },
    };
    const busyCache = new Cache({ cacheDir: dir, ttl: 60, fs: busy });
    try {
      // The listing is filled in place as states arrive: what it was when shown is noted then.
      const shown: Array<{ size: number; unread: number; b0Unread: boolean | undefined }> = [];
      const started = performance.now();
      let shownAfter = 0;
      const after = await loadNamesFirst(busyCache, { exists: true }, {
        previous: cut,
        changed: new Set(burst.map((key) => `${key}.json`)),
        changedOnly: true,
        progress: (listing) => {
          const b0Unread = (listing.entries.get('b:0.json') as FileEntry | undefined)?.unread;
          if (shown.push({ size: listing.entries.size, unread: listing.unread ?? 0, b0Unread }) === 1) {
            shownAfter = performance.now() - started;
            slow = false;
          }
        },
      });
      const first = shown[0]!;
      assert.equal(first.size, 2003, 'the first listing has every file of the burst');
      // 2,000 reads of 30 ms, 64 at a time, take about a second: it showed before.
      assert.ok(shownAfter < 800, `shown after ${shownAfter.toFixed(0)} ms`);
      assert.ok(first.unread > 3 + 1000, `the burst was read before the listing showed (${shownAfter.toFixed(0)} ms, ${first.unread} unread)`);
      assert.equal(first.b0Unread, false, 'the first new files are read at once');
      assert.equal(after.unread, 0);
      assert.equal(after.unreadAmong, undefined);
      assert.deepEqual(keysOf(after), [...burst, 'a:1', 'a:2', 'a:3'].sort());
      assert.ok([...after.entries.values()].every((e) => (e as FileEntry).unread === false && e.state === 'fresh'), 'an entry is left unread');
    } finally {
      busyCache.dispose();
    }
  });

  test('files removed between the listing of names and their reads leave the listing, in the first run of names or a later one', async () => {
    // More files than one run of reads takes (4,096 names), so the later runs are walked as the reads go.
    const keys = Array.from({ length: 9000 }, (_, i) => `k:${i}`);
    keys.forEach((key) => write(key));
    const gone = ['k:5', 'k:8500'];
    const shown: FolderListing[] = [];
    const loaded = await loadNamesFirst(cache, { exists: true }, {
      progress: (listing) => {
        // Right after the names are listed, before any state is read: a pipeline's cleanup removes two files.
        if (shown.push(listing) === 1) gone.forEach((key) => fs.rmSync(path.join(dir, `${key}.json`)));
      },
    });
    assert.equal(shown[0]!.entries.size, 9000, 'both were listed by name');
    assert.equal(loaded.entries.size, 8998);
    assert.equal(loaded.unread, 0);
    for (const key of gone) assert.equal(loaded.entries.has(`${key}.json`), false, `${key} is still listed`);
    assert.equal((loaded.entries.get('k:8499.json') as FileEntry).unread, false);
  });

  test('without changedOnly the names are listed again, and a file no event named shows', async () => {
    write('a:1');
    const before = await loadNamesFirst(cache, { exists: true });
    const listedBefore = readdirs;
    write('unreported');
    const after = await loadNamesFirst(cache, { exists: true }, { previous: before, changed: new Set() });
    assert.equal(readdirs, listedBefore + 1);
    assert.deepEqual(keysOf(after), ['a:1', 'unreported']);
  });
});
