// A listing that says which files changed since the one before (a burst's load, a patch) is ordered by placing those
// files in the order the view has: the same order as sorting every key, and sorted afresh when its lineage does not
// add up. Plain Node; the listings are built as the model builds them (the other entries kept as the same objects).
import * as assert from 'node:assert/strict';
import type { EntryInfo } from '../../src/engine';
import type { FolderListing } from '../../src/extension/model/folderListing';
import { changedLineage, changedSince, freshLineage } from '../../src/extension/model/listingLineage';
import { cachedLevelOf, entriesToShow, naturallySortedEntries } from '../../src/extension/tree/sortedListing';
import { levelOf } from '../../src/extension/tree/levels';

const NOW = 1_700_000_000;
const entry = (key: string, size = 10): EntryInfo => ({ key, fileName: `${key}.json`, path: `/c/${key}.json`, size, ttl: 60, timestamp: NOW, state: 'fresh' });
const keysOf = (entries: readonly { key: string }[]) => entries.map((e) => e.key);
const settings = { sortBy: 'key', groupBy: 'prefix', keySeparator: ':' } as const;
/** A level as a user reads it: each group's prefix and keys, then the level's own keys. */
const shape = (level: { groups: { prefix: string; entries: readonly { key: string }[] }[]; entries: readonly { key: string }[] }) => ({
  groups: level.groups.map((g) => [g.prefix, keysOf(g.entries)]),
  entries: keysOf(level.entries),
});

/** `from` with `remove` gone, `rewrite` read again (new objects) and `add` new; the lineage names all of them. */
function changed(from: FolderListing, { remove = [], rewrite = [], add = [] }: { remove?: string[]; rewrite?: string[]; add?: string[] }, lie = false): FolderListing {
  const entries = new Map(from.entries);
  const files = new Map<string, string>();
  for (const key of remove) {
    entries.delete(`${key}.json`);
    files.set(`${key}.json`, key);
  }
  for (const key of [...rewrite, ...add]) {
    entries.set(`${key}.json`, entry(key, 99));
    files.set(`${key}.json`, key);
  }
  // A lying lineage leaves one change out.
  if (lie) files.delete(files.keys().next().value!);
  return { exists: true, entries, lineage: changedLineage(from.lineage, files) };
}

suite('listing lineage', () => {
  test('a burst is placed into the order the view has: the same order as sorting everything, with the new objects', async () => {
    const owner = {};
    const keys = Array.from({ length: 5000 }, (_, i) => `${['user', 'job', 'Model'][i % 3]}:${(i * 7919) % 5000}`);
    const first: FolderListing = { exists: true, entries: new Map(keys.map((key) => [`${key}.json`, entry(key)])), lineage: freshLineage() };
    await naturallySortedEntries(first, owner);
    const burst = Array.from({ length: 3000 }, (_, i) => `burst:${i}`);
    const second = changed(first, { remove: keys.slice(0, 40), rewrite: keys.slice(100, 140), add: [...burst, 'job:10a', 'user:0'] });
    const third = changed(second, { remove: burst.slice(0, 10), add: ['aaa'] });
    for (const listing of [second, third]) {
      const placed = await naturallySortedEntries(listing, owner);
      const sorted = await naturallySortedEntries({ exists: true, entries: listing.entries });
      assert.deepEqual(keysOf(placed), keysOf(sorted));
      assert.ok(placed.every((e) => listing.entries.get((e as EntryInfo).fileName) === e), 'an entry the listing no longer has');
    }
    // The third listing reaches back to the first: the view may place it from the first's order too.
    const everyChange = new Set([...keys.slice(0, 40), ...keys.slice(100, 140), ...burst, 'job:10a', 'user:0', 'aaa']);
    assert.deepEqual([...changedSince(third.lineage, first.lineage!.serial)!.values()].sort(), [...everyChange].sort());
  });

  test('a lineage that leaves a change out does not add up: the listing is sorted, not misplaced', async () => {
    const owner = {};
    const keys = Array.from({ length: 300 }, (_, i) => `k:${i}`);
    const first: FolderListing = { exists: true, entries: new Map(keys.map((key) => [`${key}.json`, entry(key)])), lineage: freshLineage() };
    await naturallySortedEntries(first, owner);
    const second = changed(first, { remove: ['k:1', 'k:2'], add: ['k:1000'] }, true);
    const placed = await naturallySortedEntries(second, owner);
    assert.deepEqual(keysOf(placed), keysOf(await naturallySortedEntries({ exists: true, entries: second.entries })));
    assert.equal(placed.length, second.entries.size);
  });
});

suite('how far back a lineage reaches', () => {
  const files = (from: number, count: number) => new Map(Array.from({ length: count }, (_, i) => [`k${from + i}.json`, `k${from + i}`]));

  test('a burst of 60 batches: the latest listing knows every file changed since the first, and since any between', () => {
    const first = freshLineage();
    let lineage = first;
    const serials = [first.serial];
    for (let batch = 0; batch < 60; batch++) {
      lineage = changedLineage(lineage, files(batch * 100, 100));
      serials.push(lineage.serial);
    }
    assert.equal(changedSince(lineage, first.serial)?.size, 6000);
    assert.deepEqual([...changedSince(lineage, serials[50]!)!.keys()].sort(), [...files(5000, 1000).keys()].sort());
    assert.equal(changedSince(lineage, lineage.serial), undefined, 'a listing is not "changed since" itself');
    assert.equal(changedSince(lineage, serials[59]), lineage.files);
  });

  test('past 100,000 changed files, the listings before are out of reach (and let go): the view sorts again', () => {
    const first = freshLineage();
    const second = changedLineage(first, files(0, 60_000));
    const third = changedLineage(second, files(60_000, 60_000));
    assert.equal(changedSince(third, second.serial)?.size, 60_000);
    assert.equal(changedSince(third, first.serial), undefined);
    assert.equal(second.before, undefined, 'the first listing\'s lineage is still held');
  });

  test('a listing read afresh extends nothing', () => {
    const first = freshLineage();
    assert.equal(changedSince(changedLineage(freshLineage(), files(0, 1)), first.serial), undefined);
  });
});

suite('a level after a few changes', () => {

  test('built from the level before, it is the level built from every entry: groups made, emptied, folded and unfolded', async () => {
    const owner = {};
    const keys = [
      ...Array.from({ length: 400 }, (_, i) => `event:${i}`),
      ...Array.from({ length: 50 }, (_, i) => `user:${i}:profile`),
      'model:v3:a', 'model:v3:b', 'solo:1', 'pair:1', 'pair:2', 'plain', 'Event:9',
    ];
    const first: FolderListing = { exists: true, entries: new Map(keys.map((key) => [`${key}.json`, entry(key)])), lineage: freshLineage() };
    const before = await naturallySortedEntries(first, owner);
    await cachedLevelOf(before, '', settings, NOW);
    await cachedLevelOf((await cachedLevelOf(before, '', settings, NOW)).groups.find((g) => g.prefix === 'user:')!.entries, 'user:', settings, NOW);
    const second = changed(first, {
      // pair: down to one (an entry of the level), solo: joined (a group), model: unfolded, event: rewritten and
      // removed, a new group, a new plain key, user: grows.
      remove: ['pair:2', 'event:7', 'event:300', 'plain'],
      rewrite: ['event:8', 'user:3:profile'],
      add: ['solo:2', 'model:v4:x', 'burst:1', 'burst:2', 'burst:3', 'zeta', 'user:9999:profile'],
    });
    const after = await naturallySortedEntries(second, owner);
    const level = await cachedLevelOf(after, '', settings, NOW);
    const fromScratch = await levelOf([...after], '', settings, NOW, true);
    assert.deepEqual(shape(level), shape(fromScratch));
    assert.deepEqual(level.groups.map((g) => g.prefix), ['burst:', 'event:', 'model:', 'solo:', 'user:']);
    // The user: group's own level, from its level before (expanded then), is the one built from its entries.
    const user = level.groups.find((g) => g.prefix === 'user:')!;
    assert.deepEqual(shape(await cachedLevelOf(user.entries, 'user:', settings, NOW)), shape(await levelOf([...user.entries], 'user:', settings, NOW, true)));
    // A group no file of the burst fell in is the same group, with the entries (and counts) it had.
    const third = changed(second, { add: ['burst:4'] });
    const untouched = (await cachedLevelOf(await naturallySortedEntries(third, owner), '', settings, NOW)).groups.find((g) => g.prefix === 'user:');
    assert.equal(untouched, user);
  });

  test('random bursts: the level from the one before is always the level from scratch', async () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const makeKey = () => [`g${random(6)}`, random(3) ? `s${random(4)}` : '', String(random(50))].filter(Boolean).join(':');
    const owner = {};
    let listing: FolderListing = { exists: true, entries: new Map(), lineage: freshLineage() };
    for (let i = 0; i < 300; i++) {
      const key = makeKey();
      (listing.entries as Map<string, EntryInfo>).set(`${key}.json`, entry(key));
    }
    await cachedLevelOf(await naturallySortedEntries(listing, owner), '', settings, NOW);
    for (let round = 0; round < 30; round++) {
      const present = [...listing.entries.values()].map((e) => e.key);
      const remove = present.filter(() => random(10) === 0);
      const add = Array.from({ length: random(20) }, makeKey).filter((key) => !remove.includes(key));
      listing = changed(listing, { remove, add });
      const order = await naturallySortedEntries(listing, owner);
      assert.deepEqual(shape(await cachedLevelOf(order, '', settings, NOW)), shape(await levelOf([...order], '', settings, NOW, true)), `round ${round}`);
    }
  });
});

suite('a level in listing order after new files', () => {

  test('before the natural order is known, new files are appended and only their groups are built again', async () => {
    // The first listing of a huge folder is shown in listing order while its keys are sorted; a burst comes.
    const owner = {};
    const keys = ['event:3', 'user:1:profile', 'event:1', 'solo:1', 'user:2:profile', 'plain', 'event:2'];
    const first: FolderListing = { exists: true, entries: new Map(keys.map((key) => [`${key}.json`, entry(key)])), lineage: freshLineage() };
    const shownFirst = await entriesToShow(first, owner);
    assert.equal(shownFirst.keyOrdered, false);
    const before = await cachedLevelOf(shownFirst.entries, '', settings, NOW, false);
    const userBefore = before.groups.find((g) => g.prefix === 'user:');
    const second = changed(first, { add: ['burst:2', 'event:0', 'solo:2', 'burst:1', 'zeta', 'lone:1'] });
    const shown = await entriesToShow(second, owner);
    assert.equal(shown.keyOrdered, false);
    assert.deepEqual(keysOf(shown.entries), [...keys, 'burst:2', 'event:0', 'solo:2', 'burst:1', 'zeta', 'lone:1']);
    const level = await cachedLevelOf(shown.entries, '', settings, NOW, false);
    assert.deepEqual(shape(level), shape(await levelOf([...shown.entries], '', settings, NOW, false)));
    assert.equal(level.groups.find((g) => g.prefix === 'user:'), userBefore, 'a group no new file fell in is the same group');
    // A file removed is no append: the next listing's level is built from every entry, and is right.
    const third = changed(second, { remove: ['event:3'], add: ['burst:3'] });
    const shownThird = await entriesToShow(third, owner);
    assert.deepEqual(shape(await cachedLevelOf(shownThird.entries, '', settings, NOW, false)), shape(await levelOf([...third.entries.values()], '', settings, NOW, false)));
  });
});
