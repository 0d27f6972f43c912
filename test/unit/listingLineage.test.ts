// A listing that says which files changed since the one before (a burst's load, a patch) is ordered by placing those
// files in the order the view has: the same order as sorting every key, and sorted afresh when its lineage does not
// add up. Plain Node; the listings are built as the model builds them (the other entries kept as the same objects).
import * as assert from 'node:assert/strict';
import type { EntryInfo } from '../../src/engine';
import type { FolderListing } from '../../src/extension/model/folderListing';
import { changedLineage, changedSince, freshLineage } from '../../src/extension/model/listingLineage';
import { naturallySortedEntries } from '../../src/extension/tree/sortedListing';

const NOW = 1_700_000_000;
const entry = (key: string, size = 10): EntryInfo => ({ key, fileName: `${key}.json`, path: `/c/${key}.json`, size, ttl: 60, timestamp: NOW, state: 'fresh' });
const keysOf = (entries: readonly { key: string }[]) => entries.map((e) => e.key);

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
