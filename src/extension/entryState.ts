// How an entry stands at a given moment, from what the engine listed: the tree re-renders each minute
// without touching disk, so an entry listed as fresh turns expired once the clock passes its expiresAt.
import type { EntryInfo, EntryState } from '../engine';

export function nowInSeconds(): number {
  return Date.now() / 1000;
}

export function stateAt(entry: EntryInfo, now: number): EntryState {
  if (entry.state === 'fresh' && entry.expiresAt !== undefined && entry.expiresAt <= now) return 'expired';
  return entry.state;
}

export interface EntryCounts {
  total: number;
  expired: number;
  unreadable: number;
}

export function countStates(entries: Iterable<EntryInfo>, now: number): EntryCounts {
  const counts = { total: 0, expired: 0, unreadable: 0 };
  for (const entry of entries) {
    counts.total++;
    const state = stateAt(entry, now);
    if (state === 'expired') counts.expired++;
    else if (state === 'unreadable') counts.unreadable++;
  }
  return counts;
}

/** "1,204 · 37 expired": the shape used by group nodes, folder nodes and the status bar. */
export function formatCounts(counts: EntryCounts): string {
  const total = counts.total.toLocaleString('en-US');
  return counts.expired ? `${total} · ${counts.expired.toLocaleString('en-US')} expired` : total;
}
