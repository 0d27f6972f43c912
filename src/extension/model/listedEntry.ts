// What the view lists for one folder: its files, and with a shared tier (Redis) the entries only Redis has. Each
// says what it is: a file entry has its file (its identity); a shared-only entry has its Redis key and no file.
import { keyToFileName, type EntryInfo, type SharedEntryInfo, type StoredEntry } from '../../engine';
import type { FolderListing } from './folderListing';

export type EntryLocation = 'local' | 'shared' | 'both';

/**
 * A file in the cache folder; `location` is set only when the folder has a shared tier. `unread`: known by its name
 * only so far (its state, size and expiry are being read; `state` says nothing yet).
 */
export type FileEntry = EntryInfo & { location?: 'local' | 'both'; unread?: boolean };

/** An entry only the shared tier has: no file here until it is pulled. */
export type SharedOnlyEntry = StoredEntry & { location: 'shared'; redisKey: string };

export type ListedEntry = FileEntry | SharedOnlyEntry;

export const LOCATION_LABELS: Record<EntryLocation, string> = {
  local: 'local',
  shared: 'shared only',
  both: 'local + shared',
};

export function isFileEntry(entry: ListedEntry): entry is FileEntry {
  return entry.location !== 'shared';
}

/** Whether the entry's state is not read yet (the view says "reading…"). */
export function isUnread(entry: ListedEntry): boolean {
  return 'unread' in entry && entry.unread === true;
}

/** The folder's entries, tagged with their location, plus the entries only Redis has. */
export function listedEntries(listing: FolderListing): ListedEntry[] {
  const shared = listing.shared;
  if (!shared) return [...listing.entries.values()];
  const listed: ListedEntry[] = [];
  const seen = new Set<string>();
  for (const entry of listing.entries.values()) {
    seen.add(entry.key);
    // The path by name: a NamedEntry's is not an own field, so a copy would lose it.
    listed.push({ ...entry, path: entry.path, location: shared.has(entry.key) ? 'both' : 'local' });
  }
  for (const entry of shared.values()) {
    if (!seen.has(entry.key) && isCacheKey(entry.key)) listed.push(sharedOnly(entry));
  }
  return listed;
}

function sharedOnly({ key, redisKey, size, timestamp, ttl, expiresAt, state, problem }: SharedEntryInfo): SharedOnlyEntry {
  return { key, redisKey, size, timestamp, ttl, expiresAt, state, problem, location: 'shared' };
}

/** Redis keys under the prefix that are not valid cache keys are never read by the engine: not listed either. */
function isCacheKey(key: string): boolean {
  try {
    keyToFileName(key);
    return true;
  } catch {
    return false;
  }
}
