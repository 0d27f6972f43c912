// Delete Matching…: deletes exactly the files the filtered view shows (key filter and state filter), by file name
// through the engine's deleteFile (which refuses what is not provably the cache's), after a modal confirmation with
// the count and the first keys; with progress, and cancellation between batches.
import * as vscode from 'vscode';
import type { Cache } from '../../engine';
import type { CacheFolder } from '../model/cacheFolder';
import { isFileEntry, type FileEntry } from '../model/listedEntry';
import { visibleEntries } from '../tree/sortedListing';
import type { Log } from '../log';
import type { CommandDeps } from './commandDeps';
import { confirmed, optionsFrom, registerCommand, trustedFor } from './commandSupport';

const PREVIEW_KEYS = 5;
const PARALLEL_DELETES = 16;
const PROGRESS_INTERVAL_MS = 100;

interface Doomed {
  folder: CacheFolder;
  file: FileEntry;
}

export function registerDeleteMatching({ folders, view, log }: CommandDeps): vscode.Disposable {
  return registerCommand('cacheExplorer.deleteMatching', log, async (...args) => {
    if (!trustedFor('Delete Matching', log)) return undefined;
    const filter = view.provider.filter;
    if (!filter) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Set a filter first: Delete Matching… deletes what the filtered view shows.'));
      return 0;
    }
    // What the tree shows, from the same listings and the same filter object.
    const doomed: Doomed[] = [];
    for (const folder of folders.all()) {
      const listing = await folder.entries();
      if (listing.refused || !listing.exists) continue;
      for (const entry of await visibleEntries(listing, filter, folder)) if (isFileEntry(entry)) doomed.push({ folder, file: entry });
    }
    if (doomed.length === 0) return 0;
    const preview = doomed.slice(0, PREVIEW_KEYS).map(({ file }) => file.key).join('\n');
    const more = doomed.length > PREVIEW_KEYS ? `\n${vscode.l10n.t('… and {0} more', doomed.length - PREVIEW_KEYS)}` : '';
    const question =
      doomed.length === 1 ? vscode.l10n.t('Delete the 1 cache entry the filter shows?') : vscode.l10n.t('Delete the {0} cache entries the filter shows?', doomed.length);
    if (!(await confirmed(question, vscode.l10n.t('Delete'), optionsFrom(args), preview + more))) return 0;
    const { removed, kept } = await deleteWithProgress(doomed, log);
    log.info(vscode.l10n.t('Delete Matching: {0} deleted, {1} kept, of {2}', removed, kept, doomed.length));
    if (kept) void vscode.window.showWarningMessage(vscode.l10n.t('{0} files were not deleted; see the log.', kept));
    return removed;
  });
}

/**
 * Deletes the files a few at a time, with progress; after Cancel no file is started. While it runs, the folders
 * changes are held and reach the listing and the tree as one batch at the end: taking in each 300 ms batch of
 * thousands of deleted files (re-reading the listing, re-sorting and re-filtering the tree) cost more than deleting.
 */
async function deleteWithProgress(doomed: readonly Doomed[], log: Log): Promise<{ removed: number; kept: number }> {
  let removed = 0;
  let kept = 0;
  const holds = vscode.Disposable.from(...[...new Set(doomed.map(({ folder }) => folder))].map((folder) => folder.holdChanges()));
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting matching cache entries'), cancellable: true },
      async (progress, token) => {
        let done = 0;
        let reported = 0;
        let reportedAt = 0;
        const report = () => {
          // Each report is a message to the window: a few per second tell as much as thousands.
          if (performance.now() - reportedAt < PROGRESS_INTERVAL_MS && done < doomed.length) return;
          progress.report({ message: `${done.toLocaleString()} / ${doomed.length.toLocaleString()}`, increment: (100 * (done - reported)) / doomed.length });
          reported = done;
          reportedAt = performance.now();
        };
        let next = 0;
        let guards = new Map<CacheFolder, () => Cache>();
        // A few files in flight at a time: each delete waits on the disk several times (judge, park, check, unlink),
        // and the engine's per-file locks keep concurrent deletes of one name in order. A pool rather than lock-step
        // batches: a slow file holds up one worker, not the others, and the engine's aside folder stays in use
        // instead of being made and removed again for every batch. Cancellation stops workers taking more files.
        const worker = async () => {
          while (next < doomed.length && !token.isCancellationRequested) {
            const index = next++;
            // The folder guard is judged again before every PARALLEL_DELETES files (it reads the disk), not per file.
            if (index % PARALLEL_DELETES === 0) guards = judgeGuards(doomed.slice(index, index + PARALLEL_DELETES));
            const { folder, file } = doomed[index]!;
            const guarded = guards.get(folder)!;
            try {
              // The engine reports each file it removed to the folder; a file it kept is re-read instead.
              if (await guarded().deleteFile(file.fileName)) removed++;
            } catch (error) {
              kept++;
              folder.noteChanged(file.fileName);
              log.warn(vscode.l10n.t('Kept {0}: {1}', file.fileName, error instanceof Error ? error.message : String(error)));
            }
            done++;
            report();
          }
        };
        await Promise.all(Array.from({ length: Math.min(PARALLEL_DELETES, doomed.length) }, worker));
      },
    );
  } finally {
    holds.dispose();
  }
  return { removed, kept };
}

/** For each folder of these files: its engine once its guard passed just now, or a thrower of why it did not. */
function judgeGuards(files: readonly Doomed[]): Map<CacheFolder, () => Cache> {
  const guards = new Map<CacheFolder, () => Cache>();
  for (const { folder } of files) if (!guards.has(folder)) guards.set(folder, guardedCache(folder));
  return guards;
}

/** The folder's engine once its guard passed just now, or a thrower of why it did not (each file then reports it). */
function guardedCache(folder: CacheFolder): () => Cache {
  try {
    const cache = folder.cacheForDeleting();
    return () => cache;
  } catch (error) {
    return () => {
      throw error;
    };
  }
}
