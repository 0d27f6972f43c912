// One expiry rule: the view's minute re-render carries the engine's judgement forward by the engine's own rule.
import * as assert from 'node:assert/strict';
import { isExpired, type StoredEntry } from '../../src/engine';
import { countStates, formatCounts, stateAt } from '../../src/extension/model/entryCounts';

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
