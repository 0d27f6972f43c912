// Names first, states filled in: the listing built from names alone has every key and count, the tree's order and
// levels built on it do not move as states arrive, and a names-only re-check tells a missed burst.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { EntryInfo, EntryName } from '../../src/engine';
import { countsOf, countStates, nowInSeconds, onDidRecount, SYNC_COUNT_LIMIT } from '../../src/extension/model/entryCounts';
import type { FolderListing } from '../../src/extension/model/folderListing';
import { listedEntries, type FileEntry } from '../../src/extension/model/listedEntry';
import { NamedEntry } from '../../src/extension/model/namedEntry';
import { LayeredEntries } from '../../src/extension/model/layeredEntries';
import { fillStates, listingFromNames, namesChangedSince } from '../../src/extension/model/namesFirst';
import { cachedLevelOf, naturallySortedEntries } from '../../src/extension/tree/sortedListing';
import type { ViewSettings } from '../../src/extension/settings';

const NOW = 1_700_000_000;
const settings: ViewSettings = { sortBy: 'key', groupBy: 'prefix', keySeparator: ':' };

const nameOf = (key: string): EntryName => ({ key, fileName: `${key}.json` });
const placeholder = (name: EntryName): FileEntry => new NamedEntry('/c', name, 60);
const read = (key: string, expired: boolean): EntryInfo => {
  const timestamp = expired ? NOW - 120 : NOW - 10;
  return { key, fileName: `${key}.json`, path: `/c/${key}.json`, size: 42, timestamp, ttl: 60, expiresAt: timestamp + 60, state: expired ? 'expired' : 'fresh' };
};

suite('names first, states filled in', () => {
  test('the listing from names has every entry, unread, counted in the total and not yet as expired', async () => {
    const keys = ['user:10', 'user:9', 'job:1', 'job:2', 'solo'];
    const listing = await listingFromNames(keys.map(nameOf), { exists: true }, placeholder);
    assert.equal(listing.unread, 5);
    assert.deepEqual([...listing.entries.keys()].sort(), keys.map((k) => `${k}.json`).sort());
    assert.deepEqual(countStates(listing.entries.values(), NOW), { total: 5, expired: 0, unreadable: 0 });
  });

  test('states arriving in any order fill the same entries: the order and the levels built from names stay', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `group${i % 3}:item${(i * 7) % 300}`);
    const listing = await listingFromNames(keys.map(nameOf), { exists: true }, placeholder);
    const order = await naturallySortedEntries(listing);
    const firstLevel = await cachedLevelOf(order, '', settings, NOW);
    const before = firstLevel.groups.map((g) => [g.prefix, g.entries.map((e) => e.key)]);
    // Two batches, in reverse and shuffled order; every third entry expired.
    const infos = keys.map((key, i) => read(key, i % 3 === 0));
    fillStates(listing, infos.slice(150).reverse());
    assert.equal(listing.unread, 150);
    fillStates(listing, infos.slice(0, 150));
    assert.equal(listing.unread, 0);
    assert.equal(await naturallySortedEntries(listing), order, 'the same order, not sorted again');
    // Sorted and grouped afresh from the filled entries: exactly what was shown from the names.
    const resorted = await naturallySortedEntries({ ...listing });
    assert.deepEqual(resorted.map((e) => e.key), order.map((e) => e.key));
    const after = await cachedLevelOf(resorted, '', settings, NOW);
    assert.deepEqual(after.groups.map((g) => [g.prefix, g.entries.map((e) => e.key)]), before);
    assert.deepEqual(countStates(listing.entries.values(), NOW), { total: 300, expired: 100, unreadable: 0 });
    assert.ok([...listing.entries.values()].every((e) => (e as FileEntry).unread === false && e.size === 42));
  });

  test('the listing\'s counts follow each batch of states at once, without counting every entry again', async () => {
    // The status bar counts the listing: over SYNC_COUNT_LIMIT entries, counts gone stale are shown as they were
    // until a count of them all in the background. Batches of states change them by their own entries.
    const now = Math.floor(nowInSeconds());
    const size = SYNC_COUNT_LIMIT + 5000;
    const keys = Array.from({ length: size }, (_, i) => `user:${i}`);
    const listing = await listingFromNames(keys.map(nameOf), { exists: true }, placeholder);
    assert.deepEqual(countsOf(listing.entries, nowInSeconds()), { total: size, expired: 0, unreadable: 0 });
    let recounted = 0;
    const listening = onDidRecount(() => recounted++);
    try {
      const readNow = (key: string, i: number): EntryInfo => {
        const timestamp = i % 2 ? now - 3600 : now;
        return { key, fileName: `${key}.json`, path: `/c/${key}.json`, size: 1, timestamp, ttl: 60, expiresAt: timestamp + 60, state: i % 2 ? 'expired' : 'fresh' };
      };
      for (let start = 0; start < 4000; start += 256) fillStates(listing, keys.slice(start, Math.min(start + 256, 4000)).map(readNow));
      assert.deepEqual(countsOf(listing.entries, nowInSeconds()), { total: size, expired: 2000, unreadable: 0 });
      // Read again, the other way round: the ones expired are fresh now, and the fresh ones unreadable.
      const again = keys.slice(0, 2).map((key, i): EntryInfo => (i % 2 ? { ...readNow(key, 0) } : { key, fileName: `${key}.json`, path: '', size: 1, ttl: 60, state: 'unreadable', problem: 'torn' }));
      fillStates(listing, again);
      assert.deepEqual(countsOf(listing.entries, nowInSeconds()), { total: size, expired: 1999, unreadable: 1 });
      assert.deepEqual(countStates(listing.entries.values(), now), { total: size, expired: 1999, unreadable: 1 }, 'what a count of them all gives');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(recounted, 0, 'no count of them all was needed');
    } finally {
      listening.dispose();
    }
  });

  test('a re-read keeps the state known for a file until it is read again; a new file is unread', async () => {
    const previous: FolderListing = { exists: true, entries: new Map([['a.json', read('a', true)]]) };
    const listing = await listingFromNames(['a', 'b'].map(nameOf), { exists: true }, placeholder, previous);
    assert.equal(listing.unread, 1);
    assert.equal(listing.entries.get('a.json')?.state, 'expired');
    assert.equal((listing.entries.get('b.json') as FileEntry).unread, true);
    // Read again, fresh now: every field is replaced (no stale problem or expiry left over).
    fillStates(listing, [read('a', false), read('b', false)]);
    assert.equal(listing.entries.get('a.json')?.state, 'fresh');
    assert.equal(listing.unread, 0);
  });

  test('a re-read after a load cut short counts the entries that load had not read as unread, until read', async () => {
    const cut = await listingFromNames(['a', 'b', 'c'].map(nameOf), { exists: true }, placeholder);
    fillStates(cut, [read('a', false)]);
    const listing = await listingFromNames(['a', 'b', 'c', 'd'].map(nameOf), { exists: true }, placeholder, cut);
    assert.equal(listing.unread, 3, 'b and c (never read) and d (new) are unread');
    fillStates(listing, [read('b', false), read('c', false)]);
    assert.equal(listing.unread, 1, 'the listing would count as complete while d is unread');
    fillStates(listing, [read('d', false)]);
    assert.equal(listing.unread, 0);
  });

  test('a names-only re-check names exactly the files the listing missed or still holds though gone', async () => {
    const listing = await listingFromNames(['a', 'b'].map(nameOf), { exists: true }, placeholder);
    const changed = async (keys: string[]) => [...(await namesChangedSince(keys.map(nameOf), listing))].sort();
    assert.deepEqual(await changed(['b', 'a']), []);
    assert.deepEqual(await changed(['a', 'b', 'burst:1']), ['burst:1.json']);
    assert.deepEqual(await changed(['a', 'c']), ['b.json', 'c.json']);
    assert.deepEqual(await changed([]), ['a.json', 'b.json']);
    // The same number of names, one swapped for another: both named.
    assert.deepEqual(await changed(['c', 'b']), ['a.json', 'c.json']);
  });

  test('the re-check of a listing layered on an earlier one (a burst taken in) names the files gone from either', async () => {
    const before = await listingFromNames(['a', 'b', 'c'].map(nameOf), { exists: true }, placeholder);
    const entries = await LayeredEntries.of(before.entries, new Map([['b.json', undefined], ['d.json', placeholder(nameOf('d'))]]));
    const listing: FolderListing = { ...before, entries };
    const changed = await namesChangedSince(['a', 'b', 'e'].map(nameOf), listing);
    assert.deepEqual([...changed].sort(), ['b.json', 'c.json', 'd.json', 'e.json']);
  });

  test('an entry listed by name has its file\'s path, read or not, and keeps it in the copy a shared tier makes', async () => {
    const listing = await listingFromNames(['a', 'b'].map(nameOf), { exists: true }, (name) => new NamedEntry('/ws/cache', name, 60));
    const a = listing.entries.get('a.json')!;
    assert.equal(a.path, path.join('/ws/cache', 'a.json'));
    fillStates(listing, [{ ...read('a', false), path: '/elsewhere/a.json' }]);
    assert.equal(a.path, path.join('/ws/cache', 'a.json'), 'the file the entry names, not a path a read reported');
    assert.equal(a.size, 42);
    const shared = new Map([['b', { key: 'b', redisKey: 'cache:b', size: 1, ttl: 60, state: 'fresh' as const }]]);
    const listed = listedEntries({ ...listing, shared });
    assert.deepEqual(
      listed.map((e) => [e.key, e.location, 'path' in e ? e.path : undefined]),
      [
        ['a', 'local', path.join('/ws/cache', 'a.json')],
        ['b', 'both', path.join('/ws/cache', 'b.json')],
      ],
    );
  });
});
