// The few file operations the engine needs, behind an interface so tests can inject faults (ENOSPC, EIO, …).
import * as fs from 'node:fs';
import { constants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { awaitSyncTurn } from './concurrency';
import { slowDisk } from './slowDisk';

/** Identity and freshness of a file: an atomic rewrite gives a new inode, an in-place one a new mtime/size. */
export interface FileStat {
  ino: number;
  size: number;
  mtimeMs: number;
  isFile: boolean;
  isSymbolicLink: boolean;
  /** Set by lstat on a folder (an injected file system may leave it out: then a non-file, non-link is "special"). */
  isDirectory?: boolean;
}

export type DirEntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface DirEntry {
  name: string;
  kind: DirEntryKind;
  /** The name's bytes are not UTF-8: `name` shows them as U+FFFD and cannot open the file. */
  undecodable?: boolean;
}

export interface FileContent {
  bytes: Buffer;
  stat: FileStat;
}

export interface FileSystem {
  /** Creates the folder and its parents; succeeds when it exists. */
  mkdir(path: string): Promise<void>;
  /**
   * The folder's entries without following links, in the folder's own order; with `limit`, at most that many, the
   * first it lists (an injected file system may return more: the caller keeps the first `limit`).
   */
  readdir(path: string, limit?: number): Promise<DirEntry[]>;
  /**
   * Reads a regular file, or its first `maxBytes` bytes, through one handle, never following a symlink: fails with
   * ELOOP on a link and `ENOTREGULAR` (with `kind`: "a FIFO", "a socket", …) on anything that is not a regular file.
   * A whole read (no `maxBytes`) of a file over `sizeLimit` bytes, or that grows past it while read, fails with
   * `ETOOLARGE` (with `size`) and reads no more than that.
   */
  readFile(path: string, maxBytes?: number, sizeLimit?: number): Promise<FileContent>;
  /** Creates `path` (which must not exist), writes `data`, fsyncs when `durable`; returns the new file's stat. */
  writeNewFile(path: string, data: Buffer, durable: boolean): Promise<FileStat>;
  /** Atomically replaces `to` with `from`. */
  rename(from: string, to: string): Promise<void>;
  /** Adds a second name `to` for `from`; fails with EEXIST when `to` exists (never replaces it). */
  link(from: string, to: string): Promise<void>;
  /** Removes a name; on a symlink, removes the link, never its target. */
  unlink(path: string): Promise<void>;
  lstat(path: string): Promise<FileStat>;
  /** Removes an empty folder. Optional for injected file systems: without it the cache's aside folder stays, empty. */
  rmdir?(path: string): Promise<void>;
  /** Makes a rename inside `path` durable (no-op where folders cannot be fsynced, e.g. Windows). */
  syncDirectory(path: string): Promise<void>;
  /** Whether a process with this id runs on this machine (to judge temp files of crashed writers). */
  isProcessAlive(pid: number): boolean;
}

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
// A FIFO named `x.json` would block an ordinary open forever.
const NON_BLOCKING = constants.O_NONBLOCK ?? 0;
const READ_FLAGS = constants.O_RDONLY | NO_FOLLOW | NON_BLOCKING;
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;

function toStat(stats: fs.Stats): FileStat {
  return {
    ino: stats.ino,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    isFile: stats.isFile(),
    isSymbolicLink: stats.isSymbolicLink(),
    isDirectory: stats.isDirectory(),
  };
}

/** What kind of folder entry an lstat describes. */
export function statKind(stat: FileStat): DirEntryKind {
  return stat.isSymbolicLink ? 'symlink' : stat.isFile ? 'file' : stat.isDirectory ? 'directory' : 'other';
}

function direntKind(d: fs.Dirent | fs.Dirent<Buffer>): DirEntryKind {
  return d.isFile() ? 'file' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'symlink' : 'other';
}

/** Entries read between two looks at the slice's budget. */
const DIRENTS_PER_STEP = 256;

/** A head of at most this many names is read in one step (~5 ms): waiting for turns in between took ~20 turns of a busy host. */
export const HEAD_IN_ONE_STEP = 4096;

/**
 * Calls `each` with up to `limit` of the folder's entries, read through a Dir handle synchronously in slices:
 * readdir() would build all 100k Dirents in one callback, holding the event loop for ~100 ms, and take 5× longer in
 * all. A head (`limit`) of a million-name folder takes milliseconds.
 */
async function readDirents(path: string, encoding: 'utf8' | 'buffer', limit: number, each: (d: fs.Dirent) => void): Promise<void> {
  // `buffer` is accepted at run time (names come as Buffers), though the options' type lists text encodings only.
  const options = { bufferSize: DIRENTS_PER_STEP, encoding: encoding as BufferEncoding };
  const dir = await call<fs.Dir>((done) => fs.opendir(path, options, done));
  const step = limit <= HEAD_IN_ONE_STEP ? limit : DIRENTS_PER_STEP;
  try {
    let read = 0;
    for (let d: fs.Dirent | null = null; read < limit; ) {
      if (slowDisk.syncAllowed) {
        await awaitSyncTurn();
        slowDisk.timed(() => {
          for (let n = 0; n < step && read < limit && (d = dir.readSync()) !== null; n++, read++) each(d);
        });
      } else {
        for (let n = 0; n < step && read < limit && (d = await dir.read()) !== null; n++, read++) each(d);
      }
      if (d === null) break;
    }
  } finally {
    dir.closeSync();
  }
}

/** What a file that is not a regular file is, in words ("a FIFO"), from its lstat or fstat. */
function specialKind(stats: fs.Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'a special file';
}

function notRegularFile(path: string, stats: fs.Stats): Error {
  const kind = specialKind(stats);
  return Object.assign(new Error(`not a regular file (${kind}): ${path}`), { code: 'ENOTREGULAR', kind });
}

function tooLarge(path: string, size: number): Error {
  return Object.assign(new Error(`file too large (${size} bytes): ${path}`), { code: 'ETOOLARGE', size });
}

/** Linux refuses to open a socket (ENXIO); some devices answer ENODEV: the file is not a regular one. */
function refusedAsSpecial(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENXIO' || code === 'ENODEV' || code === 'EOPNOTSUPP';
}

/** Opens for reading without following a link or blocking on a FIFO; a socket or driverless device is ENOTREGULAR. */
function openForReading(path: string): number {
  try {
    return fs.openSync(path, READ_FLAGS);
  } catch (error) {
    if (!refusedAsSpecial(error)) throw error;
    throw notRegularFile(path, fs.lstatSync(path));
  }
}

/** openForReading through the thread pool. */
async function openForReadingPooled(path: string): Promise<number> {
  try {
    return await open(path, READ_FLAGS);
  } catch (error) {
    if (!refusedAsSpecial(error)) throw error;
    throw notRegularFile(path, await lstat(path));
  }
}

/** A file just opened for reading, as `stats` describe it; fails when it is not a regular file or is too large. */
function checkedStat(path: string, stats: fs.Stats, maxBytes: number | undefined, sizeLimit: number): FileStat {
  const stat = toStat(stats);
  // Checked on the handle before any read: a FIFO opened O_NONBLOCK is never read, so it cannot hang us.
  if (!stat.isFile) throw notRegularFile(path, stats);
  if (maxBytes === undefined && stat.size > sizeLimit) throw tooLarge(path, stat.size);
  return stat;
}

/**
 * One file call: synchronous, in a slice, while the disk answers fast (see slowDisk.ts); through the thread pool in
 * a spell of slow calls.
 */
async function quickCall<T>(sync: () => T, pooled: () => Promise<T>): Promise<T> {
  if (slowDisk.syncAllowed) {
    await awaitSyncTurn();
    if (slowDisk.syncAllowed) return slowDisk.timed(sync);
  }
  return pooled();
}

/** Promise around a callback-style fs call. (fs/promises FileHandles cost about 3× more per small file.) */
function call<T>(start: (done: (error: NodeJS.ErrnoException | null, result: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start((error, result) => (error ? reject(error) : resolve(result))));
}

const open = (path: string, flags: number, mode?: number) => call<number>((done) => fs.open(path, flags, mode, done));
const fstat = (fd: number) => call<fs.Stats>((done) => fs.fstat(fd, done));
const close = (fd: number) => call<void>((done) => fs.close(fd, (error) => done(error, undefined)));
const read = (fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
  call<number>((done) => fs.read(fd, buffer, offset, length, position, done));
const write = (fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
  call<number>((done) => fs.write(fd, buffer, offset, length, position, done));
const fsync = (fd: number) => call<void>((done) => fs.fsync(fd, (error) => done(error, undefined)));
const lstat = (path: string) => call<fs.Stats>((done) => fs.lstat(path, done));
const rename = (from: string, to: string) => call<void>((done) => fs.rename(from, to, (error) => done(error, undefined)));
const link = (from: string, to: string) => call<void>((done) => fs.link(from, to, (error) => done(error, undefined)));
const rmdir = (path: string) => call<void>((done) => fs.rmdir(path, (error) => done(error, undefined)));

/*
 * Small files go through synchronous calls. Each async call is a round trip through libuv's thread pool (30–100 µs
 * on a loaded machine, four of them to read one file), while the same open/fstat/read/close done synchronously takes
 * ~15 µs for a file of a few KB: listing 100k entries is 4–7× faster that way. Large files (reads or writes over
 * SYNC_LIMIT bytes), durable writes (fsync) and unlink stay asynchronous. Synchronous calls are made only when
 * awaitSyncTurn() allows, so the event loop keeps turning at least every SLICE_MS (see concurrency.ts), and only
 * while they answer fast: after one that took SLOW_CALL_MS, the thread pool again for a spell (see slowDisk.ts).
 */
/** Most bytes read or written by synchronous calls; larger files use the thread pool. */
export const SYNC_LIMIT = 64 * 1024;

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // the error that made us close matters more
  }
}

/** Runs `use` on an open descriptor and always closes it; a close error matters only if `use` succeeded. */
async function withFile<T>(fd: number, use: (fd: number) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await use(fd);
  } catch (error) {
    await close(fd).catch(() => undefined);
    throw error;
  }
  await close(fd);
  return result;
}

async function readAll(fd: number, buffer: Buffer, wanted: number): Promise<number> {
  let bytesRead = 0;
  for (let n = -1; n !== 0 && bytesRead < wanted; bytesRead += n) {
    n = await read(fd, buffer, bytesRead, buffer.length - bytesRead, bytesRead);
  }
  return bytesRead;
}

function readAllSync(fd: number, buffer: Buffer, wanted: number): number {
  let bytesRead = 0;
  for (let n = -1; n !== 0 && bytesRead < wanted; bytesRead += n) {
    n = fs.readSync(fd, buffer, bytesRead, buffer.length - bytesRead, bytesRead);
  }
  return bytesRead;
}

/** Reads on from `start.length` until end of file, failing with ETOOLARGE past `sizeLimit` bytes. */
async function readToEnd(fd: number, start: Buffer, sizeLimit: number, path: string): Promise<Buffer> {
  const chunks = [start];
  let total = start.length;
  for (;;) {
    if (total > sizeLimit) throw tooLarge(path, total);
    // Room for at least one byte past the limit, so a file that grew over it is noticed.
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(SYNC_LIMIT, total), sizeLimit + 2 - total));
    const n = await read(fd, chunk, 0, chunk.length, total);
    if (n === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
}

/** The real file system (node:fs). */
export const nodeFileSystem: FileSystem = {
  async mkdir(path) {
    await fsp.mkdir(path, { recursive: true });
  },

  async readdir(path, limit = Infinity) {
    // Names as strings (Buffers cost ~10× the memory and time at 100k entries); a name that is not UTF-8 comes back
    // with U+FFFD in place of its odd bytes, naming no file: only then are the names read again as bytes to tell.
    const entries: DirEntry[] = [];
    let suspect = false;
    await readDirents(path, 'utf8', limit, (d) => {
      const name = d.name;
      if (name.includes('\ufffd')) suspect = true;
      entries.push({ name, kind: direntKind(d) });
    });
    if (!suspect) return entries;
    const decoded: DirEntry[] = [];
    await readDirents(path, 'buffer', limit, (d) => {
      const bytes = d.name as unknown as Buffer;
      const name = bytes.toString('utf8');
      const kind = direntKind(d);
      decoded.push(name.includes('\ufffd') && !Buffer.from(name, 'utf8').equals(bytes) ? { name, kind, undecodable: true } : { name, kind });
    });
    return decoded;
  },

  async readFile(path, maxBytes, sizeLimit = Number.MAX_SAFE_INTEGER) {
    await awaitSyncTurn();
    // Where O_NOFOLLOW does not exist (Windows), an lstat first keeps links out.
    if (NO_FOLLOW === 0 && fs.lstatSync(path).isSymbolicLink()) {
      throw Object.assign(new Error(`symbolic link: ${path}`), { code: 'ELOOP' });
    }
    const sync = slowDisk.syncAllowed;
    const fd = sync ? slowDisk.timed(() => openForReading(path)) : await openForReadingPooled(path);
    let stat: FileStat;
    try {
      stat = checkedStat(path, sync ? fs.fstatSync(fd) : await fstat(fd), maxBytes, sizeLimit);
    } catch (error) {
      if (sync) closeQuietly(fd);
      else await close(fd).catch(() => undefined);
      throw error;
    }
    const wanted = maxBytes === undefined ? stat.size : Math.min(stat.size, maxBytes);
    // One read of the size fstat gave, plus a byte to notice a file growing under an in-place writer.
    const buffer = Buffer.allocUnsafe(wanted + 1);
    // It grew while we read (an in-place writer): a whole read goes on through the same handle, never by path again
    // (the name may be a link by now), and never past the limit.
    const grew = (bytesRead: number) => bytesRead > wanted && maxBytes === undefined;
    if (sync && wanted <= SYNC_LIMIT) {
      let bytesRead: number;
      try {
        bytesRead = slowDisk.timed(() => readAllSync(fd, buffer, wanted));
      } catch (error) {
        closeQuietly(fd);
        throw error;
      }
      if (grew(bytesRead)) return { bytes: await withFile(fd, (fd) => readToEnd(fd, buffer.subarray(0, bytesRead), sizeLimit, path)), stat };
      fs.closeSync(fd);
      return { bytes: buffer.subarray(0, Math.min(bytesRead, wanted)), stat };
    }
    const bytes = await withFile(fd, async (fd) => {
      const bytesRead = await readAll(fd, buffer, wanted);
      return grew(bytesRead) ? readToEnd(fd, buffer.subarray(0, bytesRead), sizeLimit, path) : buffer.subarray(0, Math.min(bytesRead, wanted));
    });
    return { bytes, stat };
  },

  async writeNewFile(path, data, durable) {
    if (durable || data.length > SYNC_LIMIT || !slowDisk.syncAllowed) {
      return withFile(await open(path, CREATE_FLAGS, 0o666), async (fd) => {
        for (let written = 0; written < data.length; ) {
          written += await write(fd, data, written, data.length - written, written);
        }
        if (durable) await fsync(fd);
        return toStat(await fstat(fd));
      });
    }
    await awaitSyncTurn();
    const fd = slowDisk.timed(() => fs.openSync(path, CREATE_FLAGS, 0o666));
    let stat: FileStat;
    try {
      for (let written = 0; written < data.length; ) {
        written += fs.writeSync(fd, data, written, data.length - written, written);
      }
      stat = toStat(fs.fstatSync(fd));
    } catch (error) {
      closeQuietly(fd);
      throw error;
    }
    fs.closeSync(fd);
    return stat;
  },

  async rename(from, to) {
    await quickCall(() => fs.renameSync(from, to), () => rename(from, to));
  },

  async link(from, to) {
    await quickCall(() => fs.linkSync(from, to), () => link(from, to));
  },

  async unlink(path) {
    // Through the thread pool: an unlink waits on the folder and the journal, not on bytes, and on a busy disk one
    // takes milliseconds (measured: 1–2 ms each while Delete Matching… removes thousands), too long to hold the loop.
    await call<void>((done) => fs.unlink(path, (error) => done(error, undefined)));
  },

  async lstat(path) {
    return toStat(await quickCall(() => fs.lstatSync(path), () => lstat(path)));
  },

  async rmdir(path) {
    await quickCall(() => fs.rmdirSync(path), () => rmdir(path));
  },

  async syncDirectory(path) {
    if (process.platform === 'win32') return;
    await withFile(await open(path, constants.O_RDONLY), fsync);
  },

  isProcessAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists but belongs to someone else.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
};
