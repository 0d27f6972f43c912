// The view's state filter: which entries fresh / expired / unreadable / expiring within keep, with the key filter.
import * as assert from 'node:assert/strict';
import { KeyFilter } from '../../src/extension/tree/keyFilter';
import { matchesState } from '../../src/extension/tree/stateFilter';

const NOW_MS = 1_700_000_000_000;
const NOW = NOW_MS / 1000;
const fresh = { state: 'fresh' as const, timestamp: NOW - 60, ttl: 3600 }; // expires in 59 min
const later = { state: 'fresh' as const, timestamp: NOW - 60, ttl: 86400 }; // expires in ~1 day
const expired = { state: 'expired' as const, timestamp: NOW - 7200, ttl: 3600 };
const unreadable = { state: 'unreadable' as const, ttl: 3600 };

suite('State filter', () => {
  test('fresh, expired and unreadable keep exactly that state, judged at the filter time', () => {
    assert.deepEqual([fresh, later, expired, unreadable].map((e) => matchesState({ kind: 'fresh' }, e, NOW_MS)), [true, true, false, false]);
    assert.deepEqual([fresh, later, expired, unreadable].map((e) => matchesState({ kind: 'expired' }, e, NOW_MS)), [false, false, true, false]);
    assert.deepEqual([fresh, later, expired, unreadable].map((e) => matchesState({ kind: 'unreadable' }, e, NOW_MS)), [false, false, false, true]);
    // A listing said fresh, but its time has passed by now: it is expired.
    assert.equal(matchesState({ kind: 'expired' }, { ...fresh, timestamp: NOW - 4000 }, NOW_MS), true);
  });

  test('expires within keeps fresh entries whose expiry falls inside the window, not the expired ones', () => {
    const within = (seconds: number) => [fresh, later, expired, unreadable].map((e) => matchesState({ kind: 'expiresWithin', seconds }, e, NOW_MS));
    assert.deepEqual(within(3600), [true, false, false, false]);
    assert.deepEqual(within(2 * 86400), [true, true, false, false]);
    assert.deepEqual(within(60), [false, false, false, false]);
  });

  test('a KeyFilter combines its key text with its state; empty text matches every key', () => {
    const filter = new KeyFilter('', { kind: 'expired' }, NOW_MS);
    assert.equal(filter.matches('anything'), true);
    assert.equal(filter.matchesEntry(expired), true);
    assert.equal(filter.matchesEntry(fresh), false);
    const both = new KeyFilter('model:*', { kind: 'fresh' }, NOW_MS);
    assert.equal(both.matches('model:a') && both.matchesEntry(fresh), true);
    assert.equal(both.matches('report'), false);
    assert.equal(new KeyFilter('x').matchesEntry(unreadable), true, 'no state filter keeps every state');
  });

  test('a file set (Find in Values\' results) keeps exactly those files by path, with the state filter too', () => {
    const files = { paths: new Set(['/ws/cache/a.json', '/ws/cache/b.json']), query: 'ada' };
    const filter = new KeyFilter('', undefined, NOW_MS, files);
    const at = (path: string, entry: object = fresh) => ({ ...entry, key: path, path }) as typeof fresh & { key: string; path: string };
    assert.deepEqual(['/ws/cache/a.json', '/ws/cache/b.json', '/ws/cache/c.json', '/other/cache/a.json'].map((p) => filter.matchesFile(at(p))), [true, true, false, false]);
    assert.equal(filter.matchesFile({ ...fresh, key: 'a' }), false, 'an entry only in Redis has no file: it was not searched');
    assert.equal(new KeyFilter('x').matchesFile({ ...fresh, key: 'a' }), true, 'no file set keeps every entry');
    const expiredOnly = new KeyFilter('', { kind: 'expired' }, NOW_MS, files);
    const both = (e: typeof fresh & { key: string; path: string }) => expiredOnly.matchesFile(e) && expiredOnly.matchesEntry(e);
    assert.deepEqual([at('/ws/cache/a.json'), at('/ws/cache/b.json', expired), at('/ws/cache/c.json', expired)].map(both), [false, true, false]);
  });
});
