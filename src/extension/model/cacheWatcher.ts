// Watches one cache folder for changes made by anyone (the Python tool, a terminal, this extension) and reports
// them in batches: the file names that changed, or `undefined` when the folder itself appeared or vanished.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DirectWatch, folderIdentity } from './directWatch';
import { WatchEchoes } from './watchEchoes';

/** Bursts (a pipeline writing hundreds of files) become one update; short enough to feel live. */
export const BATCH_DELAY_MS = 300;
/**
 * VS Code's file watcher drops events while it drains a flood (it logs "started ignoring events due to too many file
 * change events at once"; it passes on about 500 every 200 ms), and a second burst soon after may be dropped whole,
 * leaving no event at all to react to. So after any batch the watcher keeps an eye on the folder itself for
 * a while: one stat every FLOOD_POLL_MS; when the folder's modification time moved (a file was added, removed or
 * renamed in it) and events are quiet, it asks for a names-only re-check (`onDidSuspectMissed`), which re-reads the
 * folder only if its names differ from the listing's.
 */
const FLOOD_POLL_MS = 2000;
/** How long after the last batch the folder is watched that way. */
const FLOOD_WATCH_MS = 5 * 60_000;
/** The folder's "mtime" while it does not exist. */
const FOLDER_GONE = -1;
/**
 * A watcher starts asynchronously: on a busy machine a cache folder created right after it was set up (a workspace
 * folder added, then its pipeline's first write) is never reported. So while the folder was missing at the start,
 * it is looked for (one stat each) this many ms after.
 */
const MISSING_RECHECKS_MS = [1000, 3000, 10_000];

export class CacheWatcher implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ReadonlySet<string> | undefined>();
  /** Changed file names since the last batch; `undefined` once the whole folder must be re-read. */
  private pending: Set<string> | undefined = new Set();
  private timer: NodeJS.Timeout | undefined;
  /** Polls the folder's mtime after a flood, until FLOOD_WATCH_MS after the last one. */
  private floodPoll: NodeJS.Timeout | undefined;
  private floodWatchUntil = 0;
  /** The folder's mtime at the last look (or at the flood), and when the last event arrived. */
  private folderMtime: number | undefined;
  private lastEventAt = 0;
  private readonly missed = new vscode.EventEmitter<void>();
  private missingRechecks: NodeJS.Timeout[] = [];
  /** The system's own notifications for the folder (see directWatch.ts), beside VS Code's watchers. */
  private readonly direct: DirectWatch;
  /** What the direct watch reported lately: VS Code's late reports of the same names are dropped (watchEchoes.ts). */
  private readonly echoes = new WatchEchoes();
  /** Which folder the watchers and the listing are set on (see folderIdentity); `undefined` while there is none. */
  private identity: string | undefined;
  /**
   * The folder was seen while last seen gone (a file event, or a listing that found it): it was back meanwhile, if
   * only for a moment, and may have been read. Found gone again at the next look, it is re-read once more.
   */
  private backMeanwhile = false;
  /** Looks at the folder one at a time: its removal is reported several times, by every watcher. */
  private folderCheck: Promise<void>;
  /** A look asked for and not started yet: it answers every call made before it starts. */
  private queuedCheck: Promise<void> | undefined;
  private disposed = false;
  /** Open holds (see hold()): batches wait while any is. */
  private holds = 0;
  private entryWatcher: vscode.Disposable;
  private readonly folderWatcher: vscode.Disposable;

  readonly onDidChange = this.emitter.event;
  /** After a flood: files may have been added or removed without an event; check the folder's names. */
  readonly onDidSuspectMissed = this.missed.event;

  constructor(private readonly cacheFolder: vscode.Uri) {
    const entry = (fileName: string) => {
      this.echoes.reportedDirectly(fileName);
      this.add(fileName);
    };
    this.direct = new DirectWatch(cacheFolder.fsPath, { entry, folder: () => void this.checkFolder() });
    this.entryWatcher = this.watchEntries();
    this.folderCheck = this.start();
    // The folder itself, so deleting or creating it while the view is open is seen too. Removed and made again
    // quickly, it is reported as changed (VS Code folds the two events into one): every event means "look again".
    const parent = vscode.Uri.file(path.dirname(cacheFolder.fsPath));
    const folder = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(parent, path.basename(cacheFolder.fsPath)),
    );
    const lookAgain = () => void this.checkFolder();
    this.folderWatcher = vscode.Disposable.from(folder, folder.onDidCreate(lookAgain), folder.onDidChange(lookAgain), folder.onDidDelete(lookAgain));
    // Watched from the start too: a watcher set up while VS Code drains a flood seen elsewhere (Refresh right after
    // 50,000 files were removed) may get no event at all for what is written next, so no batch would start the poll.
    // Its mtime now is what the first listing (read right after) sees: only a change from it asks for a re-check.
    void Promise.resolve(vscode.workspace.fs.stat(cacheFolder)).then(
      (stat) => (this.folderMtime ??= stat.mtime),
      () => (this.folderMtime ??= FOLDER_GONE),
    );
    this.watchAfterFlood(false);
  }

  private async start(): Promise<void> {
    this.identity = await folderIdentity(this.cacheFolder.fsPath);
    if (this.disposed) return;
    if (this.identity !== undefined) this.direct.arm();
    else this.missingRechecks = MISSING_RECHECKS_MS.map((ms) => setTimeout(() => void this.checkFolder(), ms));
  }

  /**
   * Looks at which folder is at the path now. One that appeared, or replaced the one watched (removed and made again,
   * its events lost or folded), is watched afresh and re-read; one that vanished empties the listing.
   */
  private checkFolder(): Promise<void> {
    // Calls while a look waits its turn join it (it starts after them, so it sees what they would): each event of a
    // flood for a folder found gone asks for one, and 100,000 of them must not queue 100,000 looks.
    if (this.queuedCheck) return this.queuedCheck;
    const check = this.folderCheck.then(async () => {
      this.queuedCheck = undefined;
      const now = await folderIdentity(this.cacheFolder.fsPath);
      // Gone, back and gone again between two looks: the listing was read while it was back, and no watch was set on
      // it to report its second removal (the stress test saw the view keep an entry of it for good).
      const goneAgain = now === undefined && this.backMeanwhile;
      this.backMeanwhile = false;
      if ((now === this.identity && !goneAgain) || this.disposed) return;
      this.identity = now;
      if (now === undefined) {
        this.direct.close();
        this.add(undefined);
      } else {
        this.folderAppeared();
      }
    });
    this.queuedCheck = check;
    // The next look chains on this one's end, not on its success: one look that threw would otherwise stop every
    // later one, and the folder's removal or return would go unnoticed for as long as the watcher lives.
    this.folderCheck = check.catch(() => undefined);
    return check;
  }

  private watchEntries(): vscode.Disposable {
    const entries = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.cacheFolder, '*.json'));
    const onEntry = (uri: vscode.Uri) => {
      const fileName = path.basename(uri.fsPath);
      if (!this.echoes.isEcho(fileName, this.direct.armed)) this.add(fileName);
    };
    return vscode.Disposable.from(entries, entries.onDidCreate(onEntry), entries.onDidChange(onEntry), entries.onDidDelete(onEntry));
  }

  /**
   * A watcher set on a folder that did not exist yet, or on one since removed, may never report anything, so both
   * are set again on the folder there now, before the full re-read: a file written after that read is reported, one
   * written before it is read. The new VS Code watcher is made before the old one goes, so none is missing meanwhile.
   */
  private folderAppeared(): void {
    this.echoes.clear();
    this.direct.arm();
    const old = this.entryWatcher;
    this.entryWatcher = this.watchEntries();
    old.dispose();
    this.add(undefined);
  }

  /**
   * The folder is there (a file in it changed, or a listing found it). Last seen gone, it is back unnoticed (made again
   * while VS Code drained a flood, and no watch of ours was set on it): it is looked at now, so its watches are set,
   * or, gone again by then, so the listing read meanwhile is read again.
   */
  noteFolderSeen(): void {
    if (this.identity !== undefined || this.disposed) return;
    this.backMeanwhile = true;
    void this.checkFolder();
  }

  /** Queues a change: a file name, or `undefined` for "re-read everything". */
  add(fileName: string | undefined): void {
    this.lastEventAt = Date.now();
    if (fileName === undefined) {
      this.pending = undefined;
    } else {
      // A file changed: the folder is there, whatever was last seen of it.
      this.noteFolderSeen();
      this.pending?.add(fileName);
    }
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
    // Not only after a flood of our own: VS Code's watcher service is shared, and while it drains a flood seen by
    // any watcher (50,000 files removed a moment ago) it drops events of this folder too, even a few dozen.
    this.watchAfterFlood();
    const batch = this.pending;
    this.pending = new Set();
    this.emitter.fire(batch);
  }

  private watchAfterFlood(recheckFirst = true): void {
    this.floodWatchUntil = Date.now() + FLOOD_WATCH_MS;
    // Unknown until the first look: the first poll after the flood always asks for a re-check. A folder last seen
    // gone stays so, so that its coming back is taken as that (its entries' watcher is set again).
    if (recheckFirst && this.folderMtime !== FOLDER_GONE) this.folderMtime = undefined;
    this.floodPoll ??= setInterval(() => void this.pollFolder(), FLOOD_POLL_MS);
  }

  private async pollFolder(): Promise<void> {
    if (Date.now() > this.floodWatchUntil) {
      clearInterval(this.floodPoll);
      this.floodPoll = undefined;
      return;
    }
    // Which folder is there is looked at on every poll, even while events keep coming in (VS Code passing a flood
    // on for tens of seconds): a folder removed or made again meanwhile must not wait for them to stop.
    await this.checkFolder();
    // Events still coming in: their batches cover what changed; look again once they stop.
    // Held (a command is changing many files): its release reports them all, so there is nothing to suspect yet.
    if (this.holds > 0 || this.timer || Date.now() - this.lastEventAt < FLOOD_POLL_MS / 2) return;
    let mtime: number;
    try {
      mtime = (await vscode.workspace.fs.stat(this.cacheFolder)).mtime;
    } catch {
      mtime = FOLDER_GONE;
    }
    if (mtime === this.folderMtime) return;
    const wasGone = this.folderMtime === FOLDER_GONE;
    this.folderMtime = mtime;
    // Gone, or back (checkFolder re-reads it): nothing more to suspect.
    if (mtime !== FOLDER_GONE && !wasGone) this.missed.fire();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearInterval(this.floodPoll);
    this.missed.dispose();
    this.missingRechecks.forEach(clearTimeout);
    this.direct.close();
    this.entryWatcher.dispose();
    this.folderWatcher.dispose();
    this.emitter.dispose();
  }
}
