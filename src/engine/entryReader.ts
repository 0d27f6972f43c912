// Reads one file of the cache folder and judges it as an entry: fresh, expired or unreadable, and why.
import { errorCode } from './errors';
import { isExpired } from './expiry';
import { parseEntry, parseEntryHead, type ParsedEntry } from './entryFormat';
import { ENTRY_EXTENSION, isShortenedFileName, keyNamesFor, type KeyNames } from './fileNames';
import type { FileStat } from './fileSystem';
import type { FileTier } from './fileTier';
import type { EntryInfo } from './types';

/** Bytes read to list an entry; our writer puts every field but `data` first, so this is plenty. */
export const HEAD_BYTES = 4096;
/** A file whose head does not settle its timestamp is parsed whole only up to this size; larger ones go by mtime. */
export const FULL_PARSE_LIMIT = 1024 * 1024;

export interface JudgeContext {
  /** The cache's ttl in seconds. */
  ttl: number;
  /** Now, in ms. */
  nowMs: number;
  /** The folder's file names (default: the platform's guess). */
  names?: KeyNames;
  /** The largest file read whole (the `maxEntryBytes` option); a bigger one is unreadable, "too large". */
  maxEntryBytes?: number;
}

export interface EntryRead {
  info: EntryInfo;
  /** The stat of the file judged (undefined only if it vanished mid-read). */
  stat?: FileStat;
  /** The value, when the whole file was read and is readable. */
  data?: unknown;
  hasData: boolean;
}

export { isExpired } from './expiry';

/**
 * Reads `fileName` (`whole`: the full value; otherwise just its head) and judges it.
 * `expectedKey` is the key the caller looked up, checked against a shortened file's stored key.
 * Undefined when the file does not exist. Throws the raw error for I/O failures other than
 * "this is not a readable entry" (links, non-files, permission denied).
 */
export async function readEntry(
  files: FileTier,
  fileName: string,
  whole: boolean,
  context: JudgeContext,
  expectedKey?: string,
  headBytes: number = HEAD_BYTES,
): Promise<EntryRead | undefined> {
  let content;
  try {
    content = await files.read(fileName, whole ? undefined : headBytes, context.maxEntryBytes);
  } catch (error) {
    const problem = problemOf(error, context.maxEntryBytes);
    if (problem === undefined) throw error;
    const stat = await files.lstat(fileName);
    if (!stat) return undefined;
    return { info: unreadableInfo(files, fileName, stat, context, problem, expectedKey), stat, hasData: false };
  }
  if (!content) return undefined;
  const { bytes, stat } = content;
  if (context.maxEntryBytes !== undefined && stat.size > context.maxEntryBytes) {
    // Listed as what get() will find: a file it cannot read, not a fresh entry.
    const problem = problemOf({ code: 'ETOOLARGE', size: stat.size }, context.maxEntryBytes)!;
    return { info: unreadableInfo(files, fileName, stat, context, problem, expectedKey), stat, hasData: false };
  }
  let parsed: ParsedEntry | undefined;
  if (bytes.length >= stat.size) {
    parsed = parseEntry(bytes.toString('utf8'), stat.mtimeMs);
  } else {
    parsed = parseEntryHead(bytes.toString('utf8'), stat.mtimeMs);
    if (parsed?.readable && parsed.key === undefined && isShortenedFileName(fileName) && headBytes < FULL_PARSE_LIMIT) {
      // A shortened name's full key (written before `data`) can be longer than the head: read as far as a parse goes.
      return readEntry(files, fileName, stat.size <= FULL_PARSE_LIMIT, context, expectedKey, FULL_PARSE_LIMIT);
    }
    if (parsed === undefined) {
      if (stat.size <= FULL_PARSE_LIMIT) return readEntry(files, fileName, true, context, expectedKey);
      // Too big to parse just to list it, and its timestamp is not in the head: judge it by its mtime.
      parsed = { readable: true, timestamp: stat.mtimeMs / 1000, timestampSource: 'mtime', hasData: true };
    }
  }
  return judge(files, fileName, stat, parsed, context, expectedKey);
}

function judge(
  files: FileTier,
  fileName: string,
  stat: FileStat,
  parsed: ParsedEntry,
  context: JudgeContext,
  expectedKey: string | undefined,
): EntryRead {
  const named = keyFromName(fileName, parsed.key, expectedKey, context.names ?? keyNamesFor());
  if ('problem' in named || !parsed.readable) {
    const problem = 'problem' in named ? named.problem : (parsed as { problem: string }).problem;
    return { info: unreadableInfo(files, fileName, stat, context, problem, named.key), stat, hasData: false };
  }
  const ttl = parsed.ttl ?? context.ttl;
  const info: EntryInfo = {
    key: named.key,
    fileName,
    path: files.pathOf(fileName),
    size: stat.size,
    timestamp: parsed.timestamp,
    ttl,
    expiresAt: parsed.timestamp + ttl,
    state: isExpired(parsed.timestamp, ttl, context.nowMs) ? 'expired' : 'fresh',
    timestampSource: parsed.timestampSource,
  };
  return { info, stat, data: parsed.data, hasData: parsed.hasData };
}

/** The key a file belongs to: from its name, or for a shortened name from inside the file. */
function keyFromName(
  fileName: string,
  storedKey: string | undefined,
  expectedKey: string | undefined,
  names: KeyNames,
): { key: string } | { key: string; problem: string } {
  if (isShortenedFileName(fileName)) {
    if (storedKey === undefined || !names.isNameOf(storedKey, fileName)) {
      return {
        key: expectedKey ?? fileName.slice(0, -ENTRY_EXTENSION.length),
        problem: 'The file name is shortened, but the file does not hold the full key that matches it.',
      };
    }
    if (expectedKey !== undefined && storedKey !== expectedKey) {
      return { key: expectedKey, problem: 'The file holds a different key with the same shortened name.' };
    }
    return { key: storedKey };
  }
  // Callers that looked a key up derived the name from it; only listings decode names.
  const key = expectedKey ?? names.keyOf(fileName);
  if (key !== undefined) return { key };
  const bare = fileName.slice(0, -ENTRY_EXTENSION.length);
  const spelled = bare.length > 0 ? safeFileName(bare, names) : undefined;
  return {
    key: bare,
    problem:
      `This cache never writes a file named ${JSON.stringify(fileName)}` +
      (spelled ? ` (it stores the key ${JSON.stringify(bare)} as ${JSON.stringify(spelled)})` : '') +
      ', so it cannot be looked up by key. Another tool wrote it.',
  };
}

function safeFileName(key: string, names: KeyNames): string | undefined {
  try {
    return names.fileName(key);
  } catch {
    return undefined;
  }
}

function unreadableInfo(
  files: FileTier,
  fileName: string,
  stat: FileStat,
  context: JudgeContext,
  problem: string,
  key?: string,
): EntryInfo {
  return {
    key: key ?? (context.names ?? keyNamesFor()).keyOf(fileName) ?? fileName.slice(0, -ENTRY_EXTENSION.length),
    fileName,
    path: files.pathOf(fileName),
    size: stat.size,
    ttl: context.ttl,
    state: 'unreadable',
    problem,
    mtimeMs: stat.mtimeMs,
  };
}

/** A user-facing reason for errors that mean "this file is not a readable entry"; undefined for real I/O faults. */
export function problemOf(error: unknown, maxEntryBytes?: number): string | undefined {
  switch (errorCode(error)) {
    case 'ELOOP':
    case 'EMLINK': // FreeBSD's answer to O_NOFOLLOW on a link
      return 'It is a symbolic link; the cache never follows links.';
    case 'ENOTREGULAR':
    case 'EISDIR': {
      const kind = (error as { kind?: unknown }).kind;
      return `It is ${typeof kind === 'string' ? kind : 'a special file'}, not a file; the cache never reads it.`;
    }
    case 'ETOOLARGE': {
      const limit = maxEntryBytes === undefined ? '' : ` (the limit, maxEntryBytes, is ${formatBytes(maxEntryBytes)})`;
      return `The file is too large: ${formatBytes(Number((error as { size?: unknown }).size))}${limit}; it is never read whole.`;
    }
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied: the file cannot be read.';
    default:
      return undefined;
  }
}

/** Bytes in MB (10^6, as file managers show them), or KB / bytes for small sizes: "612 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} bytes`;
}
