// One cache per workspace folder: its engine (created on first use, recreated when `folder` or `ttl` change)
// and its watcher. Multi-root and folders added or removed while running are handled here, in one place.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Cache, keyToFileName, type CacheChange } from '../engine';
import { CacheWatcher } from './cacheWatcher';
import { folderSettings, onDidChangeSettings, type FolderSettings } from './settings';

export class CacheFolder implements vscode.Disposable {
  private engine: Cache | undefined;
  private engineSubscription: { dispose(): void } | undefined;
  private watcher: CacheWatcher;
  private watcherSubscription: vscode.Disposable;
  private settings: FolderSettings;
  private readonly changes = new vscode.EventEmitter<ReadonlySet<string> | undefined>();

  /** File names that changed (by anyone), batched; `undefined` when everything must be re-read. */
  readonly onDidChange = this.changes.event;

  constructor(readonly workspaceFolder: vscode.WorkspaceFolder) {
    this.settings = folderSettings(workspaceFolder);
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

  /** The engine for this folder, created on first use so activation touches no disk. */
  get cache(): Cache {
    if (!this.engine) {
      const engine = new Cache({ cacheDir: this.uri.fsPath, ttl: this.settings.ttl });
      this.engineSubscription = engine.onDidChange((change) => this.onEngineChange(change));
      this.engine = engine;
    }
    return this.engine;
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
    if (next.folder === this.settings.folder && next.ttl === this.settings.ttl) return;
    const moved = next.folder !== this.settings.folder;
    this.settings = next;
    this.dropEngine();
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

  constructor() {
    this.sync();
    this.subscriptions = [
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.sync()),
      onDidChangeSettings(['folder', 'ttl'], () => this.all().forEach((folder) => folder.reconfigure())),
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
      next.set(id, this.folders.get(id) ?? this.track(new CacheFolder(workspaceFolder)));
    }
    for (const [id, folder] of this.folders) {
      if (!next.has(id)) this.untrack(folder);
    }
    const changed = next.size !== this.folders.size || [...next.keys()].some((id) => !this.folders.has(id));
    this.folders = next;
    if (changed) this.listChanged.fire();
  }

  private track(folder: CacheFolder): CacheFolder {
    this.folderSubscriptions.set(
      folder,
      folder.onDidChange((fileNames) => this.entriesChanged.fire({ folder, fileNames })),
    );
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
  }
}
