// The folder a command acts on: the one it was invoked on, the only one, or the one the user picks.
import * as vscode from 'vscode';
import type { AnalysisFolder, AnalysisHost } from './analysisHost';

export async function pickFolder(host: AnalysisHost, target: unknown, title: string): Promise<AnalysisFolder | undefined> {
  const invokedOn = host.folderOf(target);
  if (invokedOn) return invokedOn;
  const folders = host.folders();
  if (folders.length <= 1) return folders[0];
  const picked = await vscode.window.showQuickPick(
    folders.map((folder) => ({ label: folder.name, description: folder.cache.dir, folder })),
    { title, placeHolder: vscode.l10n.t('Which workspace folder’s cache?') },
  );
  return picked?.folder;
}
