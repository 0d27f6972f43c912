// Delete Entry (the clicked entry or the whole multi-selection) and Delete Group (every entry under a prefix node).
// Identity is the file: each deletes exactly the file its node lists, by name, through the engine's deleteFile
// (which refuses what is not provably the cache's), never a file name derived again from the key shown.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Log } from '../log';
import type { CacheFolder } from '../model/cacheFolder';
import { isFileEntry, type FileEntry, type ListedEntry } from '../model/listedEntry';
import { GroupNode } from '../tree/groupNode';
import type { CommandDeps } from './commandDeps';
import { confirmed, optionsFrom, registerCommand, trustedFor, type CommandOptions } from './commandSupport';
import { cacheEntriesCount } from './countedWords';
import { entryNodesFrom } from './targets';

interface Doomed {
  folder: CacheFolder;
  file: FileEntry;
}

function filesOf(folder: CacheFolder, entries: readonly ListedEntry[]): Doomed[] {
  return entries.filter(isFileEntry).map((file) => ({ folder, file }));
}

/** Where the files are, for the confirmation: the real path of each cache folder involved. */
function whereOf(doomed: readonly Doomed[]): string {
  return [...new Set(doomed.map(({ folder }) => folder.realPath))].join(', ');
}

/** Deletes each file; logs what was removed, what was already gone, and what was kept and why. */
async function deleteFiles(doomed: readonly Doomed[], question: string, options: CommandOptions, log: Log): Promise<number> {
  if (doomed.length === 0 || !(await confirmed(question, vscode.l10n.t('Delete'), options))) return 0;
  let removed = 0;
  const kept: string[] = [];
  for (const { folder, file } of doomed) {
    const filePath = path.join(folder.realPath, file.fileName);
    try {
      const cache = folder.cacheForDeleting();
      const deleted = await cache.deleteFile(file.fileName);
      // Also in Redis: the shared tier holds it under the key this file is the engine's own spelling of.
      if (file.location === 'both' && cache.fileNames.isNameOf(file.key, file.fileName)) await cache.delete(file.key);
      if (deleted) {
        removed++;
        log.info(vscode.l10n.t('Deleted {0}', filePath));
      } else {
        log.info(vscode.l10n.t('Nothing deleted: {0} was already gone', filePath));
      }
      folder.noteChanged(file.fileName);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.warn(vscode.l10n.t('Kept {0}: {1}', filePath, reason));
      kept.push(reason);
    }
  }
  if (kept.length) {
    void vscode.window.showWarningMessage(
      kept.length === 1 ? kept[0] : vscode.l10n.t('{0} files were not deleted; see the log.', kept.length),
    );
  }
  return removed;
}

export function registerDeleteEntries({ view, log }: CommandDeps): vscode.Disposable {
  const deleteEntry = registerCommand('cacheExplorer.deleteEntry', log, async (...args) => {
    if (!trustedFor(vscode.l10n.t('Delete Entry'), log)) return undefined;
    const nodes = entryNodesFrom(args, view.selection);
    for (const { entry } of nodes) {
      // Only Redis has it: there is no file here to delete (Redis expires it; Clear All removes the prefix's keys).
      if (!isFileEntry(entry)) log.info(vscode.l10n.t('Nothing deleted for "{0}": only the shared tier has it, there is no file here', entry.key));
    }
    const doomed = nodes.flatMap((node) => filesOf(node.folder, [node.entry]));
    const question =
      doomed.length === 1
        ? vscode.l10n.t('Delete the cache entry "{0}" ({1})?', doomed[0].file.key, path.join(doomed[0].folder.realPath, doomed[0].file.fileName))
        : vscode.l10n.t('Delete {0} in {1}?', cacheEntriesCount(doomed.length), whereOf(doomed));
    return deleteFiles(doomed, question, optionsFrom(args), log);
  });
  const deleteGroup = registerCommand('cacheExplorer.deleteGroup', log, async (...args) => {
    if (!trustedFor(vscode.l10n.t('Delete Group'), log)) return undefined;
    const group = args[0];
    if (!(group instanceof GroupNode)) return 0;
    const doomed = filesOf(group.folder, group.entries);
    const question = vscode.l10n.t(
      'Delete {0} under "{1}" in {2}?',
      cacheEntriesCount(doomed.length),
      group.prefix,
      group.folder.realPath,
    );
    return deleteFiles(doomed, question, optionsFrom(args), log);
  });
  return vscode.Disposable.from(deleteEntry, deleteGroup);
}
