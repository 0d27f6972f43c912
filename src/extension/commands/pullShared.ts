// Pull Shared Entries: copies the fresh entries of each folder's shared tier (Redis) into its cache folder, with progress.
import * as vscode from 'vscode';
import type { CommandDeps } from './commandDeps';
import { registerCommand, trustedFor } from './commandSupport';
import { sharedEntriesCount } from './countedWords';
import { foldersFrom } from './targets';

export function registerPullShared({ folders, log }: CommandDeps): vscode.Disposable {
  return registerCommand('cacheExplorer.pullShared', log, async (target) => {
    if (!trustedFor(vscode.l10n.t('Pull Shared Entries'), log)) return undefined;
    const targets = foldersFrom(target, folders).filter((folder) => folder.sharedState !== 'off' && !folder.refusal);
    if (targets.length === 0) {
      void vscode.window.showInformationMessage(
        'Cache Explorer: no shared tier is configured. Set `cacheExplorer.shared.url` (or CACHE_EXPLORER_SHARED_URL).',
      );
      return undefined;
    }
    let pulled = 0;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pulling shared cache entries…'), cancellable: false },
      async (progress) => {
        for (const folder of targets) {
          let reported = 0;
          const report = await folder.cache.pullShared({
            onProgress: (done, total) => {
              const share = total ? ((done - reported) / total / targets.length) * 100 : 0;
              reported = done;
              progress.report({ message: `${folder.name}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`, increment: share });
            },
          });
          pulled += report.pulled;
          log.info(
            `Pulled shared entries into ${folder.name}: ${report.pulled} pulled, ${report.upToDate} up to date, ` +
              `${report.expired} expired, ${report.unreadable} unreadable, ${report.failed} failed (of ${report.total})`,
          );
          folder.refresh();
        }
      },
    );
    void vscode.window.showInformationMessage(vscode.l10n.t('Pulled {0}.', sharedEntriesCount(pulled)));
    return pulled;
  });
}
