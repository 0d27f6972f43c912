// The cache of the spec, as its users call it: a bounded memory tier in front of one JSON file per key, file-compatible
// with the Python tool that writes the same folder, and an optional shared tier on Redis. This file is the public API,
// its documentation and its wiring, plus the folder listing; the work is done beside it, one concept per module:
// entryStore (one key through the tiers), entryEdits (touch, expire, setTtl, copy, rename), folderSweeps (clear,
// cleanup), fileRemoval (one file, only if the cache's), sharedPolicy (when Redis is used), folderNames (the folder's
// key names). They get what they share through one CacheCore object (cacheCore.ts).
import { notCacheFileError } from './cacheFileCheck';
import { checkCacheOptions, DEFAULT_MAX_ENTRY_BYTES, DEFAULT_TTL, type CacheOptions } from './cacheOptions';
import { isPlainFileName, judgeName, keepForeign, NOT_CACHE_REASONS } from './cacheFileRule';
import type { CacheCore } from './cacheCore';
import { ChangeEmitter, type Disposable } from './changeEmitter';
import { sortInSlices } from './concurrency';
import { EDITS } from './entryEdit';
import { EntryEdits } from './entryEdits';
import { entryNamesOf, streamEntryInfos, type EntryName, type StreamOptions } from './entryListing';
import { assertTtl, EntryStore } from './entryStore';
import { readEntry, type EntryRead, type JudgeContext } from './entryReader';
import { StorageError, toStorageError } from './errors';
import { ENTRY_EXTENSION, type KeyNames } from './fileNames';
import { HEAD_IN_ONE_STEP, nodeFileSystem, type DirEntry, type FileSystem } from './fileSystem';
import { isAbandonedTempFile, removeOwnFile } from './fileRemoval';
import { FileTier } from './fileTier';
import { FolderNames } from './folderNames';
import { FolderSweeps } from './folderSweeps';
import { toJson } from './jsonValue';
import { validJsonText } from './jsonText';
import { KeyLocks } from './keyLocks';
import { MemoryTier, valueOf, type MemoryEntry } from './memoryTier';
import { SharedPolicy } from './sharedPolicy';
import type { SharedState } from './sharedTier';
import { DEFAULT_TEMP_FILE_AGE, type TempFileAge } from './tempFiles';
import type {
  CacheChange,
  ClearReport,
  CleanupOptions,
  CleanupReport,
  EntryInfo,
  ForeignFile,
  PeekResult,
  PullOptions,
  PullReport,
  SetOptions,
  SharedEntryInfo,
} from './types';

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
  private readonly concurrency: number;
  private readonly maxEntryBytes: number;
  private readonly tempFileAge: TempFileAge;
  /** Bumped by clear(): a disk read that started before must not refill memory after. */
  private generation = 0;
  private readonly core: CacheCore;
  private readonly shared: SharedPolicy;
  private readonly store: EntryStore;
  private readonly edits: EntryEdits;
  private readonly sweeps: FolderSweeps;
  private readonly names: FolderNames;

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
    this.concurrency = options.concurrency ?? 64;
    this.maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
    this.tempFileAge = { ...DEFAULT_TEMP_FILE_AGE, ...options.tempFileAge };
    this.names = new FolderNames(this.fs, this.dir, options.folderProfile);
    this.core = {
      ttl: this.ttl,
      now: this.now,
      fs: this.fs,
      files: this.files,
      memory: this.memory,
      locks: this.locks,
      changes: this.changes,
      concurrency: this.concurrency,
      maxEntryBytes: this.maxEntryBytes,
      tempFileAge: this.tempFileAge,
      generation: () => this.generation,
      dropMemory: () => {
        this.generation++;
        this.memory.clear();
      },
      folderNames: (forWrite) => this.folderNames(forWrite),
      currentNames: () => this.currentNames(),
      fileNameOf: (key) => this.store.fileNameOf(key),
      readKey: (key, whole) => this.store.readKey(key, whole),
      removeOlderFiles: (key) => this.store.removeOlderFiles(key),
      judgeContext: () => this.judgeContext(),
    };
    this.shared = new SharedPolicy(options.shared, this.core);
    this.store = new EntryStore(this.core, this.shared, options.revalidateAfterMs ?? 1000);
    this.edits = new EntryEdits(this.core, this.shared);
    this.sweeps = new FolderSweeps(this.core, this.shared, {
      listFolder: () => this.listFolder(),
      readForListing: (fileName, context) => this.readForListing(fileName, context),
      sortOutNonEntry: (dirEntry, report) => this.sortOutNonEntry(dirEntry, report),
    });
  }

  /** Fires after each change this cache makes (not changes by other processes). */
  readonly onDidChange = (listener: (change: CacheChange) => void): Disposable => this.changes.event(listener);

  /**
   * Fires when the shared tier (Redis) failed, timed out or was skipped while unreachable, and the operation went on
   * with the local tiers alone: a StorageError (a SharedTierWarning, code ESHARED) that names the operation and key.
   */
  readonly onDidWarn = (listener: (warning: StorageError) => void): Disposable => this.shared.onDidWarn(listener);

  /** Fires when the shared tier connects or becomes unreachable. */
  readonly onDidChangeSharedState = (listener: (state: SharedState) => void): Disposable => this.shared.onDidChangeState(listener);

  /** `off` without a shared tier; else `connecting` (until first used), `connected` or `unreachable`. */
  get sharedState(): SharedState {
    return this.shared.state;
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
    return this.shared.info;
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
      if (this.store.isTrusted(hit, now)) return Promise.resolve(valueOf(hit) as T);
    }
    return this.store.read(key) as Promise<T | undefined>;
  }

  /**
   * Stores the value in memory and on disk (atomically). Throws StorageError: ENOTJSON, EINVALIDKEY, ENOSPC, …, and
   * ENOTCACHEFILE when a FIFO, a socket, a device or a folder holds the key's file name (never replaced; a link is).
   */
  async set(key: string, value: unknown, options: SetOptions = {}): Promise<void> {
    await this.store.write(key, value, options);
    this.changes.fire({ type: 'set', key });
  }

  /** Removes the entry from memory and disk; true when there was something to remove. */
  async delete(key: string): Promise<boolean> {
    const removed = await this.store.delete(key);
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
    const removal = await this.locks.run(fileName, () => removeOwnFile(this.core, fileName));
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
    if (hit && this.store.isTrusted(hit, this.now())) return true;
    if ((await this.entry(key))?.state === 'fresh') return true;
    return this.shared.has(key);
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
  clearWithReport(): Promise<ClearReport> {
    return this.sweeps.clear();
  }

  /**
   * Deletes expired entries and abandoned temp files (and unreadable files when asked); drops expired values from memory.
   * A file is deleted only if it is still the one judged expired, even when another process rewrites it meanwhile.
   */
  cleanup(options: CleanupOptions = {}): Promise<CleanupReport> {
    return this.sweeps.cleanup(options);
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
   * The names of the first `limit` files the folder lists, in its own order (not the keys'), as `entryNames()` names
   * them: a glimpse of a huge folder in milliseconds (a million names take seconds), for a view to show what kind of
   * keys it holds while it reads them all. `all`: the folder had no more files than these.
   */
  async someEntryNames(limit: number): Promise<{ names: EntryName[]; all: boolean }> {
    const names = await this.folderNames();
    const wanted = Math.max(0, Math.floor(limit));
    const listed = await this.listFolder(wanted);
    // A glimpse is what a view waits for: its few thousand names are decoded in one step (milliseconds).
    return { names: await entryNamesOf(listed, names, Math.max(1, Math.min(wanted, HEAD_IN_ONE_STEP))), all: listed.length < wanted };
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
    return (await this.store.readKey(key, false))?.info;
  }

  /** The file's info and value, even when expired; no effect on memory or recency. Undefined when there is no file. */
  async peek<T = unknown>(key: string): Promise<PeekResult<T> | undefined> {
    await this.folderNames();
    const read = await this.store.readKey(key, true);
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
        stored = await this.store.write(key, value, options);
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
    this.shared.dispose();
  }

  /**
   * Every entry of the shared tier under the prefix, judged from the head of its value, sorted by key.
   * Throws StorageError ESHARED when there is no shared tier or Redis cannot be read.
   */
  async sharedEntries(): Promise<SharedEntryInfo[]> {
    return this.shared.entries();
  }

  /**
   * Copies every fresh shared entry that the cache folder lacks (or has older) into it, keeping its timestamp.
   * Throws StorageError ESHARED when there is no shared tier or Redis cannot be read.
   */
  pullShared(options: PullOptions = {}): Promise<PullReport> {
    return this.shared.pull(options);
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
    await this.edits.edit(key, EDITS.touch);
  }

  /**
   * Makes the entry expired, so `get` misses it and the next `cleanup()` removes it: its timestamp moves back to one
   * second past its ttl (its own, or the cache's when longer). Value and ttl stay. Errors as `touch`.
   */
  async expire(key: string): Promise<void> {
    await this.edits.edit(key, (parts, nowS) => EDITS.expire(parts, nowS, this.ttl));
  }

  /**
   * Gives the entry its own ttl in seconds (`undefined`: back to the cache's); value and timestamp stay.
   * Throws StorageError EINVALIDTTL for a ttl that is not a finite number ≥ 0; else errors as `touch`.
   */
  async setTtl(key: string, ttl: number | undefined): Promise<void> {
    if (ttl !== undefined) assertTtl(ttl, key);
    await this.edits.edit(key, EDITS.setTtl(ttl));
  }

  /**
   * Moves the entry to the key `to`, with the same value (byte for byte), timestamp and ttl: the new file is written
   * atomically, then the old file is removed if it is still the one copied. Both keys' locks are held throughout.
   * Throws StorageError EEXIST when `to` has a file and `overwrite` is not true, EINVALIDKEY for a key the cache cannot
   * store, else errors as `touch`. Nothing changes when it throws before the copy.
   */
  async rename(from: string, to: string, options: { overwrite?: boolean } = {}): Promise<void> {
    await this.edits.copy(from, to, options.overwrite === true, true);
  }

  /** Writes the entry's value (byte for byte), timestamp and ttl under the key `to` too; errors as `rename`. */
  async copy(from: string, to: string, options: { overwrite?: boolean } = {}): Promise<void> {
    await this.edits.copy(from, to, options.overwrite === true, false);
  }

  /** Listing info for a file that cannot be read as an entry; the caller adds the problem. */
  private unreadableInfo(fileName: string): EntryInfo {
    const key = fileName.slice(0, -ENTRY_EXTENSION.length);
    return { key, fileName, path: this.files.pathOf(fileName), size: 0, ttl: this.ttl, state: 'unreadable' };
  }

  /** One file's listing read (its head only); an I/O fault makes it an unreadable entry instead of failing the listing. */
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
        ...(stat ? { mtimeMs: stat.mtimeMs } : {}),
      };
      return { info, stat, hasData: false };
    }
  }

  private async listFolder(limit?: number): Promise<DirEntry[]> {
    try {
      return await this.files.list(limit);
    } catch (error) {
      throw toStorageError(error, 'list the cache folder');
    }
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
      if ((await isAbandonedTempFile(this.core, name, kind)) && (await this.files.unlink(name))) report.tempFilesRemoved++;
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

  /** The folder's file names, measured at first need (folderNames.ts); `forWrite` creates the folder to measure it. */
  private folderNames(forWrite = false): Promise<KeyNames> {
    return this.names.measured(forWrite);
  }

  /** The measured names, or the platform's guess while the folder cannot be measured. */
  private currentNames(): KeyNames {
    return this.names.current();
  }
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
