// Find in Values: scans entries' values for a text or pattern (valueScan.ts), reporting each matching entry as soon
// as it is found, with progress, a limit and cancellation.
import * as path from 'node:path';
import { TextDecoder } from 'node:util';
import type { Cache } from '../cache';
import { awaitSyncTurn } from '../concurrency';
import type { EntryName } from '../entryListing';
import type { EntryInfo } from '../types';
import { compileQuery, type TextMatcher, type ValueQuery } from './textMatcher';
import { scanValue, type FoundText } from './valueScan';

export interface ValueMatch extends FoundText {
  entry: EntryInfo;
}

export interface ValueSearchOptions {
  signal?: AbortSignal;
  /** Called for each matching entry, as soon as it is found. */
  onMatch?(match: ValueMatch): void;
  /** Called after each file: files looked at so far (unreadable ones too), and how many there are. */
  onProgress?(done: number, total: number): void;
  /** Stop after this many matching entries. Default 1000. */
  maxResults?: number;
  /** Bytes read at a time. Default 64 KiB. */
  chunkBytes?: number;
}

export interface ValueSearchReport {
  /** Files whose value was scanned. */
  searched: number;
  matched: number;
  /** Files that could not be read now (gone, a link, no permission), with why. */
  skipped: { path: string; reason: string }[];
  /** True when the search stopped at `maxResults`. */
  truncated: boolean;
}

/** One search: the compiled query, its buffer, its report, and the limit. */
class SearchRun {
  readonly report: ValueSearchReport = { searched: 0, matched: 0, skipped: [], truncated: false };
  private readonly buffer: Buffer;
  /** One decoder for every file: making one per file costs more than scanning a small value. */
  private readonly decoder = new TextDecoder('utf-8');
  private readonly maxResults: number;

  constructor(
    private readonly matcher: TextMatcher,
    private readonly options: ValueSearchOptions,
  ) {
    this.buffer = Buffer.allocUnsafe(options.chunkBytes ?? 64 * 1024);
    this.maxResults = options.maxResults ?? 1000;
  }

  /** Looks at each item in order (`look` scans one), with a turn of the event loop before each, up to the limit. */
  async each<T>(items: readonly T[], look: (item: T) => Promise<void>): Promise<ValueSearchReport> {
    for (let i = 0; i < items.length; i++) {
      if (this.report.matched >= this.maxResults) {
        this.report.truncated = true;
        break;
      }
      await awaitSyncTurn();
      this.options.signal?.throwIfAborted();
      await look(items[i]!);
      this.options.onProgress?.(i + 1, items.length);
    }
    return this.report;
  }

  /** Scans the file's value; a file that cannot be read is counted as skipped, with why. */
  async scan(file: string): Promise<FoundText | undefined> {
    const { signal } = this.options;
    try {
      const found = await scanValue(file, this.matcher.scanner(), this.buffer, this.decoder, signal);
      this.report.searched++;
      return found;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      this.report.skipped.push({ path: file, reason: (error as Error).message });
      return undefined;
    }
  }

  found(entry: EntryInfo, found: FoundText): void {
    this.report.matched++;
    this.options.onMatch?.({ entry, ...found });
  }
}

/**
 * Searches the values of a listing (unreadable entries are skipped: they have no value). Throws PatternError for a
 * pattern outside the supported subset, before reading anything; rejects with the signal's reason when aborted.
 */
export async function searchValues(entries: readonly EntryInfo[], query: ValueQuery, options: ValueSearchOptions = {}): Promise<ValueSearchReport> {
  const run = new SearchRun(compileQuery(query), options);
  const readable = entries.filter((entry) => entry.state !== 'unreadable');
  return run.each(readable, async (entry) => {
    const found = await run.scan(entry.path);
    if (found) run.found(entry, found);
  });
}

/**
 * Searches the values of `cache`'s folder without listing it first: from its names (one readdir: the total for
 * progress), each file's value is scanned straight away, and only a file that holds the query is judged as an entry
 * (an unreadable one is no result). So the first result needs no listing, and no file is read twice but a match.
 */
export async function searchCache(cache: Cache, query: ValueQuery, options: ValueSearchOptions = {}): Promise<ValueSearchReport> {
  const run = new SearchRun(compileQuery(query), options);
  options.signal?.throwIfAborted();
  const names = await cache.entryNames();
  return run.each(names, async (name) => {
    // A folder or a name that is not UTF-8: listed as unreadable, never opened.
    if (name.problem !== undefined) return;
    const found = await run.scan(path.join(cache.dir, name.fileName));
    if (!found) return;
    const entry = await judge(cache, name);
    if (entry && entry.state !== 'unreadable') run.found(entry, found);
  });
}

/** The file's listing info, judged as the view judges it; undefined when it is gone. */
async function judge(cache: Cache, name: EntryName): Promise<EntryInfo | undefined> {
  for await (const batch of cache.streamEntries({ names: [name] })) return batch[0];
  return undefined;
}
