// The disk tier: one file per entry in one folder, written atomically, read without following links.
import * as path from 'node:path';
import { errorCode, StorageError } from './errors';
import type { DirEntry, FileContent, FileStat, FileSystem } from './fileSystem';
import { tempFileName } from './tempFiles';
import { asideFolderName, asideFolderOwnerPid } from './asideFolder';

/** A name that path.join() keeps as it is, under any platform's rules: no separators, no NUL, no drive colon. */
const PLAIN_NAME = /^[^/\\:\0]+$/;

export interface FileTierOptions {
  /** fsync each file before its rename, and the folder after: survives power loss, costs a disk flush per write. */
  durable: boolean;
}

export class FileTier {
  /** Absolute path of the cache folder. */
  readonly dir: string;
  private dirReady = false;
  /** `dir` with a trailing separator. */
  private readonly prefix: string;
  /** This tier's aside folder (asideFolder.ts): files being removed wait there under their own names. */
  private readonly asideName = asideFolderName();
  /** Removals in progress, which need the aside folder; the last one out removes it. */
  private parkings = 0;
  /** A failed removal left a file in our own aside folder (a second name of a file that is back at its name). */
  private leftAside = false;

  constructor(
    dir: string,
    private readonly fs: FileSystem,
    private readonly options: FileTierOptions,
  ) {
    this.dir = path.resolve(dir);
    this.prefix = this.dir.endsWith(path.sep) ? this.dir : this.dir + path.sep;
  }

  /** The absolute path of a file in the folder; asserts it cannot point elsewhere. */
  pathOf(fileName: string): string {
    // The common case, cheaply: a plain name. (The concatenation shares the folder's string: 100k listed paths stay small.)
    if (isPlainName(fileName)) return this.prefix + fileName;
    // A parked file, `<aside folder>/<name>`, as removeIfUnchanged hands it to its `stillJudged` check.
    if (fileName.startsWith(this.asideName + '/')) {
      const parked = fileName.slice(this.asideName.length + 1);
      this.pathOf(parked); // asserts it is one name
      return path.join(this.dir, this.asideName, parked);
    }
    const full = path.join(this.dir, fileName);
    if (path.dirname(full) !== this.dir || path.basename(full) !== fileName) {
      throw new StorageError('EINVALIDKEY', `The file name ${JSON.stringify(fileName)} would leave the cache folder.`);
    }
    return full;
  }

  /**
   * Writes the file atomically (temp file in the same folder, then rename); creates the folder on first use.
   * On failure the old file is intact, except for an error flagged `landed` (the folder fsync failed after the rename).
   */
  async write(fileName: string, data: Buffer): Promise<FileStat> {
    const target = this.pathOf(fileName);
    const temp = this.pathOf(tempFileName(fileName));
    if (!this.dirReady) await this.ensureDir();
    await this.assertReplaceable(fileName);
    let stat: FileStat;
    try {
      stat = await this.fs.writeNewFile(temp, data, this.options.durable);
    } catch (error) {
      // The folder may have been removed under us (e.g. by `rm -rf cache`): recreate it once.
      if (errorCode(error) !== 'ENOENT') return this.failWrite(temp, error);
      this.dirReady = false;
      await this.ensureDir();
      try {
        stat = await this.fs.writeNewFile(temp, data, this.options.durable);
      } catch (retryError) {
        return this.failWrite(temp, retryError);
      }
    }
    try {
      await this.fs.rename(temp, target);
    } catch (error) {
      return this.failWrite(temp, error);
    }
    if (this.options.durable) {
      try {
        await this.fs.syncDirectory(this.dir);
      } catch (error) {
        // The new file is in place but not known durable: tell the caller the write did land.
        throw Object.assign(error as object, { landed: true });
      }
    }
    return stat;
  }

  /**
   * A rename replaces any file but a folder: a FIFO, a socket or a device someone put at an entry's name would be
   * deleted by a write. Refuse instead (a link is replaced, never followed: it is only a name).
   */
  private async assertReplaceable(fileName: string): Promise<void> {
    const current = await this.lstat(fileName);
    if (!current || current.isFile || current.isSymbolicLink) return;
    const what = current.isDirectory ? 'a folder' : 'a special file (a FIFO, a socket or a device)';
    throw new StorageError(
      'ENOTCACHEFILE',
      `Not written: ${JSON.stringify(fileName)} is ${what}, not a file of the cache; the cache never replaces it.`,
    );
  }

  /**
   * The file's bytes (or first `maxBytes`) and stat, through one handle that never follows a link; undefined when it
   * does not exist. A whole read of a file over `sizeLimit` bytes fails with ETOOLARGE.
   */
  async read(fileName: string, maxBytes?: number, sizeLimit?: number): Promise<FileContent | undefined> {
    try {
      return await this.fs.readFile(this.pathOf(fileName), maxBytes, sizeLimit);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  async lstat(fileName: string): Promise<FileStat | undefined> {
    try {
      return await this.fs.lstat(this.pathOf(fileName));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Everything in the folder (with `limit`, the first that many it lists); empty when the folder does not exist yet. */
  async list(limit?: number): Promise<DirEntry[]> {
    try {
      const listed = await this.fs.readdir(this.dir, limit);
      return limit !== undefined && listed.length > limit ? listed.slice(0, limit) : listed;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
  }

  /** Removes the name (a link, never its target); false when it was already gone. */
  async unlink(fileName: string): Promise<boolean> {
    try {
      await this.fs.unlink(this.pathOf(fileName));
      return true;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    }
  }

  /**
   * Deletes the file only if it is still the one that was judged (same inode, size and mtime).
   * A plain stat-then-unlink could delete a file another process renamed into place in between; instead we
   * first move whatever is there now into this tier's aside folder (an atomic rename), then inspect what we moved: if
   * it is the judged file we delete it; if not, a writer got there first and we put its file back with link(),
   * which fails rather than overwrite an even newer entry. Returns whether the judged file was deleted.
   * Identity alone is not proof: file systems reuse a freed inode at once (ext4) and stamp mtimes by clock tick, so a
   * rewrite landing right after another process deleted the judged file can look the same. `stillJudged`, given the
   * parked file's name, re-reads what was moved and must confirm the verdict (e.g. still expired) before it goes.
   * If this process dies meanwhile, the parked file keeps its name in the aside folder, and the next cleanup or clear
   * (of any process) puts it back: see recoverAside.
   */
  async removeIfUnchanged(
    fileName: string,
    judged: FileStat,
    stillJudged?: (parkedName: string) => Promise<boolean>,
  ): Promise<boolean> {
    const target = this.pathOf(fileName);
    const parkedName = `${this.asideName}/${fileName}`;
    const parked = this.pathOf(parkedName);
    this.parkings++;
    try {
      // A name left in the folder would make the rename below a no-op (both names, one file): clear those first.
      if (this.leftAside) await this.recoverOwnAside();
      if (!(await this.park(target, parked))) return false;
      let moved: FileStat;
      try {
        moved = await this.fs.lstat(parked);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return false; // put back by another process's recovery
        throw error;
      }
      const same = moved.ino === judged.ino && moved.size === judged.size && moved.mtimeMs === judged.mtimeMs;
      if (same && (!stillJudged || (await stillJudged(parkedName).catch(() => false)))) {
        try {
          await this.fs.unlink(parked);
        } catch (error) {
          if (errorCode(error) === 'ENOENT') return false;
          // Could not delete it: put it back under its name rather than leave the entry hidden aside.
          await putBack(this.fs, parked, target).catch(() => (this.leftAside = true));
          throw error;
        }
        return true;
      }
      await putBack(this.fs, parked, target);
      return false;
    } finally {
      if (--this.parkings === 0) await this.fs.rmdir?.(path.join(this.dir, this.asideName)).catch(() => undefined);
    }
  }

  /**
   * Puts back the files of other tiers' aside folders (`entries` is a listing of the cache folder) whose owner is gone,
   * as `ownerGone` judges from its pid and the folder's mtime, then removes the folder. A parked file goes back under
   * its name unless a newer file took the name meanwhile (then the parked one is older, and goes). Returns how many
   * files were put back.
   */
  async recoverAside(entries: readonly DirEntry[], ownerGone: (pid: number, mtimeMs: number) => boolean): Promise<number> {
    let restored = 0;
    for (const { name, kind } of entries) {
      const pid = asideFolderOwnerPid(name);
      if (pid === undefined || kind !== 'directory' || name === this.asideName) continue;
      const folder = path.join(this.dir, name);
      const stat = await this.fs.lstat(folder).catch(() => undefined);
      if (!stat || !ownerGone(pid, stat.mtimeMs)) continue;
      for (const parked of await this.fs.readdir(folder).catch(() => [])) {
        if (parked.kind === 'directory' || parked.undecodable || !this.isOneName(parked.name)) continue;
        if (await putBack(this.fs, path.join(folder, parked.name), this.pathOf(parked.name))) restored++;
      }
      await this.fs.rmdir?.(folder).catch(() => undefined);
    }
    return restored;
  }

  /** Whether `name` is one file name inside the folder (what pathOf accepts). */
  private isOneName(name: string): boolean {
    try {
      return this.pathOf(name) === path.join(this.dir, name);
    } catch {
      return false;
    }
  }

  private async recoverOwnAside(): Promise<void> {
    const folder = path.join(this.dir, this.asideName);
    for (const parked of await this.fs.readdir(folder).catch(() => [])) {
      if (this.isOneName(parked.name)) await putBack(this.fs, path.join(folder, parked.name), this.pathOf(parked.name));
    }
    this.leftAside = false;
  }

  /** Moves `target` into the aside folder; false when there is no such file. */
  private async park(target: string, parked: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        // While other removals are parked the folder is there (only the last one out removes it): no mkdir per file.
        if (attempt > 0 || this.parkings === 1) await this.fs.mkdir(path.dirname(parked));
        await this.fs.rename(target, parked);
        return true;
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error;
        // ENOENT: the file is gone, or the last removal of another task removed the aside folder just now (before
        // the rename, or while mkdir was making sure it exists).
        if (attempt >= 4 || !(await this.fs.lstat(target).catch(() => undefined))) return false;
      }
    }
  }

  private async ensureDir(): Promise<void> {
    await this.fs.mkdir(this.dir);
    this.dirReady = true;
  }

  private async failWrite(temp: string, error: unknown): Promise<never> {
    // Best effort: a temp file we could not clean up is ignored by readers and reclaimed by cleanup().
    await this.fs.unlink(temp).catch(() => undefined);
    throw error;
  }
}

function isPlainName(name: string): boolean {
  return PLAIN_NAME.test(name) && name !== '.' && name !== '..';
}

/**
 * Puts a parked file back under its name with link(), which never replaces: if a file took the name meanwhile it is
 * newer than the parked one, which then goes. Without hard links (FAT, some network shares), renames it back.
 * Returns whether the parked file is at its name again.
 */
async function putBack(fs: FileSystem, parked: string, target: string): Promise<boolean> {
  let restored = true;
  try {
    await fs.link(parked, target);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return false; // already put back (or removed) by someone else
    if (code !== 'EEXIST') {
      await fs.rename(parked, target);
      return true;
    }
    restored = false;
  }
  await fs.unlink(parked).catch((error) => {
    if (errorCode(error) !== 'ENOENT') throw error;
  });
  return restored;
}
