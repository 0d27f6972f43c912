// What each recommendation's button does: the command it names, on this folder.
import * as vscode from 'vscode';
import type { RecommendationAction } from '../../engine/analysis/types';
import type { AnalysisFolder, AnalysisHost } from './analysisHost';
import { showUnreadable } from './unreadablePick';

export async function runRecommendation(action: RecommendationAction, folder: AnalysisFolder, host: AnalysisHost): Promise<unknown> {
  switch (action.id) {
    case 'cleanupExpired':
      // The command itself checks workspace trust and reports what it removed.
      return vscode.commands.executeCommand('cacheExplorer.cleanupExpired', folder.workspaceUri);
    case 'filter':
      await vscode.commands.executeCommand('cacheExplorer.entries.focus');
      return vscode.commands.executeCommand('cacheExplorer.filter', action.filter);
    case 'showUnreadable':
      return showUnreadable(folder, host);
    case 'openEntry':
      return host.openEntry(folder, action.entry);
  }
}
