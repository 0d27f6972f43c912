// The view's state filter (Filter… → fresh / expired / unreadable / expires within …), combined with the key filter.
// Pure: states are judged by the engine's one expiry rule at the instant the filter was set, so the tree and
// Delete Matching… agree on exactly which entries it shows.
import { entryStateAt, type StoredEntry } from '../../engine';

export type StateFilter = { kind: 'fresh' | 'expired' | 'unreadable' } | { kind: 'expiresWithin'; seconds: number };

export function matchesState(filter: StateFilter, entry: Pick<StoredEntry, 'state' | 'timestamp' | 'ttl'>, nowMs: number): boolean {
  const state = entryStateAt(entry, nowMs);
  if (filter.kind !== 'expiresWithin') return state === filter.kind;
  // Still fresh, and expired by then.
  return state === 'fresh' && entryStateAt(entry, nowMs + filter.seconds * 1000) === 'expired';
}
