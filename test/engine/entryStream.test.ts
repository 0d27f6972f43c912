// The two-step listing: names first (one readdir, no file opened), then entries streamed in batches as they are
// read. Real temp folders; the stream must add up to exactly what entries() lists.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem, type FileSystem } from '../../src/engine/fileSystem';
import type { EntryInfo } from '../../src/engine';
import { makeCache, useTempFolder, writeText } from './helpers';

async function collect(stream: AsyncIterable<EntryInfo[]>): Promise<{ infos: EntryInfo[]; batches: number[] }> {
  const infos: EntryInfo[] = [];
  const batches: number[] = [];
  for await (const batch of stream) {
    batches.push(batch.length);
    infos.push(...batch);
  }
  return { infos, batches };
}

const byFileName = (a: EntryInfo, b: EntryInfo) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0);

suite('Names first, then entries streamed', () => {
  const temp = useTempFolder();

  test('entryNames reads no file: keys come from the names, odd spellings included; debris and other files are left out', async () => {
    const reads: string[] = [];
    const spy: FileSystem = { ...nodeFileSystem, readFile: (p, max, limit) => (reads.push(p), nodeFileSystem.readFile(p, max, limit)) };
    const { cache } = makeCache(temp.cacheDir, { fs: spy });
    for (const key of ['plain', 'a/b', '.hidden', 'Café Menu', 'tab\there', 'caf%C3%A9', 'user:10']) await cache.set(key, 1);
    writeText(temp.cacheDir, `.plain.json.${process.pid}.abcdef.tmp`, '{"timestamp":1,'); // a write in progress
    writeText(temp.cacheDir, 'notes.txt', 'not an entry');
    writeText(temp.cacheDir, '%2fx.json', '{"timestamp":1,"data":1}'); // another tool's name: listed, as unreadable
    fs.mkdirSync(path.join(temp.cacheDir, 'folder.json'));
    reads.length = 0;
    const names = await cache.entryNames();
    assert.deepEqual(reads, [], 'no file was opened');
    const byName = (a: string[], b: string[]) => (a[1]! < b[1]! ? -1 : 1);
    const pairs = names.map(({ key, fileName }) => [key, fileName]).sort(byName);
    assert.deepEqual(pairs, [
      ['%2fx', '%2fx.json'],
      ['.hidden', '%2Ehidden.json'],
      ['a/b', 'a%2Fb.json'],
      ['caf%C3%A9', 'caf%25C3%25A9.json'],
      ['Café Menu', 'Café Menu.json'],
      ['folder', 'folder.json'],
      ['plain', 'plain.json'],
      ['tab\there', 'tab%09here.json'],
      ['user:10', 'user:10.json'],
    ].sort(byName));
    assert.match(names.find((n) => n.fileName === 'folder.json')!.problem!, /folder/);
  });

  test('the stream adds up to entries(), whatever order the batches come in', async () => {
    const { cache, clock } = makeCache(temp.cacheDir, { ttl: 100 });
    for (let i = 0; i < 700; i++) await cache.set(`k${(i * 37) % 700}`, { i }, { ttl: i % 3 === 0 ? 1 : 1000 });
    writeText(temp.cacheDir, 'torn.json', '{"timestamp":');
    clock.advanceSeconds(10);
    const { infos, batches } = await collect(cache.streamEntries({ batchSize: 64 }));
    assert.ok(batches.length >= 11 && batches.every((n) => n >= 1 && n <= 64), `batches: ${batches.join(',')}`);
    const listed = await cache.entries();
    assert.deepEqual([...infos].sort(byFileName), [...listed].sort(byFileName));
    assert.equal(listed.filter((e) => e.state === 'expired').length, 234, 'every third entry, by the engine’s expiry rule');
    assert.equal(listed.find((e) => e.fileName === 'torn.json')?.state, 'unreadable');
    // Given names (as a view that showed them first would): the same infos, in the names' order of batches.
    const names = (await cache.entryNames()).reverse();
    const again = await collect(cache.streamEntries({ names, batchSize: 1000 }));
    assert.deepEqual(again.batches, [701]);
    assert.deepEqual([...again.infos].sort(byFileName), [...listed].sort(byFileName));
  });

  test('stops when aborted: no batch after the abort, and unread files are not opened', async () => {
    const reads: string[] = [];
    const spy: FileSystem = { ...nodeFileSystem, readFile: (p, max, limit) => (reads.push(p), nodeFileSystem.readFile(p, max, limit)) };
    const { cache } = makeCache(temp.cacheDir, { fs: spy });
    for (let i = 0; i < 500; i++) await cache.set(`k${i}`, i);
    reads.length = 0;
    const controller = new AbortController();
    let batches = 0;
    for await (const batch of cache.streamEntries({ signal: controller.signal, batchSize: 50 })) {
      assert.equal(batch.length, 50);
      if (++batches === 2) controller.abort();
    }
    assert.equal(batches, 2);
    assert.ok(reads.length <= 100 + 64, `${reads.length} files opened after 2 of 10 batches`);
  });

  test('a file that vanishes after its name was read is left out, the others are listed', async () => {
    const { cache } = makeCache(temp.cacheDir);
    for (const key of ['a', 'b', 'c']) await cache.set(key, key);
    const names = await cache.entryNames();
    fs.rmSync(path.join(temp.cacheDir, 'b.json'));
    const { infos } = await collect(cache.streamEntries({ names }));
    assert.deepEqual(infos.map((e) => [e.key, e.state]).sort(), [['a', 'fresh'], ['c', 'fresh']]);
  });

  test('a key under an earlier version’s name is listed once, by its current file, in names and stream alike', async () => {
    const { cache } = makeCache(temp.cacheDir);
    await cache.set('café Menu', 'new');
    writeText(temp.cacheDir, 'caf%C3%A9 Menu.json', '{"timestamp":1700000000,"data":"old"}');
    const names = await cache.entryNames();
    assert.deepEqual(names.map((n) => [n.key, n.fileName]), [['café Menu', 'café Menu.json']]);
    const { infos } = await collect(cache.streamEntries({ names }));
    assert.deepEqual(infos.map((e) => e.fileName), ['café Menu.json']);
    assert.deepEqual((await cache.entries()).map((e) => e.fileName), ['café Menu.json']);
  });

  test('someEntryNames is a glimpse: at most the first names the folder lists, named as entryNames names them', async () => {
    const reads: string[] = [];
    const spy: FileSystem = { ...nodeFileSystem, readFile: (p, max, limit) => (reads.push(p), nodeFileSystem.readFile(p, max, limit)) };
    const { cache } = makeCache(temp.cacheDir, { fs: spy });
    for (let i = 0; i < 300; i++) await cache.set(i % 2 ? `model:${i}` : `run/${i}`, i);
    writeText(temp.cacheDir, `.run%2F0.json.${process.pid}.abcdef.tmp`, '{"timestamp":1,');
    writeText(temp.cacheDir, 'notes.txt', 'not an entry');
    reads.length = 0;
    const every = new Map((await cache.entryNames()).map((n) => [n.fileName, n.key]));
    const some = await cache.someEntryNames(50);
    assert.deepEqual(reads, [], 'no file was opened');
    assert.equal(some.all, false, 'the folder holds more');
    // The debris and the text file may be among the first 50 the folder lists: they are left out, as entryNames does.
    assert.ok(some.names.length >= 48 && some.names.length <= 50, `${some.names.length} names`);
    for (const { fileName, key } of some.names) assert.equal(every.get(fileName), key, fileName);
    const all = await cache.someEntryNames(1000);
    assert.equal(all.all, true, 'the folder held fewer than 1,000 names');
    assert.deepEqual(new Map(all.names.map((n) => [n.fileName, n.key])), every);
    assert.deepEqual(await cache.someEntryNames(0), { names: [], all: false });
  });

  test('an injected file system that ignores the limit still gives a glimpse of at most that many names', async () => {
    const asked: (number | undefined)[] = [];
    const whole: FileSystem = { ...nodeFileSystem, readdir: (p, limit) => (asked.push(limit), nodeFileSystem.readdir(p)) };
    const { cache } = makeCache(temp.cacheDir, { fs: whole });
    for (let i = 0; i < 30; i++) await cache.set(`k${i}`, i);
    const some = await cache.someEntryNames(10);
    assert.deepEqual(asked.slice(-1), [10], 'the limit was asked for');
    assert.equal(some.names.length, 10);
    assert.equal(some.all, false);
  });

  test('a name whose bytes are not UTF-8 is listed as such, by the whole listing and by a glimpse alike', async function () {
    const odd = Buffer.concat([Buffer.from('bad'), Buffer.from([0xff]), Buffer.from('.json')]);
    try {
      fs.mkdirSync(temp.cacheDir, { recursive: true });
      fs.writeFileSync(Buffer.concat([Buffer.from(`${temp.cacheDir}/`), odd]), '{"timestamp":1,"data":1}');
    } catch {
      this.skip(); // a file system that only takes UTF-8 names (APFS): nothing to list
    }
    writeText(temp.cacheDir, 'good.json', '{"timestamp":1,"data":1}');
    const { cache } = makeCache(temp.cacheDir);
    const listed = (names: { key: string; problem?: string }[]) => names.map((n) => [n.key, n.problem !== undefined]).sort();
    const expected = [['bad\ufffd', true], ['good', false]];
    assert.deepEqual(listed(await cache.entryNames()), expected);
    assert.deepEqual(listed((await cache.someEntryNames(10)).names), expected);
    const head = await nodeFileSystem.readdir(temp.cacheDir, 1);
    assert.equal(head.length, 1, 'a limit of one reads one name, in both passes');
  });

  test('an empty or missing folder has no names and streams nothing', async () => {
    const { cache } = makeCache(temp.cacheDir);
    assert.deepEqual(await cache.entryNames(), []);
    assert.deepEqual((await collect(cache.streamEntries())).batches, []);
  });
});
