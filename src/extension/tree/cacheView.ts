// Owns the Cache Entries TreeView: its badge (expired count), the filter hint in its description and message,
// and the minute re-render that keeps relative times true.
import * as vscode from 'vscode';
import type { EntryListing } from '../entryListing';
import { countStates, nowInSeconds } from '../entryState';
import type { MinuteTicker } from '../minuteTicker';
import type { CacheTreeProvider } from './cacheTreeProvider';
import type { CacheNode } from './nodes';

export const VIEW_ID = 'cacheExplorer.entries';

export class CacheView implements vscode.Disposable {
  readonly treeView: vscode.TreeView<CacheNode>;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    readonly provider: CacheTreeProvider,
    private readonly listing: EntryListing,
    ticker: MinuteTicker,
  ) {
    this.treeView = vscode.window.createTreeView(VIEW_ID, {
      treeDataProvider: provider,
      canSelectMany: true,
      showCollapseAll: true,
    });
    this.subscriptions = [
      this.treeView,
      provider.onDidChangeTreeData(() => this.updateTitle()),
      listing.onDidChange(() => void this.updateBadge()),
      ticker.onDidTick(() => {
        provider.rerender();
        void this.updateBadge();
      }),
      // The badge needs the listing: read it when the view is first shown, not at activation.
      this.treeView.onDidChangeVisibility(({ visible }) => visible && void this.updateBadge()),
    ];
  }

  /** Selected entries (for palette invocations of per-entry commands). */
  get selection(): readonly CacheNode[] {
    return this.treeView.selection;
  }

  private updateTitle(): void {
    const filter = this.provider.filter;
    this.treeView.description = filter ? `filter: ${filter.text}` : undefined;
    this.treeView.message = filter ? `Showing keys matching "${filter.text}".` : undefined;
  }

  private async updateBadge(): Promise<void> {
    const listings = await this.listing.all();
    const now = nowInSeconds();
    const expired = listings.reduce((sum, listing) => sum + countStates(listing.entries.values(), now).expired, 0);
    this.treeView.badge = expired
      ? { value: expired, tooltip: `${expired.toLocaleString('en-US')} expired ${expired === 1 ? 'entry' : 'entries'}` }
      : undefined;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
