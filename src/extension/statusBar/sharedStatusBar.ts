// `$(cloud) shared` / `$(cloud-offline) shared unreachable` in the status bar while a folder has a shared tier (Redis):
// the URL (password redacted) and each folder's state in its tooltip; a click runs Pull Shared Entries.
import * as vscode from 'vscode';
import type { SharedState } from '../../engine';
import type { CacheFolders } from '../model/cacheFolders';
import { contextKeys } from '../contextKeys';

const TEXT: Record<Exclude<SharedState, 'off'>, () => string> = {
  connecting: () => `$(cloud) ${vscode.l10n.t('shared…')}`,
  connected: () => `$(cloud) ${vscode.l10n.t('shared')}`,
  unreachable: () => `$(cloud-offline) ${vscode.l10n.t('shared unreachable')}`,
};

export class SharedStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('cacheExplorer.sharedStatus', vscode.StatusBarAlignment.Left, 9);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly folders: CacheFolders) {
    this.item.name = vscode.l10n.t('Cache Explorer Shared Tier');
    this.item.command = { command: 'cacheExplorer.pullShared', title: 'Pull Shared Entries' };
    this.subscriptions = [
      this.item,
      folders.onDidChange(({ kind }) => (kind === 'shared' || kind === 'configured' || kind === 'added' || kind === 'removed') && this.update()),
    ];
    this.update();
  }

  /** The worst state among folders with a shared tier: unreachable, else connecting, else connected. */
  private update(): void {
    const shared = this.folders.all().filter((folder) => folder.sharedState !== 'off');
    contextKeys.sharedConfigured.set(shared.length > 0);
    if (shared.length === 0) {
      this.item.hide();
      return;
    }
    const states = shared.map((folder) => folder.sharedState);
    const state = states.includes('unreachable') ? 'unreachable' : states.includes('connecting') ? 'connecting' : 'connected';
    this.item.text = TEXT[state]();
    this.item.backgroundColor = state === 'unreachable' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(`**${vscode.l10n.t('Cache Explorer: shared tier (Redis)')}**\n\n`, true);
    for (const folder of shared) tooltip.appendMarkdown(`- ${folder.name}: ${folder.sharedState}, ${folder.sharedDescription ?? ''}\n`);
    tooltip.appendMarkdown(
      state === 'unreachable'
        ? `\n${vscode.l10n.t('The cache works on the local folder meanwhile and reconnects by itself.')}\n\n${vscode.l10n.t('Click to pull shared entries.')}`
        : `\n${vscode.l10n.t('Click to pull shared entries into the local folder.')}`,
    );
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
