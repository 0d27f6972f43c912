// Which files changed between a listing and the listings of the same folder before it. A listing is replaced whole
// when files change, but a burst's load or a patch keeps every other entry as the very same object: knowing which
// files changed lets the view place those few in an order it already has, instead of sorting a million keys again
// (seconds) or matching a million entries by key (~1 s). Each lineage holds the files changed since the listing just
// before it and that listing's lineage, so a view that ordered a listing dozens of batches ago (a burst at a million
// entries makes one listing per batch) still places the latest from it. Lineages never hold a listing: none keeps an
// earlier listing alive.

/** The lineage of one listing. */
export interface ListingLineage {
  readonly serial: number;
  /**
   * The files changed (added, re-read or removed) since the listing before, each with the key its name stores (the
   * view finds its entry in an order by that key, without walking the other entries); absent for a listing read
   * afresh, which extends no earlier one.
   */
  readonly files?: ChangedFiles;
  /** The lineage of the listing before; cut once it reaches too far back (see changedLineage). */
  before?: ListingLineage;
}

/** Changed files by name, each with its key. */
export type ChangedFiles = ReadonlyMap<string, string>;

/** Past this many changed files since an earlier listing, it is out of reach (the view sorts again instead). */
const MOST_CHANGED = 100_000;

/** How many listings back a lineage reaches at most. */
const MOST_LISTINGS = 1000;

let lastSerial = 0;

/** The lineage of a listing read afresh (the folder's names listed again): no earlier listing it is known to extend. */
export function freshLineage(): ListingLineage {
  return { serial: ++lastSerial };
}

/**
 * The lineage of a listing that is `from` with exactly `files` changed: every other entry of it is in the new listing
 * as the same object. Listings past MOST_CHANGED files or MOST_LISTINGS listings back are let go.
 */
export function changedLineage(from: ListingLineage | undefined, files: ChangedFiles): ListingLineage {
  if (!from || files.size > MOST_CHANGED) return freshLineage();
  const lineage: ListingLineage = { serial: ++lastSerial, files, before: from };
  // What reaching past each listing back costs: the files changed since it, this listing's first.
  let changed = files.size;
  let listings = 1;
  for (let reached = from; reached.before; reached = reached.before) {
    changed += reached.files?.size ?? 0;
    if (++listings > MOST_LISTINGS || changed > MOST_CHANGED) {
      reached.before = undefined;
      break;
    }
  }
  return lineage;
}

/** The files changed since the listing numbered `serial`, if this lineage reaches back to it. */
export function changedSince(lineage: ListingLineage | undefined, serial: number | undefined): ChangedFiles | undefined {
  if (!lineage || serial === undefined) return undefined;
  // Most calls ask for the listing just before: its files as they are.
  if (lineage.before?.serial === serial) return lineage.files;
  const changed = new Map<string, string>();
  for (let reached: ListingLineage | undefined = lineage; reached?.files; reached = reached.before) {
    for (const [fileName, key] of reached.files) changed.set(fileName, key);
    if (reached.before?.serial === serial) return changed;
  }
  return undefined;
}
