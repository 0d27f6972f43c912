// Watches one cache folder for changes made by anyone (the Python tool, a terminal, this extension) and reports
// them in batches: the file names that changed, or `undefined` when the folder itself appeared or vanished.
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Bursts (a pipeline writing hundreds of files) become one update; short enough to feel live. */
export const BATCH_DELAY_MS = 300;

export class CacheWatcher implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ReadonlySet<string> | undefined>();
  /** Changed file names since the last batch; `undefined` once the whole folder must be re-read. */
  private pending: Set<string> | undefined = new Set();
  private timer: NodeJS.Timeout | undefined;
  private entryWatcher: vscode.Disposable;
  private readonly folderWatcher: vscode.Disposable;

  readonly onDidChange = this.emitter.event;

  constructor(private readonly cacheFolder: vscode.Uri) {
    this.entryWatcher = this.watchEntries();
    // The folder itself, so deleting or creating it while the view is open is seen too.
    const parent = vscode.Uri.file(path.dirname(cacheFolder.fsPath));
    const folder = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(parent, path.basename(cacheFolder.fsPath)),
    );
    this.folderWatcher = vscode.Disposable.from(
      folder,
      folder.onDidCreate(() => this.folderAppeared()),
      folder.onDidDelete(() => this.add(undefined)),
    );
  }

  private watchEntries(): vscode.Disposable {
    const entries = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.cacheFolder, '*.json'));
    const onEntry = (uri: vscode.Uri) => this.add(path.basename(uri.fsPath));
    return vscode.Disposable.from(entries, entries.onDidCreate(onEntry), entries.onDidChange(onEntry), entries.onDidDelete(onEntry));
  }

  /**
   * A watcher set on a folder that did not exist yet may never report anything, so it is set again once the
   * folder exists; the full re-read that follows catches files written before it was in place.
   */
  private folderAppeared(): void {
    this.entryWatcher.dispose();
    this.entryWatcher = this.watchEntries();
    this.add(undefined);
  }

  /** Queues a change: a file name, or `undefined` for "re-read everything". */
  add(fileName: string | undefined): void {
    if (fileName === undefined) this.pending = undefined;
    else this.pending?.add(fileName);
    this.timer ??= setTimeout(() => this.flush(), BATCH_DELAY_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Set();
    this.emitter.fire(batch);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.entryWatcher.dispose();
    this.folderWatcher.dispose();
    this.emitter.dispose();
  }
}
