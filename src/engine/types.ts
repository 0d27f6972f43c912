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
  /** Unreadable files only (they have no timestamp): when the file was last modified, in ms since the epoch. */
  mtimeMs?: number;
}

/** What `cleanup()` did. */
export interface CleanupReport {
  /** Expired entries deleted. */
  removed: number;
  /** Fresh entries left in place. */
  kept: number;
  /** The cache's unreadable files seen (torn writes, entries with a bad field), left in place unless `removeUnreadable` was asked. */
  unreadable: number;
  /** Of those, how many were deleted because `removeUnreadable` was asked. */
  unreadableRemoved: number;
  /** Stale temp files left by interrupted writes, deleted. */
  tempFilesRemoved: number;
  /**
   * `*.json` names kept because they are not provably the cache's, with why: hidden names, folders, links, special
   * files, JSON that is not an entry. Never deleted, `removeUnreadable` or not; not counted in `unreadable`.
   */
  foreign: ForeignFile[];
}

/** A file in the cache folder that clear and cleanup left alone because it is not the cache's. */
export interface ForeignFile {
  /** Its base name in the cache folder. */
  fileName: string;
  /** Why it is not the cache's: "a hidden name", "a folder", "a symbolic link", "a special file", "JSON that is not a cache entry", … */
  reason: string;
}

/** What `clearWithReport()` did. */
export interface ClearReport {
  /** Entry files (and torn writes at entry names) deleted. */
  removed: number;
  /** Abandoned temp files deleted. */
  tempFilesRemoved: number;
  /** `*.json` names kept because they are not the cache's, with why. */
  foreign: ForeignFile[];
  /** Keys removed from the shared tier (Redis), when there is one. */
  sharedRemoved?: number;
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
  /** Also delete the cache's unreadable files (torn writes, entries with a bad field); foreign files are never deleted. Default false. */
  removeUnreadable?: boolean;
}

/** Emitted by a `Cache` after each change it made itself (not changes by other processes). */
export type CacheChange =
  | { type: 'set'; key: string }
  | { type: 'delete'; key: string; /** The file `deleteFile` removed (its base name); absent for `delete(key)`. */ fileName?: string }
  | {
      type: 'clear';
      removed: number;
      /** Keys removed from the shared tier (Redis), when there is one. */
      sharedRemoved?: number;
      /** `*.json` names kept because they are not the cache's; absent when none. */
      foreign?: number;
    }
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
