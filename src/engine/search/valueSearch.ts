// Find in Values: scans every readable entry's value for a text or pattern, file by file in chunks (a large value
// is never loaded whole), never following a link, reporting each matching entry as soon as it is found.
import * as fs from 'node:fs';
import type { Cache } from '../cache';
import { awaitSyncTurn } from '../concurrency';
import type { EntryInfo } from '../types';
import { DataFieldLocator } from './dataField';
import { compileQuery, type ValueQuery } from './textMatcher';

export interface ValueMatch {
  entry: EntryInfo;
  /** Where the match is in the value's JSON text as stored (compact), in UTF-16 code units. */
  offset: number;
  length: number;
  /** The matched text, when it fits in the context window. */
  text: string;
  /** One line of the value around the match (line breaks shown as spaces). */
  context: string;
  /** Where the match starts in `context`. */
  contextOffset: number;
}

export interface ValueSearchOptions {
  signal?: AbortSignal;
  /** Called for each matching entry, as soon as it is found. */
  onMatch?(match: ValueMatch): void;
  /** Called after each file: files looked at so far (unreadable ones too), and how many there are when known. */
  onProgress?(done: number, total: number | undefined): void;
  /** Files to expect, for progress, when `entries` is a stream (an array's length is known without it). */
  total?: number;
  /** Stop after this many matching entries. Default 1000. */
  maxResults?: number;
  /** Bytes read at a time. Default 64 KiB. */
  chunkBytes?: number;
}

export interface ValueSearchReport {
  /** Readable entries whose value was scanned. */
  searched: number;
  matched: number;
  /** Files that could not be read now (gone, a link, no permission), with why. */
  skipped: { path: string; reason: string }[];
  /** True when the search stopped at `maxResults`. */
  truncated: boolean;
}

/** Characters of context kept before a match, and shown after it. */
const CONTEXT_BEFORE = 40;
const CONTEXT_AFTER = 80;
/** O_NOFOLLOW: a link in the cache folder is never followed; O_NONBLOCK: a FIFO does not hang the open. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Searches the values of `entries` (unreadable ones are skipped: they have no value): an array, or batches as
 * `Cache.streamEntries()` yields them (searched as they come). Throws PatternError for a pattern outside the
 * supported subset, before reading anything; rejects with the signal's reason when aborted.
 */
export async function searchValues(
  entries: readonly EntryInfo[] | AsyncIterable<readonly EntryInfo[]>,
  query: ValueQuery,
  options: ValueSearchOptions = {},
): Promise<ValueSearchReport> {
  const matcher = compileQuery(query);
  const { signal, onProgress } = options;
  const maxResults = options.maxResults ?? 1000;
  const buffer = Buffer.allocUnsafe(options.chunkBytes ?? 64 * 1024);
  const report: ValueSearchReport = { searched: 0, matched: 0, skipped: [], truncated: false };
  const listed = isListing(entries);
  const total = listed ? entries.length : options.total;
  const batches: Iterable<readonly EntryInfo[]> | AsyncIterable<readonly EntryInfo[]> = listed ? [entries] : entries;
  let done = 0;
  // Breaking out of the loop ends a stream: no file past the last result is read.
  for await (const batch of batches) {
    for (const entry of batch) {
      if (report.matched >= maxResults) {
        report.truncated = true;
        break;
      }
      await awaitSyncTurn();
      signal?.throwIfAborted();
      done++;
      if (entry.state !== 'unreadable') await scanEntry(entry, matcher, buffer, report, options);
      onProgress?.(done, total);
    }
    if (report.truncated) break;
  }
  // A stream stops quietly when aborted: the search must not pass for a finished one.
  signal?.throwIfAborted();
  return report;
}

/**
 * Searches the values of `cache`'s folder as it is read: the names first (one readdir: the total for progress), then
 * the files in batches, never waiting for (or holding) the whole listing.
 */
export async function searchCache(cache: Cache, query: ValueQuery, options: Omit<ValueSearchOptions, 'total'> = {}): Promise<ValueSearchReport> {
  options.signal?.throwIfAborted();
  const names = await cache.entryNames();
  return searchValues(cache.streamEntries({ names, signal: options.signal }), query, { ...options, total: names.length });
}

function isListing(entries: readonly EntryInfo[] | AsyncIterable<readonly EntryInfo[]>): entries is readonly EntryInfo[] {
  return Array.isArray(entries);
}

/** Scans one entry's value, counting it in `report` and telling `onMatch` when it holds the query. */
async function scanEntry(
  entry: EntryInfo,
  matcher: ReturnType<typeof compileQuery>,
  buffer: Buffer,
  report: ValueSearchReport,
  { signal, onMatch }: ValueSearchOptions,
): Promise<void> {
  try {
    const found = await scanFile(entry, matcher.scanner(), buffer, signal);
    report.searched++;
    if (found) {
      report.matched++;
      onMatch?.(found);
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    report.skipped.push({ path: entry.path, reason: (error as Error).message });
  }
}

/** Reads one file chunk by chunk until the first match in its value; undefined when there is none. */
async function scanFile(
  entry: EntryInfo,
  scanner: ReturnType<ReturnType<typeof compileQuery>['scanner']>,
  buffer: Buffer,
  signal: AbortSignal | undefined,
): Promise<ValueMatch | undefined> {
  const fd = fs.openSync(entry.path, OPEN_FLAGS);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new Error('not a regular file');
    const decoder = new TextDecoder('utf-8');
    const locator = new DataFieldLocator();
    let inValue = false;
    /** The value text seen so far that a context could still need (the last CONTEXT_BEFORE+ characters). */
    let window = '';
    let windowStart = 0;
    for (let first = true; ; first = false) {
      if (!first) {
        await awaitSyncTurn();
        signal?.throwIfAborted();
      }
      const read = fs.readSync(fd, buffer, 0, buffer.length, null);
      let text = read > 0 ? decoder.decode(buffer.subarray(0, read), { stream: true }) : decoder.decode();
      if (!inValue) {
        const at = locator.find(text);
        if (at < 0) {
          if (read === 0) return undefined;
          continue;
        }
        inValue = true;
        text = text.slice(at);
      }
      window += text;
      const match = read > 0 ? scanner.feed(text) : scanner.end();
      if (match) return describe(entry, match, window, windowStart);
      if (read === 0) return undefined;
      const keep = Math.max(0, window.length - CONTEXT_BEFORE - 1024);
      window = window.slice(keep);
      windowStart += keep;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function describe(entry: EntryInfo, match: { start: number; end: number }, window: string, windowStart: number): ValueMatch {
  const start = match.start - windowStart;
  const end = match.end - windowStart;
  const from = Math.max(0, start - CONTEXT_BEFORE);
  const to = Math.min(window.length, Math.max(end, start) + CONTEXT_AFTER);
  const context = window.slice(from, to).replace(/[\r\n\t\u2028\u2029]/g, ' ');
  return {
    entry,
    offset: match.start,
    length: match.end - match.start,
    text: start >= 0 ? window.slice(start, end) : '',
    context,
    contextOffset: Math.max(0, start - from),
  };
}
