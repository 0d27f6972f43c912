// The one expiry rule, shared by the engine's judgement and the view's minute re-render (which never re-judges).
import type { EntryState, StoredEntry } from './types';

/** Expired means `now - timestamp > ttl`, as in the spec: timestamp and ttl in seconds, now in ms. */
export function isExpired(timestamp: number, ttl: number, nowMs: number): boolean {
  return nowMs / 1000 - timestamp > ttl;
}

/**
 * How a listed entry stands at `nowMs`: the listing's state carried forward by the same rule, so an entry listed
 * fresh turns expired once its time passes without reading the disk again. Unreadable stays unreadable.
 */
export function entryStateAt(entry: Pick<StoredEntry, 'state' | 'timestamp' | 'ttl'>, nowMs: number): EntryState {
  if (entry.state === 'unreadable' || entry.timestamp === undefined) return entry.state;
  return isExpired(entry.timestamp, entry.ttl, nowMs) ? 'expired' : 'fresh';
}
