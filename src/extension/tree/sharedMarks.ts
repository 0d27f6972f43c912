// Where each entry lives when a shared tier (Redis) is configured: only in the cache folder, only in Redis, or both.
// Entries are tagged here, once per render, so groups and entry nodes need no other change.
import { keyToFileName, type EntryInfo, type SharedEntryInfo } from '../../engine';
import type { FolderListing } from '../entryListing';

export type EntryLocation = 'local' | 'shared' | 'both';

/** An entry as the tree shows it: `location` is set only when the folder has a shared tier. */
export type LocatedEntry = EntryInfo & { location?: EntryLocation };

export const LOCATION_LABELS: Record<EntryLocation, string> = {
  local: 'local',
  shared: 'shared only',
  both: 'local + shared',
};

/** The folder's entries, tagged with their location, plus the entries only Redis has. */
export function locatedEntries(listing: FolderListing): LocatedEntry[] {
  const shared = listing.shared;
  if (!shared) return [...listing.entries.values()];
  const located: LocatedEntry[] = [];
  const seen = new Set<string>();
  for (const entry of listing.entries.values()) {
    seen.add(entry.key);
    located.push({ ...entry, location: shared.has(entry.key) ? 'both' : 'local' });
  }
  for (const entry of shared.values()) {
    if (!seen.has(entry.key)) {
      const info = sharedOnly(entry);
      if (info) located.push(info);
    }
  }
  return located;
}

function sharedOnly(entry: SharedEntryInfo): LocatedEntry | undefined {
  let fileName: string;
  try {
    fileName = keyToFileName(entry.key);
  } catch {
    return undefined; // not a valid cache key: the engine would never read it
  }
  return {
    key: entry.key,
    fileName,
    path: `redis: ${entry.redisKey}`,
    size: entry.size,
    timestamp: entry.timestamp,
    ttl: entry.ttl,
    expiresAt: entry.expiresAt,
    state: entry.state,
    problem: entry.problem,
    location: 'shared',
  };
}
