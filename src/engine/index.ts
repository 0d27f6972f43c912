// The cache engine: a plain Node library (no vscode import), built to dist/engine.js.
export { Cache } from './cache';
export { DEFAULT_TTL, type CacheOptions } from './cacheOptions';
export type { EntryName, StreamOptions } from './entryListing';
export { entryStateAt, isExpired } from './expiry';
export { StorageError, type StorageErrorCode } from './errors';
export { keyToFileName, fileNameToKey, type FileNameOptions, type KeyNames } from './fileNames';
export type { FolderProfile } from './folderProbe';
export type { FileSystem, FileStat, DirEntry, DirEntryKind, FileContent } from './fileSystem';
export { nodeFileSystem } from './fileSystem';
export type { Disposable } from './changeEmitter';
export {
  DEFAULT_SHARED_PREFIX,
  DEFAULT_SHARED_TIMEOUT_MS,
  SharedTierWarning,
  redactUrl,
  type SharedOptions,
  type SharedOperation,
  type SharedState,
} from './sharedTier';
export * from './types';
export { readFileHead, headText, type FileHead } from './fileHead';
export { compactJsonText, formatJsonText, findDataValue, JsonTextError, type Formatted, type FormatOptions } from './jsonText';
