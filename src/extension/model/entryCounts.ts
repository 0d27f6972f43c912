// How listed entries stand at a given moment, and their counts. The view re-renders each minute without touching
// disk, carrying each entry's listed state forward by the engine's own expiry rule (never a second judgement).
import { entryStateAt, type EntryState, type StoredEntry } from '../../engine';

/** Now, in unix seconds: the unit of entries' timestamps and of the view's relative times. */
export function nowInSeconds(): number {
  return Date.now() / 1000;
}

/** The entry's state at `now` (unix seconds), by the engine's rule. */
export function stateAt(entry: StoredEntry, now: number): EntryState {
  return entryStateAt(entry, now * 1000);
}

export interface EntryCounts {
  total: number;
  expired: number;
  unreadable: number;
}

export function countStates(entries: Iterable<StoredEntry>, now: number): EntryCounts {
  const counts = { total: 0, expired: 0, unreadable: 0 };
  for (const entry of entries) {
    counts.total++;
    const state = stateAt(entry, now);
    if (state === 'expired') counts.expired++;
    else if (state === 'unreadable') counts.unreadable++;
  }
  return counts;
}

/** Bumped whenever listed entries are filled in place (their states read): counts remembered before are stale. */
let statesRevision = 0;

/** Tells remembered counts that some listed entry's state was just filled in (see namesFirst.fillStates). */
export function noteStatesFilled(): void {
  statesRevision++;
}

const remembered = new WeakMap<object, { revision: number; second: number; counts: EntryCounts }>();

/**
 * countStates over a listing's entries (its Map) or a group's (its array), remembered for the rest of the second:
 * on every change the status bar, the badge and the tree's nodes count the same entries, 100,000 of them each time.
 * Judged at the start of the second `now` falls in, so every caller in that second gets the same counts.
 */
export function countsOf(entries: ReadonlyMap<string, StoredEntry> | readonly StoredEntry[], now: number): EntryCounts {
  const second = Math.floor(now);
  const known = remembered.get(entries);
  if (known && known.revision === statesRevision && known.second === second) return known.counts;
  const counts = countStates(isMap(entries) ? entries.values() : entries, second);
  remembered.set(entries, { revision: statesRevision, second, counts });
  return counts;
}

function isMap(entries: ReadonlyMap<string, StoredEntry> | readonly StoredEntry[]): entries is ReadonlyMap<string, StoredEntry> {
  return entries instanceof Map;
}

/** "1,204 · 37 expired": the shape used by group nodes, folder nodes and the status bar. */
export function formatCounts(counts: EntryCounts, expired = (n: string) => `${n} expired`): string {
  const total = counts.total.toLocaleString('en-US');
  return counts.expired ? `${total} · ${expired(counts.expired.toLocaleString('en-US'))}` : total;
}
