// One cache folder's latest listing: loaded on first request (names first, states filled in as they are read), then
// patched from change batches (re-reading only the files that changed) or re-read whole. Keyed by the entry's
// identity, its file name within the folder.
import type { EntryInfo, EntryName, SharedEntryInfo } from '../../engine';
import { withCountedChanges } from './layeredEntries';
import { changedLineage, type ListingLineage } from './listingLineage';

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
  /**
   * While a load is reading states: how many of `entries` are known by name only (`unread`). Such a listing is
   * filled in place as states arrive; 0 or absent once complete.
   */
  unread?: number;
  /** While `unread` > 0 after a load cut short: where its unread entries are (see UnreadNames). */
  unreadAmong?: UnreadNames;
  /** Which files changed since the few listings of this folder before it (see listingLineage.ts). */
  lineage?: ListingLineage;
}

/**
 * Names a load was reading states of, and how far it got: every unread entry of its listing is among `names` from
 * `from` on, or in `then`. The next load reads on from there, and walks no entry read already.
 */
export interface UnreadNames {
  readonly names: readonly EntryName[];
  readonly from: number;
  /** More names to read on from, after these (a burst's new files shown by name come before the older ones). */
  readonly then?: UnreadNames;
}

/** How a load reports on its way: the listing as soon as its names are known, then as states fill in. */
export interface LoadProgress {
  /** The listing shown before this load (a re-read): entries known there keep their state until read again. */
  previous?: FolderListing;
  progress(listing: FolderListing): void;
  /**
   * Aborted when the listing is reset (Refresh, new settings), or when a newer full re-read is asked for: the load
   * stops reading and resolves with what it has (`unread` > 0); the newer load starts from it.
   */
  signal: AbortSignal;
  /**
   * With `previous`: the files known to have changed since it (a burst's names). Only they, and the files `previous`
   * does not have or had not read, are read; the rest keep what was read. Undefined: every file is read again.
   */
  changed?: ReadonlySet<string>;
  /**
   * With `previous` and `changed`: `changed` names every file added, changed or removed since `previous` (the
   * watcher reported each by name), so the folder's names are not listed again; only `changed` is looked up.
   */
  changedOnly?: boolean;
}

/** How the owner reads its folder: the whole of it, or one entry by key (undefined: the file is gone). */
export interface ListingSource {
  /** Resolves with the complete listing; may report partial ones through `load` first (names first). */
  loadAll(load: LoadProgress): Promise<FolderListing>;
  /** Reads exactly these files (the engine's stream over the given names); a file that is gone is left out. */
  readFiles(names: readonly EntryName[]): Promise<EntryInfo[]>;
  /** The key a file name stores, as the folder's measured names spell it; undefined for a name that is no entry's. */
  keyOf(fileName: string): string | undefined;
}

/**
 * Past this many changed files in one batch (or while a load is reading states), the batch is taken in by a load of
 * its own instead of a patch: the listing is built anew from the previous one's names and the batch's files, read
 * first, and the previous one's unread entries are read after. A patch waits for the load in flight (minutes of
 * states at a million entries) and copies the whole listing per batch.
 */
const PATCH_LIMIT = 200;

/**
 * Past this many changed files in one batch, the folder's names are listed again (one readdir): a flood that big is
 * where watchers drop events, and listing is then as cheap as looking each file up.
 */
const CHANGED_ONLY_LIMIT = 50_000;

export class EntryListing {
  private current: Promise<FolderListing> | undefined;
  /** A full re-read waiting for the listing in flight (at most one). */
  private queuedLoad: Promise<FolderListing> | undefined;
  /**
   * The latest listing known, for callers that must not wait (counts, first paint): complete, or one whose names
   * are known and whose states are still filling in (`unread` > 0).
   */
  latest: FolderListing | undefined;
  /** The first load's names-first listing, until `latest` has one. */
  private firstShown: Promise<FolderListing> | undefined;
  private loadsStarted = 0;
  /** Stops the loads in flight when the listing is reset. */
  private aborter = new AbortController();
  /** Stops the full load in flight (its state reads) when a newer one is asked for. */
  private loadAborter: AbortController | undefined;
  /** What the queued re-read must read again: the files of the batches it stands for; undefined: every file. */
  private queuedChanged: Set<string> | undefined;
  /** Whether the queued re-read's batches named every change by the engine's names (see LoadProgress.changedOnly). */
  private queuedChangedOnly = false;
  /**
   * What the load in flight reads again ('all': every file), while one is; a newer load cut it short takes that on.
   * `byName`: every name in `changed` is the engine's spelling of its key (a newer load may look them up alone).
   */
  private running: { changed: ReadonlySet<string> | 'all'; byName: boolean } | undefined;

  /** `onProgress`: a load in flight has more to show (its names, or a batch of states): at most every 250 ms. */
  constructor(
    private readonly source: ListingSource,
    private readonly onProgress: (listing: FolderListing) => void = () => undefined,
  ) {}

  get loaded(): boolean {
    return this.current !== undefined;
  }

  /**
   * The complete listing (every state read): when the load awaited was cut short by a newer full re-read, the newer
   * one's listing.
   */
  async get(): Promise<FolderListing> {
    for (;;) {
      const pending = this.started();
      const listing = await pending;
      if (!listing.unread || pending === this.current || this.current === undefined) return listing;
    }
  }

  /** The listing promise in flight, starting the first load when none is. */
  private started(): Promise<FolderListing> {
    if (!this.current) {
      let shown!: (listing: FolderListing) => void;
      let failed!: (error: unknown) => void;
      this.firstShown = new Promise((resolve, reject) => ((shown = resolve), (failed = reject)));
      const first = this.load(undefined, shown);
      this.current = this.track(first);
      // A load that reports nothing on its way (a shared tier, a refused folder) is shown when it ends.
      void first.then(shown, failed);
    }
    return this.current;
  }

  /** What to show now, without waiting for states: the latest listing, or the first one as soon as its names are known. */
  shown(): Promise<FolderListing> {
    const complete = this.get();
    if (this.latest) return Promise.resolve(this.latest);
    return this.firstShown ?? complete;
  }

  /** Forgets what is known and stops reading; the next `get` re-reads. */
  reset(): void {
    this.aborter.abort();
    this.aborter = new AbortController();
    this.current = undefined;
    this.queuedLoad = undefined;
    this.queuedChanged = undefined;
    this.queuedChangedOnly = false;
    this.latest = undefined;
    this.firstShown = undefined;
  }

  /** A full load; its partial listings count while no later load started (loads run one at a time) and no reset. */
  private load(previous: FolderListing | undefined, shown?: (listing: FolderListing) => void, changed?: ReadonlySet<string>, changedOnly = false) {
    const id = ++this.loadsStarted;
    const own = new AbortController();
    this.loadAborter = own;
    const reset = this.aborter.signal;
    const signal = AbortSignal.any([reset, own.signal]);
    // Without a previous listing there is nothing to keep: every file is read.
    const rereads = previous && changed;
    // Looked up alone only from a listing of the folder's names (not one that failed to read them).
    const looksUpChanged = rereads !== undefined && changedOnly && !previous?.error;
    // What a load cut short leaves to read again, besides its unread entries: nothing for a first listing (its
    // entries are read or unread, never stale: a burst during the first read of a million files reads its own
    // files), every file for a re-read of every file (an entry it had not reached yet shows its old state).
    // Nothing, either, for a load that looks its files up: a newer batch does not cut its listing short (it reads
    // only the files it names), only the reads of entries left unread after it, which stay unread for the next.
    // Carrying its files over made a pipeline writing without pause read every file written so far per batch,
    // and no listing came out until the writes stopped.
    const carried = looksUpChanged ? new Set<string>() : rereads;
    const running: EntryListing['running'] = { changed: carried ?? (previous ? 'all' : new Set<string>()), byName: changedOnly || !previous };
    this.running = running;
    const loaded = this.source.loadAll({
      previous,
      changed: rereads,
      changedOnly: looksUpChanged,
      signal,
      progress: (listing) => {
        shown?.(listing);
        // A load cut short by a newer batch still shows what it listed: under a pipeline writing without pause, each
        // load is cut short, and the view would show none of them until the writes stop.
        if (id !== this.loadsStarted || reset.aborted) return;
        this.latest = listing;
        this.onProgress(listing);
      },
    });
    const ended = () => {
      if (this.running === running) this.running = undefined;
    };
    void loaded.then(ended, ended);
    return loaded;
  }

  /**
   * Applies a batch of changed file names (`undefined`: re-read everything). Resolves once applied, or at once
   * with `undefined` when nothing was listed yet (the next `get` reads the folder as it is then).
   */
  apply(fileNames: ReadonlySet<string> | undefined): Promise<FolderListing | undefined> {
    const current = this.current;
    if (!current) return Promise.resolve(undefined);
    // Every name the engine's own spelling of its key (else reading it by key would read another file): they can be
    // looked up by name. A load in flight would hold a patch back until it ends: a load of the batch cuts it short.
    const keys = fileNames && fileNames.size <= CHANGED_ONLY_LIMIT ? keysOf(fileNames, this.source) : undefined;
    const patchable = keys !== undefined && keys.size <= PATCH_LIMIT && this.running === undefined && !this.queuedLoad;
    // A full re-read is queued and not started yet: it will see these changes too, and read their files.
    if (!patchable && this.queuedLoad) {
      if (fileNames && this.queuedChanged) for (const fileName of fileNames) this.queuedChanged.add(fileName);
      else this.queuedChanged = undefined;
      this.queuedChangedOnly &&= keys !== undefined;
      return this.queuedLoad;
    }
    // Chained on the previous listing so patches and re-reads apply in order, after any load in flight. Full
    // re-reads run one at a time: a burst of batches (50,000 files written at once) costs two listings, not one each.
    let next: Promise<FolderListing>;
    const reload = (previous?: FolderListing) => this.load(previous);
    if (patchable) {
      next = current.then((listing) => (listing.exists && !listing.refused ? this.patch(listing, keys) : reload()));
    } else {
      // The load in flight reads states of a folder that changed again: it stops (its reads so far are kept) and
      // this one lists the names now, instead of after every state of the old names (seconds at 100,000 entries).
      // What it had still to read is read by this one: every file, or its files with this batch's.
      const cut = this.running?.changed;
      this.queuedChanged = fileNames && cut !== 'all' ? new Set([...(cut ?? []), ...fileNames]) : undefined;
      this.queuedChangedOnly = keys !== undefined && (this.running?.byName ?? true);
      this.loadAborter?.abort();
      const start = (previous?: FolderListing) => {
        const changed = this.queuedChanged;
        const changedOnly = this.queuedChangedOnly;
        if (this.queuedLoad === next) {
          this.queuedLoad = undefined;
          this.queuedChanged = undefined;
          this.queuedChangedOnly = false;
        }
        return this.load(previous?.exists && !previous.refused ? previous : undefined, undefined, changed, changedOnly);
      };
      next = current.then(start, () => start());
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
    const names = [...keys].map(([fileName, key]) => ({ fileName, key }));
    const read = await this.source.readFiles(names).catch(() => []);
    // Each changed file as read now; one that could not be read (gone, or the read failed) leaves the listing. The
    // listing shown stays as it is: the new one shares its entries (layeredEntries.ts), a million are not copied.
    const changes = new Map<string, EntryInfo | undefined>(names.map(({ fileName }) => [fileName, undefined]));
    for (const entry of read) changes.set(entry.fileName, entry);
    // Counted by these files alone (exact when the listing's counts were): a million are not counted again.
    const entries = await withCountedChanges(listing.entries, changes);
    return { ...listing, entries, lineage: changedLineage(listing.lineage, keys) };
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
