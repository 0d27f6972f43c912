// One cache per workspace folder: its engine (created on first use, recreated when `folder` or `ttl` change)
// and its watcher. Multi-root and folders added or removed while running are handled here, in one place.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Cache, keyToFileName, redactUrl, type CacheChange, type SharedState, type StorageError } from '../engine';
import { CacheWatcher } from './cacheWatcher';
import type { Log } from './log';
import { folderSettings, onDidChangeSettings, sharedSettings, type FolderSettings, type SharedSettings } from './settings';

/** Shared-tier warnings repeat for every operation while Redis is down: log at most one per this many ms. */
const WARNING_LOG_INTERVAL_MS = 30_000;

export class CacheFolder implements vscode.Disposable {
  private engine: Cache | undefined;
  private engineSubscription: { dispose(): void } | undefined;
  private watcher: CacheWatcher;
  private watcherSubscription: vscode.Disposable;
  private settings: FolderSettings;
  private shared: SharedSettings;
  private lastWarningLogged = 0;
  private readonly changes = new vscode.EventEmitter<ReadonlySet<string> | undefined>();
  private readonly sharedStates = new vscode.EventEmitter<SharedState>();

  /** The shared tier connected, became unreachable, or was (re)configured. */
  readonly onDidChangeSharedState = this.sharedStates.event;

  /** File names that changed (by anyone), batched; `undefined` when everything must be re-read. */
  readonly onDidChange = this.changes.event;

  constructor(
    readonly workspaceFolder: vscode.WorkspaceFolder,
    private readonly log?: Log,
  ) {
    this.settings = folderSettings(workspaceFolder);
    this.shared = sharedSettings(workspaceFolder);
    [this.watcher, this.watcherSubscription] = this.watch();
  }

  private watch(): [CacheWatcher, vscode.Disposable] {
    const watcher = new CacheWatcher(this.uri);
    return [watcher, watcher.onDidChange((batch) => this.changes.fire(batch))];
  }

  get name(): string {
    return this.workspaceFolder.name;
  }

  /** The cache folder on disk. */
  get uri(): vscode.Uri {
    return path.isAbsolute(this.settings.folder)
      ? vscode.Uri.file(this.settings.folder)
      : vscode.Uri.joinPath(this.workspaceFolder.uri, this.settings.folder);
  }

  /** The folder as the user wrote it in settings, for messages. */
  get displayPath(): string {
    return this.settings.folder;
  }

  get ttl(): number {
    return this.settings.ttl;
  }

  /** The engine for this folder, created on first use so activation touches no disk (nor Redis). */
  get cache(): Cache {
    if (!this.engine) {
      const engine = this.createEngine();
      const subscriptions = [
        engine.onDidChange((change) => this.onEngineChange(change)),
        engine.onDidChangeSharedState((state) => this.onSharedState(state)),
        engine.onDidWarn((warning) => this.onSharedWarning(warning)),
      ];
      this.engineSubscription = { dispose: () => subscriptions.forEach((s) => s.dispose()) };
      this.engine = engine;
    }
    return this.engine;
  }

  /** `off` when no shared tier is configured (or its URL is malformed), else the engine's; never creates the engine. */
  get sharedState(): SharedState {
    return this.engine ? this.engine.sharedState : this.shared.url ? 'connecting' : 'off';
  }

  /** The shared tier's URL, password redacted, and prefix; undefined when none is configured. */
  get sharedDescription(): string | undefined {
    return this.shared.url && `${redactUrl(this.shared.url)} (prefix ${this.shared.prefix})`;
  }

  private createEngine(): Cache {
    const options = { cacheDir: this.uri.fsPath, ttl: this.settings.ttl };
    if (this.shared.url) {
      try {
        return new Cache({ ...options, shared: { url: this.shared.url, prefix: this.shared.prefix } });
      } catch (error) {
        // The engine's message already redacts the password.
        const reason = error instanceof Error ? error.message : String(error);
        this.log?.warn(`Shared tier off for ${this.name}: ${reason}`);
        void vscode.window.showWarningMessage(`Cache Explorer: the shared tier is off. ${reason}`);
      }
    }
    return new Cache(options);
  }

  private onSharedState(state: SharedState): void {
    const where = this.sharedDescription ?? '';
    if (state === 'connected') this.log?.info(`Shared tier connected for ${this.name}: ${where}`);
    if (state === 'unreachable') this.log?.warn(`Shared tier unreachable for ${this.name}: ${where}; using the local cache only`);
    this.sharedStates.fire(state);
  }

  private onSharedWarning(warning: StorageError): void {
    const now = Date.now();
    if (now - this.lastWarningLogged < WARNING_LOG_INTERVAL_MS) return;
    this.lastWarningLogged = now;
    this.log?.warn(warning.message);
  }

  async exists(): Promise<boolean> {
    try {
      const stat = await vscode.workspace.fs.stat(this.uri);
      return (stat.type & vscode.FileType.Directory) !== 0;
    } catch {
      return false;
    }
  }

  /** Re-reads this folder's settings; when they changed, the engine (and, if the folder moved, the watcher) is replaced. */
  reconfigure(): void {
    const next = folderSettings(this.workspaceFolder);
    const nextShared = sharedSettings(this.workspaceFolder);
    const sharedChanged = nextShared.url !== this.shared.url || nextShared.prefix !== this.shared.prefix;
    if (next.folder === this.settings.folder && next.ttl === this.settings.ttl && !sharedChanged) return;
    const moved = next.folder !== this.settings.folder;
    this.settings = next;
    this.shared = nextShared;
    this.dropEngine();
    if (sharedChanged) this.sharedStates.fire(this.sharedState);
    if (moved) {
      this.stopWatching();
      [this.watcher, this.watcherSubscription] = this.watch();
    }
    this.changes.fire(undefined);
  }

  /** Our own writes show at once in the same batch path as the watcher's, without waiting for the OS. */
  private onEngineChange(change: CacheChange): void {
    if (change.type === 'set' || change.type === 'delete') this.watcher.add(keyToFileName(change.key));
    else this.watcher.add(undefined);
  }

  private stopWatching(): void {
    this.watcherSubscription.dispose();
    this.watcher.dispose();
  }

  private dropEngine(): void {
    this.engineSubscription?.dispose();
    this.engine?.dispose();
    this.engineSubscription = undefined;
    this.engine = undefined;
  }

  dispose(): void {
    this.dropEngine();
    this.stopWatching();
    this.changes.dispose();
    this.sharedStates.dispose();
  }
}

export interface FolderChange {
  folder: CacheFolder;
  /** File names that changed; `undefined` when the whole folder must be re-read. */
  fileNames: ReadonlySet<string> | undefined;
}

export class CacheFolders implements vscode.Disposable {
  private folders = new Map<string, CacheFolder>();
  private readonly folderSubscriptions = new Map<CacheFolder, vscode.Disposable>();
  private readonly listChanged = new vscode.EventEmitter<void>();
  private readonly entriesChanged = new vscode.EventEmitter<FolderChange>();
  private readonly subscriptions: vscode.Disposable[];

  /** Workspace folders were added or removed. */
  readonly onDidChangeFolders = this.listChanged.event;
  /** Entries changed on disk in one folder (batched). */
  readonly onDidChangeEntries = this.entriesChanged.event;
  private readonly sharedStateChanged = new vscode.EventEmitter<CacheFolder>();
  /** A folder's shared tier connected, became unreachable, or was (re)configured. */
  readonly onDidChangeSharedState = this.sharedStateChanged.event;

  constructor(private readonly log?: Log) {
    this.sync();
    this.subscriptions = [
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.sync()),
      onDidChangeSettings(['folder', 'ttl', 'shared.url', 'shared.prefix'], () => this.all().forEach((folder) => folder.reconfigure())),
    ];
  }

  all(): CacheFolder[] {
    return [...this.folders.values()];
  }

  get(workspaceFolder: vscode.WorkspaceFolder | vscode.Uri): CacheFolder | undefined {
    const uri = workspaceFolder instanceof vscode.Uri ? workspaceFolder : workspaceFolder.uri;
    const owner = vscode.workspace.getWorkspaceFolder(uri);
    return owner && this.folders.get(owner.uri.toString());
  }

  byName(name: string): CacheFolder | undefined {
    return this.all().find((folder) => folder.name === name);
  }

  private sync(): void {
    const next = new Map<string, CacheFolder>();
    for (const workspaceFolder of vscode.workspace.workspaceFolders ?? []) {
      const id = workspaceFolder.uri.toString();
      next.set(id, this.folders.get(id) ?? this.track(new CacheFolder(workspaceFolder, this.log)));
    }
    for (const [id, folder] of this.folders) {
      if (!next.has(id)) this.untrack(folder);
    }
    const changed = next.size !== this.folders.size || [...next.keys()].some((id) => !this.folders.has(id));
    this.folders = next;
    if (changed) this.listChanged.fire();
  }

  private track(folder: CacheFolder): CacheFolder {
    const subscriptions = [
      folder.onDidChange((fileNames) => this.entriesChanged.fire({ folder, fileNames })),
      folder.onDidChangeSharedState(() => this.sharedStateChanged.fire(folder)),
    ];
    this.folderSubscriptions.set(folder, { dispose: () => subscriptions.forEach((s) => s.dispose()) });
    return folder;
  }

  private untrack(folder: CacheFolder): void {
    this.folderSubscriptions.get(folder)?.dispose();
    this.folderSubscriptions.delete(folder);
    folder.dispose();
  }

  dispose(): void {
    this.all().forEach((folder) => this.untrack(folder));
    this.subscriptions.forEach((s) => s.dispose());
    this.listChanged.dispose();
    this.entriesChanged.dispose();
    this.sharedStateChanged.dispose();
  }
}
