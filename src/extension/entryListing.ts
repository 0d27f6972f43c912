// The latest listing of each cache folder, loaded on first request and then patched from change batches
// (re-reading only the files that changed), shared by the tree, the badge and the status bar.
import * as vscode from 'vscode';
import { fileNameToKey, type EntryInfo, type SharedEntryInfo } from '../engine';
import type { CacheFolder, CacheFolders, FolderChange } from './cacheFolders';
import type { Log } from './log';

export interface FolderListing {
  folder: CacheFolder;
  /** Whether the cache folder exists on disk. */
  exists: boolean;
  /** Entries by file name. */
  entries: ReadonlyMap<string, EntryInfo>;
  /** Why the folder could not be listed, when it could not. */
  error?: string;
  /** With a shared tier: its entries by key, as listed at the last full load (Refresh re-reads them). */
  shared?: ReadonlyMap<string, SharedEntryInfo>;
  /** With a shared tier: why it could not be listed. */
  sharedError?: string;
}

/** Past this many changed files in one batch, one full listing is cheaper than reading each. */
const PATCH_LIMIT = 200;

export class EntryListing implements vscode.Disposable {
  private readonly listings = new Map<CacheFolder, Promise<FolderListing>>();
  /** Full re-reads waiting for the listing in flight, per folder (at most one each). */
  private readonly queuedLoads = new Map<CacheFolder, Promise<FolderListing>>();
  private readonly emitter = new vscode.EventEmitter<CacheFolder | undefined>();
  private readonly subscriptions: vscode.Disposable[];

  /** A folder's listing changed (`undefined`: the set of folders changed). */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly folders: CacheFolders,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      folders.onDidChangeEntries((change) => this.apply(change)),
      // Listed while Redis was unreachable: list again once it is back.
      folders.onDidChangeSharedState((folder) => {
        const listing = this.listings.get(folder);
        if (folder.sharedState === 'off' || (folder.sharedState === 'connected' && listing)) {
          void listing?.then((current) => {
            if (current.sharedError !== undefined || (folder.sharedState === 'off' && current.shared)) this.refresh(folder);
          });
        }
      }),
      folders.onDidChangeFolders(() => {
        for (const folder of this.listings.keys()) if (!folders.all().includes(folder)) this.listings.delete(folder);
        this.emitter.fire(undefined);
      }),
    ];
  }

  get(folder: CacheFolder): Promise<FolderListing> {
    let listing = this.listings.get(folder);
    if (!listing) {
      listing = this.load(folder);
      this.listings.set(folder, listing);
    }
    return listing;
  }

  /** Every folder's listing (loads the ones not loaded yet). */
  all(): Promise<FolderListing[]> {
    return Promise.all(this.folders.all().map((folder) => this.get(folder)));
  }

  /** Drops what is known and re-reads on next request. */
  refresh(folder?: CacheFolder): void {
    if (folder) this.listings.delete(folder);
    else this.listings.clear();
    this.emitter.fire(folder);
  }

  private apply({ folder, fileNames }: FolderChange): void {
    const current = this.listings.get(folder);
    if (!current) {
      this.emitter.fire(folder);
      return;
    }
    const keys = fileNames && fileNames.size <= PATCH_LIMIT ? keysOf(fileNames) : undefined;
    // A full re-read is queued and not started yet: it will see these changes too.
    if (!keys && this.queuedLoads.has(folder)) return;
    // Chained on the previous listing so patches and re-reads apply in order, after any load in flight. Full
    // re-reads run one at a time: a burst of batches (50,000 files written at once) costs two listings, not one each.
    let next: Promise<FolderListing>;
    if (keys) {
      next = current.then((listing) => (listing.exists ? this.patch(listing, keys) : this.load(folder)));
    } else {
      const start = () => {
        this.queuedLoads.delete(folder);
        return this.load(folder);
      };
      next = current.then(start, start);
      this.queuedLoads.set(folder, next);
    }
    this.listings.set(folder, next);
    void next.then(() => this.emitter.fire(folder));
  }

  private async load(folder: CacheFolder): Promise<FolderListing> {
    const shared = await this.loadShared(folder);
    if (!(await folder.exists())) return { folder, exists: shared.shared !== undefined && shared.shared.size > 0, entries: new Map(), ...shared };
    try {
      const entries = await folder.cache.entries();
      return { folder, exists: true, entries: new Map(entries.map((entry) => [entry.fileName, entry])), ...shared };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log.warn(`Could not list ${folder.uri.fsPath}: ${reason}`);
      return { folder, exists: true, entries: new Map(), error: reason };
    }
  }

  private async loadShared(folder: CacheFolder): Promise<Pick<FolderListing, 'shared' | 'sharedError'>> {
    if (folder.sharedState === 'off') return {};
    try {
      const entries = await folder.cache.sharedEntries();
      return { shared: new Map(entries.map((entry) => [entry.key, entry])) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log.warn(`Could not list the shared entries of ${folder.name}: ${reason}`);
      return { sharedError: reason };
    }
  }

  private async patch(listing: FolderListing, keys: Map<string, string>): Promise<FolderListing> {
    const entries = new Map(listing.entries);
    await Promise.all(
      [...keys].map(async ([fileName, key]) => {
        const entry = await listing.folder.cache.entry(key).catch(() => undefined);
        if (entry) entries.set(fileName, entry);
        else entries.delete(fileName);
      }),
    );
    return { ...listing, entries };
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.emitter.dispose();
  }
}

/** File name → key for each changed file, or undefined when one has no key of its own (then re-list). */
function keysOf(fileNames: ReadonlySet<string>): Map<string, string> | undefined {
  const keys = new Map<string, string>();
  for (const fileName of fileNames) {
    const key = fileNameToKey(fileName);
    if (key === undefined) return undefined;
    keys.set(fileName, key);
  }
  return keys;
}
