// What each recommendation's button does: the command it names, on this folder. "Show" buttons filter the Cache
// Entries view, so what they show stays on screen (and Delete Matching… can act on it).
import * as vscode from 'vscode';
import type { RecommendationAction } from '../../engine/analysis/types';
import type { AnalysisFolder, AnalysisHost } from './analysisHost';

export async function runRecommendation(action: RecommendationAction, folder: AnalysisFolder, host: AnalysisHost): Promise<unknown> {
  switch (action.id) {
    case 'cleanupExpired':
      // The command itself checks workspace trust and reports what it removed.
      return vscode.commands.executeCommand('cacheExplorer.cleanupExpired', folder.workspaceUri);
    case 'filter':
      return showInView(action.filter);
    case 'showUnreadable':
      return showInView({ text: '', state: { kind: 'unreadable' } });
    case 'openEntry':
      return host.openEntry(folder, action.entry);
  }
}

/** Sets the view's filter (the `cacheExplorer.filter` command's argument) and brings the view forward. */
async function showInView(filter: unknown): Promise<unknown> {
  await vscode.commands.executeCommand('cacheExplorer.entries.focus');
  return vscode.commands.executeCommand('cacheExplorer.filter', filter);
}
