// One cache folder's latest listing: loaded on first request, then patched from change batches (re-reading only the
// files that changed) or re-read whole. Keyed by the entry's identity, its file name within the folder.
import type { EntryInfo, SharedEntryInfo } from '../../engine';

export interface FolderListing {
  /** Whether the cache folder exists on disk (or, with a shared tier, has shared entries to show). */
  exists: boolean;
  /** Entries by file name. */
  entries: ReadonlyMap<string, EntryInfo>;
  /** Why the folder could not be listed (or was refused by the folder guard: then nothing was read). */
  error?: string;
  /** The folder guard refused the folder: `error` says why. */
  refused?: boolean;
  /** With a shared tier: its entries by key, as listed at the last full load (Refresh re-reads them). */
  shared?: ReadonlyMap<string, SharedEntryInfo>;
  /** With a shared tier: why it could not be listed. */
  sharedError?: string;
}

/** How the owner reads its folder: the whole of it, or one entry by key (undefined: the file is gone). */
export interface ListingSource {
  loadAll(): Promise<FolderListing>;
  readEntry(key: string): Promise<EntryInfo | undefined>;
  /** The key a file name stores, as the folder's measured names spell it; undefined for a name that is no entry's. */
  keyOf(fileName: string): string | undefined;
}

/** Past this many changed files in one batch, one full listing is cheaper than reading each. */
const PATCH_LIMIT = 200;

export class EntryListing {
  private current: Promise<FolderListing> | undefined;
  /** A full re-read waiting for the listing in flight (at most one). */
  private queuedLoad: Promise<FolderListing> | undefined;
  /** The last listing that finished loading, for callers that must not wait (counts, first paint). */
  latest: FolderListing | undefined;

  constructor(private readonly source: ListingSource) {}

  get loaded(): boolean {
    return this.current !== undefined;
  }

  get(): Promise<FolderListing> {
    this.current ??= this.track(this.source.loadAll());
    return this.current;
  }

  /** Forgets what is known; the next `get` re-reads. */
  reset(): void {
    this.current = undefined;
    this.queuedLoad = undefined;
    this.latest = undefined;
  }

  /**
   * Applies a batch of changed file names (`undefined`: re-read everything). Resolves once applied, or at once
   * with `undefined` when nothing was listed yet (the next `get` reads the folder as it is then).
   */
  apply(fileNames: ReadonlySet<string> | undefined): Promise<FolderListing | undefined> {
    const current = this.current;
    if (!current) return Promise.resolve(undefined);
    const keys = fileNames && fileNames.size <= PATCH_LIMIT ? keysOf(fileNames, this.source) : undefined;
    // A full re-read is queued and not started yet: it will see these changes too.
    if (!keys && this.queuedLoad) return this.queuedLoad;
    // Chained on the previous listing so patches and re-reads apply in order, after any load in flight. Full
    // re-reads run one at a time: a burst of batches (50,000 files written at once) costs two listings, not one each.
    let next: Promise<FolderListing>;
    if (keys) {
      next = current.then((listing) => (listing.exists && !listing.refused ? this.patch(listing, keys) : this.source.loadAll()));
    } else {
      const start = () => {
        if (this.queuedLoad === next) this.queuedLoad = undefined;
        return this.source.loadAll();
      };
      next = current.then(start, start);
      this.queuedLoad = next;
    }
    this.current = this.track(next);
    return this.current;
  }

  private track(listing: Promise<FolderListing>): Promise<FolderListing> {
    void listing.then(
      (done) => {
        if (this.current === listing) this.latest = done;
      },
      () => undefined,
    );
    return listing;
  }

  private async patch(listing: FolderListing, keys: Map<string, string>): Promise<FolderListing> {
    const entries = new Map(listing.entries);
    await Promise.all(
      [...keys].map(async ([fileName, key]) => {
        const entry = await this.source.readEntry(key).catch(() => undefined);
        if (entry) entries.set(fileName, entry);
        else entries.delete(fileName);
      }),
    );
    return { ...listing, entries };
  }
}

/**
 * File name → key for each changed file, or undefined when one is not the engine's own spelling of a key (then
 * re-list): reading such a name by key would read another file, the key's canonical one.
 */
function keysOf(fileNames: ReadonlySet<string>, source: ListingSource): Map<string, string> | undefined {
  const keys = new Map<string, string>();
  for (const fileName of fileNames) {
    const key = source.keyOf(fileName);
    if (key === undefined) return undefined;
    keys.set(fileName, key);
  }
  return keys;
}
