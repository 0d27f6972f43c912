// Commands about the view itself: Refresh, Filter…, Clear Filter, Load more, Show Log.
import * as vscode from 'vscode';
import { KeyFilter } from '../tree/keyFilter';
import { LoadMoreNode } from '../tree/loadMoreNode';
import type { CommandDeps } from './commandDeps';
import { registerCommand } from './commandSupport';
import { chooseFilter, type FilterParts } from './filterChoice';

export function registerViewCommands({ folders, view, log }: CommandDeps): vscode.Disposable {
  const { provider } = view;
  return vscode.Disposable.from(
    registerCommand('cacheExplorer.refresh', log, () => folders.refresh()),
    // An argument sets the filter directly: a string (the key text; no state), or `{ text, state, files }` (see
    // FilterParts and StateFilter). Scripts, tests and Find in Values use it instead of the quick pick.
    registerCommand('cacheExplorer.filter', log, async (arg?: unknown) => {
      const parts: FilterParts | undefined =
        typeof arg === 'string' ? { text: arg.trim() } : isFilterParts(arg) ? arg : await chooseFilter(provider.filter);
      if (parts === undefined) return undefined;
      const files = parts.files && { paths: new Set(parts.files.paths), query: parts.files.query };
      provider.filter = parts.text || parts.state || files ? new KeyFilter(parts.text, parts.state, Date.now(), files) : undefined;
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

function isFilterParts(arg: unknown): arg is FilterParts {
  return typeof arg === 'object' && arg !== null && typeof (arg as { text?: unknown }).text === 'string';
}
