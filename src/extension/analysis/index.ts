// Cache Analysis (a panel per folder) and Find in Values: registered against the small AnalysisHost interface.
import * as vscode from 'vscode';
import type { AnalysisHost } from './analysisHost';
import { AnalysisPanel } from './analysisPanel';
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
  return vscode.Disposable.from(analyze, {
    dispose: () => [...panels.values()].forEach((panel) => panel.dispose()),
  });
}
