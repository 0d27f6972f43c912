// Whole-listing copies done in slices of the event loop: at a million entries one `new Map(map)` or
// `new Set(map.keys())` holds the extension host for hundreds of milliseconds (a profile showed ~0.5 s).
import { awaitSyncTurn } from '../../engine/concurrency';

/** Entries copied between two looks at the slice's budget. */
const STEP = 4096;

/** A copy of `map`, built in slices. */
export async function copyInSlices<K, V>(map: ReadonlyMap<K, V>): Promise<Map<K, V>> {
  const copy = new Map<K, V>();
  let i = 0;
  for (const [key, value] of map) {
    if (i++ % STEP === 0) await awaitSyncTurn();
    copy.set(key, value);
  }
  return copy;
}

/** The map's keys as a set, built in slices. */
export async function keySetInSlices<K>(map: ReadonlyMap<K, unknown>): Promise<Set<K>> {
  const keys = new Set<K>();
  let i = 0;
  for (const key of map.keys()) {
    if (i++ % STEP === 0) await awaitSyncTurn();
    keys.add(key);
  }
  return keys;
}
