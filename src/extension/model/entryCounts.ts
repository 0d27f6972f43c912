// How listed entries stand at a given moment, and their counts. The view re-renders each minute without touching
// disk, carrying each entry's listed state forward by the engine's own expiry rule (never a second judgement).
import { entryStateAt, type EntryState, type StoredEntry } from '../../engine';
import { awaitSyncTurn, inBackground } from '../../engine/concurrency';

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
  const counts = noCounts();
  for (const entry of entries) tally(counts, entry, now);
  return counts;
}

export function noCounts(): EntryCounts {
  return { total: 0, expired: 0, unreadable: 0 };
}

/** Adds `entry`, as it stands at `now`, to `counts`. */
export function tally(counts: EntryCounts, entry: StoredEntry, now: number): void {
  counts.total++;
  const state = stateAt(entry, now);
  if (state === 'expired') counts.expired++;
  else if (state === 'unreadable') counts.unreadable++;
}

/** Changes whenever a listed entry's state is filled in: counts taken before another revision may be stale. */
export function countsRevision(): number {
  return statesRevision;
}

/** Bumped whenever listed entries are filled in place (their states read): counts remembered before are stale. */
let statesRevision = 0;

/** Tells remembered counts that some listed entry's state was just filled in (see namesFirst.fillStates). */
export function noteStatesFilled(): void {
  statesRevision++;
}

const remembered = new WeakMap<object, { revision: number; second: number; counts: EntryCounts }>();

/**
 * Past this many entries, counts gone stale (a state filled in, a second passed) are shown as they were while they
 * are counted again in the background, in slices: a million entries counted at once held the host over 100 ms, and
 * the status bar, the badge and the tree's groups each counted them again on every batch of states read.
 */
export const SYNC_COUNT_LIMIT = 10_000;

/** Entries counted between two looks at the slice's budget. */
const COUNT_STEP = 4096;

const recounting = new WeakSet<object>();
const recountListeners = new Set<() => void>();

/** Calls `listener` when a background recount changed some counts (whoever shows them shows them again). */
export function onDidRecount(listener: () => void): { dispose(): void } {
  recountListeners.add(listener);
  return { dispose: () => void recountListeners.delete(listener) };
}

/**
 * countStates over a listing's entries (its Map) or a group's (its array), remembered for the rest of the second:
 * on every change the status bar, the badge and the tree's nodes count the same entries, 100,000 of them each time.
 * Judged at the start of the second `now` falls in, so every caller in that second gets the same counts. Over
 * SYNC_COUNT_LIMIT entries, stale counts are returned as they were and counted again in the background.
 */
export function countsOf(entries: Entries, now: number): EntryCounts {
  const second = Math.floor(now);
  const known = remembered.get(entries);
  if (known && known.revision === statesRevision && known.second === second) return known.counts;
  if (known && sizeOf(entries) > SYNC_COUNT_LIMIT) {
    void recount(entries, second);
    return known.counts;
  }
  const counts = countStates(isMap(entries) ? entries.values() : entries, second);
  remembered.set(entries, { revision: statesRevision, second, counts });
  return counts;
}

/**
 * Remembers counts computed elsewhere (a walk over the entries that judged each one anyway, at the start of the
 * second `now` falls in, as countsOf judges); with
 * `stale`, only as what to show until they are counted again (a new listing's entries, counted for the one before).
 */
export function rememberCounts(entries: Entries, counts: EntryCounts, now: number, stale = false): void {
  remembered.set(entries, { revision: stale ? -1 : statesRevision, second: Math.floor(now), counts });
}

/** The counts remembered for `from`, as stale counts of `entries` (which differ from it by a few changed files). */
export function inheritCounts(entries: Entries, from: Entries): void {
  const known = remembered.get(from);
  if (known) rememberCounts(entries, known.counts, known.second, true);
}

/**
 * The counts of a listing made from `from` by changing a few files, without counting its other entries again (a
 * million, per batch of a burst): `from`'s counts, less each changed file's entry as it stood, plus each as it is now.
 * Exact when `from`'s counts were; else shown until counted again, as inheritCounts.
 */
export class CountsChange {
  private readonly known: { second: number; counts: EntryCounts } | undefined;
  private readonly counts: EntryCounts | undefined;
  private readonly exact: boolean;

  /** Call before any state is filled in, and call the rest in the same synchronous step. */
  constructor(from: Entries) {
    const known = remembered.get(from);
    this.known = known;
    this.counts = known && { ...known.counts };
    this.exact = known?.revision === statesRevision;
  }

  /** An entry of `from` that changed, as it stood (before it is filled in again). */
  removed(entry: StoredEntry): void {
    if (!this.counts || !this.known) return;
    const before = noCounts();
    tally(before, entry, this.known.second);
    this.counts.total -= before.total;
    this.counts.expired -= before.expired;
    this.counts.unreadable -= before.unreadable;
  }

  /** An entry of the new listing that changed, as it is now. */
  added(entry: StoredEntry): void {
    if (this.counts && this.known) tally(this.counts, entry, this.known.second);
  }

  /** Remembers the counts for the new listing's entries. */
  rememberFor(entries: Entries): void {
    if (this.counts && this.known) remembered.set(entries, { revision: this.exact ? statesRevision : -1, second: this.known.second, counts: this.counts });
  }
}

type Entries = ReadonlyMap<string, StoredEntry> | readonly StoredEntry[];

/** Counts `entries` again in slices, as background work; tells the listeners when the counts changed. */
async function recount(entries: Entries, second: number): Promise<void> {
  if (recounting.has(entries)) return;
  recounting.add(entries);
  try {
    const revision = statesRevision;
    const counts = await inBackground(() => countInSlices(entries, second));
    const before = remembered.get(entries)?.counts;
    remembered.set(entries, { revision, second, counts });
    if (!before || before.total !== counts.total || before.expired !== counts.expired || before.unreadable !== counts.unreadable) {
      for (const listener of recountListeners) listener();
    }
  } finally {
    recounting.delete(entries);
  }
}

async function countInSlices(entries: Entries, second: number): Promise<EntryCounts> {
  const counts = noCounts();
  let walked = 0;
  for (const entry of isMap(entries) ? entries.values() : entries) {
    if (walked++ % COUNT_STEP === 0) await awaitSyncTurn();
    tally(counts, entry, second);
  }
  return counts;
}

function sizeOf(entries: Entries): number {
  return isMap(entries) ? entries.size : entries.length;
}

function isMap(entries: Entries): entries is ReadonlyMap<string, StoredEntry> {
  return !Array.isArray(entries);
}

/** "1,204 · 37 expired": the shape used by group nodes, folder nodes and the status bar. */
export function formatCounts(counts: EntryCounts, expired = (n: string) => `${n} expired`): string {
  const total = counts.total.toLocaleString('en-US');
  return counts.expired ? `${total} · ${expired(counts.expired.toLocaleString('en-US'))}` : total;
}
