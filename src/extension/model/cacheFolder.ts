// One workspace folder's cache: the guarded real path of its cache folder, its engine, its watcher and its listing.
// Every change (on disk, by the engine, of settings, of the shared tier) leaves here as one `onDidChange`, after the
// listing has taken it in, so whoever listens reads a listing that already shows it.
import * as vscode from 'vscode';
import { Cache, redactUrl, type CacheChange, type EntryInfo, type SharedState, type StorageError } from '../../engine';
import type { Log } from '../log';
import { folderSettings, sharedSettings, type FolderSettings, type SharedSettings } from '../settings';
import { CacheWatcher } from './cacheWatcher';
import { sameVerdict, type GuardVerdict } from './folderGuard';
import { glimpseOf } from './folderGlimpse';
import type { FileEntry } from './listedEntry';
import { EntryListing, type FolderListing, type LoadProgress } from './folderListing';
import { loadNamesFirst, namesChangedSince } from './namesFirst';
import { guardCacheFolder } from './realPaths';
import { refusalMessage } from './refusalMessage';

/** Shared-tier warnings repeat for every operation while Redis is down: log at most one per this many ms. */
const WARNING_LOG_INTERVAL_MS = 30_000;

/**
 * What changed in one folder: its first listing is complete (`listed`), a listing being read has more to show (its
 * names, or a batch of states: `states`, at most every 250 ms), its entries changed (the file names re-read, or
 * `undefined` for all), its shared tier's state, or its configuration (settings, or the guard's verdict: everything
 * is to be re-read). The collection adds `added` and `removed` for workspace folders coming and going.
 */
export type FolderChangeKind = 'listed' | 'states' | 'entries' | 'shared' | 'configured' | 'added' | 'removed';

export interface FolderChange {
  readonly folder: CacheFolder;
  readonly kind: FolderChangeKind;
  /** For `entries`: the file names that changed; `undefined` when the whole folder was re-read. */
  readonly fileNames?: ReadonlySet<string>;
}

export class CacheFolder implements vscode.Disposable {
  private engine: Cache | undefined;
  private engineSubscription: vscode.Disposable | undefined;
  private watcher: CacheWatcher | undefined;
  private settings: FolderSettings;
  private shared: SharedSettings;
  private judged: GuardVerdict | undefined;
  private lastWarningLogged = 0;
  /** The glimpse of the folder's first names, read once per listing (see glimpse()). */
  private glimpsed: Promise<FileEntry[] | undefined> | undefined;
  private readonly listing = new EntryListing(
    {
      loadAll: (load) => this.loadAll(load),
      readFiles: async (names) => {
        const read: EntryInfo[] = [];
        for await (const batch of this.cache.streamEntries({ names })) read.push(...batch);
        return read;
      },
      keyOf: (fileName) => this.cache.fileNames.keyOf(fileName),
    },
    () => {
      // The names are known: no glimpse is needed any more.
      this.glimpsed = undefined;
      this.changes.fire({ folder: this, kind: 'states' });
    },
  );
  private readonly changes = new vscode.EventEmitter<FolderChange>();

  readonly onDidChange = this.changes.event;

  constructor(
    readonly workspaceFolder: vscode.WorkspaceFolder,
    private readonly log?: Log,
  ) {
    this.settings = folderSettings(workspaceFolder);
    this.shared = sharedSettings(workspaceFolder);
  }

  get name(): string {
    return this.workspaceFolder.name;
  }

  /** The folder guard's verdict on the configured cache folder, judged on first use and whenever it may have moved. */
  get verdict(): GuardVerdict {
    if (!this.judged) {
      this.judged = this.judgeNow();
      if (!this.judged.ok) this.log?.warn(refusalMessage(this.judged.refusal, this.judged.realPath));
    }
    return this.judged;
  }

  /** The guard's verdict on the folder as it is on disk this instant (not remembered). */
  private judgeNow(): GuardVerdict {
    return guardCacheFolder(this.settings.folder, this.settings.folderSource, this.workspaceFolder.uri.fsPath);
  }

  /** Why the guard refused the folder, in words; undefined when it is a cache folder. */
  get refusal(): string | undefined {
    const verdict = this.verdict;
    return verdict.ok ? undefined : refusalMessage(verdict.refusal, verdict.realPath);
  }

  /** The cache folder's real path on disk (links resolved): what every message names. */
  get realPath(): string {
    return this.verdict.realPath;
  }

  get uri(): vscode.Uri {
    return vscode.Uri.file(this.realPath);
  }

  get ttl(): number {
    return this.settings.ttl;
  }

  /**
   * The engine for this folder, created on first use so activation touches no disk (nor Redis). Throws, and
   * nothing is read or deleted, when the folder guard refused the folder.
   */
  get cache(): Cache {
    const verdict = this.verdict;
    if (!verdict.ok) throw new Error(refusalMessage(verdict.refusal, verdict.realPath));
    if (!this.engine) {
      const engine = this.createEngine(verdict.realPath);
      const subscriptions = [
        engine.onDidChange((change) => this.onEngineChange(change)),
        engine.onDidChangeSharedState((state) => this.onSharedState(state)),
        engine.onDidWarn((warning) => this.onSharedWarning(warning)),
      ];
      this.engineSubscription = vscode.Disposable.from(...subscriptions);
      this.engine = engine;
      this.watchFolder();
    }
    return this.engine;
  }

  /**
   * The engine, right before deleting: the folder is judged again on disk, so a link swapped in since the last look
   * (the folder replaced by a link to elsewhere) is refused instead of followed. Throws when refused or moved.
   */
  cacheForDeleting(): Cache {
    const before = this.verdict;
    const now = this.judgeNow();
    if (!sameVerdict(now, before)) {
      this.rejudge();
      throw new Error(
        now.ok
          ? vscode.l10n.t('The cache folder moved to {0} since it was listed; nothing was deleted. Look again and retry.', now.realPath)
          : refusalMessage(now.refusal, now.realPath),
      );
    }
    return this.cache;
  }

  /** `off` when no shared tier is configured (or its URL is malformed), else the engine's; never creates the engine. */
  get sharedState(): SharedState {
    return this.engine ? this.engine.sharedState : this.shared.url ? 'connecting' : 'off';
  }

  /** The shared tier's URL, password redacted, and prefix; undefined when none is configured. */
  get sharedDescription(): string | undefined {
    return this.shared.url && `${redactUrl(this.shared.url)} (prefix ${this.shared.prefix})`;
  }

  /** The listing (loaded on first request): the tree, the counts, Clear All and cleanup all read this one. */
  entries(): Promise<FolderListing> {
    const first = !this.listing.loaded;
    const listing = this.listing.get();
    // Listeners (context keys, counts) learn of the first listing too, not only of later changes.
    if (first) void listing.then(() => this.changes.fire({ folder: this, kind: 'listed' }));
    return listing;
  }

  /**
   * What the view shows now, without waiting for every state: the listing as soon as its names are known, filled in
   * place as states arrive (`states` changes say when). Commands that act on states use `entries()`.
   */
  shownEntries(): Promise<FolderListing> {
    void this.entries();
    return this.listing.shown();
  }

  /** The latest listing known (maybe still filling in), without waiting; undefined before the first names are known. */
  get latestEntries(): FolderListing | undefined {
    return this.listing.latest;
  }

  /**
   * Entries known by name from the first few thousand names the folder lists (folderGlimpse.ts), for the view to
   * show before every name is read; undefined once they are, for a folder small enough to list at once, a refused
   * one, and with a shared tier (its own entries come with the whole listing).
   */
  glimpse(): Promise<readonly FileEntry[] | undefined> {
    if (this.listing.latest || this.refusal !== undefined || this.sharedState !== 'off') {
      this.glimpsed = undefined;
      return Promise.resolve(undefined);
    }
    this.glimpsed ??= glimpseOf(this.cache);
    return this.glimpsed;
  }

  /** Forgets the listing and judges the folder again; the next request re-reads it. */
  refresh(): void {
    this.rejudge();
  }

  /** Re-reads this folder's settings; when they changed, the folder is judged again and re-read. */
  reconfigure(): void {
    const next = folderSettings(this.workspaceFolder);
    const nextShared = sharedSettings(this.workspaceFolder);
    const sharedChanged = nextShared.url !== this.shared.url || nextShared.prefix !== this.shared.prefix;
    const same =
      next.folder === this.settings.folder && next.folderSource === this.settings.folderSource && next.ttl === this.settings.ttl;
    if (same && !sharedChanged) return;
    this.settings = next;
    this.shared = nextShared;
    this.rejudge();
  }

  private rejudge(): void {
    this.judged = undefined;
    this.dropEngine();
    this.listing.reset();
    this.glimpsed = undefined;
    this.changes.fire({ folder: this, kind: 'configured' });
  }

  private createEngine(cacheDir: string): Cache {
    const options = { cacheDir, ttl: this.settings.ttl };
    if (this.shared.url) {
      try {
        return new Cache({ ...options, shared: { url: this.shared.url, prefix: this.shared.prefix } });
      } catch (error) {
        // The engine's message already redacts the password.
        const reason = error instanceof Error ? error.message : String(error);
        this.log?.warn(`Shared tier off for ${this.name}: ${reason}`);
        void vscode.window.showWarningMessage(vscode.l10n.t('Cache Explorer: the shared tier is off. {0}', reason));
      }
    }
    return new Cache(options);
  }

  /**
   * Watches the guarded folder (from the first listing or engine use on, or as soon as a workspace folder is added),
   * so a cache folder created later is seen too. Judges the folder first: a refused one is not watched.
   */
  watchFolder(): void {
    const verdict = this.verdict;
    if (this.watcher || !verdict.ok) return;
    this.watcher = new CacheWatcher(vscode.Uri.file(verdict.realPath));
    this.watcher.onDidChange((fileNames) => void this.onDiskChange(fileNames));
    this.watcher.onDidSuspectMissed(() => void this.recheckNames());
  }

  /** Tells the listing a file changed, as the watcher would (for deletes by file name, whose key may be another's). */
  noteChanged(fileName: string): void {
    this.watcher?.add(fileName);
  }

  /** While held, changes on disk wait and then reach the listing as one batch (see CacheWatcher.hold). */
  holdChanges(): vscode.Disposable {
    this.watchFolder();
    return this.watcher?.hold() ?? new vscode.Disposable(() => undefined);
  }

  /** A batch from the watcher (or from our own engine): the listing takes it in, then everyone hears of it. */
  private async onDiskChange(fileNames: ReadonlySet<string> | undefined): Promise<void> {
    // The folder itself appeared or vanished: it may now be a link to elsewhere, so it is judged again first.
    if (fileNames === undefined) {
      const now = this.judgeNow();
      if (!sameVerdict(now, this.verdict)) {
        this.rejudge();
        return;
      }
    }
    await this.listing.apply(fileNames).catch(() => undefined);
    this.changes.fire({ folder: this, kind: 'entries', fileNames });
  }

  /**
   * After a flood of events, VS Code may have dropped some (or a whole later burst): the folder's names, read again
   * (one readdir, no file opened), tell which files the listing missed or still holds though gone, and only those
   * are taken in, as the batch the watcher dropped. Re-reading the whole folder instead, at a million entries, read
   * every state again, and a pipeline pausing a second between writes set that off again and again: the batches
   * behind it waited, and the tree showed nothing new for 14 s. Not background work: when no watcher reports a
   * burst (the bench once saw none of its events for 20 s at a million entries), this check is how the view catches
   * up, and run as background work beside a million states being read it took 20 s.
   */
  private async recheckNames(): Promise<void> {
    const listed = this.listing.latest;
    if (!listed || listed.refused || listed.shared) return;
    // Listed as missing and its folder changed since: it is back.
    if (!listed.exists) return this.onDiskChange(undefined);
    const names = await this.cache.entryNames().catch(() => undefined);
    const changed = names && (await namesChangedSince(names, this.listing.latest ?? listed));
    if (changed && changed.size > 0) await this.onDiskChange(changed);
  }

  private async loadAll(load: LoadProgress): Promise<FolderListing> {
    const refused = this.refusal;
    if (refused) return { exists: false, entries: new Map(), error: refused, refused: true };
    this.watchFolder();
    const shared = await this.loadShared();
    if (!(await this.exists())) return { exists: shared.shared !== undefined && shared.shared.size > 0, entries: new Map(), ...shared };
    // Its watcher may have last seen it gone (see noteFolderSeen).
    this.watcher?.noteFolderSeen();
    try {
      // Names first, states streamed in; with a shared tier the two lists are merged once both are complete.
      if (!shared.shared && shared.sharedError === undefined) {
        // The first time, a glimpse of the first names is read alongside: the view's first click finds it ready.
        if (!load.previous) void this.glimpse();
        return await loadNamesFirst(this.cache, { exists: true }, load);
      }
      const entries = await this.cache.entries();
      return { exists: true, entries: new Map(entries.map((entry) => [entry.fileName, entry])), ...shared };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log?.warn(`Could not list ${this.realPath}: ${reason}`);
      return { exists: true, entries: new Map(), error: reason };
    }
  }

  private async loadShared(): Promise<Pick<FolderListing, 'shared' | 'sharedError'>> {
    if (this.sharedState === 'off') return {};
    try {
      const entries = await this.cache.sharedEntries();
      return { shared: new Map(entries.map((entry) => [entry.key, entry])) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log?.warn(`Could not list the shared entries of ${this.name}: ${reason}`);
      return { sharedError: reason };
    }
  }

  /** Whether the guarded cache folder exists on disk as a folder (false when refused: nothing is looked at). */
  async exists(): Promise<boolean> {
    if (!this.verdict.ok) return false;
    try {
      const stat = await vscode.workspace.fs.stat(this.uri);
      return (stat.type & vscode.FileType.Directory) !== 0;
    } catch {
      return false;
    }
  }

  private onSharedState(state: SharedState): void {
    const where = this.sharedDescription ?? '';
    if (state === 'connected') this.log?.info(`Shared tier connected for ${this.name}: ${where}`);
    if (state === 'unreachable') this.log?.warn(`Shared tier unreachable for ${this.name}: ${where}; using the local cache only`);
    this.changes.fire({ folder: this, kind: 'shared' });
    // Listed while Redis was unreachable (or with a tier now gone): list again.
    const listed = this.listing.latest;
    if (listed && ((state === 'connected' && listed.sharedError !== undefined) || (state === 'off' && listed.shared))) {
      void this.onDiskChange(undefined);
    }
  }

  private onSharedWarning(warning: StorageError): void {
    const now = Date.now();
    if (now - this.lastWarningLogged < WARNING_LOG_INTERVAL_MS) return;
    this.lastWarningLogged = now;
    this.log?.warn(warning.message);
  }

  /** Our own writes show at once through the same batch path as the watcher's, without waiting for the OS. */
  private onEngineChange(change: CacheChange): void {
    // deleteFile names the file it removed: that file, not the one its key would be spelled as.
    if (change.type === 'delete' && 'fileName' in change && typeof change.fileName === 'string') this.watcher?.add(change.fileName);
    else if (change.type === 'set' || change.type === 'delete') this.watcher?.add(this.fileNameOf(change.key));
    else this.watcher?.add(undefined);
  }
  /** The file the engine writes for `key` in this folder (its measured names); undefined when the key has none. */
  private fileNameOf(key: string): string | undefined {
    try {
      return this.cache.fileNames.fileName(key);
    } catch {
      return undefined;
    }
  }


  private dropEngine(): void {
    this.engineSubscription?.dispose();
    this.engine?.dispose();
    this.watcher?.dispose();
    this.engineSubscription = undefined;
    this.engine = undefined;
    this.watcher = undefined;
  }

  dispose(): void {
    this.dropEngine();
    this.changes.dispose();
  }
}
