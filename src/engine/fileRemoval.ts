// Removing one file from the cache folder only if it is provably the cache's (cacheFileRule.ts): judged first, then
// removed only if it is still the file judged, even while another process rewrites it. `deleteFile` and `clear` go
// through here; a temp file goes only once abandoned, so a write in flight can finish.
import type { CacheCore } from './cacheCore';
import { checkCacheFile, checkContent } from './cacheFileCheck';
import { NOT_CACHE_REASONS, type NotCacheReason } from './cacheFileRule';
import { StorageError, toStorageError } from './errors';
import { fileNameIn, isShortenedFileName, type KeyNames } from './fileNames';
import type { DirEntry } from './fileSystem';
import { isStaleTempFile, tempFileWriterPid } from './tempFiles';

/** What removeOwnFile did: removed (and the key the file held, if any), or kept, with why when something was there. */
export type Removal = { removed: true; key?: string } | { removed: false; reason?: NotCacheReason };

/**
 * Judges the file, then removes it only if it is still the judged one (another process may rewrite it meanwhile: then
 * the new file is judged in turn); drops memory's copy of the key it held. Call under the name's lock.
 * `{ removed: false }` without a reason: nothing was there. `recheck`: read the moved file again before deleting it,
 * should a rewrite have reused the inode within one mtime tick; clear skips that (whatever a cache writer puts at an
 * entry name is the cache's too), saving a read per file.
 */
export async function removeOwnFile(core: CacheCore, fileName: string, recheck = true): Promise<Removal> {
  const { files, maxEntryBytes } = core;
  for (let attempt = 0; attempt < 10; attempt++) {
    const check = await checkCacheFile(files, fileName, maxEntryBytes).catch((error) => {
      throw toStorageError(error, `check the file ${JSON.stringify(fileName)}`);
    });
    if (!check) return { removed: false };
    if (check.owned === false) return { removed: false, reason: check.reason };
    if (check.owned === 'tempFile') {
      if (!(await isAbandonedTempFile(core, fileName, 'file'))) return { removed: false, reason: NOT_CACHE_REASONS.writeInProgress };
      return { removed: await files.unlink(fileName) };
    }
    const stillOwned = async (parked: string) => (await checkContent(files, parked, maxEntryBytes))?.owned !== false;
    const removed = await files.removeIfUnchanged(fileName, check.stat, recheck ? stillOwned : undefined).catch((error) => {
      throw toStorageError(error, `delete the file ${JSON.stringify(fileName)}`);
    });
    if (removed) {
      const key = keyHeldBy(await core.folderNames(), fileName, check.owned === 'entry' ? check.storedKey : undefined);
      if (key !== undefined) core.memory.delete(key);
      return { removed: true, key };
    }
  }
  throw new StorageError('EUNKNOWN', `Could not delete ${JSON.stringify(fileName)}: other processes kept rewriting it.`);
}

/** Whether `name` is a temp file whose write can no longer finish (old, or its writer gone), so it may be removed. */
export async function isAbandonedTempFile(core: CacheCore, name: string, kind: DirEntry['kind']): Promise<boolean> {
  const pid = kind === 'file' ? tempFileWriterPid(name) : undefined;
  if (pid === undefined) return false;
  const stat = await core.files.lstat(name);
  if (!stat) return false;
  // File ages compare real mtimes with the real clock, whatever clock the cache was given.
  const ageMs = Date.now() - stat.mtimeMs;
  const writerAlive = pid === process.pid || core.fs.isProcessAlive(pid);
  return isStaleTempFile(ageMs, writerAlive, core.tempFileAge);
}

/** The key whose file `fileName` is, when it is exactly the name the engine writes for it; else undefined. */
function keyHeldBy(names: KeyNames, fileName: string, storedKey: string | undefined): string | undefined {
  if (!isShortenedFileName(fileName)) return names.keyOf(fileName);
  // The current shortened name, or one an earlier version wrote: both are the key's file.
  return storedKey !== undefined && fileNameIn(names, storedKey) !== undefined && names.isNameOf(storedKey, fileName)
    ? storedKey
    : undefined;
}
