// Owns the Cache Entries TreeView: its welcome state (the `cacheExplorer.cacheState` and `cacheExplorer.refusal`
// context keys), its badge (expired count), its filter hint and the minute re-render that keeps relative times true.
// State is set here, when the model changes, never while the tree is being drawn.
import * as vscode from 'vscode';
import { backgroundAtHalfSpeed, pauseBackground } from '../../engine/concurrency';
import { contextKeys, type CacheState } from '../contextKeys';
import type { MinuteTicker } from '../minuteTicker';
import type { CacheFolders } from '../model/cacheFolders';
import { countsOf, nowInSeconds, onDidRecount } from '../model/entryCounts';
import type { CacheTreeProvider } from './cacheTreeProvider';
import { filterDescription, filterMessage } from './filterWording';
import type { CacheNode } from './nodes';

export const VIEW_ID = 'cacheExplorer.entries';

export class CacheView implements vscode.Disposable {
  readonly treeView: vscode.TreeView<CacheNode>;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    readonly provider: CacheTreeProvider,
    private readonly folders: CacheFolders,
    ticker: MinuteTicker,
  ) {
    this.treeView = vscode.window.createTreeView(VIEW_ID, {
      treeDataProvider: provider,
      canSelectMany: true,
      showCollapseAll: true,
    });
    // Nobody looks at what the background prepares while the view is closed: it runs at half speed then.
    backgroundAtHalfSpeed(!this.treeView.visible);
    this.subscriptions = [
      new vscode.Disposable(() => backgroundAtHalfSpeed(false)),
      this.treeView,
      provider.onDidChangeTreeData(() => this.updateMessage()),
      folders.onDidChange(({ kind }) => {
        if (kind === 'shared') return;
        this.updateState();
        if (kind !== 'configured' && kind !== 'added' && kind !== 'removed') void this.updateBadge();
      }),
      ticker.onDidTick(() => {
        provider.showTimePassed();
        void this.updateBadge();
      }),
      // A huge folder's counts, counted again in the background: the badge shows them (the provider, its rows).
      new vscode.Disposable(onDidRecount(() => void this.updateBadge()).dispose),
      // The badge needs the listing: read it when the view is first shown, not at activation.
      // The window lays the view out as it opens: the background's reads wait a moment (see pauseBackground).
      this.treeView.onDidChangeVisibility(({ visible }) => {
        backgroundAtHalfSpeed(!visible);
        if (!visible) return;
        pauseBackground();
        void this.updateBadge();
      }),
    ];
    // A single folder's state needs its listing (and the guard's look at the disk): set once the view asks for it.
    if (this.folders.all().length !== 1) this.updateState();
  }

  /** Selected entries (for palette invocations of per-entry commands). */
  get selection(): readonly CacheNode[] {
    return this.treeView.selection;
  }

  /** What the welcome content switches on; unchanged while a single folder's first listing is still loading. */
  private updateState(): void {
    const state = this.stateNow();
    if (state) contextKeys.cacheState.set(state);
    // The welcome content says why (one text per reason): a tree message would hide it.
    const [folder] = this.folders.all();
    const verdict = state === 'refused' ? folder?.verdict : undefined;
    contextKeys.refusal.set(verdict && !verdict.ok ? verdict.refusal : '');
  }

  private stateNow(): CacheState | undefined {
    const folders = this.folders.all();
    if (folders.length === 0) return 'noWorkspace';
    if (folders.length > 1) return 'ready';
    const [folder] = folders;
    if (folder.refusal) return 'refused';
    const listing = folder.latestEntries;
    if (!listing) return undefined;
    if (!listing.exists) return 'missing';
    return listing.entries.size || listing.shared?.size ? 'ready' : 'empty';
  }

  private updateMessage(): void {
    const filter = this.provider.filter;
    this.treeView.description = filter ? filterDescription(filter) : undefined;
    this.treeView.message = filter ? filterMessage(filter) : undefined;
  }

  private async updateBadge(): Promise<void> {
    const listings = await Promise.all(this.folders.all().map((folder) => folder.shownEntries()));
    const now = nowInSeconds();
    const expired = listings.reduce((sum, listing) => sum + countsOf(listing.entries, now).expired, 0);
    this.treeView.badge = expired
      ? { value: expired, tooltip: `${expired.toLocaleString('en-US')} expired ${expired === 1 ? 'entry' : 'entries'}` }
      : undefined;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
