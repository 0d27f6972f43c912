// Which files changed between a listing and the few listings of the same folder just before it. A listing is replaced
// whole when files change (a new Map), but a burst's load or a patch keeps every other entry as the very same object:
// knowing which files changed lets the view place those few in an order it already has, instead of sorting a million
// keys again (~10 s) or matching a million entries by key (~1 s). Listings are named by serial number, so none keeps
// an earlier one alive.

/** The lineage of one listing: its serial, and the files changed since each of a few earlier listings. */
export interface ListingLineage {
  readonly serial: number;
  /**
   * Nearest first: the files changed (added, re-read or removed) since the listing numbered `serial`, each with the
   * key its name stores (the view finds its entry in an order by that key, without walking the other entries).
   */
  readonly since: ReadonlyArray<{ readonly serial: number; readonly files: ChangedFiles }>;
}

/** Changed files by name, each with its key. */
export type ChangedFiles = ReadonlyMap<string, string>;

/** How many earlier listings a lineage reaches back to: the view orders nearly every listing, the last few at most. */
const DEPTH = 8;

/** Past this many changed files since an earlier listing, it is dropped from the lineage (the view sorts again). */
const MOST_CHANGED = 100_000;

let lastSerial = 0;

/** The lineage of a listing read afresh (the folder's names listed again): no earlier listing it is known to extend. */
export function freshLineage(): ListingLineage {
  return { serial: ++lastSerial, since: [] };
}

/**
 * The lineage of a listing that is `from` with exactly `files` changed: every other entry of it is in the new listing
 * as the same object.
 */
export function changedLineage(from: ListingLineage | undefined, files: ChangedFiles): ListingLineage {
  if (!from || files.size > MOST_CHANGED) return freshLineage();
  const since = [{ serial: from.serial, files }];
  for (const earlier of from.since.slice(0, DEPTH - 1)) {
    if (earlier.files.size + files.size > MOST_CHANGED) break;
    since.push({ serial: earlier.serial, files: new Map([...earlier.files, ...files]) });
  }
  return { serial: ++lastSerial, since };
}

/** The files changed since the listing numbered `serial`, if this lineage reaches back to it. */
export function changedSince(lineage: ListingLineage | undefined, serial: number | undefined): ChangedFiles | undefined {
  if (!lineage || serial === undefined) return undefined;
  return lineage.since.find((earlier) => earlier.serial === serial)?.files;
}
