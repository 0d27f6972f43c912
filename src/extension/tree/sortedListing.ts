// A folder's entries in natural key order, sorted once per listing (a listing is replaced, never changed, when files
// change), so expanding a level, filtering and the minute re-render only walk an ordered array: sorting 100,000 keys
// takes hundreds of milliseconds, far past what one user action may block the host.
import type { FolderListing } from '../model/folderListing';
import { listedEntries, type ListedEntry } from '../model/listedEntry';
import { sortNatural } from '../keys/naturalOrder';

const sorted = new WeakMap<FolderListing, readonly ListedEntry[]>();

export function naturallySortedEntries(listing: FolderListing): readonly ListedEntry[] {
  let entries = sorted.get(listing);
  if (!entries) {
    entries = sortNatural(listedEntries(listing), (entry) => entry.key);
    sorted.set(listing, entries);
  }
  return entries;
}
