// The options of `new Cache(...)`, documented where they are declared, and their check before anything uses them. A
// wrong type or an out-of-range number (`concurrency: 0` silently made listing and clearing do nothing; a string ttl
// threw a raw TypeError later) is a StorageError EINVALIDOPTION at construction, naming the option and what it accepts.
import { constants as bufferConstants } from 'node:buffer';
import { StorageError } from './errors';
import type { FileSystem } from './fileSystem';
import type { FolderProfile } from './folderProbe';
import type { SharedOptions } from './sharedTier';
import type { TempFileAge } from './tempFiles';

/** The spec's default time to live: 24 hours, in seconds. */
export const DEFAULT_TTL = 86400;

/** The default `maxEntryBytes`: 256 MiB. */
export const DEFAULT_MAX_ENTRY_BYTES = 256 * 1024 * 1024;

export interface CacheOptions {
  /** Folder with one `<key>.json` per entry, resolved against the working directory now. Created on the first write. Default `cache`. */
  cacheDir?: string;
  /** Seconds an entry stays fresh unless it has its own ttl. Default 86400 (24 h). */
  ttl?: number;
  /** Most entries kept in memory (least recently used go first). Default 10 000. */
  maxEntries?: number;
  /** Most bytes kept in memory, counted as serialized JSON; a bigger single value lives on disk only. Default 64 MiB. */
  maxBytes?: number;
  /**
   * How long (ms) a value in memory is trusted without looking at its file. After that, a hit costs one
   * lstat: if the file's inode, size or mtime changed (another process wrote or deleted it), it is read again.
   * So another writer's change shows within this window. 0 checks on every get. Default 1000.
   */
  revalidateAfterMs?: number;
  /** fsync each file before its rename and the folder after: survives power loss, at a disk flush per write. Default false. */
  durable?: boolean;
  /** The clock, in ms since the epoch; inject one in tests. Default `Date.now`. */
  now?: () => number;
  /** The file system; inject one to simulate faults. Default node:fs. */
  fs?: FileSystem;
  /**
   * The largest entry file read whole, in bytes. A bigger file is an unreadable entry ("too large: 612 MB") that `get`
   * misses: reading it would hold that much memory (and V8 cannot make a string over ~512 MB at all). Also the most
   * bytes read to decide whether a file is the cache's before deleting it. Default 256 MiB.
   */
  maxEntryBytes?: number;
  /** Files read at once when listing or cleaning up, an integer from 1 to 4096. Default 64. */
  concurrency?: number;
  /** When temp files of interrupted writes count as abandoned. Default: after 10 min, or 1 min if the writer's pid is gone. */
  tempFileAge?: Partial<TempFileAge>;
  /**
   * An optional third tier on Redis, behind the file tier, shared with other machines (see sharedTier.ts).
   * Without it nothing changes and the Redis client is never loaded. A malformed URL throws StorageError EINVALIDURL.
   */
  shared?: SharedOptions;
  /**
   * How the folder treats file names: whether it folds case and whether it folds Unicode normalization (see
   * docs/key-mapping.md). Default: measured once per folder and process, at first need, with a temp file; give it to skip that.
   */
  folderProfile?: FolderProfile;
}


/** The methods an injected `fs` must have (`rmdir` is optional). */
const FILE_SYSTEM_METHODS: readonly (keyof FileSystem)[] = [
  'mkdir', 'readdir', 'readFile', 'writeNewFile', 'rename', 'link', 'unlink', 'lstat', 'syncDirectory', 'isProcessAlive',
];

function invalid(option: string, accepted: string, value: unknown): never {
  throw new StorageError('EINVALIDOPTION', `The option ${option} must be ${accepted}, not ${describe(value)}.`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** A number in [min, max] (an integer when asked); undefined passes (the default applies). */
function checkNumber(option: string, value: unknown, min: number, max: number, integer: boolean): void {
  if (value === undefined) return;
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) {
    const range = max === Number.MAX_SAFE_INTEGER || max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`;
    invalid(option, `${integer ? 'an integer' : 'a finite number'} ${range}`, value);
  }
}

/** Throws StorageError EINVALIDOPTION for the first bad option; returns the options object (an empty one for undefined). */
export function checkCacheOptions(options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) invalid('object', 'an object of options', options);
  const o = options as Record<string, unknown>;
  if (o.cacheDir !== undefined && (typeof o.cacheDir !== 'string' || o.cacheDir === '' || o.cacheDir.includes('\0'))) {
    invalid('cacheDir', 'a folder path (a non-empty string without NUL)', o.cacheDir);
  }
  checkNumber('ttl', o.ttl, 0, Infinity, false);
  checkNumber('maxEntries', o.maxEntries, 1, Number.MAX_SAFE_INTEGER, true);
  checkNumber('maxBytes', o.maxBytes, 1, Number.MAX_SAFE_INTEGER, true);
  checkNumber('maxEntryBytes', o.maxEntryBytes, 1, bufferConstants.MAX_LENGTH - 1, true);
  checkNumber('revalidateAfterMs', o.revalidateAfterMs, 0, Infinity, false);
  checkNumber('concurrency', o.concurrency, 1, 4096, true);
  if (o.durable !== undefined && typeof o.durable !== 'boolean') invalid('durable', 'true or false', o.durable);
  if (o.now !== undefined && typeof o.now !== 'function') invalid('now', 'a function returning ms since the epoch', o.now);
  if (o.fs !== undefined) {
    const fs = o.fs as Record<string, unknown> | null;
    const missing = typeof fs === 'object' && fs !== null ? FILE_SYSTEM_METHODS.find((m) => typeof fs[m] !== 'function') : 'mkdir';
    if (missing) invalid('fs', `a FileSystem (with a ${missing} method)`, o.fs);
  }
  if (o.tempFileAge !== undefined) {
    if (o.tempFileAge === null || typeof o.tempFileAge !== 'object') invalid('tempFileAge', 'an object', o.tempFileAge);
    const age = o.tempFileAge as Record<string, unknown>;
    checkNumber('tempFileAge.maxAgeMs', age.maxAgeMs, 0, Infinity, false);
    checkNumber('tempFileAge.deadWriterGraceMs', age.deadWriterGraceMs, 0, Infinity, false);
  }
  if (o.shared !== undefined) {
    const shared = o.shared as Record<string, unknown> | null;
    if (shared === null || typeof shared !== 'object') invalid('shared', 'an object with a url', o.shared);
    if (typeof shared.url !== 'string') invalid('shared.url', 'a redis:// or rediss:// URL string', shared.url);
    if (shared.prefix !== undefined && typeof shared.prefix !== 'string') invalid('shared.prefix', 'a string', shared.prefix);
    checkNumber('shared.timeoutMs', shared.timeoutMs, 1, 2 ** 31 - 1, false);
    checkNumber('shared.probeIntervalMs', shared.probeIntervalMs, 1, 2 ** 31 - 1, false);
  }
  return o;
}
