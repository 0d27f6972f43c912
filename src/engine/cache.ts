// The two-level cache of the spec: a bounded memory tier in front of one JSON file per key,
// file-compatible with the Python tool that writes the same folder.
import { checkCacheFile, checkContent, notCacheFileError } from './cacheFileCheck';
import { checkCacheOptions } from './cacheOptions';
import { isPlainFileName, judgeName, NOT_CACHE_REASONS, type NotCacheReason } from './cacheFileRule';
import { ChangeEmitter, type Disposable } from './changeEmitter';
import { forEachLimited, sortInSlices } from './concurrency';
import { EDITS, splitEntry, type EntryParts } from './entryEdit';
import { parseEntry, parseEntryHead, serializeEntry, type EntryFields } from './entryFormat';
import { entryNamesOf, streamEntryInfos, type EntryName, type StreamOptions } from './entryListing';
import { isExpired, readEntry, type EntryRead, type JudgeContext } from './entryReader';
import { StorageError, toStorageError } from './errors';
import { ENTRY_EXTENSION, isShortenedFileName, keyNamesFor, type KeyNames } from './fileNames';
import { nodeFileSystem, type DirEntry, type FileStat, type FileSystem } from './fileSystem';
import { FileTier } from './fileTier';
import { folderProfileOf, type FolderProfile } from './folderProbe';
import { toJson } from './jsonValue';
import { ValidJsonText, validJsonText } from './jsonText';
import { KeyLocks } from './keyLocks';
import { MemoryTier, type MemoryEntry } from './memoryTier';
import { SharedTier, SharedTierWarning, type SharedOptions, type SharedState } from './sharedTier';
import { DEFAULT_TEMP_FILE_AGE, isStaleTempFile, tempFileWriterPid, type TempFileAge } from './tempFiles';
import type {
  CacheChange,
  ClearReport,
  CleanupOptions,
  CleanupReport,
  EntryInfo,
  EntryState,
  ForeignFile,
  PeekResult,
  PullOptions,
  PullReport,
  SetOptions,
  SharedEntryInfo,
} from './types';

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

export class Cache {
  /** Absolute path of the cache folder. */
  readonly dir: string;
  /** The cache's time to live in seconds. */
  readonly ttl: number;

  private readonly now: () => number;
  private readonly fs: FileSystem;
  private readonly files: FileTier;
  private readonly memory: MemoryTier;
  private readonly locks = new KeyLocks();
  private readonly producing = new Map<string, Promise<unknown>>();
  private readonly changes = new ChangeEmitter<CacheChange>();
  private readonly revalidateAfterMs: number;
  private readonly concurrency: number;
  private readonly maxEntryBytes: number;
  private readonly tempFileAge: TempFileAge;
  /** Bumped by clear(): a disk read that started before must not refill memory after. */
  private generation = 0;
  private readonly shared: SharedTier | undefined;
  private readonly warnings = new ChangeEmitter<StorageError>();
  private readonly sharedStates = new ChangeEmitter<SharedState>();
  /** The folder's file names, once its profile is known (measured or given). */
  private names: KeyNames | undefined;
  /** The measurement under way, shared by every caller until it ends (see folderNames). */
  private namesPending: { forWrite: boolean; promise: Promise<KeyNames> } | undefined;

  /** Throws StorageError EINVALIDOPTION, naming the option and the accepted range, for a wrong type or value. */
  constructor(options: CacheOptions = {}) {
    checkCacheOptions(options);
    this.ttl = options.ttl ?? DEFAULT_TTL;
    this.now = options.now ?? Date.now;
    this.fs = options.fs ?? nodeFileSystem;
    this.files = new FileTier(options.cacheDir ?? 'cache', this.fs, { durable: options.durable ?? false });
    this.dir = this.files.dir;
    this.memory = new MemoryTier({
      maxEntries: options.maxEntries ?? 10_000,
      maxBytes: options.maxBytes ?? 64 * 1024 * 1024,
    });
    this.revalidateAfterMs = options.revalidateAfterMs ?? 1000;
    this.concurrency = options.concurrency ?? 64;
    this.maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
    this.tempFileAge = { ...DEFAULT_TEMP_FILE_AGE, ...options.tempFileAge };
    this.shared = options.shared
      ? new SharedTier(options.shared, (warning) => this.warnings.fire(warning), (state) => this.sharedStates.fire(state))
      : undefined;
    if (options.folderProfile) this.names = keyNamesFor(options.folderProfile);
  }

  /** Fires after each change this cache makes (not changes by other processes). */
  readonly onDidChange = (listener: (change: CacheChange) => void): Disposable => this.changes.event(listener);

  /**
   * Fires when the shared tier (Redis) failed, timed out or was skipped while unreachable, and the operation went on
   * with the local tiers alone: a StorageError (a SharedTierWarning, code ESHARED) that names the operation and key.
   */
  readonly onDidWarn = (listener: (warning: StorageError) => void): Disposable => this.warnings.event(listener);

  /** Fires when the shared tier connects or becomes unreachable. */
  readonly onDidChangeSharedState = (listener: (state: SharedState) => void): Disposable => this.sharedStates.event(listener);

  /** `off` without a shared tier; else `connecting` (until first used), `connected` or `unreachable`. */
  get sharedState(): SharedState {
    return this.shared?.state ?? 'off';
  }

  /**
   * The folder's key ↔ file-name mapping (docs/key-mapping.md): `fileName(key)`, `keyOf(fileName)`, `isNameOf(key,
   * fileName)`. As measured by the first operation that needed it (the probe); before that, the platform's guess.
   */
  get fileNames(): KeyNames {
    return this.currentNames();
  }

  /** The shared tier's URL with its password redacted, and its key prefix; undefined without one. */
  get sharedInfo(): { url: string; prefix: string; timeoutMs: number } | undefined {
    return this.shared && { url: this.shared.displayUrl, prefix: this.shared.prefix, timeoutMs: this.shared.timeoutMs };
  }

  /**
   * The value if fresh; undefined when missing, expired or unreadable. Memory first, then the file (a disk hit fills memory).
   * The returned value is shared with the memory tier: don't mutate it. Throws StorageError for I/O faults (EIO, EMFILE, …).
   */
  get<T = unknown>(key: string): Promise<T | undefined> {
    // The hot path: a recently verified, fresh memory hit does no I/O and no await.
    const hit = this.memory.get(key);
    if (hit !== undefined) {
      const now = this.now();
      if (now - hit.verifiedAt <= this.revalidateAfterMs && !isExpired(hit.timestamp, hit.ttl, now)) {
        return Promise.resolve(valueOf(hit) as T);
      }
    }
    return this.getFromDisk(key) as Promise<T | undefined>;
  }

  /**
   * Stores the value in memory and on disk (atomically). Throws StorageError: ENOTJSON, EINVALIDKEY, ENOSPC, …, and
   * ENOTCACHEFILE when a FIFO, a socket, a device or a folder holds the key's file name (never replaced; a link is).
   */
  async set(key: string, value: unknown, options: SetOptions = {}): Promise<void> {
    await this.store(key, value, options);
    this.changes.fire({ type: 'set', key });
  }

  /** Removes the entry from memory and disk; true when there was something to remove. */
  async delete(key: string): Promise<boolean> {
    await this.folderNames();
    const fileName = this.fileNameOf(key);
    const removed = await this.locks.run(fileName, async () => {
      const inMemory = this.memory.delete(key);
      let onDisk: boolean;
      try {
        onDisk = await this.files.unlink(fileName);
        // An earlier version's file for the key would otherwise still answer get().
        for (const older of this.currentNames().olderFileNames(key)) onDisk = (await this.files.unlink(older)) || onDisk;
      } catch (error) {
        throw toStorageError(error, 'delete the cache entry', key);
      }
      const inShared = this.shared ? await this.shared.delete(key) : false;
      return onDisk || inMemory || inShared;
    });
    if (removed) this.changes.fire({ type: 'delete', key });
    return removed;
  }

  /**
   * Deletes exactly the file `fileName` (a base name in the cache folder, as `EntryInfo.fileName` lists it), under that
   * name's lock, if it is provably the cache's: an entry (a non-hidden `*.json` holding a JSON object with `data`), a
   * torn write at such a name, or an abandoned temp file. Never follows a link: a link is refused, not its target
   * deleted. Drops the memory tier's copy of the key the file holds; the shared tier is not touched (`delete(key)` is
   * the per-key, every-tier delete). Returns true when removed, false when nothing was there.
   * Throws StorageError `ENOTCACHEFILE` (the message says why: a hidden name, a folder, a symbolic link, a special
   * file, JSON that is not a cache entry, outside the cache folder, …) and deletes nothing for anything else.
   */
  async deleteFile(fileName: string): Promise<boolean> {
    if (!isPlainFileName(fileName)) throw notCacheFileError(String(fileName), NOT_CACHE_REASONS.outside);
    const removal = await this.locks.run(fileName, () => this.removeOwnFile(fileName));
    if (!removal.removed) {
      if (removal.reason) throw notCacheFileError(fileName, removal.reason);
      return false;
    }
    this.changes.fire({ type: 'delete', key: removal.key ?? fileName.slice(0, -ENTRY_EXTENSION.length), fileName });
    return true;
  }

  /** Whether a fresh entry exists (reads at most the file's head). */
  async has(key: string): Promise<boolean> {
    const hit = this.memory.peek(key);
    const now = this.now();
    if (hit && now - hit.verifiedAt <= this.revalidateAfterMs && !isExpired(hit.timestamp, hit.ttl, now)) return true;
    if ((await this.entry(key))?.state === 'fresh') return true;
    if (!this.shared) return false;
    const text = await this.shared.get(key);
    return text !== undefined && this.judgeShared(key, text) !== undefined;
  }

  /**
   * Deletes every file that is provably the cache's (entries, torn writes at entry names, abandoned temp files) and
   * empties memory; keeps everything else (see `clearWithReport`). Temp files of writes still in flight are left so
   * those writes can finish. Returns the entry files removed.
   */
  async clear(): Promise<number> {
    return (await this.clearWithReport()).removed;
  }

  /** `clear()`, reporting also the temp files removed and every `*.json` name kept because it is not the cache's, with why. */
  async clearWithReport(): Promise<ClearReport> {
    const dirEntries = await this.listFolderRecovering();
    this.generation++;
    this.memory.clear();
    const report: ClearReport = { removed: 0, tempFilesRemoved: 0, foreign: [] };
    await forEachLimited(dirEntries, this.concurrency, async ({ name, kind, undecodable }) => {
      if (await this.sortOutNonEntry({ name, kind, undecodable }, report)) return;
      const removal = await this.locks.run(name, () => this.removeOwnFile(name, false));
      if (removal.removed) report.removed++;
      else if (removal.reason) keepForeign(report.foreign, name, removal.reason);
    }).catch((error) => {
      throw toStorageError(error, 'clear the cache');
    });
    const foreign = report.foreign.length > 0 ? { foreign: report.foreign.length } : {};
    if (this.shared) {
      // Only our prefix's keys (SCAN + UNLINK), never the whole database. A failure is a warning.
      report.sharedRemoved = await this.shared.clear();
      this.changes.fire({ type: 'clear', removed: report.removed, sharedRemoved: report.sharedRemoved, ...foreign });
      return report;
    }
    this.changes.fire({ type: 'clear', removed: report.removed, ...foreign });
    return report;
  }

  /**
   * Deletes expired entries and abandoned temp files (and unreadable files when asked); drops expired values from memory.
   * A file is deleted only if it is still the one judged expired, even when another process rewrites it meanwhile.
   */
  async cleanup(options: CleanupOptions = {}): Promise<CleanupReport> {
    const report: CleanupReport = { removed: 0, kept: 0, unreadable: 0, unreadableRemoved: 0, tempFilesRemoved: 0, foreign: [] };
    await this.folderNames();
    const dirEntries = await this.listFolderRecovering();
    const context = this.judgeContext();
    await forEachLimited(dirEntries, this.concurrency, async ({ name, kind, undecodable }) => {
      if (await this.sortOutNonEntry({ name, kind, undecodable }, report)) return;
      await this.locks.run(name, async () => {
        const read = await this.readForListing(name, context);
        if (!read?.stat) return;
        const { state, key } = read.info;
        if (state === 'fresh') {
          report.kept++;
          return;
        }
        // Whatever is deleted must be the cache's, and what was moved aside must still read as judged: a rewrite can
        // reuse the inode and the mtime's clock tick. (A file under a name this cache never writes is unreadable for
        // its name, whatever it holds.)
        const stillJudged = async (parked: string) => {
          if ((await checkContent(this.files, parked, this.maxEntryBytes))?.owned === false) return false;
          const now = (await readEntry(this.files, parked, false, context, key))?.info.state;
          return state === 'expired' ? now === 'expired' : now !== 'fresh' || context.names?.keyOf(name) === undefined;
        };
        if (state === 'expired') {
          if (await this.files.removeIfUnchanged(name, read.stat, stillJudged)) {
            report.removed++;
            this.memory.delete(key);
          } else {
            report.kept++; // rewritten by someone else since we read it (or not the cache's)
          }
          return;
        }
        // A read fault while checking whose file it is: it stays, as unreadable (listing absorbs read faults too).
        const owner = await checkContent(this.files, name, this.maxEntryBytes).catch(() => 'unknown' as const);
        if (!owner) return;
        if (owner === 'unknown') {
          report.unreadable++;
          return;
        }
        if (owner.owned === false) return keepForeign(report.foreign, name, owner.reason);
        report.unreadable++;
        if (options.removeUnreadable && (await this.files.removeIfUnchanged(name, owner.stat, stillJudged))) {
          report.unreadableRemoved++;
        }
      });
    }).catch((error) => {
      throw toStorageError(error, 'clean up the cache');
    });
    this.memory.prune((entry) => isExpired(entry.timestamp, entry.ttl, context.nowMs));
    this.changes.fire({ type: 'cleanup', report });
    return report;
  }

  /** Every entry file on disk, judged from its head only (never the whole value), sorted by key. Temp files are not listed. */
  async entries(): Promise<EntryInfo[]> {
    const names = await this.folderNames();
    const infos: EntryInfo[] = [];
    for await (const batch of this.streamEntries()) for (const info of batch) infos.push(info);
    return onePerKey(await sortInSlices(infos, byKey), names);
  }

  /**
   * The names `entries()` would list, each with the key its name spells, from one readdir: no file is opened, so it
   * is fast at any size. Temp files and names that are not `*.json` are left out (entryListing.ts).
   */
  async entryNames(): Promise<EntryName[]> {
    const names = await this.folderNames();
    return entryNamesOf(await this.listFolder(), names);
  }

  /**
   * The entries of `names` (default: `entryNames()` now), judged as `entries()` judges them, yielded in batches as
   * they are read, in no particular order; the event loop turns every few ms; stops once `signal` aborts.
   */
  async *streamEntries(options: StreamOptions = {}): AsyncGenerator<EntryInfo[]> {
    const names = options.names ?? (await this.entryNames());
    await this.folderNames();
    const context = this.judgeContext();
    yield* streamEntryInfos(
      names,
      {
        read: async (fileName) => (await this.readForListing(fileName, context))?.info,
        unreadable: ({ fileName, problem }) => ({ ...this.unreadableInfo(fileName), problem }),
        concurrency: this.concurrency,
      },
      options,
    );
  }

  /** The listing info of one key's file, or undefined when it has none. */
  async entry(key: string): Promise<EntryInfo | undefined> {
    await this.folderNames();
    return (await this.readKey(key, false))?.info;
  }

  /** The file's info and value, even when expired; no effect on memory or recency. Undefined when there is no file. */
  async peek<T = unknown>(key: string): Promise<PeekResult<T> | undefined> {
    await this.folderNames();
    const read = await this.readKey(key, true);
    if (!read) return undefined;
    return read.info.state === 'unreadable' ? { info: read.info } : { info: read.info, data: read.data as T };
  }

  /**
   * The fresh value, or else `produce()`'s result, stored and returned. Concurrent callers for one key share
   * one `produce()` call. If `produce` throws, or the value cannot be stored, nothing is cached and all callers get the error.
   * An unreadable file at the key's name (corrupt, too large) is replaced; one that is not the cache's to replace (a
   * FIFO, a socket, a folder) is left alone and the produced value is returned (as JSON reads it back) without being stored.
   */
  getOrSet<T>(key: string, produce: () => T | Promise<T>, options: SetOptions = {}): Promise<T> {
    const running = this.producing.get(key);
    if (running) return running as Promise<T>;
    const task = (async () => {
      const cached = await this.get<T>(key);
      if (cached !== undefined) return cached;
      const value = await produce();
      let stored: MemoryEntry;
      try {
        stored = await this.store(key, value, options);
      } catch (error) {
        // A FIFO, socket or folder holds the key's name: never replaced, so the value is served without being stored
        // (the listing shows that file as unreadable, with why). Throwing instead would fail every call for this key.
        if (error instanceof StorageError && error.code === 'ENOTCACHEFILE') return JSON.parse(toJson(value, key)) as T;
        throw error;
      }
      this.changes.fire({ type: 'set', key });
      // The value as it now reads back (JSON round-tripped), parsed once and kept by the memory tier.
      return valueOf(stored) as T;
    })();
    this.producing.set(key, task);
    const forget = () => this.producing.delete(key);
    task.then(forget, forget);
    return task;
  }

  /** Drops the change listeners. */
  dispose(): void {
    this.changes.dispose();
    this.shared?.dispose();
    this.warnings.dispose();
    this.sharedStates.dispose();
  }

  /**
   * Every entry of the shared tier under the prefix, judged from the head of its value, sorted by key.
   * Throws StorageError ESHARED when there is no shared tier or Redis cannot be read.
   */
  async sharedEntries(): Promise<SharedEntryInfo[]> {
    const shared = this.requireShared();
    const infos: SharedEntryInfo[] = [];
    const nowMs = this.now();
    await shared.list(async (batch) => {
      for (const { key, head, size } of batch) infos.push(this.sharedInfoOf(shared.prefix, key, head, size, nowMs));
    });
    return infos.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * Copies every fresh shared entry that the cache folder lacks (or has older) into it, keeping its timestamp.
   * Throws StorageError ESHARED when there is no shared tier or Redis cannot be read.
   */
  async pullShared(options: PullOptions = {}): Promise<PullReport> {
    const shared = this.requireShared();
    const infos = await this.sharedEntries();
    await this.folderNames(true);
    const report: PullReport = { total: infos.length, pulled: 0, upToDate: 0, expired: 0, unreadable: 0, failed: 0 };
    let done = 0;
    options.onProgress?.(0, infos.length);
    await forEachLimited(infos, this.concurrency, async (info) => {
      if (info.state === 'unreadable' || fileNameIn(this.currentNames(), info.key) === undefined) report.unreadable++;
      else if (info.state === 'expired') report.expired++;
      else {
        const fileName = this.fileNameOf(info.key);
        const outcome = await this.locks.run(fileName, async () => {
          const local = await this.readKey(info.key, false).catch(() => undefined);
          if (local?.info.timestamp !== undefined && local.info.state !== 'unreadable' && local.info.timestamp >= info.timestamp!) {
            return 'upToDate' as const;
          }
          const text = await shared.get(info.key, 'pull');
          if (text === undefined) return 'expired' as const; // gone since it was listed
          return (await this.fillFromShared(info.key, fileName, text, this.generation)).outcome;
        });
        report[outcome]++;
      }
      done++;
      if (done % 50 === 0) options.onProgress?.(done, infos.length);
    });
    options.onProgress?.(infos.length, infos.length);
    return report;
  }

  /**
   * Writes the entry and returns its memory entry, which holds the value as JSON until something reads it:
   * set() never parses what it just wrote; getOrSet() does, through valueOf().
   */
  private async store(key: string, value: unknown, options: SetOptions): Promise<MemoryEntry> {
    keyNamesFor().fileName(key); // refuses an invalid key (whatever the folder)
    if (options.ttl !== undefined) assertTtl(options.ttl, key);
    // Refuse before anything is touched: memory and disk stay as they were.
    const dataJson = value instanceof ValidJsonText ? value.text : toJson(value, key);
    await this.folderNames(true);
    const fileName = this.fileNameOf(key);
    return this.locks.run(fileName, async () => {
      const timestamp = this.now() / 1000;
      const fields = { timestamp, ttl: options.ttl, key: isShortenedFileName(fileName) ? key : undefined };
      const bytes = Buffer.from(serializeEntry(fields, dataJson), 'utf8');
      let file: FileStat;
      try {
        file = await this.files.write(fileName, bytes);
      } catch (error) {
        // If the new file landed anyway, memory's old value is no longer what the disk has.
        if ((error as { landed?: boolean }).landed) this.memory.delete(key);
        throw toStorageError(error, 'write the cache entry', key);
      }
      await this.removeOlderFiles(key);
      // Memory changes only once the disk has the value.
      const entry: MemoryEntry = {
        data: undefined,
        json: dataJson,
        timestamp,
        ttl: options.ttl ?? this.ttl,
        size: bytes.length,
        file,
        verifiedAt: this.now(),
      };
      this.memory.set(key, entry);
      // Write-through, under the key's lock so Redis sees this process's writes in order; bounded by its timeout.
      if (this.shared) await this.shared.set(key, bytes, entry.ttl);
      return entry;
    });
  }

  /**
   * The work of deleteFile and clear, under the name's lock: judge the file, then remove it only if it is still the
   * judged one (another process may rewrite it meanwhile: then the new file is judged in turn).
   * `{ removed: false }` without a reason: nothing was there. `recheck`: read the moved file again before deleting it,
   * should a rewrite have reused the inode within one mtime tick; clear skips that (whatever a cache writer puts at an
   * entry name is the cache's too), saving a read per file.
   */
  private async removeOwnFile(fileName: string, recheck = true): Promise<Removal> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const check = await checkCacheFile(this.files, fileName, this.maxEntryBytes).catch((error) => {
        throw toStorageError(error, `check the file ${JSON.stringify(fileName)}`);
      });
      if (!check) return { removed: false };
      if (check.owned === false) return { removed: false, reason: check.reason };
      if (check.owned === 'tempFile') {
        if (!(await this.isAbandonedTempFile(fileName, 'file'))) return { removed: false, reason: NOT_CACHE_REASONS.writeInProgress };
        return { removed: await this.files.unlink(fileName) };
      }
      const stillOwned = async (parked: string) => (await checkContent(this.files, parked, this.maxEntryBytes))?.owned !== false;
      const removed = await this.files.removeIfUnchanged(fileName, check.stat, recheck ? stillOwned : undefined).catch((error) => {
        throw toStorageError(error, `delete the file ${JSON.stringify(fileName)}`);
      });
      if (removed) {
        const key = keyHeldBy(await this.folderNames(), fileName, check.owned === 'entry' ? check.storedKey : undefined);
        if (key !== undefined) this.memory.delete(key);
        return { removed: true, key };
      }
    }
    throw new StorageError('EUNKNOWN', `Could not delete ${JSON.stringify(fileName)}: other processes kept rewriting it.`);
  }

  private async getFromDisk(key: string): Promise<unknown> {
    await this.folderNames();
    const fileName = this.fileNameOf(key);
    return this.locks.run(fileName, async () => {
      const generation = this.generation;
      const now = this.now();
      const hit = this.memory.peek(key);
      if (hit && !isExpired(hit.timestamp, hit.ttl, now)) {
        // Another task may have verified it while we queued; else one lstat tells whether the file changed.
        if (now - hit.verifiedAt <= this.revalidateAfterMs) return valueOf(hit);
        const current = await this.files.lstat(fileName).catch((error) => {
          throw toStorageError(error, 'check the cache entry', key);
        });
        if (current && sameFile(current, hit.file)) {
          hit.verifiedAt = now;
          return valueOf(hit);
        }
      }
      const read = await this.readKey(key, true);
      if (!read?.stat || read.info.state !== 'fresh') {
        this.memory.delete(key);
        if (!this.shared) return undefined;
        // Third tier: a fresh Redis entry fills the file and memory tiers, keeping its own timestamp.
        const text = await this.shared.get(key);
        if (text === undefined) return undefined;
        return (await this.fillFromShared(key, fileName, text, generation)).data;
      }
      if (generation === this.generation) {
        this.memory.set(key, {
          data: read.data,
          timestamp: read.info.timestamp!,
          ttl: read.info.ttl,
          size: read.stat.size,
          file: read.stat,
          verifiedAt: now,
        });
      }
      return read.data;
    });
  }

  /** Judges a shared entry's text: its state, and when readable its value, timestamp and ttl. */
  private judgeShared(
    key: string,
    text: string,
  ): { state: EntryState; timestamp?: number; ttl: number; data?: unknown; keyStored?: boolean } {
    const parsed = parseEntry(text, NaN);
    // No timestamp of its own (there is no file mtime to stand in) or another key's entry: not usable.
    if (!parsed.readable || parsed.timestampSource !== 'file' || (parsed.key !== undefined && parsed.key !== key)) {
      return { state: 'unreadable', ttl: this.ttl };
    }
    const ttl = parsed.ttl ?? this.ttl;
    const state = isExpired(parsed.timestamp, ttl, this.now()) ? 'expired' : 'fresh';
    return { state, timestamp: parsed.timestamp, ttl, data: parsed.data, keyStored: parsed.key !== undefined };
  }

  /**
   * Writes a shared entry's text, byte for byte (so its timestamp is kept), to its file and fills memory.
   * Call under the key's lock. `data` is the value whenever the entry is fresh, even if the file could not be written.
   */
  private async fillFromShared(
    key: string,
    fileName: string,
    text: string,
    generation: number,
  ): Promise<{ outcome: 'pulled' | 'expired' | 'unreadable' | 'failed'; data?: unknown }> {
    const judged = this.judgeShared(key, text);
    if (judged.state !== 'fresh') return { outcome: judged.state === 'expired' ? 'expired' : 'unreadable' };
    // Cleared since this read began: answer, but don't bring the entry back.
    if (generation !== this.generation) return { outcome: 'failed', data: judged.data };
    // The same name as a local set, measured in the folder the write creates; a shortened name holds its key.
    if (!this.names) fileName = (await this.folderNames(true)).fileName(key);
    const bytes = Buffer.from(isShortenedFileName(fileName) && !judged.keyStored ? withStoredKey(text, key) : text, 'utf8');
    let file: FileStat;
    try {
      file = await this.files.write(fileName, bytes);
      await this.removeOlderFiles(key);
    } catch (error) {
      if ((error as { landed?: boolean }).landed) this.memory.delete(key);
      const cause = toStorageError(error, 'copy the shared entry to the cache folder', key);
      this.shared?.report(new SharedTierWarning('fill', 'local', cause.message, key, cause));
      return { outcome: 'failed', data: judged.data };
    }
    this.memory.set(key, {
      data: judged.data,
      timestamp: judged.timestamp!,
      ttl: judged.ttl,
      size: bytes.length,
      file,
      verifiedAt: this.now(),
    });
    this.changes.fire({ type: 'set', key });
    return { outcome: 'pulled', data: judged.data };
  }

  private sharedInfoOf(prefix: string, key: string, head: string, size: number, nowMs: number): SharedEntryInfo {
    const whole = Buffer.byteLength(head, 'utf8') >= size;
    const parsed = whole ? parseEntry(head, NaN) : parseEntryHead(head, NaN);
    const base = { key, redisKey: prefix + key, size, ttl: this.ttl };
    if (!parsed || !parsed.readable || parsed.timestampSource !== 'file') {
      const problem = !parsed
        ? 'The timestamp is not in the first 4 KiB of the value.'
        : parsed.readable
          ? 'The entry has no timestamp.'
          : parsed.problem;
      return { ...base, state: 'unreadable', problem };
    }
    const ttl = parsed.ttl ?? this.ttl;
    const state = isExpired(parsed.timestamp, ttl, nowMs) ? 'expired' : 'fresh';
    return { ...base, ttl, timestamp: parsed.timestamp, expiresAt: parsed.timestamp + ttl, state };
  }

  private requireShared(): SharedTier {
    if (!this.shared) throw new StorageError('ESHARED', 'This cache has no shared tier: pass the `shared` option (a Redis URL).');
    return this.shared;
  }

  /** Reads the key's file under its current name, else under a name an earlier version wrote (until the next write). */
  private async readKey(key: string, whole: boolean): Promise<EntryRead | undefined> {
    const read = await this.readFile(this.fileNameOf(key), whole, key);
    if (read) return read;
    for (const older of this.currentNames().olderFileNames(key)) {
      const legacy = await this.readFile(older, whole, key);
      if (legacy) return legacy;
    }
    return undefined;
  }

  /** One file per key: once the key is written under its current name, the names earlier versions wrote go. */
  private async removeOlderFiles(key: string): Promise<void> {
    for (const older of this.currentNames().olderFileNames(key)) {
      // Best effort: a leftover is never read (the current name comes first) and is listed once with it.
      await this.files.unlink(older).catch(() => false);
    }
  }

  private async readFile(fileName: string, whole: boolean, key: string): Promise<EntryRead | undefined> {
    try {
      return await readEntry(this.files, fileName, whole, this.judgeContext(), key);
    } catch (error) {
      throw toStorageError(error, 'read the cache entry', key);
    }
  }

  /** Listing info for a file that cannot be read as an entry; the caller adds the problem. */
  private unreadableInfo(fileName: string): EntryInfo {
    const key = fileName.slice(0, -ENTRY_EXTENSION.length);
    return { key, fileName, path: this.files.pathOf(fileName), size: 0, ttl: this.ttl, state: 'unreadable' };
  }

  /** Like readFile, but an I/O fault on one file makes it an unreadable entry instead of failing the whole listing. */
  private async readForListing(fileName: string, context: JudgeContext): Promise<EntryRead | undefined> {
    try {
      return await readEntry(this.files, fileName, false, context);
    } catch (error) {
      const stat = await this.files.lstat(fileName).catch(() => undefined);
      const info: EntryInfo = {
        key: fileName.slice(0, -ENTRY_EXTENSION.length),
        fileName,
        path: this.files.pathOf(fileName),
        size: stat?.size ?? 0,
        ttl: this.ttl,
        state: 'unreadable',
        problem: `The file could not be read: ${(error as Error).message}`,
      };
      return { info, stat, hasData: false };
    }
  }

  private async listFolder(): Promise<DirEntry[]> {
    try {
      return await this.files.list();
    } catch (error) {
      throw toStorageError(error, 'list the cache folder');
    }
  }

  /**
   * The folder's entries, after putting back what a removal that died mid-way left aside (another process killed
   * while it cleaned up): such a file may be someone's acknowledged write, so it is never lost nor taken for debris.
   */
  private async listFolderRecovering(): Promise<DirEntry[]> {
    const dirEntries = await this.listFolder();
    const ownerGone = (pid: number, mtimeMs: number) =>
      (pid !== process.pid && !this.fs.isProcessAlive(pid)) || Date.now() - mtimeMs > this.tempFileAge.maxAgeMs;
    const restored = await this.files.recoverAside(dirEntries, ownerGone).catch((error) => {
      throw toStorageError(error, 'put back files left aside by an interrupted cleanup');
    });
    return restored > 0 ? this.listFolder() : dirEntries;
  }

  private async isAbandonedTempFile(name: string, kind: DirEntry['kind']): Promise<boolean> {
    const pid = kind === 'file' ? tempFileWriterPid(name) : undefined;
    if (pid === undefined) return false;
    const stat = await this.files.lstat(name);
    if (!stat) return false;
    // File ages compare real mtimes with the real clock, whatever clock the cache was given.
    const ageMs = Date.now() - stat.mtimeMs;
    const writerAlive = pid === process.pid || this.fs.isProcessAlive(pid);
    return isStaleTempFile(ageMs, writerAlive, this.tempFileAge);
  }

  /**
   * What clear and cleanup do with a name that is not an entry file: an abandoned temp file is removed (counted in
   * the report), a name that is not the cache's is kept and recorded with why. True when the name was handled so.
   */
  private async sortOutNonEntry(
    { name, kind, undecodable }: DirEntry,
    report: { tempFilesRemoved: number; foreign: ForeignFile[] },
  ): Promise<boolean> {
    const verdict = judgeName(name, kind);
    if (verdict.kind === 'tempFile') {
      if ((await this.isAbandonedTempFile(name, kind)) && (await this.files.unlink(name))) report.tempFilesRemoved++;
      return true;
    }
    const foreign = verdict.kind === 'notCache' ? verdict.reason : undecodable ? NOT_CACHE_REASONS.undecodable : undefined;
    if (!foreign) return false;
    keepForeign(report.foreign, name, foreign);
    return true;
  }

  private judgeContext(): JudgeContext {
    return { ttl: this.ttl, nowMs: this.now(), names: this.currentNames(), maxEntryBytes: this.maxEntryBytes };
  }

  /**
   * The folder's file names: measured once per folder and process (folderProbe.ts), lazily. Until the folder exists
   * there is nothing to read and a guess from the platform serves; `forWrite` creates the folder first, so a write
   * uses the measured names.
   */
  private folderNames(forWrite = false): Promise<KeyNames> {
    if (this.names) return Promise.resolve(this.names);
    // Every caller waits on the one promise of the measurement under way, so they resume in call order and the
    // operations on a key still take its lock in the order they were called.
    const pending = this.namesPending;
    if (pending && (pending.forWrite || !forWrite)) return pending.promise;
    const next = {
      forWrite,
      promise: this.measureNames(forWrite).then((names) => {
        if (this.namesPending === next) this.namesPending = undefined;
        if (names) this.names = names;
        return this.currentNames();
      }),
    };
    this.namesPending = next;
    return next.promise;
  }

  /** Measures the folder; `forWrite` creates it first when it does not exist yet. */
  private async measureNames(forWrite: boolean): Promise<KeyNames | undefined> {
    const measured = await this.measureFolder();
    if (measured || !forWrite) return measured;
    // No folder yet: create it to measure it (a failure here is the write's to report).
    return (await this.fs.mkdir(this.dir).then(() => true, () => false)) ? this.measureFolder() : undefined;
  }

  private async measureFolder(): Promise<KeyNames | undefined> {
    try {
      return keyNamesFor(await folderProfileOf(this.fs, this.dir));
    } catch {
      // No folder yet (ENOENT), or one we cannot write (read-only, full): guess for now, measure again next time.
      return undefined;
    }
  }

  /** The measured names, or the platform's guess while the folder cannot be measured. */
  private currentNames(): KeyNames {
    return this.names ?? keyNamesFor();
  }

  private fileNameOf(key: string): string {
    const fileName = this.currentNames().fileName(key);
    this.files.pathOf(fileName); // asserts it stays inside the folder
    return fileName;
  }

  /**
   * Like set(), with the value given as its JSON text, stored token for token (compacted): numbers beyond 2^53,
   * `1.0`, `-0`, `1e400` and `"__proto__"` members stay exactly as written. Strict JSON only: anything else throws
   * JsonTextError (StorageError ENOTJSON, with line and column) and nothing is written.
   */
  async setJsonText(key: string, text: string, options: SetOptions = {}): Promise<void> {
    await this.set(key, validJsonText(text), options);
  }

  /**
   * Makes the entry fresh from now: its timestamp becomes now; its value (byte for byte, never re-serialized) and its
   * ttl stay. Atomic (temp file + rename) under the key's lock; fires a `set` change.
   * Throws StorageError ENOENT when the key has no file, EUNREADABLE when its file is not a readable entry.
   */
  async touch(key: string): Promise<void> {
    await this.editEntry(key, EDITS.touch);
  }

  /**
   * Makes the entry expired, so `get` misses it and the next `cleanup()` removes it: its timestamp moves back to one
   * second past its ttl (its own, or the cache's when longer). Value and ttl stay. Errors as `touch`.
   */
  async expire(key: string): Promise<void> {
    await this.editEntry(key, (parts, nowS) => EDITS.expire(parts, nowS, this.ttl));
  }

  /**
   * Gives the entry its own ttl in seconds (`undefined`: back to the cache's); value and timestamp stay.
   * Throws StorageError EINVALIDTTL for a ttl that is not a finite number ≥ 0; else errors as `touch`.
   */
  async setTtl(key: string, ttl: number | undefined): Promise<void> {
    if (ttl !== undefined) assertTtl(ttl, key);
    await this.editEntry(key, EDITS.setTtl(ttl));
  }

  /**
   * Moves the entry to the key `to`, with the same value (byte for byte), timestamp and ttl: the new file is written
   * atomically, then the old file is removed if it is still the one copied. Both keys' locks are held throughout.
   * Throws StorageError EEXIST when `to` has a file and `overwrite` is not true, EINVALIDKEY for a key the cache cannot
   * store, else errors as `touch`. Nothing changes when it throws before the copy.
   */
  async rename(from: string, to: string, options: { overwrite?: boolean } = {}): Promise<void> {
    await this.copyEntry(from, to, options.overwrite === true, true);
  }

  /** Writes the entry's value (byte for byte), timestamp and ttl under the key `to` too; errors as `rename`. */
  async copy(from: string, to: string, options: { overwrite?: boolean } = {}): Promise<void> {
    await this.copyEntry(from, to, options.overwrite === true, false);
  }

  /** rename (`move`) and copy, under both keys' locks. */
  private async copyEntry(from: string, to: string, overwrite: boolean, move: boolean): Promise<void> {
    keyNamesFor().fileName(to); // refuses an invalid key before anything is touched
    await this.folderNames(true);
    const fromName = this.fileNameOf(from);
    const toName = this.fileNameOf(to);
    if (fromName === toName) {
      throw new StorageError('EEXIST', `The keys ${JSON.stringify(from)} and ${JSON.stringify(to)} are one entry in this folder.`, to);
    }
    // Both locks, always in the same order, so renames a→b and b→a cannot wait on each other.
    const [first, second] = [fromName, toName].sort();
    const source = await this.locks.run(first!, () =>
      this.locks.run(second!, async () => {
        const read = await this.readEntryParts(from);
        if (!overwrite && (await this.readKey(to, false))) {
          throw new StorageError('EEXIST', `The key ${JSON.stringify(to)} already has an entry; pass overwrite to replace it.`, to);
        }
        await this.writeEntryParts(to, toName, { timestamp: read.parts.timestamp, ttl: read.parts.ttl }, read.parts.dataText);
        if (move) await this.removeMoved(from, read);
        return read;
      }),
    );
    this.changes.fire({ type: 'set', key: to });
    if (move) this.changes.fire({ type: 'delete', key: from, fileName: source.fileName });
  }

  /** The second half of rename: the old file goes, if it is still the one copied. */
  private async removeMoved(from: string, read: { fileName: string; stat: FileStat }): Promise<void> {
    const removed = await this.files.removeIfUnchanged(read.fileName, read.stat).catch((error) => {
      throw toStorageError(error, 'remove the renamed entry', from);
    });
    this.memory.delete(from);
    if (!removed) {
      throw new StorageError('EUNKNOWN', `The entry ${JSON.stringify(from)} was rewritten by another process during the rename: the new key holds the value read before, and ${JSON.stringify(from)} keeps the newer one.`, from);
    }
    await this.removeOlderFiles(from);
    if (this.shared) await this.shared.delete(from);
  }

  /** touch, expire and setTtl: the key's file rewritten with `edit`'s fields around its stored value text. */
  private async editEntry(key: string, edit: (parts: EntryParts, nowS: number) => Omit<EntryFields, 'key'>): Promise<void> {
    keyNamesFor().fileName(key);
    await this.folderNames(true);
    const fileName = this.fileNameOf(key);
    await this.locks.run(fileName, async () => {
      const { parts } = await this.readEntryParts(key);
      await this.writeEntryParts(key, fileName, edit(parts, this.now() / 1000), parts.dataText);
    });
    this.changes.fire({ type: 'set', key });
  }

  /** The key's file (current or earlier name) split into fields and value text; call under the key's lock. */
  private async readEntryParts(key: string): Promise<{ fileName: string; stat: FileStat; parts: EntryParts }> {
    const read = await this.readKey(key, false);
    const missing = () => new StorageError('ENOENT', `The cache has no entry for the key ${JSON.stringify(key)}.`, key);
    if (!read) throw missing();
    const unreadable = (problem: string | undefined) =>
      new StorageError('EUNREADABLE', `The entry for the key ${JSON.stringify(key)} cannot be read: ${problem ?? 'unknown problem'}`, key);
    if (read.info.state === 'unreadable') throw unreadable(read.info.problem);
    const content = await this.files.read(read.info.fileName).catch((error) => {
      throw toStorageError(error, 'read the cache entry', key);
    });
    if (!content) throw missing();
    const parts = splitEntry(content.bytes.toString('utf8'), content.stat.mtimeMs);
    if ('problem' in parts) throw unreadable(parts.problem);
    return { fileName: read.info.fileName, stat: content.stat, parts };
  }

  /** Writes the key's file atomically from fields and value text, then drops memory's copy and earlier names' files. */
  private async writeEntryParts(key: string, fileName: string, fields: Omit<EntryFields, 'key'>, dataText: string): Promise<void> {
    const text = serializeEntry({ ...fields, key: isShortenedFileName(fileName) ? key : undefined }, dataText);
    const bytes = Buffer.from(text, 'utf8');
    try {
      await this.files.write(fileName, bytes);
    } catch (error) {
      if ((error as { landed?: boolean }).landed) this.memory.delete(key);
      throw toStorageError(error, 'write the cache entry', key);
    }
    this.memory.delete(key);
    await this.removeOlderFiles(key);
    if (this.shared) await this.shared.set(key, bytes, fields.ttl ?? this.ttl);
  }
}

/** Memory keeps the serialized form from set() and parses it on first read: set() stays cheap. */
function valueOf(entry: MemoryEntry): unknown {
  if (entry.json !== undefined) {
    entry.data = JSON.parse(entry.json);
    entry.json = undefined;
  }
  return entry.data;
}

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * A key whose file exists under its current name and under an earlier version's is listed once, as the current name's
 * entry (what get() reads). `sorted` is sorted by key, so such twins are neighbours.
 */
function onePerKey(sorted: EntryInfo[], names: KeyNames): EntryInfo[] {
  const out: EntryInfo[] = [];
  for (let i = 0; i < sorted.length; ) {
    let end = i + 1;
    while (end < sorted.length && sorted[end]!.key === sorted[i]!.key) end++;
    if (end - i === 1) out.push(sorted[i]!);
    else out.push(...preferCurrentName(sorted.slice(i, end), names));
    i = end;
  }
  return out;
}

function preferCurrentName(twins: EntryInfo[], names: KeyNames): EntryInfo[] {
  const key = twins[0]!.key;
  let current: string | undefined;
  try {
    current = names.fileName(key);
  } catch {
    return twins; // not a key (an unreadable file's bare name)
  }
  if (!twins.some((info) => info.fileName === current)) return twins;
  // Files that merely look like the key (another tool's) stay listed; only its earlier names are folded in.
  return twins.filter((info) => info.fileName === current || !names.isNameOf(key, info.fileName));
}

/** The entry text with `"key"` added first, for a shortened file name, whose key cannot be read from the name. */
function withStoredKey(text: string, key: string): string {
  const open = text.indexOf('{');
  return text.slice(0, open + 1) + '"key":' + JSON.stringify(key) + ',' + text.slice(open + 1);
}

function sameFile(a: FileStat, b: FileStat): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && !a.isSymbolicLink;
}

/** What removeOwnFile did: removed (and the key the file held, if any), or kept, with why when something was there. */
type Removal = { removed: true; key?: string } | { removed: false; reason?: NotCacheReason };

/** Records a `*.json` name kept because it is not the cache's (other names in the folder are none of its business). */
function keepForeign(foreign: ForeignFile[], fileName: string, reason: NotCacheReason): void {
  if (fileName.endsWith(ENTRY_EXTENSION)) foreign.push({ fileName, reason });
}

/** The key whose file `fileName` is, when it is exactly the name the engine writes for it; else undefined. */
function keyHeldBy(names: KeyNames, fileName: string, storedKey: string | undefined): string | undefined {
  if (!isShortenedFileName(fileName)) return names.keyOf(fileName);
  // The current shortened name, or one an earlier version wrote: both are the key's file.
  return storedKey !== undefined && fileNameIn(names, storedKey) !== undefined && names.isNameOf(storedKey, fileName)
    ? storedKey
    : undefined;
}

/** The key's file name in this folder, or undefined for a key the cache refuses. */
function fileNameIn(names: KeyNames, key: string): string | undefined {
  try {
    return names.fileName(key);
  } catch {
    return undefined;
  }
}

function assertTtl(ttl: number, key?: string): void {
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) {
    throw new StorageError('EINVALIDTTL', `A ttl must be a finite number of seconds ≥ 0, not ${String(ttl)}.`, key);
  }
}
