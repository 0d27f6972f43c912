// A listing's entries as the Map of an earlier listing plus the files changed since. A burst of 10,000 new files in a
// folder of a million came as dozens of batches, and each batch's listing copied the million entries into a Map of
// its own (0.7–2.5 s in the host, with garbage collections of half a second): the work a batch costs is now in the
// files it changed. Past MOST_CHANGED changed files the entries are flattened into one Map again, in slices.
import type { StoredEntry } from '../../engine';
import { CountsChange } from './entryCounts';
import { copyInSlices } from './slicedPasses';

/** Past this many files changed since the shared Map, a new listing gets a Map of its own (every look-up stays cheap). */
const MOST_CHANGED = 100_000;

/** What changed, by file name: the entry the file holds now, or `undefined` when it is gone. */
export type EntryChanges<V> = ReadonlyMap<string, V | undefined>;

export class LayeredEntries<V> implements ReadonlyMap<string, V> {
  private constructor(
    /** The Map shared with the listing these entries were made from (never changed: listings are replaced whole). */
    private readonly base: ReadonlyMap<string, V>,
    private readonly changes: EntryChanges<V>,
    readonly size: number,
  ) {}

  /**
   * `entries` with `changes` applied. Per changed file (no walk over the other entries), unless the changes since the
   * Map they share grow past MOST_CHANGED: then a Map of their own, built in slices.
   */
  static async of<V>(entries: ReadonlyMap<string, V>, changes: EntryChanges<V>): Promise<ReadonlyMap<string, V>> {
    const layered = entries instanceof LayeredEntries ? (entries as LayeredEntries<V>) : undefined;
    const base = layered?.base ?? entries;
    const merged = layered ? new Map([...layered.changes, ...changes]) : changes;
    const after = new LayeredEntries(base, merged, sizeAfter(entries, changes));
    return merged.size > MOST_CHANGED ? copyInSlices(after) : after;
  }

  get(fileName: string): V | undefined {
    return this.changes.has(fileName) ? this.changes.get(fileName) : this.base.get(fileName);
  }

  has(fileName: string): boolean {
    return this.changes.has(fileName) ? this.changes.get(fileName) !== undefined : this.base.has(fileName);
  }

  /** The shared Map's entries in their order, less the changed ones; then the changed files present now. */
  *entries(): IterableIterator<[string, V]> {
    for (const pair of this.base) if (!this.changes.has(pair[0])) yield pair;
    for (const [fileName, value] of this.changes) if (value !== undefined) yield [fileName, value];
  }

  *keys(): IterableIterator<string> {
    for (const [fileName] of this.entries()) yield fileName;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [fileName, value] of this.entries()) callback.call(thisArg, value, fileName, this);
  }
}

/**
 * `entries` with `changes` applied (see LayeredEntries.of), counted by the changed files alone (see CountsChange).
 * `fill`: for changes that reuse an entry of `entries` and fill it in place with what was read, fills them; it runs
 * once the changed files are counted as they stood, in the same synchronous step.
 */
export async function withCountedChanges<V extends StoredEntry>(
  entries: ReadonlyMap<string, V>,
  changes: EntryChanges<V>,
  fill?: () => void,
): Promise<ReadonlyMap<string, V>> {
  const after = await LayeredEntries.of(entries, changes);
  const counts = new CountsChange(entries);
  for (const fileName of changes.keys()) {
    const before = entries.get(fileName);
    if (before) counts.removed(before);
  }
  fill?.();
  for (const entry of changes.values()) if (entry) counts.added(entry);
  counts.rememberFor(after);
  return after;
}

/** How many entries `entries` has once `changes` are applied. */
function sizeAfter<V>(entries: ReadonlyMap<string, V>, changes: EntryChanges<V>): number {
  let size = entries.size;
  for (const [fileName, value] of changes) size += (value !== undefined ? 1 : 0) - (entries.has(fileName) ? 1 : 0);
  return size;
}
