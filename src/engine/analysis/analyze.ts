// The analysis of a cache folder, computed in one pass over its listing: totals, namespaces, expiry timeline,
// biggest and oldest entries, unreadable files by reason, recommendations. Memory stays bounded whatever the
// number of entries (top-N heaps, capped namespace maps); the event loop turns between slices of work.
import type { Cache } from '../cache';
import type { EntryInfo } from '../types';
import { NamespaceTally } from './namespaces';
import { recommend } from './recommendations';
import { addTo, emptyTally } from './tally';
import { addToTimeline, bucketOf, emptyTimeline } from './timeline';
import { TopN } from './topEntries';
import type { AnalysisOptions, AnalysisTotals, CacheAnalysis, EntrySummary } from './types';
import { UnreadableTally } from './unreadableReasons';

export const DEFAULT_SEPARATOR = ':';
const DEFAULT_TTL = 86_400;
/** Longest stretch of work between two turns of the event loop, in ms. */
const SLICE_MS = 8;

/** Accumulates entries one at a time; `result()` may be called at any point (a snapshot) and again later. */
export class AnalysisAccumulator {
  private readonly totals: AnalysisTotals = { ...emptyTally(), fresh: emptyTally(), expired: emptyTally(), unreadable: emptyTally() };
  private readonly namespaces: NamespaceTally;
  private readonly timeline = emptyTimeline();
  // The heaps keep the listed entries themselves; summaries are made only for the few kept, in result().
  private readonly biggest: TopN<EntryInfo>;
  private readonly oldest: TopN<EntryInfo>;
  private readonly unreadable: UnreadableTally;
  private readonly ttl: number;
  private readonly separator: string;
  private readonly now: number;

  constructor(private readonly options: AnalysisOptions = {}) {
    this.ttl = options.ttl ?? DEFAULT_TTL;
    this.separator = options.separator || DEFAULT_SEPARATOR;
    this.now = options.now ?? Date.now();
    this.namespaces = new NamespaceTally(this.separator, {
      depth: options.namespaceDepth ?? 3,
      top: options.topNamespaces ?? 10,
      maxTracked: options.maxTrackedNamespaces ?? 1000,
    });
    const top = options.topEntries ?? 10;
    this.biggest = new TopN(top, (a, b) => a.size > b.size || (a.size === b.size && a.key < b.key));
    this.oldest = new TopN(top, (a, b) => a.timestamp! < b.timestamp! || (a.timestamp === b.timestamp && a.key < b.key));
    this.unreadable = new UnreadableTally(options.examplesPerReason ?? 5);
  }

  add(entry: EntryInfo): void {
    const { size, state } = entry;
    addTo(this.totals, size);
    addTo(this.totals[state], size);
    this.biggest.offer(entry);
    if (state === 'unreadable') {
      this.unreadable.add(entry.problem, entry.size, entry.mtimeMs, () => summarize(entry));
    } else {
      addToTimeline(this.timeline, bucketOf(state === 'expired', entry.expiresAt ?? 0, this.now), size);
      this.oldest.offer(entry);
    }
    this.namespaces.add(entry.key, {
      bytes: size,
      expired: state === 'expired',
      defaultTtl: state !== 'unreadable' && entry.ttl === this.ttl,
    });
  }

  result(complete: boolean): CacheAnalysis {
    const analysis = {
      now: this.now,
      ...(this.options.folder === undefined ? {} : { folder: this.options.folder }),
      ttl: this.ttl,
      separator: this.separator,
      complete,
      totals: structuredClone(this.totals),
      namespaces: this.namespaces.result(),
      timeline: structuredClone(this.timeline),
      biggest: this.biggest.sorted().map(summarize),
      oldest: this.oldest.sorted().map(summarize),
      unreadable: this.unreadable.result(),
    };
    return { ...analysis, recommendations: recommend(analysis) };
  }
}

/** Progress is reported after a batch at most this often, in ms (and always after the first: the first chart). */
const REPORT_MS = 50;

/**
 * Analyses a listing (an array, or any iterable or async iterable of entries). Rejects with the signal's reason when
 * aborted. Between slices it calls `onProgress`, whose `snapshot()` gives the analysis so far (for a first chart).
 */
export function analyzeEntries(entries: Iterable<EntryInfo> | AsyncIterable<EntryInfo>, options: AnalysisOptions = {}): Promise<CacheAnalysis> {
  if (Array.isArray(entries)) return analyzeBatches([entries as EntryInfo[]], { total: entries.length, ...options });
  return analyzeBatches(oneByOne(entries), options);
}

/**
 * Analyses a listing that comes in batches (`Cache.streamEntries()`), reporting progress after the first batch, so
 * a first chart needs only the first files read, and then every few ms. `options.total`: the entries to expect.
 */
export async function analyzeBatches(
  batches: Iterable<readonly EntryInfo[]> | AsyncIterable<readonly EntryInfo[]>,
  options: AnalysisOptions = {},
): Promise<CacheAnalysis> {
  const { signal, onProgress, total } = options;
  signal?.throwIfAborted();
  const accumulator = new AnalysisAccumulator(options);
  let done = 0;
  let lastReport = -Infinity;
  const report = () => {
    lastReport = performance.now();
    onProgress?.({ done, total, snapshot: () => accumulator.result(false) });
  };
  let sliceStart = performance.now();
  for await (const batch of batches) {
    signal?.throwIfAborted();
    for (const entry of batch) {
      accumulator.add(entry);
      done++;
      // Checking the clock every entry costs more than the work; every 256 is well under a slice.
      if ((done & 255) === 0 && performance.now() - sliceStart >= SLICE_MS) {
        report();
        await new Promise((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
        sliceStart = performance.now();
      }
    }
    if (performance.now() - lastReport >= REPORT_MS) report();
  }
  // A stream stops quietly when aborted: the run must not pass for a complete one.
  signal?.throwIfAborted();
  report();
  return accumulator.result(true);
}

async function* oneByOne(entries: Iterable<EntryInfo> | AsyncIterable<EntryInfo>): AsyncGenerator<EntryInfo[]> {
  for await (const entry of entries) yield [entry];
}

/**
 * Analyses `cache`'s folder with the cache's own ttl, streaming: the names first (one readdir, the total for
 * progress), then the files in batches as they are read (never values), never holding the whole listing.
 */
export async function analyzeCache(cache: Cache, options: Omit<AnalysisOptions, 'ttl' | 'folder' | 'total'> = {}): Promise<CacheAnalysis> {
  options.signal?.throwIfAborted();
  const names = await cache.entryNames();
  const batches = cache.streamEntries({ names, signal: options.signal });
  return analyzeBatches(batches, { ...options, total: names.length, ttl: cache.ttl, folder: cache.dir });
}

function summarize(entry: EntryInfo): EntrySummary {
  const summary: EntrySummary = { key: entry.key, fileName: entry.fileName, path: entry.path, size: entry.size, state: entry.state };
  if (entry.timestamp !== undefined) summary.timestamp = entry.timestamp;
  if (entry.expiresAt !== undefined) summary.expiresAt = entry.expiresAt;
  return summary;
}
