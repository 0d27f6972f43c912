// What `Cache` lends the modules it delegates to (entryStore, sharedPolicy, entryEdits, folderSweeps, fileRemoval):
// its tiers, its per-key locks, its change event and its folder's key names. Cache builds this one object, so those
// modules reach nothing private of Cache and never import it (no import circle).
import type { ChangeEmitter } from './changeEmitter';
import type { EntryRead, JudgeContext } from './entryReader';
import type { KeyNames } from './fileNames';
import type { FileSystem } from './fileSystem';
import type { FileTier } from './fileTier';
import type { KeyLocks } from './keyLocks';
import type { MemoryTier } from './memoryTier';
import type { TempFileAge } from './tempFiles';
import type { CacheChange } from './types';

export interface CacheCore {
  /** The cache's time to live in seconds. */
  readonly ttl: number;
  /** The cache's clock, in ms since the epoch. */
  readonly now: () => number;
  readonly fs: FileSystem;
  readonly files: FileTier;
  readonly memory: MemoryTier;
  /** Per file name: every read-modify-write of one entry file runs under its name's lock. */
  readonly locks: KeyLocks;
  readonly changes: ChangeEmitter<CacheChange>;
  /** Files read at once when walking the folder. */
  readonly concurrency: number;
  readonly maxEntryBytes: number;
  readonly tempFileAge: TempFileAge;
  /** Bumped when memory is dropped (clear): a read that began before must not refill memory after. */
  generation(): number;
  /** Empties memory and bumps the generation. */
  dropMemory(): void;
  /** The folder's key names, measured on first need; `forWrite` creates the folder to measure it. */
  folderNames(forWrite?: boolean): Promise<KeyNames>;
  /** The measured names, or the platform's guess until the folder can be measured. */
  currentNames(): KeyNames;
  /** The key's file name in the folder; throws StorageError EINVALIDKEY for a key the cache cannot store. */
  fileNameOf(key: string): string;
  /** The key's file under its current name, else under an earlier version's; call under the key's lock. */
  readKey(key: string, whole: boolean): Promise<EntryRead | undefined>;
  /** Removes the key's files under the names earlier versions wrote (best effort). */
  removeOlderFiles(key: string): Promise<void>;
  judgeContext(): JudgeContext;
}
