// One expiry rule: the view's minute re-render carries the engine's judgement forward by the engine's own rule.
import * as assert from 'node:assert/strict';
import { isExpired, type StoredEntry } from '../../src/engine';
import { countsOf, countStates, formatCounts, noteStatesFilled, stateAt } from '../../src/extension/model/entryCounts';

const entry = (timestamp: number, ttl: number, state: StoredEntry['state'] = 'fresh'): StoredEntry => ({
  key: 'k',
  size: 1,
  timestamp,
  ttl,
  expiresAt: timestamp + ttl,
  state,
});

suite('entry counts: the one expiry rule', () => {
  test('at the exact moment of expiry the view agrees with the engine: still fresh', () => {
    const listed = entry(1000, 60);
    assert.equal(isExpired(1000, 60, 1060 * 1000), false);
    assert.equal(stateAt(listed, 1060), 'fresh');
    assert.equal(stateAt(listed, 1060.001), 'expired');
  });

  test('a listed state is carried forward as time passes, never backwards', () => {
    assert.equal(stateAt(entry(1000, 60), 2000), 'expired');
    assert.equal(stateAt(entry(1000, 60, 'expired'), 2000), 'expired');
    assert.equal(stateAt({ key: 'x', size: 0, ttl: 60, state: 'unreadable' }, 2000), 'unreadable');
  });

  test('counts and their text', () => {
    const counts = countStates([entry(1000, 60), entry(1000, 6000), { key: 'x', size: 0, ttl: 60, state: 'unreadable' }], 2000);
    assert.deepEqual(counts, { total: 3, expired: 1, unreadable: 1 });
    assert.equal(formatCounts({ total: 1204, expired: 37, unreadable: 0 }), '1,204 · 37 expired');
    assert.equal(formatCounts({ total: 3, expired: 0, unreadable: 1 }), '3');
  });
});

suite('entry counts: remembered per entries and second', () => {
  test('the same entries counted twice in a second are counted once; a new second or a filled-in state counts again', () => {
    const entries = [entry(1000, 60), entry(1000, 6000)];
    const first = countsOf(entries, 1061.2);
    assert.deepEqual(first, { total: 2, expired: 1, unreadable: 0 });
    // Counted at the start of the second: the same object for everyone in it.
    assert.equal(countsOf(entries, 1061.9), first);
    // An entry filled in place (its state read) counts again at once.
    entries[0] = entry(1050, 60);
    noteStatesFilled();
    assert.deepEqual(countsOf(entries, 1061.9), { total: 2, expired: 0, unreadable: 0 });
    // The second after: carried forward by the same rule.
    assert.deepEqual(countsOf(entries, 1111), { total: 2, expired: 1, unreadable: 0 });
  });
});
