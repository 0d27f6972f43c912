// The one error type the engine throws, with a code a caller can branch on.

/** Why an operation failed. File-system codes keep their Node/POSIX name so they read the same in logs. */
export type StorageErrorCode =
  | 'EINVALIDKEY' // the key is empty or not well-formed Unicode
  | 'EINVALIDTTL' // a ttl that is not a finite number ≥ 0
  | 'ENOTJSON' // the value cannot be stored as JSON without losing data
  | 'EINVALIDURL' // the shared tier's Redis URL is malformed or not redis:// / rediss://
  | 'ESHARED' // the shared tier (Redis) failed, timed out or is not configured; local tiers carried on
  | 'ENOTCACHEFILE' // deleteFile was asked for a file that is not provably the cache's (the message says why)
  | 'EINVALIDOPTION' // a Cache option is of the wrong type or out of range (the message names it and the range)
  | 'ENOENT' // touch, expire, setTtl or rename found no file for the key
  | 'EEXIST' // rename's target key has an entry and `overwrite` was not given
  | 'EUNREADABLE' // touch, expire, setTtl or rename found the key's file unreadable as an entry (the message says why)
  | 'EIO'
  | 'ENOSPC'
  | 'EACCES'
  | 'EPERM'
  | 'EMFILE'
  | 'ENFILE'
  | 'EROFS'
  | 'ENAMETOOLONG'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'EUNKNOWN'; // any other failure; `cause` holds the original

const FILE_SYSTEM_CODES: ReadonlySet<string> = new Set<StorageErrorCode>([
  'EIO', 'ENOSPC', 'EACCES', 'EPERM', 'EMFILE', 'ENFILE', 'EROFS', 'ENAMETOOLONG', 'ENOTDIR', 'EISDIR',
]);

export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    readonly code: StorageErrorCode,
    message: string,
    /** The cache key the operation was about, when there is one. */
    readonly key?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The errno-style code of a Node error (`ENOENT`, …), or undefined for anything else. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Wraps a Node file-system error as a StorageError that keeps its errno code when we know it. */
export function toStorageError(error: unknown, action: string, key?: string): StorageError {
  if (error instanceof StorageError) return error;
  const nodeCode = errorCode(error) ?? '';
  const code = (FILE_SYSTEM_CODES.has(nodeCode) ? nodeCode : 'EUNKNOWN') as StorageErrorCode;
  const reason = error instanceof Error ? error.message : String(error);
  const subject = key === undefined ? '' : ` for key ${JSON.stringify(key)}`;
  return new StorageError(code, `Could not ${action}${subject}: ${reason}`, key, { cause: error });
}
