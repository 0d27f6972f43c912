// `$(database) 1,204 · 37 expired` in the status bar: per-folder counts and the last cleanup in its tooltip,
// Clean Up Expired on click; hidden when no folder has cache entries or `showStatusBar` is off.
import * as vscode from 'vscode';
import type { ExpiredCleanup } from '../cleanup/expiredCleanup';
import type { MinuteTicker } from '../minuteTicker';
import type { CacheFolders } from '../model/cacheFolders';
import { countsOf, nowInSeconds, onDidRecount } from '../model/entryCounts';
import { onDidChangeSettings, showStatusBar } from '../settings';
import { countsInWords, shortCounts } from '../tree/labels';

export class CacheStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('cacheExplorer.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];
  /**
   * Counts need a listing: the first one is read after activation has returned, never during it, but at once after
   * (in slices, so the host keeps answering): a user who opens the view a moment later finds its names already read.
   */
  private readonly firstUpdate = setTimeout(() => void this.update(), 0);

  constructor(
    private readonly folders: CacheFolders,
    private readonly cleanup: ExpiredCleanup,
    ticker: MinuteTicker,
  ) {
    this.item.name = vscode.l10n.t('Cache Explorer');
    this.item.command = { command: 'cacheExplorer.cleanupExpired', title: 'Clean Up Expired' };
    const update = () => void this.update();
    this.subscriptions = [
      this.item,
      folders.onDidChange(({ kind }) => kind !== 'shared' && update()),
      cleanup.onDidRun(update),
      ticker.onDidTick(update),
      // A huge folder's counts are counted again in the background: shown when they are.
      new vscode.Disposable(onDidRecount(update).dispose),
      onDidChangeSettings(['showStatusBar'], update),
    ];
  }

  private async update(): Promise<void> {
    if (!showStatusBar()) {
      this.item.hide();
      return;
    }
    const folders = this.folders.all();
    const listings = await Promise.all(folders.map((folder) => folder.shownEntries()));
    const now = nowInSeconds();
    const perFolder = listings.flatMap((listing, i) =>
      listing.exists ? [{ name: folders[i].name, counts: countsOf(listing.entries, now) }] : [],
    );
    if (perFolder.length === 0) {
      this.item.hide();
      return;
    }
    const total = perFolder.reduce(
      (sum, { counts }) => ({
        total: sum.total + counts.total,
        expired: sum.expired + counts.expired,
        unreadable: sum.unreadable + counts.unreadable,
      }),
      { total: 0, expired: 0, unreadable: 0 },
    );
    if (total.total === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(database) ${shortCounts(total)}`;
    // Screen readers read this, not the Markdown tooltip or the `·` shorthand.
    this.item.accessibilityInformation = { label: vscode.l10n.t('Cache Explorer: {0}', countsInWords(total)) };
    const tooltip = new vscode.MarkdownString(`**${vscode.l10n.t('Cache Explorer')}**\n\n`, true);
    for (const { name, counts } of perFolder) {
      tooltip.appendMarkdown(`- ${name}: ${countsInWords(counts)}\n`);
    }
    const last = this.cleanup.lastRun;
    tooltip.appendMarkdown(
      last
        ? `\n${vscode.l10n.t('Last cleanup: {0} (removed {1})', last.at.toLocaleTimeString(vscode.env.language), last.removed)}\n`
        : `\n${vscode.l10n.t('No cleanup run yet in this session')}\n`,
    );
    tooltip.appendMarkdown(`\n${vscode.l10n.t('Click to clean up expired entries.')}`);
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.firstUpdate);
    this.subscriptions.forEach((s) => s.dispose());
  }
}
