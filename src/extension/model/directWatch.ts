// The operating system's own notifications for one cache folder (inotify, FSEvents, ReadDirectoryChangesW through
// Node's fs.watch), kept beside VS Code's file watcher because that one can lose changes for good:
// - while it drains a flood it drops events, and a file rewritten in place then changes nothing the folder poll
//   can see (the folder's mtime moves only when names are added or removed);
// - when the folder is removed and made again, its watch is suspended and resumed seconds later by polling, and
//   what is written in between is never reported.
// Here each change reaches us as it happens, and the folder's own removal is reported at once so the watch can be
// set again on the new folder before it is re-read. No `vscode` import: it is tested on a real folder in plain Node.
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Which folder is at a path now: a folder removed and made again under the same name is another one (another inode,
 * another birth time). `undefined` when nothing, or something that is not a folder (a link), is there.
 */
export async function folderIdentity(folderPath: string): Promise<string | undefined> {
  try {
    const stat = await fs.promises.lstat(folderPath);
    return stat.isDirectory() ? `${stat.dev}:${stat.ino}:${stat.birthtimeMs}` : undefined;
  } catch {
    return undefined;
  }
}

export interface DirectWatchEvents {
  /** An entry file (`*.json`) was created, changed, renamed or removed. */
  entry(fileName: string): void;
  /** The folder itself may have been removed, moved or replaced, or the watch failed: look at what is there now. */
  folder(): void;
}

export class DirectWatch {
  private watcher: fs.FSWatcher | undefined;
  private readonly ownName: string;

  constructor(private readonly folderPath: string, private readonly events: DirectWatchEvents) {
    this.ownName = path.basename(folderPath);
  }

  /** Whether a watch is set. */
  get armed(): boolean {
    return this.watcher !== undefined;
  }

  /**
   * Sets the watch on the folder now at the path (dropping any earlier one). False when it cannot be set: no folder,
   * or the system's watches are used up; VS Code's watcher and the folder poll then carry on alone.
   */
  arm(): boolean {
    this.close();
    try {
      // Not persistent: a watch alone never keeps a process (a test, a script using the engine) alive.
      const watcher = fs.watch(this.folderPath, { persistent: false }, (_event, fileName) => this.onEvent(fileName));
      watcher.on('error', () => {
        if (this.watcher === watcher) this.close();
        this.events.folder();
      });
      this.watcher = watcher;
      return true;
    } catch {
      return false;
    }
  }

  private onEvent(fileName: string | null): void {
    // No name (some systems leave it out): the folder is looked at again, as when the event is about the folder.
    if (fileName === null || fileName === this.ownName) this.events.folder();
    else if (fileName.endsWith('.json')) this.events.entry(fileName);
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
