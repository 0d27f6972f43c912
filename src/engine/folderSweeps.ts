// clear and cleanup: the walks over the whole cache folder that remove what is provably the cache's (every entry, or
// the expired ones) and nothing else. Each first puts back what an interrupted removal left in an aside folder
// (asideFolder.ts), since such a file may be someone's acknowledged write; each file is judged and removed under its
// name's lock, and only if it is still the file judged.
import type { CacheCore } from './cacheCore';
import { checkContent } from './cacheFileCheck';
import { keepForeign } from './cacheFileRule';
import { forEachLimited } from './concurrency';
import { readEntry, type EntryRead, type JudgeContext } from './entryReader';
import { toStorageError } from './errors';
import { isExpired } from './expiry';
import { removeOwnFile } from './fileRemoval';
import type { DirEntry } from './fileSystem';
import type { SharedPolicy } from './sharedPolicy';
import type { ClearReport, CleanupOptions, CleanupReport, ForeignFile } from './types';

/** What the sweeps read through the cache's listing (cache.ts), so a file is judged the same way it is listed. */
export interface SweepListing {
  listFolder(): Promise<DirEntry[]>;
  /** One file's listing read; an I/O fault makes it unreadable rather than failing the walk. */
  readForListing(fileName: string, context: JudgeContext): Promise<EntryRead | undefined>;
  /** Removes an abandoned temp file, records a name that is not the cache's; true when `entry` was one of those. */
  sortOutNonEntry(entry: DirEntry, report: { tempFilesRemoved: number; foreign: ForeignFile[] }): Promise<boolean>;
}

export class FolderSweeps {
  constructor(
    private readonly core: CacheCore,
    private readonly shared: SharedPolicy,
    private readonly listing: SweepListing,
  ) {}

  /** Every file provably the cache's goes, memory empties, and the shared tier drops our prefix's keys. */
  async clear(): Promise<ClearReport> {
    const core = this.core;
    const dirEntries = await this.listRecovering();
    core.dropMemory();
    const report: ClearReport = { removed: 0, tempFilesRemoved: 0, foreign: [] };
    await forEachLimited(dirEntries, core.concurrency, async (dirEntry) => {
      if (await this.listing.sortOutNonEntry(dirEntry, report)) return;
      const { name } = dirEntry;
      const removal = await core.locks.run(name, () => removeOwnFile(core, name, false));
      if (removal.removed) report.removed++;
      else if (removal.reason) keepForeign(report.foreign, name, removal.reason);
    }).catch((error) => {
      throw toStorageError(error, 'clear the cache');
    });
    const foreign = report.foreign.length > 0 ? { foreign: report.foreign.length } : {};
    // A failure on Redis is a warning.
    const sharedRemoved = await this.shared.clear();
    if (sharedRemoved !== undefined) {
      report.sharedRemoved = sharedRemoved;
      core.changes.fire({ type: 'clear', removed: report.removed, sharedRemoved, ...foreign });
      return report;
    }
    core.changes.fire({ type: 'clear', removed: report.removed, ...foreign });
    return report;
  }

  /** Expired entries and abandoned temp files go (unreadable files too when asked); memory drops expired values. */
  async cleanup(options: CleanupOptions): Promise<CleanupReport> {
    const core = this.core;
    const report: CleanupReport = { removed: 0, kept: 0, unreadable: 0, unreadableRemoved: 0, tempFilesRemoved: 0, foreign: [] };
    await core.folderNames();
    const dirEntries = await this.listRecovering();
    const context = core.judgeContext();
    await forEachLimited(dirEntries, core.concurrency, async (dirEntry) => {
      if (await this.listing.sortOutNonEntry(dirEntry, report)) return;
      await core.locks.run(dirEntry.name, () => this.cleanupFile(dirEntry.name, context, options, report));
    }).catch((error) => {
      throw toStorageError(error, 'clean up the cache');
    });
    core.memory.prune((entry) => isExpired(entry.timestamp, entry.ttl, context.nowMs));
    core.changes.fire({ type: 'cleanup', report });
    return report;
  }

  /** One entry file's cleanup, under its name's lock. */
  private async cleanupFile(name: string, context: JudgeContext, options: CleanupOptions, report: CleanupReport): Promise<void> {
    const { files, maxEntryBytes, memory } = this.core;
    const read = await this.listing.readForListing(name, context);
    if (!read?.stat) return;
    const { state, key } = read.info;
    if (state === 'fresh') {
      report.kept++;
      return;
    }
    // Whatever is deleted must be the cache's, and what was moved aside must still read as judged: a rewrite can
    // reuse the inode and the mtime's clock tick. (A file under a name this cache never writes is unreadable for
    // its name, whatever it holds.)
    const stillJudged = async (parked: string) => {
      if ((await checkContent(files, parked, maxEntryBytes))?.owned === false) return false;
      const now = (await readEntry(files, parked, false, context, key))?.info.state;
      return state === 'expired' ? now === 'expired' : now !== 'fresh' || context.names?.keyOf(name) === undefined;
    };
    if (state === 'expired') {
      if (await files.removeIfUnchanged(name, read.stat, stillJudged)) {
        report.removed++;
        memory.delete(key);
      } else {
        report.kept++; // rewritten by someone else since we read it (or not the cache's)
      }
      return;
    }
    // A read fault while checking whose file it is: it stays, as unreadable (listing absorbs read faults too).
    const owner = await checkContent(files, name, maxEntryBytes).catch(() => 'unknown' as const);
    if (!owner) return;
    if (owner === 'unknown') {
      report.unreadable++;
      return;
    }
    if (owner.owned === false) return keepForeign(report.foreign, name, owner.reason);
    report.unreadable++;
    if (options.removeUnreadable && (await files.removeIfUnchanged(name, owner.stat, stillJudged))) {
      report.unreadableRemoved++;
    }
  }

  /**
   * The folder's entries, after putting back what a removal that died mid-way left aside (another process killed
   * while it cleaned up): such a file may be someone's acknowledged write, so it is never lost nor taken for debris.
   */
  private async listRecovering(): Promise<DirEntry[]> {
    const { files, fs, tempFileAge } = this.core;
    const dirEntries = await this.listing.listFolder();
    const ownerGone = (pid: number, mtimeMs: number) =>
      (pid !== process.pid && !fs.isProcessAlive(pid)) || Date.now() - mtimeMs > tempFileAge.maxAgeMs;
    const restored = await files.recoverAside(dirEntries, ownerGone).catch((error) => {
      throw toStorageError(error, 'put back files left aside by an interrupted cleanup');
    });
    return restored > 0 ? this.listing.listFolder() : dirEntries;
  }
}
