// The first level's groups as the view last showed them, kept per workspace in VS Code's storage for this workspace
// (not in the repository): when the window opens again, the view shows those groups at once, "counting…", while the
// folder's names are read (a million names take seconds), then replaces them with the groups the names give, under
// the same ids, so an expanded group stays expanded and nothing moves unless the cache changed meanwhile. Only
// names of groups are kept: no key, no file, no count. Pure (no vscode): unit-tested on plain Node.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file in the workspace's storage folder. */
export const SNAPSHOT_FILE = 'first-level.json';

/** Groups kept per folder: the view's first page (more would show behind "Load more…" anyway). */
export const MAX_GROUPS = 1000;

/** A write waits this long for further changes (a burst of files changes the first level many times). */
const WRITE_DELAY_MS = 2000;

/** What the groups were computed for: the same cache folder, grouped the same way. */
export interface SnapshotScope {
  /** The workspace folder's URI, as a string. */
  workspaceFolder: string;
  /** The cache folder's real path when the groups were shown. */
  realPath: string;
  /** The key separator the groups were split by. */
  separator: string;
}

interface StoredSnapshot {
  realPath: string;
  separator: string;
  groups: string[];
}

type StoredFile = Record<string, StoredSnapshot>;

export class FirstLevelSnapshots {
  private stored: Promise<StoredFile> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly preload: NodeJS.Timeout;

  /**
   * `storageDir`: VS Code's storage folder for this workspace (none without a workspace: nothing is kept). The file
   * is read right after activation, never during it, so the click that opens the view finds it read.
   */
  constructor(private readonly storageDir: string | undefined) {
    this.preload = setTimeout(() => void this.read(), 0);
    this.preload.unref?.();
  }

  /** The groups last shown in `scope` (natural order, folded prefixes with their separator), or undefined. */
  async groupsFor(scope: SnapshotScope): Promise<readonly string[] | undefined> {
    const snapshot = (await this.read())[scope.workspaceFolder];
    if (!snapshot || snapshot.realPath !== scope.realPath || snapshot.separator !== scope.separator) return undefined;
    return snapshot.groups.length > 0 ? snapshot.groups : undefined;
  }

  /** Keeps the groups the view shows now in `scope` (written a moment later, and only when they changed). */
  async remember(scope: SnapshotScope, groups: readonly string[]): Promise<void> {
    if (!this.storageDir) return;
    const file = await this.read();
    const kept = groups.slice(0, MAX_GROUPS);
    const before = file[scope.workspaceFolder];
    if (before && before.realPath === scope.realPath && before.separator === scope.separator && sameStrings(before.groups, kept)) return;
    file[scope.workspaceFolder] = { realPath: scope.realPath, separator: scope.separator, groups: kept };
    this.scheduleWrite();
  }

  /** Writes what is pending now (tests, and disposal). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.writing = this.writing.then(() => this.write());
    }
    return this.writing;
  }

  dispose(): void {
    clearTimeout(this.preload);
    void this.flush();
  }

  private scheduleWrite(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), WRITE_DELAY_MS);
    this.timer.unref?.();
  }

  private read(): Promise<StoredFile> {
    this.stored ??= readStored(this.storageDir);
    return this.stored;
  }

  /** Through a temporary file and a rename: a window closing mid-write leaves the old snapshot, never half a file. */
  private async write(): Promise<void> {
    if (!this.storageDir) return;
    const text = JSON.stringify(await this.read());
    const target = path.join(this.storageDir, SNAPSHOT_FILE);
    const temp = `${target}.${process.pid}.tmp`;
    try {
      await fs.promises.mkdir(this.storageDir, { recursive: true });
      await fs.promises.writeFile(temp, text);
      await fs.promises.rename(temp, target);
    } catch {
      // A snapshot is only a head start: without it the view waits for the names, as on the first open.
      await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

/** The stored snapshots, keeping only well-formed ones (the file may be from another version, or damaged). */
async function readStored(storageDir: string | undefined): Promise<StoredFile> {
  const file: StoredFile = Object.create(null);
  if (!storageDir) return file;
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.promises.readFile(path.join(storageDir, SNAPSHOT_FILE), 'utf8'));
  } catch {
    return file;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return file;
  for (const [folder, value] of Object.entries(raw)) {
    const snapshot = wellFormed(value);
    if (snapshot) file[folder] = snapshot;
  }
  return file;
}

function wellFormed(value: unknown): StoredSnapshot | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { realPath, separator, groups } = value as Partial<StoredSnapshot>;
  if (typeof realPath !== 'string' || typeof separator !== 'string' || separator === '' || !Array.isArray(groups)) return undefined;
  // A group's prefix ends with the separator and has something before it.
  const ok = groups.every((g) => typeof g === 'string' && g.length > separator.length && g.endsWith(separator));
  return ok ? { realPath, separator, groups: groups.slice(0, MAX_GROUPS) } : undefined;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
