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

/**
 * Analyses a listing (an array, or any iterable or async iterable of entries). Rejects with the signal's reason when
 * aborted. Between slices it calls `onProgress`, whose `snapshot()` gives the analysis so far (for a first chart).
 */
export async function analyzeEntries(
  entries: Iterable<EntryInfo> | AsyncIterable<EntryInfo>,
  options: AnalysisOptions = {},
): Promise<CacheAnalysis> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const accumulator = new AnalysisAccumulator(options);
  const total = Array.isArray(entries) ? entries.length : undefined;
  let done = 0;
  let sliceStart = performance.now();
  const report = () => onProgress?.({ done, total, snapshot: () => accumulator.result(false) });
  for await (const entry of entries) {
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
  report();
  return accumulator.result(true);
}

/** Lists `cache`'s folder (never reading values) and analyses it with the cache's own ttl. */
export async function analyzeCache(cache: Cache, options: Omit<AnalysisOptions, 'ttl' | 'folder'> = {}): Promise<CacheAnalysis> {
  options.signal?.throwIfAborted();
  const entries = await cache.entries();
  return analyzeEntries(entries, { ...options, ttl: cache.ttl, folder: cache.dir });
}

function summarize(entry: EntryInfo): EntrySummary {
  const summary: EntrySummary = { key: entry.key, fileName: entry.fileName, path: entry.path, size: entry.size, state: entry.state };
  if (entry.timestamp !== undefined) summary.timestamp = entry.timestamp;
  if (entry.expiresAt !== undefined) summary.expiresAt = entry.expiresAt;
  return summary;
}
