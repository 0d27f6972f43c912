// Watches one cache folder for changes made by anyone (the Python tool, a terminal, this extension) and reports
// them in batches: the file names that changed, or `undefined` when the folder itself appeared or vanished.
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Bursts (a pipeline writing hundreds of files) become one update; short enough to feel live. */
export const BATCH_DELAY_MS = 300;
/**
 * VS Code's file watcher drops events while it drains a flood (it logs "started ignoring events due to too many file
 * change events at once"; it passes on about 500 every 200 ms), so after a batch this large the folder is re-read a
 * few more times once the events stop: what changed while events were being dropped still shows, within 30 s.
 */
const FLOOD_EVENTS = 500;
const FLOOD_RECHECKS_MS = [2000, 10_000, 30_000];
/**
 * A watcher starts asynchronously: on a busy machine a cache folder created right after it was set up (a workspace
 * folder added, then its pipeline's first write) is never reported. So while the folder was missing at the start,
 * it is looked for (one stat each) this many ms after, until it is seen.
 */
const MISSING_RECHECKS_MS = [1000, 3000, 10_000];

export class CacheWatcher implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ReadonlySet<string> | undefined>();
  /** Changed file names since the last batch; `undefined` once the whole folder must be re-read. */
  private pending: Set<string> | undefined = new Set();
  private timer: NodeJS.Timeout | undefined;
  /** Events in the batch being gathered, to tell a flood. */
  private eventsInBatch = 0;
  private floodRechecks: NodeJS.Timeout[] = [];
  private missingRechecks: NodeJS.Timeout[] = [];
  /** The folder is known to exist (it did at the start, or its creation was seen). */
  private folderSeen = false;
  /** Open holds (see hold()): batches wait while any is. */
  private holds = 0;
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
    void this.lookForMissingFolder();
  }

  private async folderExists(): Promise<boolean> {
    try {
      return ((await vscode.workspace.fs.stat(this.cacheFolder)).type & vscode.FileType.Directory) !== 0;
    } catch {
      return false;
    }
  }

  private async lookForMissingFolder(): Promise<void> {
    if (await this.folderExists()) {
      this.folderSeen = true;
      return;
    }
    this.missingRechecks = MISSING_RECHECKS_MS.map((ms) =>
      setTimeout(async () => {
        if (!this.folderSeen && (await this.folderExists())) this.folderAppeared();
      }, ms),
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
    this.folderSeen = true;
    this.entryWatcher.dispose();
    this.entryWatcher = this.watchEntries();
    this.add(undefined);
  }

  /** Queues a change: a file name, or `undefined` for "re-read everything". */
  add(fileName: string | undefined): void {
    this.eventsInBatch++;
    if (fileName === undefined) this.pending = undefined;
    else this.pending?.add(fileName);
    this.timer ??= setTimeout(() => this.flush(), BATCH_DELAY_MS);
  }

  /**
   * Keeps batches back until the returned disposable is disposed, then reports what gathered as one batch: a command
   * that changes thousands of files (Delete Matching…) makes the listing and the tree take it in once, not every 300 ms.
   */
  hold(): vscode.Disposable {
    this.holds++;
    let released = false;
    return new vscode.Disposable(() => {
      if (released) return;
      released = true;
      if (--this.holds === 0 && this.timer === undefined && (this.pending === undefined || this.pending.size > 0)) this.flush();
    });
  }

  private flush(): void {
    this.timer = undefined;
    if (this.holds > 0) return;
    if (this.eventsInBatch >= FLOOD_EVENTS) {
      this.floodRechecks.forEach(clearTimeout);
      this.floodRechecks = FLOOD_RECHECKS_MS.map((ms) => setTimeout(() => this.add(undefined), ms));
    }
    this.eventsInBatch = 0;
    const batch = this.pending;
    this.pending = new Set();
    this.emitter.fire(batch);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.floodRechecks.forEach(clearTimeout);
    this.missingRechecks.forEach(clearTimeout);
    this.entryWatcher.dispose();
    this.folderWatcher.dispose();
    this.emitter.dispose();
  }
}
