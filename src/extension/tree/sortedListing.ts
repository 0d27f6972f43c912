// A folder's entries in natural key order, sorted once per listing (a listing is replaced, never changed, when files
// change), and what a filter keeps of them, computed once per listing and filter; tree levels are remembered per
// entries array the same way. So expanding a level, the minute re-render and VS Code asking again walk nothing:
// sorting 100,000 keys takes hundreds of milliseconds, and even one pass over them tens, past what one user action
// may block the host.
import type { FolderListing } from '../model/folderListing';
import { listedEntries, type ListedEntry } from '../model/listedEntry';
import { sortNatural } from '../keys/naturalOrder';
import type { ViewSettings } from '../settings';
import type { KeyFilter } from './keyFilter';
import { levelOf, type Level } from './levels';

const sorted = new WeakMap<FolderListing, readonly ListedEntry[]>();
const filtered = new WeakMap<FolderListing, { filter: KeyFilter; entries: readonly ListedEntry[] }>();
const levels = new WeakMap<readonly ListedEntry[], Map<string, Level>>();

export function naturallySortedEntries(listing: FolderListing): readonly ListedEntry[] {
  let entries = sorted.get(listing);
  if (!entries) {
    entries = sortNatural(listedEntries(listing), (entry) => entry.key);
    sorted.set(listing, entries);
  }
  return entries;
}

/** The listing's entries the filter keeps (all without one), in natural key order; the same array until either changes. */
export function visibleEntries(listing: FolderListing, filter: KeyFilter | undefined): readonly ListedEntry[] {
  const all = naturallySortedEntries(listing);
  if (!filter) return all;
  const known = filtered.get(listing);
  if (known?.filter === filter) return known.entries;
  const entries = all.filter((entry) => filter.matches(entry.key));
  filtered.set(listing, { filter, entries });
  return entries;
}

/**
 * One level of key-ordered entries (see levelOf), remembered per entries array, prefix and settings. Sorting by
 * expiry depends on the clock (an entry turns expired), so that order is computed afresh.
 */
export function cachedLevelOf(entries: readonly ListedEntry[], prefix: string, settings: ViewSettings, now: number): Level {
  if (settings.sortBy === 'expiry') return levelOf(entries, prefix, settings, now, true);
  const key = `${settings.sortBy}\u0000${settings.groupBy}\u0000${settings.keySeparator}\u0000${prefix}`;
  let byKey = levels.get(entries);
  if (!byKey) {
    byKey = new Map();
    levels.set(entries, byKey);
  }
  let level = byKey.get(key);
  if (!level) {
    level = levelOf(entries, prefix, settings, now, true);
    byKey.set(key, level);
  }
  return level;
}
