// Clear All: deletes every entry in one folder's cache (a folder node) or in every folder's, after a modal confirm.
import * as vscode from 'vscode';
import { confirmClear } from '../settings';
import type { CommandDeps } from './commandDeps';
import { confirmed, optionsFrom, plural, registerCommand, trustedFor } from './commandSupport';
import { foldersFrom } from './targets';

export function registerClearAll({ folders, listing, log }: CommandDeps): vscode.Disposable {
  return registerCommand('cacheExplorer.clearAll', log, async (...args) => {
    if (!trustedFor('Clear All', log)) return undefined;
    const listings = (await Promise.all(foldersFrom(args[0], folders).map((f) => listing.get(f)))).filter((l) => l.exists);
    const count = listings.reduce((sum, l) => sum + l.entries.size, 0);
    if (listings.length === 0) {
      void vscode.window.showInformationMessage('There is no cache folder to clear.');
      return 0;
    }
    const where = listings.map((l) => `${l.folder.displayPath} (${l.folder.name})`).join(', ');
    const question = `Delete all ${plural(count, 'cache entry', 'cache entries')} in ${where}?`;
    const options = { confirm: confirmClear(), ...optionsFrom(args) };
    if (!(await confirmed(question, 'Delete All', options, 'This cannot be undone.'))) return undefined;
    let removed = 0;
    for (const { folder } of listings) {
      const n = await folder.cache.clear();
      removed += n;
      log.info(`Clear All in ${folder.uri.fsPath}: removed ${n} entries`);
    }
    void vscode.window.showInformationMessage(`Removed ${plural(removed, 'entry', 'entries')}.`);
    return removed;
  });
}
