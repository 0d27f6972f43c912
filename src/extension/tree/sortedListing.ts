// A folder's entries in natural key order, sorted once per listing (a listing is replaced when files change; while
// states are read it is filled in place, keys and order unchanged), and what a filter keeps of them, computed once
// per listing and filter; tree levels are remembered per entries array the same way. So expanding a level, the
// minute re-render and VS Code asking again walk nothing: sorting 100,000 keys takes hundreds of milliseconds (done
// in slices, so the host keeps answering), and even one pass over them tens, past what one user action may block.
import type { FolderListing } from '../model/folderListing';
import { isUnread, listedEntries, type ListedEntry } from '../model/listedEntry';
import { awaitSyncTurn, inBackground } from '../../engine/concurrency';
import { compareNatural, sortNatural, sortNaturalInSlices } from '../keys/naturalOrder';
import type { ViewSettings } from '../settings';
import type { KeyFilter } from './keyFilter';
import { levelOf, type Level } from './levels';
import { filterInSlices, mapInSlices } from '../model/slicedPasses';

const sorted = new WeakMap<FolderListing, Promise<readonly ListedEntry[]>>();
/** The orders already computed: what the first level can be built from without waiting. */
const sortedReady = new WeakMap<FolderListing, readonly ListedEntry[]>();
const unsorted = new WeakMap<FolderListing, readonly ListedEntry[]>();
/** Each folder's last ordered entries, to order its next listing from. */
const lastSorted = new WeakMap<object, readonly ListedEntry[]>();
const filtered = new WeakMap<FolderListing, { filter: KeyFilter; entries: readonly ListedEntry[] }>();
const lowerCaseKeys = new WeakMap<readonly ListedEntry[], readonly string[]>();
const levels = new WeakMap<readonly ListedEntry[], Map<string, Promise<Level>>>();
const placements = new WeakMap<FolderListing, Promise<readonly ListedEntry[] | undefined>>();

/**
 * The listing's entries in natural key order. With `owner` (the folder the listing is of), a listing whose keys
 * differ from the owner's previous one by a few (a batch of changed files, or a full re-read) is ordered from the
 * previous order: new keys are placed by binary search instead of sorting every key again.
 */
export function naturallySortedEntries(listing: FolderListing, owner?: object): Promise<readonly ListedEntry[]> {
  let entries = sorted.get(listing);
  if (!entries) {
    entries = orderOf(listing, owner);
    sorted.set(listing, entries);
    void entries.then((order) => sortedReady.set(listing, order));
  }
  if (owner) void entries.then((order) => lastSorted.set(owner, order));
  return entries;
}

async function orderOf(listing: FolderListing, owner: object | undefined): Promise<readonly ListedEntry[]> {
  return (await placementOf(listing, owner)) ?? sortNaturalInSlices(unsortedEntries(listing), (entry) => entry.key);
}

/**
 * The listing ordered from its owner's previous order (see reordered), computed once per listing; undefined when
 * there is no previous order or too much changed to place.
 */
function placementOf(listing: FolderListing, owner: object | undefined): Promise<readonly ListedEntry[] | undefined> {
  let placement = placements.get(listing);
  if (!placement) {
    const current = unsortedEntries(listing);
    const previous = owner && lastSorted.get(owner);
    placement = previous ? reordered(previous, current) : Promise.resolve(undefined);
    placements.set(listing, placement);
  }
  return placement;
}

/** The listing's entries in listing order, one array per listing. */
function unsortedEntries(listing: FolderListing): readonly ListedEntry[] {
  let entries = unsorted.get(listing);
  if (!entries) {
    entries = listedEntries(listing);
    unsorted.set(listing, entries);
  }
  return entries;
}

/** Past this many added or replaced entries, sorting everything again is as cheap as placing each one. */
const PATCH_LIMIT = 2000;

/** Entries walked between two looks at the slice's budget: a placement over 100,000 entries must not hold the host. */
const STEP = 4096;

/**
 * `current` in natural order, from `previous` (in natural order) when all but a few of its keys were there before;
 * undefined when too much changed. An entry's place depends on its key alone, so a full re-read (all new objects)
 * keeps every place of a key it still has. Walks in slices (one pass over 100,000 entries held the host ~50 ms).
 */
async function reordered(previous: readonly ListedEntry[], current: readonly ListedEntry[]): Promise<ListedEntry[] | undefined> {
  const byKey = new Map<string, ListedEntry>();
  for (let i = 0; i < current.length; i++) {
    if (i % STEP === 0) await awaitSyncTurn();
    const entry = current[i];
    if (byKey.has(entry.key)) return undefined; // two files for one key (odd names): sort them all
    byKey.set(entry.key, entry);
  }
  const kept: ListedEntry[] = [];
  for (let i = 0; i < previous.length; i++) {
    if (i % STEP === 0) await awaitSyncTurn();
    const now = byKey.get(previous[i].key);
    if (now) {
      kept.push(now);
      byKey.delete(now.key);
    }
  }
  const added = [...byKey.values()];
  if (added.length > PATCH_LIMIT) return undefined;
  if (added.length === 0) return kept;
  await awaitSyncTurn();
  // Where each added entry goes among the kept ones (the first kept entry ordered after it), then one merge pass.
  const placed = sortNatural(added, (entry) => entry.key).map((entry) => ({ entry, at: firstAfter(kept, entry.key) }));
  const result: ListedEntry[] = [];
  let next = 0;
  for (let i = 0; i <= kept.length; i++) {
    if (i % STEP === 0) await awaitSyncTurn();
    while (next < placed.length && placed[next].at === i) result.push(placed[next++].entry);
    if (i < kept.length) result.push(kept[i]);
  }
  return result;
}

/** The index of the first entry of `entries` (in natural order) that orders after `key`. */
function firstAfter(entries: readonly ListedEntry[], key: string): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareNatural(entries[mid].key, key) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The listing's entries the filter keeps (all without one), in natural key order; the same array until either
 * changes. A state filter keeps no entry whose state is not read yet; while states arrive it is applied afresh.
 */
export async function visibleEntries(listing: FolderListing, filter: KeyFilter | undefined, owner?: object): Promise<readonly ListedEntry[]> {
  const all = await naturallySortedEntries(listing, owner);
  if (!filter) return all;
  const known = filtered.get(listing);
  if (known?.filter === filter) return known.entries;
  let lower = lowerCaseKeys.get(all);
  if (!lower) {
    lower = await mapInSlices(all, (entry) => entry.key.toLowerCase());
    lowerCaseKeys.set(all, lower);
  }
  const folded = lower;
  // In slices: a glob like `user:*9999:*` over 100,000 keys is linear but still held the host ~140 ms in one pass.
  const entries = await filterInSlices(
    all,
    (entry, i) =>
      filter.matchesLowerCase(folded[i]!) && filter.matchesFile(entry) && (filter.state === undefined || (!isUnread(entry) && filter.matchesEntry(entry))),
  );
  if (!listing.unread || filter.state === undefined) filtered.set(listing, { filter, entries });
  return entries;
}

/** What the first level is built from now, unfiltered: see entriesToShow. */
export interface ShownEntries {
  entries: readonly ListedEntry[];
  /** `entries` are in natural key order; else in listing order, and each level sorts its own. */
  keyOrdered: boolean;
  /** Computes the natural order (in slices); call it once the first level is shown, so it does not delay it. */
  order(): Promise<readonly ListedEntry[]>;
}

/**
 * The listing's entries for the first screen, without waiting for the whole folder to be sorted: in natural order
 * when it is known or can be placed from the folder's previous order (a few files changed: tens of ms, in slices),
 * else in listing order, from which each level sorts only the entries it shows directly (the same rows in the same
 * order: a level's groups and entries are sorted by key either way), so a level of 10 groups over 100,000 keys shows
 * at once while the full order is computed in slices.
 */
export async function entriesToShow(listing: FolderListing, owner?: object): Promise<ShownEntries> {
  // Computed ahead of need, as background work: the user's clicks meanwhile get their turns first (a million keys
  // take seconds to sort, and shared every turn with the first row and the first expand).
  const order = () => inBackground(() => naturallySortedEntries(listing, owner));
  const ready = sortedReady.get(listing) ?? (await placementOf(listing, owner));
  if (ready) {
    void order();
    return { entries: ready, keyOrdered: true, order };
  }
  return { entries: unsortedEntries(listing), keyOrdered: false, order };
}

/**
 * One level (see levelOf), remembered per entries array, prefix and settings. Sorting by expiry depends on the clock
 * (an entry turns expired), so that order is computed afresh. `keyOrdered`: the entries are in natural key order.
 */
export function cachedLevelOf(entries: readonly ListedEntry[], prefix: string, settings: ViewSettings, now: number, keyOrdered = true): Promise<Level> {
  if (settings.sortBy === 'expiry') return levelOf(entries, prefix, settings, now, keyOrdered);
  const key = `${settings.sortBy}\u0000${settings.groupBy}\u0000${settings.keySeparator}\u0000${prefix}`;
  let byKey = levels.get(entries);
  if (!byKey) {
    byKey = new Map();
    levels.set(entries, byKey);
  }
  let level = byKey.get(key);
  if (!level) {
    level = levelOf(entries, prefix, settings, now, keyOrdered);
    byKey.set(key, level);
  }
  return level;
}
