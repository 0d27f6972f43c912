// "Show" on the unreadable-files recommendation: every unreadable file of the folder with its reason; picking one
// opens the raw file.
import * as vscode from 'vscode';
import { formatBytes } from '../../engine/analysis/formatting';
import type { AnalysisFolder, AnalysisHost } from './analysisHost';

export async function showUnreadable(folder: AnalysisFolder, host: AnalysisHost): Promise<vscode.TextEditor | undefined> {
  const entries = (await folder.cache.entries()).filter((entry) => entry.state === 'unreadable');
  const picked = await vscode.window.showQuickPick(
    entries.map((entry) => ({ label: entry.fileName, description: formatBytes(entry.size), detail: entry.problem, entry })),
    {
      title: vscode.l10n.t('Unreadable files in {0}', folder.name),
      placeHolder: vscode.l10n.t('{0} files; pick one to open it as written', entries.length),
      matchOnDetail: true,
    },
  );
  return picked && host.openEntry(folder, picked.entry);
}
