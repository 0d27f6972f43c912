// Every workspace folder's CacheFolder, kept in step with the workspace (multi-root, folders added or removed while
// running) and with the settings; their changes leave through one event, `onDidChange`.
import * as vscode from 'vscode';
import type { Log } from '../log';
import { onDidChangeSettings } from '../settings';
import { CacheFolder, type FolderChange } from './cacheFolder';

export class CacheFolders implements vscode.Disposable {
  private folders = new Map<string, CacheFolder>();
  private readonly folderSubscriptions = new Map<CacheFolder, vscode.Disposable>();
  private readonly emitter = new vscode.EventEmitter<FolderChange>();
  private readonly subscriptions: vscode.Disposable[];

  /** Anything changed in one folder (see FolderChangeKind), or a folder was added or removed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log?: Log) {
    this.sync(false);
    this.subscriptions = [
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.sync(true)),
      onDidChangeSettings(['folder', 'ttl', 'shared.url', 'shared.prefix'], () => this.all().forEach((folder) => folder.reconfigure())),
      // Trust changes which values of the restricted `folder` setting apply.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.all().forEach((folder) => folder.reconfigure())),
    ];
  }

  all(): CacheFolder[] {
    return [...this.folders.values()];
  }

  /** The CacheFolder of a workspace folder, or of the workspace folder holding a Uri. */
  get(workspaceFolder: vscode.WorkspaceFolder | vscode.Uri): CacheFolder | undefined {
    const uri = workspaceFolder instanceof vscode.Uri ? workspaceFolder : workspaceFolder.uri;
    const owner = vscode.workspace.getWorkspaceFolder(uri);
    return owner && this.folders.get(owner.uri.toString());
  }

  /** Forgets every listing and judges every folder again (Refresh). */
  refresh(): void {
    this.all().forEach((folder) => folder.refresh());
  }

  /** `whileRunning`: folders added now are watched at once (at activation nothing is: it reads no disk). */
  private sync(whileRunning: boolean): void {
    const next = new Map<string, CacheFolder>();
    const added: CacheFolder[] = [];
    for (const workspaceFolder of vscode.workspace.workspaceFolders ?? []) {
      const id = workspaceFolder.uri.toString();
      const known = this.folders.get(id);
      if (known) next.set(id, known);
      else {
        const folder = this.track(new CacheFolder(workspaceFolder, this.log));
        next.set(id, folder);
        added.push(folder);
      }
    }
    const removed = [...this.folders].filter(([id]) => !next.has(id)).map(([, folder]) => folder);
    this.folders = next;
    for (const folder of removed) {
      this.untrack(folder);
      this.emitter.fire({ folder, kind: 'removed' });
    }
    for (const folder of added) {
      if (whileRunning) folder.watchFolder();
      this.emitter.fire({ folder, kind: 'added' });
    }
  }

  private track(folder: CacheFolder): CacheFolder {
    this.folderSubscriptions.set(folder, folder.onDidChange((change) => this.emitter.fire(change)));
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
    this.emitter.dispose();
  }
}
