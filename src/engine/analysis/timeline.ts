// Readable entries by when they expire: what a cleanup frees now, and what it will free within an hour, day, week.
import { addTo, emptyTally } from './tally';
import type { ExpiryBucket, ExpiryTimeline } from './types';

/** The buckets in time order, each with the seconds from now that it reaches up to. */
export const EXPIRY_BUCKETS: readonly { bucket: ExpiryBucket; withinSeconds: number }[] = [
  { bucket: 'expired', withinSeconds: 0 },
  { bucket: 'hour', withinSeconds: 3600 },
  { bucket: 'day', withinSeconds: 86_400 },
  { bucket: 'week', withinSeconds: 7 * 86_400 },
  { bucket: 'later', withinSeconds: Number.POSITIVE_INFINITY },
];

export function emptyTimeline(): ExpiryTimeline {
  return { expired: emptyTally(), hour: emptyTally(), day: emptyTally(), week: emptyTally(), later: emptyTally() };
}

/**
 * Which bucket an entry falls in. Expired is the engine's own judgement (what cleanup removes); a fresh entry whose
 * expiry passed since it was listed counts in the first hour, not as expired, so the two never disagree.
 */
export function bucketOf(expired: boolean, expiresAt: number, nowMs: number): ExpiryBucket {
  if (expired) return 'expired';
  const left = expiresAt - nowMs / 1000;
  for (const { bucket, withinSeconds } of EXPIRY_BUCKETS) {
    if (bucket !== 'expired' && left <= withinSeconds) return bucket;
  }
  return 'later';
}

export function addToTimeline(timeline: ExpiryTimeline, bucket: ExpiryBucket, bytes: number): void {
  addTo(timeline[bucket], bytes);
}
