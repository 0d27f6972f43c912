// A glimpse of a huge cache folder: the first few thousand names it lists, as entries known by name only. Reading a
// million names takes seconds; the first 4,096 take milliseconds. The view shows the groups they make ("counting…")
// until every name is read, so the first screen does not wait for the whole folder. A folder's own order is not
// the keys' (ext4 and APFS list in hash order, NTFS in name order): with hash order a glimpse holds nearly every
// group there is; in name order, later groups come after the first ones, below them, so rows shown do not move.
import type { Cache } from '../../engine';
import type { FileEntry } from './listedEntry';
import { NamedEntry } from './namedEntry';

/** Names read for a glimpse: thousands of times fewer than a million, and still a sample where a group of 0.1% shows. */
export const GLIMPSE_NAMES = 4096;

/**
 * The first GLIMPSE_NAMES entries `cache`'s folder lists, by name only ("reading…"); undefined when the folder holds
 * no more than that (its whole listing comes as fast: no glimpse needed) or cannot be read (the listing will say why).
 */
export async function glimpseOf(cache: Cache, limit = GLIMPSE_NAMES): Promise<FileEntry[] | undefined> {
  try {
    const { names, all } = await cache.someEntryNames(limit);
    return all ? undefined : names.map((name) => new NamedEntry(cache.dir, name, cache.ttl));
  } catch {
    return undefined;
  }
}
