// The one rule for what the cache may delete: only files that are provably its own. `clear`, `cleanup` and
// `deleteFile` all ask this module; anything else in the folder (a project's `package.json`, `.eslintrc.json`, a
// folder, a link, a FIFO) is kept and reported with the reason.
//
// Provably the cache's:
//  - an entry: a regular file at an entry name (a non-hidden `*.json`, the name the engine or the Python tool writes
//    for a key) holding a JSON object with a `data` member;
//  - the cache's own debris: its temp files (`.<name>.<pid>.<hex>.tmp`, once abandoned), and a torn write at an
//    entry name (empty, or content that is not JSON at all: a writer cut off mid-file).
import { scanHead, stripByteOrderMark } from './entryFormat';
import { ENTRY_EXTENSION } from './fileNames';
import type { DirEntryKind } from './fileSystem';
import { tempFileWriterPid } from './tempFiles';
import type { ForeignFile } from './types';

/** Why a file in (or named for) the cache folder is not the cache's, in words that finish "it is …". */
export const NOT_CACHE_REASONS = {
  outside: 'outside the cache folder',
  hidden: 'a hidden name',
  folder: 'a folder',
  link: 'a symbolic link',
  special: 'a special file',
  notEntryName: 'not named like an entry (`<key>.json`)',
  foreignJson: 'JSON that is not a cache entry',
  tooLarge: 'too large to check',
  unreadable: 'a file the cache is not allowed to read',
  writeInProgress: 'the temp file of a write still in progress',
  undecodable: 'a name that is not valid UTF-8',
} as const;

export type NotCacheReason = (typeof NOT_CACHE_REASONS)[keyof typeof NOT_CACHE_REASONS];

/** What a name (and the kind of file it is) says before any byte is read. */
export type NameVerdict =
  | { kind: 'entryName' } // may be an entry: its content decides
  | { kind: 'tempFile'; pid: number } // the cache's temp file: may go once abandoned
  | { kind: 'notCache'; reason: NotCacheReason };

/** A name that is one component inside the folder: no separators, no NUL, not `.`/`..`, not empty. */
export function isPlainFileName(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

/** Judges a folder entry by its name and kind alone. */
export function judgeName(name: string, kind: DirEntryKind): NameVerdict {
  if (!isPlainFileName(name)) return { kind: 'notCache', reason: NOT_CACHE_REASONS.outside };
  if (kind === 'directory') return { kind: 'notCache', reason: NOT_CACHE_REASONS.folder };
  if (kind === 'symlink') return { kind: 'notCache', reason: NOT_CACHE_REASONS.link };
  if (kind !== 'file') return { kind: 'notCache', reason: NOT_CACHE_REASONS.special };
  const pid = tempFileWriterPid(name);
  if (pid !== undefined) return { kind: 'tempFile', pid };
  // Keys never map to hidden names (a leading `.` is encoded), so a hidden `*.json` is someone else's.
  if (name.startsWith('.')) return { kind: 'notCache', reason: NOT_CACHE_REASONS.hidden };
  if (!name.endsWith(ENTRY_EXTENSION)) return { kind: 'notCache', reason: NOT_CACHE_REASONS.notEntryName };
  return { kind: 'entryName' };
}

/** What a regular file's bytes say: an entry, a torn write, foreign JSON, or (from a head alone) not yet known. */
export type ContentVerdict =
  | { kind: 'entry'; storedKey?: string }
  | { kind: 'tornWrite' }
  | { kind: 'foreign' }
  | { kind: 'undecided' };

/** Characters a JSON text may start with (after white space). Anything else is not JSON, whatever follows. */
const JSON_START = /^[{["\-0-9tfn]/;

/**
 * Judges a file from `bytes`: the whole file when `bytes.length >= size`, else its first bytes only, which settles
 * most files (ours have `data` within the first few hundred bytes); `undecided` asks for the whole file.
 */
export function judgeContent(bytes: Buffer, size: number): ContentVerdict {
  const text = stripByteOrderMark(bytes.toString('utf8'));
  const whole = bytes.length >= size;
  if (text.trim() === '') return whole ? { kind: 'tornWrite' } : { kind: 'undecided' };
  if (!JSON_START.test(text.trimStart())) return { kind: 'tornWrite' };
  if (whole) return judgeWholeText(text);
  const scan = scanHead(text);
  if (scan.error) return { kind: 'tornWrite' }; // a prefix that is not JSON: the whole is not JSON either
  if (scan.sawData && !scan.notObject) return { kind: 'entry', storedKey: stringOrUndefined(scan.members.key) };
  return { kind: 'undecided' };
}

function judgeWholeText(text: string): ContentVerdict {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return { kind: 'tornWrite' };
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root) || !Object.prototype.hasOwnProperty.call(root, 'data')) {
    return { kind: 'foreign' };
  }
  return { kind: 'entry', storedKey: stringOrUndefined((root as { key?: unknown }).key) };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Records a `*.json` name kept because it is not the cache's (other names in the folder are none of its business). */
export function keepForeign(foreign: ForeignFile[], fileName: string, reason: NotCacheReason): void {
  if (fileName.endsWith(ENTRY_EXTENSION)) foreign.push({ fileName, reason });
}
