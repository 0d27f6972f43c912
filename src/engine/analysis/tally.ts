// Counting entries and bytes together.
import type { Tally } from './types';

export function emptyTally(): Tally {
  return { count: 0, bytes: 0 };
}

export function addTo(tally: Tally, bytes: number, count = 1): void {
  tally.count += count;
  tally.bytes += bytes;
}

/** `part` as a fraction of `whole` bytes (0 when the whole is empty). */
export function byteShare(part: Tally, whole: Tally): number {
  return whole.bytes > 0 ? part.bytes / whole.bytes : 0;
}
