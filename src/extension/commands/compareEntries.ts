// Compare Entries (the two selected entries) and Select for Compare / Compare with Selected (across groups and
// folders): VS Code's diff editor over the two entries' `cache-entry:` documents, each side the exact JSON its
// document shows (token for token, numbers and key order as stored). Read-only: allowed in untrusted workspaces.
import * as vscode from 'vscode';
import { ContextKey } from '../contextKeys';
import { entryUri } from '../entryDocument/entryUri';
import { isUnread } from '../model/listedEntry';
import type { CommandDeps } from './commandDeps';
import { registerCommand } from './commandSupport';
import { entryFilesFrom, isReadByKey, type FileTarget } from './targets';

/** Set while an entry is selected for compare: Compare with Selected is offered only then. */
const selectedForCompare = new ContextKey<boolean>('cacheExplorer.selectedForCompare');

/** Why an entry has no document to compare, or undefined when it has one. */
function notComparable({ folder, file }: FileTarget): string | undefined {
  if (file.state === 'unreadable') return vscode.l10n.t('"{0}" cannot be read as an entry: {1}', file.key, file.problem ?? '');
  if (!isReadByKey(folder, file)) return vscode.l10n.t('{0} is not a file the cache writes for its key, so it has no entry document.', file.fileName);
  return undefined;
}

/**
 * The target with its file's state read now when the listing has not read it yet: such an entry is known by its name
 * only, and a torn file must not be taken for an entry because its state is still "reading…". Read by key, which
 * reads this very file when it is the key's own (else notComparable refuses it all the same).
 */
async function readIfUnread(target: FileTarget): Promise<FileTarget> {
  if (!isUnread(target.file) || !isReadByKey(target.folder, target.file)) return target;
  const info = await target.folder.cache.entry(target.file.key);
  return { ...target, file: info ?? { ...target.file, state: 'unreadable', problem: vscode.l10n.t('the file is gone') } };
}

async function diff(leftTarget: FileTarget, rightTarget: FileTarget): Promise<boolean> {
  const [left, right] = await Promise.all([readIfUnread(leftTarget), readIfUnread(rightTarget)]);
  const problem = notComparable(left) ?? notComparable(right);
  if (problem) {
    void vscode.window.showWarningMessage(problem);
    return false;
  }
  const title = vscode.l10n.t('{0} ↔ {1}', left.file.key, right.file.key);
  await vscode.commands.executeCommand('vscode.diff', entryUri(left.folder, left.file.key), entryUri(right.folder, right.file.key), title);
  return true;
}

export function registerCompareEntries({ view, log }: CommandDeps): vscode.Disposable {
  let selected: FileTarget | undefined;
  const compareEntries = registerCommand('cacheExplorer.compareEntries', log, async (...args) => {
    const targets = entryFilesFrom(args, view.selection);
    if (targets.length !== 2) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select exactly two cache entries to compare.'));
      return false;
    }
    return diff(targets[0]!, targets[1]!);
  });
  const selectForCompare = registerCommand('cacheExplorer.selectForCompare', log, (...args) => {
    const [target] = entryFilesFrom(args, view.selection);
    if (!target) return false;
    selected = target;
    selectedForCompare.set(true);
    return true;
  });
  const compareWithSelected = registerCommand('cacheExplorer.compareWithSelected', log, async (...args) => {
    const [target] = entryFilesFrom(args, view.selection);
    if (!selected || !target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Run "Select for Compare" on an entry first.'));
      return false;
    }
    return diff(selected, target);
  });
  return vscode.Disposable.from(compareEntries, selectForCompare, compareWithSelected);
}
