// The shapes of a cache analysis: what `analyzeEntries` computes and what the panel, the CLI and exports show.
import type { EntryState } from '../types';

/** A number of entries and the bytes they hold on disk. */
export interface Tally {
  count: number;
  bytes: number;
}

export interface AnalysisTotals extends Tally {
  fresh: Tally;
  expired: Tally;
  unreadable: Tally;
}

/** One namespace: the keys that start with `prefix` followed by the separator. */
export interface NamespaceStats extends Tally {
  /** Its last segment (`v3` for `model:v3`); `(no namespace)` for keys without a separator at the top level. */
  name: string;
  /** The full prefix without the trailing separator (`model:v3`); '' for the root. */
  prefix: string;
  /** Of these, already expired (what a cleanup would free). */
  expired: Tally;
  /** Of these, readable entries whose ttl is the cache's (they carry no `ttl` of their own). */
  defaultTtl: Tally;
  /** Entries whose key ends right after this prefix (no deeper namespace). */
  direct: Tally;
  /** The biggest sub-namespaces by bytes, at most `topNamespaces`; empty past `namespaceDepth`. */
  children: NamespaceStats[];
  /**
   * The sub-namespaces left out of `children`: `namespaces` of them by rank, plus, when `untracked`, the entries of
   * sub-namespaces first seen after `maxTrackedNamespaces` distinct ones (counted, not told apart).
   */
  otherChildren: Tally & { namespaces: number; untracked: boolean };
}

export type ExpiryBucket = 'expired' | 'hour' | 'day' | 'week' | 'later';

/** Readable entries by when they expire, counted from the analysis' `now`; unreadable ones are not here. */
export type ExpiryTimeline = Record<ExpiryBucket, Tally>;

/** The few facts of an entry that the biggest and oldest lists show. */
export interface EntrySummary {
  key: string;
  fileName: string;
  path: string;
  size: number;
  state: EntryState;
  /** Unix seconds; undefined when unreadable. */
  timestamp?: number;
  /** Unix seconds; undefined when unreadable. */
  expiresAt?: number;
}

export interface UnreadableGroup extends Tally {
  /** The problem with its details (a parser's position, a quoted value) taken out, so alike files group together. */
  reason: string;
  /** When the oldest of these files was last modified, in ms since the epoch (unknown for folders and odd names). */
  since?: number;
  /** A few of the files, for a link each. */
  examples: EntrySummary[];
}

/** What a recommendation's button does; the extension maps each to a command, the CLI prints it. */
export type RecommendationAction =
  | { id: 'cleanupExpired' }
  | { id: 'filter'; filter: string }
  | { id: 'showUnreadable' }
  | { id: 'openEntry'; entry: EntrySummary };

export type Recommendation =
  | { kind: 'expired'; expired: Tally; share: number; action: RecommendationAction }
  | { kind: 'namespaceWithoutTtl'; prefix: string; separator: string; defaultTtl: Tally; share: number; action: RecommendationAction }
  /** `since`: the oldest unreadable file's modification time, in ms since the epoch, when known. */
  | { kind: 'unreadable'; unreadable: Tally; since?: number; action: RecommendationAction }
  | { kind: 'dominantEntry'; entry: EntrySummary; share: number; action: RecommendationAction };

export interface CacheAnalysis {
  /** When the analysis judged the timeline, in ms since the epoch. */
  now: number;
  /** The cache folder, when known. */
  folder?: string;
  /** The cache's default ttl in seconds (entries without their own). */
  ttl: number;
  separator: string;
  /** False for a snapshot taken while the listing is still being read, or a cancelled run. */
  complete: boolean;
  totals: AnalysisTotals;
  /** The root namespace: its children are the top-level namespaces. */
  namespaces: NamespaceStats;
  timeline: ExpiryTimeline;
  biggest: EntrySummary[];
  /** Oldest by timestamp (readable entries only). */
  oldest: EntrySummary[];
  unreadable: UnreadableGroup[];
  recommendations: Recommendation[];
}

export interface AnalysisProgress {
  done: number;
  /** Entries to go through, when known. */
  total?: number;
  /** The analysis of what was seen so far (`complete: false`); computed only when called. */
  snapshot(): CacheAnalysis;
}

export interface AnalysisOptions {
  /** The cache's default ttl in seconds: entries with this ttl count as having none of their own. Default 86400. */
  ttl?: number;
  /** What separates namespaces in keys. Default `:`. */
  separator?: string;
  /** Now, in ms since the epoch, for the expiry timeline. Default `Date.now()`. */
  now?: number;
  /** Namespace levels kept. Default 3. */
  namespaceDepth?: number;
  /** Sub-namespaces listed per namespace (the rest are summed). Default 10. */
  topNamespaces?: number;
  /**
   * Distinct sub-namespaces counted one by one per namespace (and 20 times this over all levels); past this, they
   * are summed (bounds memory). Default 1000.
   */
  maxTrackedNamespaces?: number;
  /** Length of the biggest and oldest lists. Default 10. */
  topEntries?: number;
  /** Example files kept per unreadable reason. Default 5. */
  examplesPerReason?: number;
  /** The cache folder, copied into the result. */
  folder?: string;
  /** Entries to expect, for progress (an array's length is known without it). */
  total?: number;
  /** Stops the run: it rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called after each slice of entries (the event loop turns between slices). */
  onProgress?(progress: AnalysisProgress): void;
}
