// Clear All: deletes every entry in one folder's cache (a folder node) or in every folder's, after a modal confirm
// naming each cache folder's real path. A folder the guard refused is named as refused, and nothing is deleted there.
import * as vscode from 'vscode';
import { confirmClear } from '../settings';
import type { CommandDeps } from './commandDeps';
import { confirmed, optionsFrom, registerCommand, trustedFor } from './commandSupport';
import { cacheEntriesCount, entriesCount } from './countedWords';
import { foldersFrom } from './targets';

export function registerClearAll({ folders, log }: CommandDeps): vscode.Disposable {
  return registerCommand('cacheExplorer.clearAll', log, async (...args) => {
    if (!trustedFor(vscode.l10n.t('Clear All'), log)) return undefined;
    const targets = foldersFrom(args[0], folders);
    for (const folder of targets) {
      if (folder.refusal) log.warn(vscode.l10n.t('Clear All skipped {0}: {1}', folder.name, folder.refusal));
    }
    const listed = await Promise.all(targets.filter((f) => !f.refusal).map(async (folder) => ({ folder, listing: await folder.entries() })));
    const clearable = listed.filter(({ listing }) => listing.exists);
    if (clearable.length === 0) {
      const refused = targets.map((f) => f.refusal).find((r) => r !== undefined);
      if (refused) void vscode.window.showWarningMessage(refused);
      else void vscode.window.showInformationMessage(vscode.l10n.t('There is no cache folder to clear.'));
      return 0;
    }
    const count = clearable.reduce((sum, { listing }) => sum + listing.entries.size, 0);
    const where = clearable.map(({ folder }) => `${folder.realPath} (${folder.name})`).join(', ');
    const question = vscode.l10n.t('Delete all {0} in {1}?', cacheEntriesCount(count), where);
    const options = { confirm: confirmClear(), ...optionsFrom(args) };
    if (!(await confirmed(question, vscode.l10n.t('Delete All'), options, vscode.l10n.t('This cannot be undone.')))) return undefined;
    let removed = 0;
    for (const { folder } of clearable) {
      const n = await folder.cacheForDeleting().clear();
      removed += n;
      log.info(`Clear All in ${folder.realPath}: removed ${n} entries`);
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('Removed {0}.', entriesCount(removed)));
    return removed;
  });
}
