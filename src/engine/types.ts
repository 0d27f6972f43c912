// The engine's public shapes. Everything the extension (or a Node script) sees of the cache is declared here.

/** How an entry on disk stands right now. */
export type EntryState = 'fresh' | 'expired' | 'unreadable';

/** What listing knows about one stored entry, in any tier, read without loading its value. */
export interface StoredEntry {
  /** The cache key. */
  key: string;
  /** Size in bytes (of the file, or of the value in the shared tier). */
  size: number;
  /** When the entry was written, in unix seconds (undefined when unreadable). */
  timestamp?: number;
  /** Time to live in seconds that applies to this entry (its own, else the cache's). */
  ttl: number;
  /** When the entry expires, in unix seconds (undefined when unreadable). */
  expiresAt?: number;
  state: EntryState;
  /** Why the entry is unreadable, in words a user understands. */
  problem?: string;
}

/** What listing knows about one file in the cache folder, read without loading the value. */
export interface EntryInfo extends StoredEntry {
  /** The file's base name inside the cache folder, e.g. `report:2024.json`. */
  fileName: string;
  /** Absolute path of the file. */
  path: string;
  /** Where `timestamp` came from: the file's own field, or its modification time when the field is missing. */
  timestampSource?: 'file' | 'mtime';
}

/** What `cleanup()` did. */
export interface CleanupReport {
  /** Expired entries deleted. */
  removed: number;
  /** Fresh entries left in place. */
  kept: number;
  /** Unreadable files seen (left in place unless `removeUnreadable` was asked). */
  unreadable: number;
  /** Of those, how many were deleted because `removeUnreadable` was asked. */
  unreadableRemoved: number;
  /** Stale temp files left by interrupted writes, deleted. */
  tempFilesRemoved: number;
}

/** What `peek()` returns: the entry's listing info and, when readable, its value; never has side effects. */
export interface PeekResult<T = unknown> {
  info: EntryInfo;
  /** The value, present when the entry is readable (fresh or expired). */
  data?: T;
}

export interface SetOptions {
  /** This entry's own time to live in seconds; stored as an extra `ttl` field in its file. */
  ttl?: number;
}

export interface CleanupOptions {
  /** Also delete files that cannot be read as entries (corrupt or foreign). Default false. */
  removeUnreadable?: boolean;
}

/** Emitted by a `Cache` after each change it made itself (not changes by other processes). */
export type CacheChange =
  | { type: 'set'; key: string }
  | { type: 'delete'; key: string; /** The file `deleteFile` removed (its base name); absent for `delete(key)`. */ fileName?: string }
  | { type: 'clear'; removed: number; /** Keys removed from the shared tier (Redis), when there is one. */ sharedRemoved?: number }
  | { type: 'cleanup'; report: CleanupReport };

/** One entry of the shared tier (Redis), judged from the head of its value. */
export interface SharedEntryInfo extends StoredEntry {
  /** The key in Redis: `<prefix><key>`. */
  redisKey: string;
}

export interface PullOptions {
  /** Called after each batch: entries handled so far, and the total found in Redis. */
  onProgress?(done: number, total: number): void;
}

/** What `pullShared()` did. */
export interface PullReport {
  /** Shared entries found under the prefix. */
  total: number;
  /** Written to the cache folder (missing locally, or older there). */
  pulled: number;
  /** Left alone: the local file is as new or newer. */
  upToDate: number;
  /** Expired by their timestamp (Redis drops them soon by itself). */
  expired: number;
  /** Not readable entries, or keys that are not valid cache keys. */
  unreadable: number;
  /** Could not be written locally (a warning says why). */
  failed: number;
}
