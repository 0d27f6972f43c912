// How listed entries stand at a given moment, and their counts. The view re-renders each minute without touching
// disk, carrying each entry's listed state forward by the engine's own expiry rule (never a second judgement).
import { entryStateAt, isExpired, type EntryState, type StoredEntry } from '../../engine';
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

/** When an entry counted fresh turns expired: its timestamp and ttl. */
type Expiry = Required<Pick<StoredEntry, 'timestamp' | 'ttl'>>;

/**
 * Counts being taken, with the fresh entry counted that expires first (`null`: none will): as time passes, the counts
 * hold until it expires. Counts of a million entries taken again every second (the status bar, the badge and every
 * group node ask on each change) kept the host's background busy for seconds at a time.
 */
export interface Tally extends EntryCounts {
  soonest: Expiry | null;
}

export function countStates(entries: Iterable<StoredEntry>, now: number): EntryCounts {
  return countsOnly(tallied(entries, now));
}

function tallied(entries: Iterable<StoredEntry>, now: number): Tally {
  const counts = noCounts();
  for (const entry of entries) tally(counts, entry, now);
  return counts;
}

export function noCounts(): Tally {
  return { total: 0, expired: 0, unreadable: 0, soonest: null };
}

/** Adds `entry`, as it stands at `now`, to `counts`. */
export function tally(counts: Tally, entry: StoredEntry, now: number): void {
  counts.total++;
  const state = stateAt(entry, now);
  if (state === 'expired') counts.expired++;
  else if (state === 'unreadable') counts.unreadable++;
  else if (entry.timestamp !== undefined && (!counts.soonest || entry.timestamp + entry.ttl < counts.soonest.timestamp + counts.soonest.ttl)) {
    counts.soonest = { timestamp: entry.timestamp, ttl: entry.ttl };
  }
}

function countsOnly({ total, expired, unreadable }: EntryCounts): EntryCounts {
  return { total, expired, unreadable };
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

/**
 * Counts known for a set of entries: taken at `second`, while states were at `revision`. `soonest`: see Tally;
 * undefined when unknown (they hold for that second only).
 */
interface Remembered {
  revision: number;
  second: number;
  counts: EntryCounts;
  soonest?: Expiry | null;
}

const remembered = new WeakMap<object, Remembered>();

/** Whether counts taken at `known.second` still hold at `second`: no entry counted fresh has expired since. */
function holdsAt(known: Remembered, second: number): boolean {
  if (second === known.second) return true;
  if (second < known.second || known.soonest === undefined) return false;
  return known.soonest === null || !isExpired(known.soonest.timestamp, known.soonest.ttl, second * 1000);
}

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
  if (known && known.revision === statesRevision && holdsAt(known, second)) return known.counts;
  if (known && sizeOf(entries) > SYNC_COUNT_LIMIT) {
    recountSoon(entries, second);
    return known.counts;
  }
  return remember(entries, tallied(isMap(entries) ? entries.values() : entries, second), second, statesRevision);
}

/**
 * Remembers counts computed elsewhere (a walk over the entries that judged each one anyway, at the start of the
 * second `now` falls in, as countsOf judges); with
 * `stale`, only as what to show until they are counted again (a new listing's entries, counted for the one before).
 */
export function rememberCounts(entries: Entries, counts: Tally, now: number, stale = false): void {
  void remember(entries, counts, Math.floor(now), stale ? -1 : statesRevision);
}

/** Remembers `counts` for `entries`; returns them as countsOf gives them (every caller that second gets that object). */
function remember(entries: Entries, counts: Tally, second: number, revision: number): EntryCounts {
  const known = { revision, second, counts: countsOnly(counts), soonest: counts.soonest };
  remembered.set(entries, known);
  return known.counts;
}

/** The counts remembered for `from`, as stale counts of `entries` (which differ from it by a few changed files). */
export function inheritCounts(entries: Entries, from: Entries): void {
  const known = remembered.get(from);
  if (known) remembered.set(entries, { ...known, revision: -1 });
}

/**
 * The counts of a listing made from `from` by changing a few files, without counting its other entries again (a
 * million, per batch of a burst): `from`'s counts, less each changed file's entry as it stood, plus each as it is now.
 * Exact when `from`'s counts were; else shown until counted again, as inheritCounts.
 */
export class CountsChange {
  private readonly known: Remembered | undefined;
  private readonly counts: Tally | undefined;
  private readonly exact: boolean;

  /** Call before any state is filled in, and call the rest in the same synchronous step. */
  constructor(from: Entries) {
    const known = remembered.get(from);
    this.known = known;
    // A removed entry may have been the soonest to expire: the one kept expires no later, so the counts hold no longer.
    this.counts = known && { ...known.counts, soonest: known.soonest ?? null };
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
    if (!this.counts || !this.known) return;
    // Unknown before (see Remembered), unknown after: the soonest of the added entries alone says nothing.
    const soonest = this.known.soonest === undefined ? undefined : this.counts.soonest;
    remembered.set(entries, { revision: this.exact ? statesRevision : -1, second: this.known.second, counts: countsOnly(this.counts), soonest });
  }
}

type Entries = ReadonlyMap<string, StoredEntry> | readonly StoredEntry[];

/** The least wait between two background counts of the same entries, in ms. */
const LEAST_RECOUNT_GAP_MS = 500;

/**
 * How many times as long as its last count the entries wait before they are counted again. While a million states
 * are read, counts go stale every 250 ms: counted again each time, the status bar's, the badge's and every big
 * group's counts took most of the host's background, beside the reads and the sort they slowed down.
 */
const RECOUNT_SPACING = 3;

/** When each set of entries may be counted again; entries waiting for that moment, and the latest second asked about. */
const nextRecount = new WeakMap<object, number>();
const awaitingRecount = new WeakMap<object, { second: number }>();

/** Counts `entries` again in the background, now or once the wait after their last count is over. */
function recountSoon(entries: Entries, second: number): void {
  const awaiting = awaitingRecount.get(entries);
  if (awaiting) awaiting.second = Math.max(awaiting.second, second);
  if (recounting.has(entries) || awaiting) return;
  const wait = (nextRecount.get(entries) ?? 0) - performance.now();
  if (wait <= 0) {
    void recount(entries, second);
    return;
  }
  const asked = { second };
  awaitingRecount.set(entries, asked);
  setTimeout(() => {
    awaitingRecount.delete(entries);
    void recount(entries, asked.second);
  }, wait);
}

/** Counts `entries` again in slices, as background work; tells the listeners when the counts changed. */
async function recount(entries: Entries, second: number): Promise<void> {
  if (recounting.has(entries)) return;
  recounting.add(entries);
  const started = performance.now();
  try {
    const revision = statesRevision;
    const counts = await inBackground(() => countInSlices(entries, second));
    const known = remembered.get(entries);
    // Kept exact while this count walked (states filled in, counted one by one: see CountsChange): newer than it.
    if (known && known.revision === statesRevision && known.second >= second) return;
    const before = known?.counts;
    remember(entries, counts, second, revision);
    if (!before || before.total !== counts.total || before.expired !== counts.expired || before.unreadable !== counts.unreadable) {
      for (const listener of recountListeners) listener();
    }
  } finally {
    recounting.delete(entries);
    const ended = performance.now();
    nextRecount.set(entries, ended + Math.max(LEAST_RECOUNT_GAP_MS, RECOUNT_SPACING * (ended - started)));
  }
}

async function countInSlices(entries: Entries, second: number): Promise<Tally> {
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
