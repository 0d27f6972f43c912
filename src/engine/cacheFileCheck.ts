// Applies the rule of cacheFileRule.ts to a file on disk: one lstat for its kind, then its bytes read through one
// handle that never follows a link (a head first, the whole file only when the head does not settle it).
import { errorCode, StorageError } from './errors';
import { HEAD_BYTES } from './entryReader';
import { judgeContent, judgeName, NOT_CACHE_REASONS, type NotCacheReason } from './cacheFileRule';
import { statKind, type FileStat } from './fileSystem';
import type { FileTier } from './fileTier';

export type FileCheck =
  /** An entry or a torn write: the cache's. `stat` is the judged file (fstat of the handle it was read through). */
  | { owned: 'entry' | 'tornWrite'; stat: FileStat; storedKey?: string }
  /** One of the cache's temp files: whether it may go depends on its writer (see tempFiles.ts). */
  | { owned: 'tempFile'; stat: FileStat; pid: number }
  | { owned: false; reason: NotCacheReason; stat?: FileStat };

/** Judges the folder entry `name`; undefined when there is nothing by that name. Throws real I/O faults. */
export async function checkCacheFile(files: FileTier, name: string, checkLimit: number): Promise<FileCheck | undefined> {
  const stat = await files.lstat(name);
  if (!stat) return undefined;
  const verdict = judgeName(name, statKind(stat));
  if (verdict.kind === 'notCache') return { owned: false, reason: verdict.reason, stat };
  if (verdict.kind === 'tempFile') return { owned: 'tempFile', stat, pid: verdict.pid };
  return checkContent(files, name, checkLimit);
}

/** Judges the bytes of `name` alone (its name already judged, or a name the cache chose itself). */
export async function checkContent(files: FileTier, name: string, checkLimit: number): Promise<FileCheck | undefined> {
  let content;
  try {
    content = await files.read(name, HEAD_BYTES);
    if (!content) return undefined;
    let verdict = judgeContent(content.bytes, content.stat.size);
    if (verdict.kind === 'undecided') {
      if (content.stat.size > checkLimit) return { owned: false, reason: NOT_CACHE_REASONS.tooLarge, stat: content.stat };
      content = await files.read(name, checkLimit);
      if (!content) return undefined;
      verdict = judgeContent(content.bytes, content.stat.size);
    }
    const stat = content.stat;
    if (verdict.kind === 'entry') return { owned: 'entry', stat, storedKey: verdict.storedKey };
    if (verdict.kind === 'tornWrite') return { owned: 'tornWrite', stat };
    return { owned: false, reason: verdict.kind === 'foreign' ? NOT_CACHE_REASONS.foreignJson : NOT_CACHE_REASONS.tooLarge, stat };
  } catch (error) {
    // Swapped for a link or a special file since the lstat: judged as what it is now.
    const code = errorCode(error);
    if (code === 'ELOOP' || code === 'EMLINK') return { owned: false, reason: NOT_CACHE_REASONS.link };
    if (code === 'ENOTREGULAR' || code === 'EISDIR') return { owned: false, reason: NOT_CACHE_REASONS.special };
    if (code === 'EACCES' || code === 'EPERM') return { owned: false, reason: NOT_CACHE_REASONS.unreadable };
    throw error;
  }
}

/** The error `deleteFile` throws for a file that is not provably the cache's. */
export function notCacheFileError(fileName: string, reason: NotCacheReason): StorageError {
  return new StorageError(
    'ENOTCACHEFILE',
    `Not deleted: ${JSON.stringify(fileName)} is ${reason}, not a file of the cache; the cache deletes only its own entries.`,
  );
}
