// One level of the tree: which keys become groups, how chains fold, and the natural order users expect.
import * as assert from 'node:assert/strict';
import type { EntryInfo } from '../../src/engine';
import { levelOf } from '../../src/extension/tree/levels';
import { compareNatural, sortNatural } from '../../src/extension/keys/naturalOrder';
import type { ViewSettings } from '../../src/extension/settings';
import type { FolderListing } from '../../src/extension/model/folderListing';
import { KeyFilter } from '../../src/extension/tree/keyFilter';
import { cachedLevelOf, naturallySortedEntries, visibleEntries } from '../../src/extension/tree/sortedListing';

const NOW = 1_700_000_000;
const settings: ViewSettings = { sortBy: 'key', groupBy: 'prefix', keySeparator: ':' };

function entry(key: string, extra: Partial<EntryInfo> = {}): EntryInfo {
  return { key, fileName: `${key}.json`, path: `/cache/${key}.json`, size: 10, ttl: 86400, timestamp: NOW, expiresAt: NOW + 86400, state: 'fresh', ...extra };
}

/** The level as a user reads it: group prefixes with their counts, then entry keys. */
async function shape(keys: string[], prefix = '', options: ViewSettings = settings) {
  const level = await levelOf(keys.map((key) => entry(key)), prefix, options, NOW);
  return { groups: level.groups.map((g) => `${g.prefix} (${g.entries.length})`), entries: level.entries.map((e) => e.key) };
}

suite('tree levels', () => {
  test('a prefix holding one entry is no group: the entry shows at that level', async () => {
    assert.deepEqual(await shape(['model:v3:metrics', 'model:v3:params', 'video:meta', 'plain']), {
      groups: ['model:v3: (2)'],
      entries: ['plain', 'video:meta'],
    });
  });

  test('a chain of single-child groups folds into one node, and stops where the keys part', async () => {
    assert.deepEqual(await shape(['a:b:c:x', 'a:b:c:y', 'a:b:d']), { groups: ['a:b: (3)'], entries: [] });
    assert.deepEqual(await shape(['a:b:c:x', 'a:b:c:y', 'a:b:d'], 'a:b:'), { groups: ['a:b:c: (2)'], entries: ['a:b:d'] });
    // A key that is itself the folded prefix plus nothing (ends in the separator) stays an entry and stops the fold.
    assert.deepEqual(await shape(['m:v:', 'm:v:x', 'm:v:y']), { groups: ['m: (3)'], entries: [] });
    assert.deepEqual(await shape(['m:v:', 'm:v:x', 'm:v:y'], 'm:'), { groups: ['m:v: (2)'], entries: ['m:v:'] });
  });

  test('user:<id>:profile keys are entries right under user, in natural order', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `user:${300 - i}:profile`);
    assert.deepEqual((await shape(keys)).groups, ['user: (300)']);
    const under = await shape(keys, 'user:');
    assert.deepEqual(under.groups, []);
    assert.equal(under.entries.length, 300);
    assert.deepEqual(under.entries.slice(0, 3), ['user:1:profile', 'user:2:profile', 'user:3:profile']);
    assert.equal(under.entries[9], 'user:10:profile');
  });

  test('the user:<id>:profile shape at 100,000 entries: every row under user is an entry', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `user:${i}:profile`);
    const under = await shape(keys, 'user:');
    assert.equal(under.groups.length, 0);
    assert.equal(under.entries.length, 100_000);
    assert.deepEqual(under.entries.slice(99_998), ['user:99998:profile', 'user:99999:profile']);
  });

  test('entries already in key order keep it: entries of one-entry prefixes sit among the others', async () => {
    const ordered = ['a:1:x', 'b', 'c:1', 'c:2', 'd:9:y'].map((key) => entry(key));
    const level = await levelOf(ordered, '', settings, NOW, true);
    assert.deepEqual(level.entries.map((e) => e.key), ['a:1:x', 'b', 'd:9:y']);
    assert.deepEqual(level.groups.map((g) => g.prefix), ['c:']);
  });

  test('groupBy none lists every key; another separator splits elsewhere', async () => {
    assert.deepEqual(await shape(['a:1', 'a:2'], '', { ...settings, groupBy: 'none' }), { groups: [], entries: ['a:1', 'a:2'] });
    assert.deepEqual(await shape(['a_1', 'a_2', 'a:3'], '', { ...settings, keySeparator: '_' }), { groups: ['a_ (2)'], entries: ['a:3'] });
  });

  test('sortBy expiry and size keep natural key order among equals', async () => {
    const level = await levelOf(
      [entry('k10', { size: 5 }), entry('k9', { size: 5 }), entry('big', { size: 99 }), entry('bad', { state: 'unreadable', expiresAt: undefined })],
      '',
      { ...settings, sortBy: 'size' },
      NOW,
    );
    assert.deepEqual(level.entries.map((e) => e.key), ['big', 'bad', 'k9', 'k10']);
    const byExpiry = await levelOf([entry('k10'), entry('bad', { state: 'unreadable', expiresAt: undefined }), entry('k9')], '', { ...settings, sortBy: 'expiry' }, NOW);
    assert.deepEqual(byExpiry.entries.map((e) => e.key), ['k9', 'k10', 'bad']);
  });

  test('natural order: numbers by value, case and accents second, and a total order', async () => {
    assert.deepEqual(
      sortNatural(['user:10', 'user:9', 'User:1', 'user:01', 'e', 'é', 'f', 'user', '100001', '1000000', '100000'], (k) => k),
      ['100000', '100001', '1000000', 'e', 'é', 'f', 'user', 'User:1', 'user:01', 'user:9', 'user:10'],
    );
    assert.ok(compareNatural('a', 'A') !== 0, 'different keys never compare equal');
  });
});

suite('levels remembered per listing', async () => {
  const listing = (keys: string[]): FolderListing => ({ exists: true, entries: new Map(keys.map((key) => [`${key}.json`, entry(key)])) });

  test('a listing is sorted once; a new listing (files changed) is sorted again', async () => {
    const first = listing(['user:10:profile', 'user:9:profile', 'a']);
    const sorted = await naturallySortedEntries(first);
    assert.deepEqual(sorted.map((e) => e.key), ['a', 'user:9:profile', 'user:10:profile']);
    assert.equal(await naturallySortedEntries(first), sorted, 'the same array while the listing is the same');
    const next = listing(['user:10:profile', 'user:9:profile', 'a', 'b']);
    assert.deepEqual((await naturallySortedEntries(next)).map((e) => e.key), ['a', 'b', 'user:9:profile', 'user:10:profile']);
  });

  test("a folder's next listing is ordered from its previous one: the same order as sorting everything", async () => {
    const owner = {};
    const keys = Array.from({ length: 3000 }, (_, i) => `user:${(i * 7919) % 3000}:profile`);
    const entries = new Map(keys.map((key) => [`${key}.json`, entry(key)]));
    const first: FolderListing = { exists: true, entries };
    await naturallySortedEntries(first, owner);
    // A batch: 40 files rewritten (new objects), 30 deleted, 50 new ones, as a listing patch makes them.
    const next = new Map(entries);
    keys.slice(0, 40).forEach((key) => next.set(`${key}.json`, entry(key, { size: 99 })));
    keys.slice(100, 130).forEach((key) => next.delete(`${key}.json`));
    for (let i = 0; i < 50; i++) next.set(`new:${i}.json`, entry(i % 2 ? `user:${3000 + i}:profile` : `new:${i}`));
    const second: FolderListing = { exists: true, entries: next };
    const incremental = await naturallySortedEntries(second, owner);
    const full = await naturallySortedEntries({ exists: true, entries: next });
    assert.deepEqual(incremental.map((e) => e.key), full.map((e) => e.key));
    assert.equal(incremental.length, 3000 - 30 + 50);
    assert.ok(incremental.includes(next.get(`${keys[0]}.json`)!), 'a rewritten entry is the new object');
    // A full re-read: every entry a new object, same keys: the same order, of the new objects.
    const reread = new Map([...next].map(([name, e]) => [name, { ...e }]));
    const third = await naturallySortedEntries({ exists: true, entries: reread }, owner);
    assert.deepEqual(third.map((e) => e.key), full.map((e) => e.key));
    const rereadObjects = new Set<unknown>(reread.values());
    assert.ok(third.every((e) => rereadObjects.has(e)), 'the re-read objects, not the old ones');
  });

  test('what a filter keeps is computed once per listing and filter', async () => {
    const one = listing(['model:v3:metrics', 'model:v3:params', 'video']);
    const filter = new KeyFilter('metr');
    const kept = await visibleEntries(one, filter);
    assert.deepEqual(kept.map((e) => e.key), ['model:v3:metrics']);
    assert.equal(await visibleEntries(one, filter), kept);
    assert.deepEqual((await visibleEntries(one, new KeyFilter('*a*'))).map((e) => e.key), ['model:v3:params']);
    assert.equal((await visibleEntries(one, undefined)).length, 3);
  });

  test('a level is remembered per entries array and settings, never across settings', async () => {
    const entries = await naturallySortedEntries(listing(['a:1', 'a:2', 'b']));
    const level = await cachedLevelOf(entries, '', settings, NOW);
    assert.equal(await cachedLevelOf(entries, '', settings, NOW), level);
    assert.deepEqual((await cachedLevelOf(entries, '', { ...settings, groupBy: 'none' }, NOW)).entries.map((e) => e.key), ['a:1', 'a:2', 'b']);
    assert.deepEqual((await cachedLevelOf(entries, '', settings, NOW)).groups.map((g) => g.prefix), ['a:']);
  });
});
