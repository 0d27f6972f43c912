// Delete Matching…: deletes exactly the files the filtered view shows (key filter and state filter), by file name
// through the engine's deleteFile (which refuses what is not provably the cache's), after a modal confirmation with
// the count and the first keys; with progress, and cancellation between files.
import * as vscode from 'vscode';
import type { Cache } from '../../engine';
import type { CacheFolder } from '../model/cacheFolder';
import { isFileEntry, type FileEntry } from '../model/listedEntry';
import { visibleEntries } from '../tree/sortedListing';
import type { CommandDeps } from './commandDeps';
import { confirmed, optionsFrom, registerCommand, trustedFor } from './commandSupport';

const PREVIEW_KEYS = 5;
const PARALLEL_DELETES = 16;

export function registerDeleteMatching({ folders, view, log }: CommandDeps): vscode.Disposable {
  return registerCommand('cacheExplorer.deleteMatching', log, async (...args) => {
    if (!trustedFor('Delete Matching', log)) return undefined;
    const filter = view.provider.filter;
    if (!filter) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Set a filter first: Delete Matching… deletes what the filtered view shows.'));
      return 0;
    }
    // What the tree shows, from the same listings and the same filter object.
    const doomed: { folder: CacheFolder; file: FileEntry }[] = [];
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
    let removed = 0;
    let kept = 0;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting matching cache entries'), cancellable: true },
      async (progress, token) => {
        // A few files at a time: each delete waits on the disk several times (judge, park, check, unlink), and the
        // engine's per-file locks keep concurrent deletes of one name in order. Cancellation stops between batches.
        for (let start = 0; start < doomed.length && !token.isCancellationRequested; start += PARALLEL_DELETES) {
          const batch = doomed.slice(start, start + PARALLEL_DELETES);
          // The folder guard is judged again before each batch (it reads the disk), not before each of its files.
          const caches = new Map<CacheFolder, () => Cache>();
          for (const { folder } of batch) if (!caches.has(folder)) caches.set(folder, guardedCache(folder));
          await Promise.all(
            batch.map(async ({ folder, file }) => {
              try {
                if (await caches.get(folder)!().deleteFile(file.fileName)) removed++;
              } catch (error) {
                kept++;
                log.warn(vscode.l10n.t('Kept {0}: {1}', file.fileName, error instanceof Error ? error.message : String(error)));
              }
              folder.noteChanged(file.fileName);
            }),
          );
          progress.report({ message: `${start + batch.length} / ${doomed.length}`, increment: (100 * batch.length) / doomed.length });
        }
      },
    );
    log.info(vscode.l10n.t('Delete Matching: {0} deleted, {1} kept, of {2}', removed, kept, doomed.length));
    if (kept) void vscode.window.showWarningMessage(vscode.l10n.t('{0} files were not deleted; see the log.', kept));
    return removed;
  });
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
