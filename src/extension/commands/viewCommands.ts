// Commands about the view itself: Refresh, Filter…, Clear Filter, Load more, Show Log.
import * as vscode from 'vscode';
import { KeyFilter } from '../tree/keyFilter';
import { LoadMoreNode } from '../tree/loadMoreNode';
import type { CommandDeps } from './commandDeps';
import { registerCommand } from './commandSupport';

export function registerViewCommands({ folders, view, log }: CommandDeps): vscode.Disposable {
  const { provider } = view;
  return vscode.Disposable.from(
    registerCommand('cacheExplorer.refresh', log, () => folders.refresh()),
    // An argument (a string) sets the filter directly: scripts and tests use it instead of the input box.
    registerCommand('cacheExplorer.filter', log, async (text?: unknown) => {
      const input =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Filter Cache Entries'),
              prompt: vscode.l10n.t('Keys containing this text, or matching a glob such as model:*:metrics (empty clears the filter)'),
              value: provider.filter?.text ?? '',
            });
      if (input === undefined) return undefined;
      provider.filter = input.trim() ? new KeyFilter(input.trim()) : undefined;
      return provider.filter?.text;
    }),
    registerCommand('cacheExplorer.clearFilter', log, () => {
      provider.filter = undefined;
    }),
    registerCommand('cacheExplorer.loadMore', log, (node) => {
      if (node instanceof LoadMoreNode) provider.loadMore(node);
    }),
    registerCommand('cacheExplorer.showLog', log, () => log.channel.show()),
  );
}
