// Clean Up Expired: removes expired entries (one folder from its node, else all), with a progress notification.
import * as vscode from 'vscode';
import type { CommandDeps } from '../commands/commandDeps';
import { registerCommand, trustedFor } from '../commands/commandSupport';
import { expiredEntriesCount } from '../commands/countedWords';
import { foldersFrom } from '../commands/targets';

export function registerCleanupExpired({ folders, cleanup, log }: CommandDeps): vscode.Disposable {
  return registerCommand('cacheExplorer.cleanupExpired', log, async (target) => {
    if (!trustedFor(vscode.l10n.t('Clean Up Expired'), log)) return undefined;
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Cleaning up expired cache entries…') },
      () => cleanup.run(foldersFrom(target, folders), 'command'),
    );
    void vscode.window.showInformationMessage(vscode.l10n.t('Removed {0}.', expiredEntriesCount(run.removed)));
    return run.removed;
  });
}
