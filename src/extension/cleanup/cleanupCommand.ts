// Clean Up Expired: removes expired entries (one folder from its node, else all), with a progress notification.
import * as vscode from 'vscode';
import type { CommandDeps } from '../commands/commandDeps';
import { plural, registerCommand, trustedFor } from '../commands/commandSupport';
import { foldersFrom } from '../commands/targets';

export function registerCleanupExpired({ folders, cleanup, log }: CommandDeps): vscode.Disposable {
  return registerCommand('cacheExplorer.cleanupExpired', log, async (target) => {
    if (!trustedFor('Clean Up Expired', log)) return undefined;
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Cleaning up expired cache entries…' },
      () => cleanup.run(foldersFrom(target, folders), 'command'),
    );
    void vscode.window.showInformationMessage(`Removed ${plural(run.removed, 'expired entry', 'expired entries')}.`);
    return run.removed;
  });
}
