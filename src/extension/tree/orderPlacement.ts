// Puts a few changed entries into an order already computed, instead of sorting every key again: each is found by
// binary search, and the rest are copied over as they stand, without being looked at. A burst of 10,000 files in a
// million entries is placed in ~0.2 s; sorting them all takes ~10 s, and a pass that looked at each entry took seconds
// beside a burst's reads (each look is a cache miss in a heap of a gigabyte).
import { awaitSyncTurn } from '../../engine/concurrency';
import { compareNatural, sortNaturalInSlices } from '../keys/naturalOrder';
import type { ListedEntry, FileEntry } from '../model/listedEntry';
import type { ChangedFiles } from '../model/listingLineage';

/** Entries copied between two looks at the slice's budget. */
const STEP = 4096;

/** Binary searches (each folds ~20 keys) between two looks at the slice's budget. */
const SEARCH_STEP = 256;

/**
 * How an array of entries was made from another: the array before, the files changed since, and their entries now.
 * Either placed in natural order (withChanges), or, for entries in listing order, `appended` at the end: new files
 * only, every other entry where it was.
 */
export interface Derivation {
  readonly base: WeakRef<readonly ListedEntry[]>;
  readonly changed: ChangedFiles;
  readonly current: (fileName: string) => ListedEntry | undefined;
  readonly appended?: readonly ListedEntry[];
}

const derivations = new WeakMap<readonly ListedEntry[], Derivation>();

/** How `order` was made from an earlier array, if it was (and that one is still in memory to build on). */
export function derivationOf(order: readonly ListedEntry[]): Derivation | undefined {
  return derivations.get(order);
}

/** `base` (in listing order) with the entries of `changed`, every one a new file, appended (see Derivation). */
export function appended(base: readonly ListedEntry[], changed: ChangedFiles, current: (fileName: string) => ListedEntry | undefined): readonly ListedEntry[] | undefined {
  const added: ListedEntry[] = [];
  for (const fileName of changed.keys()) {
    const entry = current(fileName);
    if (!entry) return undefined;
    added.push(entry);
  }
  const entries = base.concat(added);
  derivations.set(entries, { base: new WeakRef(base), changed, current, appended: added });
  return entries;
}

/**
 * `order` (in natural order) with the `changed` files as they are now: the entry each one had in `order` (found by
 * its key) is dropped, and its entry now (`current`; none when it is gone) placed. Every other entry keeps its place.
 */
export async function withChanges(
  order: readonly ListedEntry[],
  changed: ChangedFiles,
  current: (fileName: string) => ListedEntry | undefined,
): Promise<readonly ListedEntry[]> {
  const removed: number[] = [];
  const added: ListedEntry[] = [];
  let i = 0;
  for (const [fileName, key] of changed) {
    if (i++ % SEARCH_STEP === 0) await awaitSyncTurn();
    for (let at = firstAfter(order, key) - 1; at >= 0 && order[at].key === key; at--) {
      if ((order[at] as FileEntry).fileName === fileName) {
        removed.push(at);
        break;
      }
    }
    const entry = current(fileName);
    if (entry) added.push(entry);
  }
  removed.sort((a, b) => a - b);
  const placed = await placedAmong(order, added, removed);
  // Its levels may be built from the earlier order's levels in turn (levelAfterChanges.ts).
  if (placed !== order) derivations.set(placed, { base: new WeakRef(order), changed, current });
  return placed;
}

/**
 * `kept` (in natural order) less the entries at `skipped` (ascending indexes), with `added` placed among them: each
 * found by binary search, then one merge pass that copies the rest as they are.
 */
export async function placedAmong(
  kept: readonly ListedEntry[],
  added: readonly ListedEntry[],
  skipped: readonly number[] = [],
): Promise<readonly ListedEntry[]> {
  if (added.length === 0 && skipped.length === 0) return kept;
  const sortedAdded = await sortNaturalInSlices(added, (entry) => entry.key);
  // Where each added entry goes among the kept ones: the first kept entry ordered after it.
  const at: number[] = [];
  for (let i = 0; i < sortedAdded.length; i++) {
    if (i % SEARCH_STEP === 0) await awaitSyncTurn();
    at.push(firstAfter(kept, sortedAdded[i].key));
  }
  const result = new Array<ListedEntry>(kept.length - skipped.length + added.length);
  let length = 0;
  let next = 0;
  let skip = 0;
  for (let i = 0; i <= kept.length; i++) {
    if (i % STEP === 0) await awaitSyncTurn();
    while (next < sortedAdded.length && at[next] === i) result[length++] = sortedAdded[next++];
    if (skip < skipped.length && skipped[skip] === i) skip++;
    else if (i < kept.length) result[length++] = kept[i];
  }
  return result;
}

/** The index of the first entry of `entries` (in natural order) that orders after `key`. */
export function firstAfter(entries: readonly ListedEntry[], key: string): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareNatural(entries[mid].key, key) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

