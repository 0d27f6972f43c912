// One expiry rule: the view's minute re-render carries the engine's judgement forward by the engine's own rule.
import * as assert from 'node:assert/strict';
import { isExpired, type StoredEntry } from '../../src/engine';
import { countsOf, countStates, formatCounts, noteStatesFilled, onDidRecount, stateAt, SYNC_COUNT_LIMIT } from '../../src/extension/model/entryCounts';

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

suite('entry counts: a huge folder is counted again in the background', () => {
  test('stale counts show as they were while the entries are counted again in slices; listeners hear of new counts once', async () => {
    const entries = Array.from({ length: SYNC_COUNT_LIMIT + 1000 }, () => entry(1000, 6000));
    const first = countsOf(entries, 1100);
    assert.deepEqual(first, { total: SYNC_COUNT_LIMIT + 1000, expired: 0, unreadable: 0 });
    let heard = 0;
    const listening = onDidRecount(() => heard++);
    try {
      // A second later a thousand of them were read again, as expired.
      for (let i = 0; i < 1000; i++) entries[i] = entry(1000, 60);
      noteStatesFilled();
      assert.equal(countsOf(entries, 1101), first, 'what was shown, at once (no count of them all in one go)');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(heard, 1);
      assert.deepEqual(countsOf(entries, 1101), { total: SYNC_COUNT_LIMIT + 1000, expired: 1000, unreadable: 0 });
      // Counted again with nothing changed: nobody is told.
      countsOf(entries, 1102);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(heard, 1);
    } finally {
      listening.dispose();
    }
  });

  test('a folder under the limit is counted at once, as before', () => {
    const entries = [entry(1000, 6000), entry(1000, 6000)];
    countsOf(entries, 1100);
    entries[0] = entry(1000, 60);
    noteStatesFilled();
    assert.deepEqual(countsOf(entries, 1100), { total: 2, expired: 1, unreadable: 0 });
  });
});

suite('entry counts: they hold until an entry counted fresh expires', () => {
  test('later seconds reuse the counts while no fresh entry has expired, and count again once one has', () => {
    const entries = [entry(1000, 60), entry(1000, 6000), entry(1000, 200)];
    const first = countsOf(entries, 1061.2);
    assert.deepEqual(first, { total: 3, expired: 1, unreadable: 0 });
    assert.equal(countsOf(entries, 1150), first, 'counted again though nothing turned expired');
    assert.equal(countsOf(entries, 1200), first, "at the exact moment of expiry it is still fresh (the engine's rule)");
    assert.deepEqual(countsOf(entries, 1201), { total: 3, expired: 2, unreadable: 0 });
  });

  test('a huge folder is not counted again as seconds pass, and is counted again at most every so often while states arrive', async () => {
    const entries = Array.from({ length: SYNC_COUNT_LIMIT + 1000 }, () => entry(1000, 6000));
    const first = countsOf(entries, 1100);
    let heard = 0;
    const listening = onDidRecount(() => heard++);
    const until = async (done: () => boolean) => {
      for (let waited = 0; !done() && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    try {
      for (let second = 1101; second < 1110; second++) assert.equal(countsOf(entries, second), first);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(heard, 0, 'counted again with no entry expired');
      // States read: counted again in the background at once, the first time.
      for (let i = 0; i < 1000; i++) entries[i] = entry(1000, 60);
      noteStatesFilled();
      countsOf(entries, 1110);
      await until(() => heard === 1);
      assert.deepEqual(countsOf(entries, 1110), { total: SYNC_COUNT_LIMIT + 1000, expired: 1000, unreadable: 0 });
      // More read right after: the counts shown stay as they are a while, then the new ones come.
      for (let i = 1000; i < 3000; i++) entries[i] = entry(1000, 60);
      noteStatesFilled();
      assert.deepEqual(countsOf(entries, 1110), { total: SYNC_COUNT_LIMIT + 1000, expired: 1000, unreadable: 0 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(heard, 1, 'counted again straight after the last count');
      await until(() => heard === 2);
      assert.deepEqual(countsOf(entries, 1110), { total: SYNC_COUNT_LIMIT + 1000, expired: 3000, unreadable: 0 });
    } finally {
      listening.dispose();
    }
  });
});
