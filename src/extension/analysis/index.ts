// Cache Analysis (a panel per folder) and Find in Values: registered against the small AnalysisHost interface.
import * as vscode from 'vscode';
import type { ValueQuery } from '../../engine/search';
import type { AnalysisHost } from './analysisHost';
import { AnalysisPanel } from './analysisPanel';
import { FindInValuesSession } from './findInValues';
import { pickFolder } from './pickFolder';

export type { AnalysisFolder, AnalysisHost } from './analysisHost';
export { workspaceAnalysisHost } from './workspaceHost';

/**
 * Registers `cacheExplorer.analyze` (resolves to the folder's AnalysisPanel, reused if open) and
 * `cacheExplorer.findInValues`.
 */
export function registerAnalysis(extensionUri: vscode.Uri, host: AnalysisHost): vscode.Disposable {
  const panels = new Map<string, AnalysisPanel>();
  const analyze = vscode.commands.registerCommand('cacheExplorer.analyze', async (target?: unknown) => {
    const folder = await pickFolder(host, target, vscode.l10n.t('Cache Analysis'));
    if (!folder) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Cache Analysis needs a workspace folder.'));
      return undefined;
    }
    const open = panels.get(folder.id);
    if (open) {
      open.panel.reveal();
      return open;
    }
    const panel = AnalysisPanel.create(extensionUri, folder, host);
    panels.set(folder.id, panel);
    panel.onDidDispose(() => panels.delete(folder.id));
    return panel;
  });
  // An optional second argument `{ text, regex, caseSensitive }` starts with that query (scripts and tests).
  const findInValues = vscode.commands.registerCommand('cacheExplorer.findInValues', async (target?: unknown, query?: unknown) => {
    const folder = await pickFolder(host, target, vscode.l10n.t('Find in Values'));
    if (!folder) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Find in Values needs a workspace folder.'));
      return undefined;
    }
    const session = new FindInValuesSession(folder, host);
    session.show(typeof query === 'object' && query !== null ? (query as Partial<ValueQuery>) : undefined);
    return session;
  });
  return vscode.Disposable.from(analyze, findInValues, {
    dispose: () => [...panels.values()].forEach((panel) => panel.dispose()),
  });
}
