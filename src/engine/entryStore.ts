// One key's entry through the tiers, under the key's lock: a read tries memory (trusted for `revalidateAfterMs`, then
// checked against its file with one lstat), then the key's file (under its current name, else an earlier version's),
// then the shared tier; a write goes to the file (atomically), then memory, then through to Redis; a delete clears
// all three. The public API over it, and its change events, are Cache's.
import type { CacheCore } from './cacheCore';
import { serializeEntry } from './entryFormat';
import { isExpired, readEntry, type EntryRead } from './entryReader';
import { StorageError, toStorageError } from './errors';
import { isShortenedFileName, keyNamesFor } from './fileNames';
import type { FileStat } from './fileSystem';
import { ValidJsonText } from './jsonText';
import { toJson } from './jsonValue';
import { valueOf, type MemoryEntry } from './memoryTier';
import type { SharedPolicy } from './sharedPolicy';
import type { SetOptions } from './types';

export class EntryStore {
  constructor(
    private readonly core: CacheCore,
    private readonly shared: SharedPolicy,
    /** How long (ms) a value in memory is trusted without looking at its file. */
    private readonly revalidateAfterMs: number,
  ) {}

  /** Whether a memory entry answers without a look at its file: verified lately and not expired. */
  isTrusted(hit: MemoryEntry, nowMs: number): boolean {
    return nowMs - hit.verifiedAt <= this.revalidateAfterMs && !isExpired(hit.timestamp, hit.ttl, nowMs);
  }

  /** The fresh value past the memory fast path: memory revalidated, else the file, else the shared tier. */
  async read(key: string): Promise<unknown> {
    const core = this.core;
    await core.folderNames();
    const fileName = this.fileNameOf(key);
    return core.locks.run(fileName, async () => {
      const generation = core.generation();
      const now = core.now();
      const hit = core.memory.peek(key);
      if (hit && !isExpired(hit.timestamp, hit.ttl, now)) {
        // Another task may have verified it while we queued; else one lstat tells whether the file changed.
        if (now - hit.verifiedAt <= this.revalidateAfterMs) return valueOf(hit);
        const current = await core.files.lstat(fileName).catch((error) => {
          throw toStorageError(error, 'check the cache entry', key);
        });
        if (current && sameFile(current, hit.file)) {
          hit.verifiedAt = now;
          return valueOf(hit);
        }
      }
      const read = await this.readKey(key, true);
      if (!read?.stat || read.info.state !== 'fresh') {
        core.memory.delete(key);
        return this.shared.fill(key, generation);
      }
      if (generation === core.generation()) {
        core.memory.set(key, {
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

  /**
   * Writes the entry and returns its memory entry, which holds the value as JSON until something reads it:
   * set() never parses what it just wrote; getOrSet() does, through valueOf().
   */
  async write(key: string, value: unknown, options: SetOptions): Promise<MemoryEntry> {
    const core = this.core;
    keyNamesFor().fileName(key); // refuses an invalid key (whatever the folder)
    if (options.ttl !== undefined) assertTtl(options.ttl, key);
    // Refuse before anything is touched: memory and disk stay as they were.
    const dataJson = value instanceof ValidJsonText ? value.text : toJson(value, key);
    await core.folderNames(true);
    const fileName = this.fileNameOf(key);
    return core.locks.run(fileName, async () => {
      const timestamp = core.now() / 1000;
      const fields = { timestamp, ttl: options.ttl, key: isShortenedFileName(fileName) ? key : undefined };
      const bytes = Buffer.from(serializeEntry(fields, dataJson), 'utf8');
      let file: FileStat;
      try {
        file = await core.files.write(fileName, bytes);
      } catch (error) {
        // If the new file landed anyway, memory's old value is no longer what the disk has.
        if ((error as { landed?: boolean }).landed) core.memory.delete(key);
        throw toStorageError(error, 'write the cache entry', key);
      }
      await this.removeOlderFiles(key);
      // Memory changes only once the disk has the value.
      const entry: MemoryEntry = {
        data: undefined,
        json: dataJson,
        timestamp,
        ttl: options.ttl ?? core.ttl,
        size: bytes.length,
        file,
        verifiedAt: core.now(),
      };
      core.memory.set(key, entry);
      await this.shared.writeThrough(key, bytes, entry.ttl);
      return entry;
    });
  }

  /** Removes the key from memory, its files and Redis; true when any tier held it. */
  async delete(key: string): Promise<boolean> {
    const core = this.core;
    await core.folderNames();
    const fileName = this.fileNameOf(key);
    return core.locks.run(fileName, async () => {
      const inMemory = core.memory.delete(key);
      let onDisk: boolean;
      try {
        onDisk = await core.files.unlink(fileName);
        // An earlier version's file for the key would otherwise still answer get().
        for (const older of core.currentNames().olderFileNames(key)) onDisk = (await core.files.unlink(older)) || onDisk;
      } catch (error) {
        throw toStorageError(error, 'delete the cache entry', key);
      }
      const inShared = await this.shared.delete(key);
      return onDisk || inMemory || inShared;
    });
  }

  /** The key's file name in the folder (as measured so far); throws EINVALIDKEY for a key the cache cannot store. */
  fileNameOf(key: string): string {
    const fileName = this.core.currentNames().fileName(key);
    this.core.files.pathOf(fileName); // asserts it stays inside the folder
    return fileName;
  }

  /** Reads the key's file under its current name, else under a name an earlier version wrote (until the next write). */
  async readKey(key: string, whole: boolean): Promise<EntryRead | undefined> {
    const read = await this.readFile(this.fileNameOf(key), whole, key);
    if (read) return read;
    for (const older of this.core.currentNames().olderFileNames(key)) {
      const legacy = await this.readFile(older, whole, key);
      if (legacy) return legacy;
    }
    return undefined;
  }

  /** One file per key: once the key is written under its current name, the names earlier versions wrote go. */
  async removeOlderFiles(key: string): Promise<void> {
    for (const older of this.core.currentNames().olderFileNames(key)) {
      // Best effort: a leftover is never read (the current name comes first) and is listed once with it.
      await this.core.files.unlink(older).catch(() => false);
    }
  }

  private async readFile(fileName: string, whole: boolean, key: string): Promise<EntryRead | undefined> {
    try {
      return await readEntry(this.core.files, fileName, whole, this.core.judgeContext(), key);
    } catch (error) {
      throw toStorageError(error, 'read the cache entry', key);
    }
  }
}

/** Throws StorageError EINVALIDTTL for a ttl that is not a finite number of seconds ≥ 0. */
export function assertTtl(ttl: number, key?: string): void {
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) {
    throw new StorageError('EINVALIDTTL', `A ttl must be a finite number of seconds ≥ 0, not ${String(ttl)}.`, key);
  }
}

function sameFile(a: FileStat, b: FileStat): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && !a.isSymbolicLink;
}
