// The disk tier: one file per entry in one folder, written atomically, read without following links.
import * as path from 'node:path';
import { errorCode, StorageError } from './errors';
import type { DirEntry, FileContent, FileStat, FileSystem } from './fileSystem';
import { tempFileName } from './tempFiles';

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
    if (PLAIN_NAME.test(fileName) && fileName !== '.' && fileName !== '..') return this.prefix + fileName;
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

  /** The file's bytes (or first `maxBytes`) and stat; undefined when it does not exist. */
  async read(fileName: string, maxBytes?: number): Promise<FileContent | undefined> {
    try {
      return await this.fs.readFile(this.pathOf(fileName), maxBytes);
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

  /** Everything in the folder; empty when the folder does not exist yet. */
  async list(): Promise<DirEntry[]> {
    try {
      return await this.fs.readdir(this.dir);
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
   * first rename whatever is there now to a private temp name (atomic), then inspect what we moved: if it is
   * the judged file we delete it; if not, a writer got there first and we put its file back with link(),
   * which fails rather than overwrite an even newer entry. Returns whether the judged file was deleted.
   * Identity alone is not proof: file systems reuse a freed inode at once (ext4) and stamp mtimes by clock tick, so a
   * rewrite landing right after another process deleted the judged file can look the same. `stillJudged`, given the
   * parked file's name, re-reads what was moved and must confirm the verdict (e.g. still expired) before it goes.
   */
  async removeIfUnchanged(
    fileName: string,
    judged: FileStat,
    stillJudged?: (parkedName: string) => Promise<boolean>,
  ): Promise<boolean> {
    const target = this.pathOf(fileName);
    const parkedName = tempFileName(fileName);
    const parked = this.pathOf(parkedName);
    try {
      await this.fs.rename(target, parked);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    }
    const moved = await this.fs.lstat(parked);
    const same = moved.ino === judged.ino && moved.size === judged.size && moved.mtimeMs === judged.mtimeMs;
    if (same && (!stillJudged || (await stillJudged(parkedName).catch(() => false)))) {
      try {
        await this.fs.unlink(parked);
      } catch (error) {
        // Could not delete it: put it back under its name rather than leave the entry hidden in a temp file.
        await this.restore(parked, target).catch(() => undefined);
        throw error;
      }
      return true;
    }
    await this.restore(parked, target);
    return false;
  }

  private async restore(parked: string, target: string): Promise<void> {
    try {
      await this.fs.link(parked, target);
    } catch (error) {
      const code = errorCode(error);
      // EEXIST: an even newer entry is in place; ours is older and may go.
      if (code !== 'EEXIST') {
        // No hard links on this file system (FAT, some network shares): rename back instead.
        await this.fs.rename(parked, target);
        return;
      }
    }
    await this.fs.unlink(parked);
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
