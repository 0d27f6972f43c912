// Passes over a whole listing (a copy, a set of its names, a map or a filter of its entries) done in slices of the
// event loop: at a million entries one `new Map(map)` or `new Set(map.keys())` held the extension host for hundreds
// of milliseconds (a profile showed ~0.5 s), and matching a glob against 100,000 keys ~140 ms.
import { awaitSyncTurn } from '../../engine/concurrency';

/** Items handled between two looks at the slice's budget. */
const STEP = 2048;

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

/** The set of `keyOf` each item, built in slices. */
export async function setInSlices<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Promise<Set<K>> {
  const keys = new Set<K>();
  let i = 0;
  for (const item of items) {
    if (i++ % STEP === 0) await awaitSyncTurn();
    keys.add(keyOf(item));
  }
  return keys;
}

/** `items.map(f)`, in slices. */
export async function mapInSlices<T, U>(items: readonly T[], f: (item: T, index: number) => U): Promise<U[]> {
  const mapped: U[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i % STEP === 0) await awaitSyncTurn();
    mapped.push(f(items[i]!, i));
  }
  return mapped;
}

/** `items.filter(keep)`, in slices. */
export async function filterInSlices<T>(items: readonly T[], keep: (item: T, index: number) => boolean): Promise<T[]> {
  const kept: T[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i % STEP === 0) await awaitSyncTurn();
    if (keep(items[i]!, i)) kept.push(items[i]!);
  }
  return kept;
}
