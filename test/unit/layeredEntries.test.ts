// A listing made from the one before by a batch of changes shares that one's Map (a million entries are not copied
// per batch): it must read exactly as a Map with the changes applied would, batch after batch, and its counts must be
// the ones counting every entry gives. Plain Node.
import * as assert from 'node:assert/strict';
import type { StoredEntry } from '../../src/engine';
import { CountsChange, countsOf, noteStatesFilled, onDidRecount } from '../../src/extension/model/entryCounts';
import { LayeredEntries, withCountedChanges, type EntryChanges } from '../../src/extension/model/layeredEntries';

const NOW = 1_700_000_000;
/** Entry `i`: every third one expired at NOW, every seventh unreadable. */
const entry = (i: number, version = 0): StoredEntry & { version: number } => ({
  key: `k${i}`,
  size: i,
  timestamp: i % 3 === 0 ? NOW - 1000 : NOW,
  ttl: 100,
  state: i % 7 === 0 ? 'unreadable' : 'fresh',
  version,
});

/** A seeded generator: the same "random" batches on every run, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

type Entry = ReturnType<typeof entry>;

/** A batch over files `0..span`: some removed, some rewritten, some new. */
function batchOf(next: () => number, span: number, size: number, version: number): Map<string, Entry | undefined> {
  const changes = new Map<string, Entry | undefined>();
  for (let n = 0; n < size; n++) {
    const i = Math.floor(next() * span);
    changes.set(`f${i}`, next() < 0.3 ? undefined : entry(i, version));
  }
  return changes;
}

function applied(map: Map<string, Entry>, changes: EntryChanges<Entry>): Map<string, Entry> {
  const after = new Map(map);
  for (const [fileName, value] of changes) {
    if (value === undefined) after.delete(fileName);
    else after.set(fileName, value);
  }
  return after;
}

/** What a reader of the entries sees: size, every look-up, and the set of pairs iterated (no duplicates). */
function assertReadsAs(actual: ReadonlyMap<string, Entry>, expected: Map<string, Entry>, span: number): void {
  assert.equal(actual.size, expected.size);
  for (let i = 0; i < span; i++) {
    assert.equal(actual.get(`f${i}`), expected.get(`f${i}`), `get f${i}`);
    assert.equal(actual.has(`f${i}`), expected.has(`f${i}`), `has f${i}`);
  }
  const pairs = [...actual];
  assert.equal(pairs.length, expected.size, 'each entry iterated once');
  assert.deepEqual(new Map(pairs), expected);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  assert.equal([...actual.values()].length, expected.size);
}

suite('layered entries: a listing that shares the one before it', () => {
  test('batch after batch, it reads exactly as a copied Map with the same changes', async () => {
    const span = 3000;
    const next = random(7);
    let expected = new Map<string, Entry>(Array.from({ length: 2000 }, (_, i) => [`f${i}`, entry(i)] as const));
    let actual: ReadonlyMap<string, Entry> = expected;
    for (let version = 1; version <= 40; version++) {
      const changes = batchOf(next, span, 1 + Math.floor(next() * 300), version);
      actual = await LayeredEntries.of(actual, changes);
      expected = applied(expected, changes);
      assertReadsAs(actual, expected, span);
    }
    assert.ok(actual instanceof LayeredEntries, 'under the limit, the entries stay shared');
  });

  test('the listing it was made from is left as it was', async () => {
    const before = new Map([['a.json', entry(1)], ['b.json', entry(2)]]);
    const after = await LayeredEntries.of(before, new Map([['a.json', undefined], ['c.json', entry(3)]]));
    assert.deepEqual([...before.keys()], ['a.json', 'b.json']);
    assert.deepEqual([...after.keys()].sort(), ['b.json', 'c.json']);
    assert.equal(after.get('a.json'), undefined);
  });

  test('past 100,000 changed files a listing gets a Map of its own, with the same entries', async () => {
    const base = new Map(Array.from({ length: 150_000 }, (_, i) => [`f${i}`, entry(i)] as const));
    const changes = new Map(Array.from({ length: 120_000 }, (_, i) => [`f${i}`, i % 2 ? entry(i, 1) : undefined] as const));
    const after = await LayeredEntries.of(base, changes);
    assert.ok(after instanceof Map);
    assert.equal(after.size, 150_000 - 60_000);
    assert.equal(after.get('f1')?.version, 1);
    assert.equal(after.has('f2'), false);
    assert.equal(after.get('f149999'), base.get('f149999'));
  });
});

suite('counts after a batch: changed files counted, the rest carried', () => {
  test('they equal counting every entry, batch after batch, and stay exact (no recount needed)', async () => {
    const span = 3000;
    const next = random(11);
    let entries: ReadonlyMap<string, Entry> = new Map<string, Entry>(Array.from({ length: 2000 }, (_, i) => [`f${i}`, entry(i)] as const));
    countsOf(entries, NOW);
    for (let version = 1; version <= 20; version++) {
      const changes = batchOf(next, span, 1 + Math.floor(next() * 200), version);
      // Every other batch also reads files the listing has again, into the same entries (as a burst's load does with
      // an entry known by name): they must be counted as they stood before they are filled in.
      const refilled = version % 2 ? [...entries].filter(([fileName]) => !changes.has(fileName) && next() < 0.05) : [];
      for (const [fileName, known] of refilled) changes.set(fileName, known);
      const fill = () => {
        for (const [, known] of refilled) {
          known.state = known.state === 'unreadable' ? 'fresh' : 'unreadable';
          known.timestamp = NOW - Math.floor(next() * 200);
        }
      };
      entries = await withCountedChanges(entries, changes, fill);
      const counted = { total: 0, expired: 0, unreadable: 0 };
      for (const e of entries.values()) {
        counted.total++;
        if (e.state === 'unreadable') counted.unreadable++;
        else if (e.timestamp! + e.ttl < NOW) counted.expired++;
      }
      assert.deepEqual(countsOf(entries, NOW), counted, `batch ${version}`);
    }
  });

  test('from counts gone stale, the new ones show at once and are then counted again', async () => {
    const big = new Map(Array.from({ length: 20_000 }, (_, i) => [`f${i}`, entry(i)] as const));
    const before = countsOf(big, NOW);
    // An entry's state filled in since (f0 was unreadable, it is read now): the counts remembered for `big` are stale.
    big.get('f0')!.state = 'fresh';
    noteStatesFilled();
    const after = await LayeredEntries.of(big, new Map([['new.json', entry(1, 1)]]));
    const counts = new CountsChange(big);
    counts.added(after.get('new.json')!);
    counts.rememberFor(after);
    const recounted = new Promise<void>((resolve) => onDidRecount(resolve));
    assert.deepEqual(countsOf(after, NOW), { ...before, total: before.total + 1 }, 'shown at once: the counts before plus the batch');
    await recounted;
    assert.deepEqual(countsOf(after, NOW), { total: before.total + 1, expired: before.expired + 1, unreadable: before.unreadable - 1 });
  });
});
