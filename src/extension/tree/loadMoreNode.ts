// Stands in for the children of a level not shown yet; clicking shows the next page. Never a silent cut-off.
import * as vscode from 'vscode';
import type { ParentNode } from './nodes';

export class LoadMoreNode extends vscode.TreeItem {
  constructor(
    readonly parent: ParentNode | undefined,
    /** Identifies the level whose page grows. */
    readonly levelId: string,
    shown: number,
    total: number,
  ) {
    super(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    this.id = `more:${levelId}`;
    this.contextValue = 'loadMore';
    this.description = `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} shown`;
    this.iconPath = new vscode.ThemeIcon('ellipsis');
    this.command = { command: 'cacheExplorer.loadMore', title: 'Load More', arguments: [this] };
  }
}
