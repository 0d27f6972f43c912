// A folder's entries in natural key order, sorted once per listing (a listing is replaced when files change; while
// states are read it is filled in place, keys and order unchanged), and what a filter keeps of them, computed once
// per listing and filter; tree levels are remembered per entries array the same way. So expanding a level, the
// minute re-render and VS Code asking again walk nothing: sorting 100,000 keys takes hundreds of milliseconds (done
// in slices, so the host keeps answering), and even one pass over them tens, past what one user action may block.
import type { FolderListing } from '../model/folderListing';
import { isUnread, listedEntries, type ListedEntry } from '../model/listedEntry';
import { awaitSyncTurn, claimed, inBackground, shared } from '../../engine/concurrency';
import { sortNaturalInSlices } from '../keys/naturalOrder';
import { appended, derivationOf, placedAmong, withChanges } from './orderPlacement';
import { levelAfterChanges } from './levelAfterChanges';
import type { ViewSettings } from '../settings';
import type { KeyFilter } from './keyFilter';
import { levelOf, type Level } from './levels';
import { filterInSlices, mapInSlices } from '../model/slicedPasses';
import { changedSince, type ChangedFiles } from '../model/listingLineage';

const sorted = new WeakMap<FolderListing, Promise<readonly ListedEntry[]>>();
/** The orders already computed: what the first level can be built from without waiting. */
const sortedReady = new WeakMap<FolderListing, readonly ListedEntry[]>();
const unsorted = new WeakMap<FolderListing, readonly ListedEntry[]>();
/** An order being computed for a folder's listing, and that listing's serial: a newer listing may be placed from it. */
interface Ordering {
  order: Promise<readonly ListedEntry[] | undefined>;
  serial: number | undefined;
}

/** What is known of one folder's orders (its `owner`), to order its next listing from. */
interface FolderOrders {
  /** Its last entries in listing order, and the serial of their listing. */
  unsorted?: { entries: readonly ListedEntry[]; serial: number | undefined };
  /** Its last ordered entries, and the serial of the listing they order. */
  sorted?: { order: readonly ListedEntry[]; serial: number | undefined };
  /** Its latest placement by lineage (fast: worth waiting for, even for the first screen). */
  placing?: Ordering;
  /**
   * Its latest order asked for (placed or sorted; seconds at a million when sorted): the background order of the next
   * listing waits for it and places from it, so a burst's listings are ordered one from another, not each sorted
   * again beside the others (two sorts of a million keys at once took 2.5 GB).
   */
  asked?: Ordering;
}

const folderOrders = new WeakMap<object, FolderOrders>();

function ordersOf(owner: object): FolderOrders {
  let orders = folderOrders.get(owner);
  if (!orders) folderOrders.set(owner, (orders = {}));
  return orders;
}
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
    const earlier = owner && ordersOf(owner).asked;
    entries = shared(() => orderOf(listing, owner, earlier));
    if (owner) ordersOf(owner).asked = { order: entries, serial: listing.lineage?.serial };
    sorted.set(listing, entries);
    void entries.then((order) => {
      sortedReady.set(listing, order);
      if (owner) rememberOrder(owner, order, listing.lineage?.serial);
    });
  }
  return claimed(entries);
}

/** `earlier`: the owner's order asked for before this one (see FolderOrders.asked). */
async function orderOf(listing: FolderListing, owner: object | undefined, earlier: Ordering | undefined): Promise<readonly ListedEntry[]> {
  const placed = await placementOf(listing, owner);
  if (placed) return placed;
  // The order of a listing this one differs from by a few files is being computed (the first listing of a million
  // is being sorted, and a burst came): placed once it is done, not sorted a second time beside it.
  const changed = earlier && changedSince(listing.lineage, earlier.serial);
  const base = changed && (await earlier.order);
  const fromBase = base && (await placedAfterChanges(base, listing, changed));
  return fromBase || sortNaturalInSlices(unsortedEntries(listing, owner), (entry) => entry.key);
}

/**
 * The listing ordered from its owner's previous order (see reordered), computed once per listing; undefined when
 * there is no previous order or too much changed to place.
 */
function placementOf(listing: FolderListing, owner: object | undefined): Promise<readonly ListedEntry[] | undefined> {
  let placement = placements.get(listing);
  if (!placement) {
    placement = owner ? shared(() => reorderedFrom(owner, listing)) : Promise.resolve(undefined);
    placements.set(listing, placement);
  }
  return claimed(placement);
}

/** The listing's entries in listing order, one array per listing. */
function unsortedEntries(listing: FolderListing, owner?: object): readonly ListedEntry[] {
  let entries = unsorted.get(listing);
  if (!entries) {
    entries = (owner && appendedToLast(listing, owner)) || listedEntries(listing);
    unsorted.set(listing, entries);
  }
  if (owner) ordersOf(owner).unsorted = { entries, serial: listing.lineage?.serial };
  return entries;
}

/**
 * When `listing` is its owner's last one in listing order with new files only (a burst of new keys), that array with
 * them appended: its levels are then built from that array's levels (levelAfterChanges.ts), not from every entry.
 */
function appendedToLast(listing: FolderListing, owner: object): readonly ListedEntry[] | undefined {
  const last = ordersOf(owner).unsorted;
  const changed = last && changedSince(listing.lineage, last.serial);
  // Every other entry the same (its lineage says so): as many more entries as changed files means all of them are new.
  if (!changed || listing.entries.size !== last.entries.length + changed.size) return undefined;
  return appended(last.entries, changed, (fileName) => listing.entries.get(fileName));
}

/**
 * Below this many added or replaced entries, they are always placed; above, while they are fewer than half the
 * listing: placing k among n takes k·log n comparisons and one pass, sorting everything n·log n (a burst of 10,000
 * files in a million entries: ~0.1 s placed, ~10 s sorted).
 */
const PLACE_ALWAYS = 2000;

/** Entries walked between two looks at the slice's budget: a placement over 100,000 entries must not hold the host. */
const STEP = 4096;

function placeable(added: number, total: number): boolean {
  return added <= Math.max(PLACE_ALWAYS, total / 2);
}

/**
 * `listing`'s entries in natural order, from the owner's last order, or undefined when there is none or too much
 * changed. When the listing's lineage says which files changed since the one that order is of (a burst's load, a
 * patch: every other entry the same object), only those are placed; else every entry is matched by key (reordered).
 */
async function reorderedFrom(owner: object, listing: FolderListing): Promise<readonly ListedEntry[] | undefined> {
  const serial = listing.lineage?.serial;
  // A placement under way may be of the listing just before this one (a burst's loads come one after another).
  const orders = ordersOf(owner);
  const placing = orders.placing;
  const changedSincePlacing = placing && changedSince(listing.lineage, placing.serial);
  const last = orders.sorted;
  const changedSinceLast = last && changedSince(listing.lineage, last.serial);
  let placement: Promise<readonly ListedEntry[] | undefined>;
  if (last && changedSinceLast) {
    // From the newest order known: one pass, however many listings came since. Chained on the placements under way,
    // a burst's dozens of listings were placed one after another (each a copy of a million entries), and the first
    // level waited for all of them (17–37 s at 1M).
    placement = placedAfterChanges(last.order, listing, changedSinceLast);
  } else if (placing && changedSincePlacing) {
    placement = placing.order.then((base) => base && placedAfterChanges(base, listing, changedSincePlacing));
  } else if (last && !listing.lineage?.files) {
    // Read afresh (Refresh, a folder back): matched by key with the last order, and the next listings placed from it.
    placement = reordered(last.order, unsortedEntries(listing, owner));
  } else {
    // Made from an earlier listing the view's orders are out of reach of (a long burst while the first million keys
    // were sorted): shown in listing order for now. Matching a million keys took seconds per listing, on the screen's
    // path; the background order places it from the order before it (see orderOf).
    return undefined;
  }
  orders.placing = { order: placement, serial };
  void placement.then((order) => order && rememberOrder(owner, order, serial));
  return placement;
}

/** Keeps `order` as its owner's newest known order, unless one of a newer listing is known already. */
function rememberOrder(owner: object, order: readonly ListedEntry[], serial: number | undefined): void {
  const orders = ordersOf(owner);
  const known = orders.sorted;
  if (known && serial !== undefined && known.serial !== undefined && known.serial > serial) return;
  orders.sorted = { order, serial };
}

/**
 * `listing` in natural order from `order`, the order of a listing it differs from in the `changed` files alone (see
 * withChanges). Undefined when too much changed, or when what it finds does not add up to the listing (then it is
 * sorted).
 */
async function placedAfterChanges(
  order: readonly ListedEntry[],
  listing: FolderListing,
  changed: ChangedFiles,
): Promise<readonly ListedEntry[] | undefined> {
  if (!placeable(changed.size, listing.entries.size)) return undefined;
  const placed = await withChanges(order, changed, (fileName) => listing.entries.get(fileName));
  return placed.length === listing.entries.size ? placed : undefined;
}

/**
 * `current` in natural order, from `previous` (in natural order) when all but a few of its keys were there before;
 * undefined when too much changed. An entry's place depends on its key alone, so a full re-read (all new objects)
 * keeps every place of a key it still has. Walks in slices (one pass over 100,000 entries held the host ~50 ms).
 */
async function reordered(previous: readonly ListedEntry[], current: readonly ListedEntry[]): Promise<readonly ListedEntry[] | undefined> {
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
  return placeable(added.length, current.length) ? placedAmong(kept, added) : undefined;
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
  return { entries: unsortedEntries(listing, owner), keyOrdered: false, order };
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
    level = shared(() => levelFromEarlier(entries, prefix, settings, now, keyOrdered, key));
    byKey.set(key, level);
  }
  return claimed(level);
}

/**
 * The level, built from the same level of the order `entries` was placed from when that one is known (only the groups
 * the changed files fall in are built again), else from every entry.
 */
async function levelFromEarlier(
  entries: readonly ListedEntry[],
  prefix: string,
  settings: ViewSettings,
  now: number,
  keyOrdered: boolean,
  key: string,
): Promise<Level> {
  const derivation = derivationOf(entries);
  const earlierEntries = derivation?.base.deref();
  const earlier = earlierEntries && levels.get(earlierEntries)?.get(key);
  if (derivation && earlier && keyOrdered === !derivation.appended) {
    const level = await levelAfterChanges(await earlier, derivation, prefix, settings, entries.length);
    if (level) return level;
  }
  return levelOf(entries, prefix, settings, now, keyOrdered);
}
