// Export of the analysis as Markdown (for a ticket) or JSON (for a script), through a save dialog.
import * as vscode from 'vscode';
import { analysisToMarkdown, type CacheAnalysis } from '../../engine/analysis';

export function analysisText(analysis: CacheAnalysis, format: 'markdown' | 'json'): string {
  return format === 'json' ? `${JSON.stringify(analysis, null, 2)}\n` : analysisToMarkdown(analysis);
}

/**
 * Asks where to save (unless `to` says) and writes the file; the saved Uri, or undefined when the dialog was
 * dismissed.
 */
export async function exportAnalysis(
  analysis: CacheAnalysis,
  format: 'markdown' | 'json',
  folderName: string,
  defaultFolder: vscode.Uri,
  to?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const extension = format === 'json' ? 'json' : 'md';
  const day = new Date(analysis.now).toISOString().slice(0, 10);
  const target = to ?? await vscode.window.showSaveDialog({
    title: format === 'json' ? vscode.l10n.t('Export the Analysis as JSON') : vscode.l10n.t('Export the Analysis as Markdown'),
    defaultUri: vscode.Uri.joinPath(defaultFolder, `cache-analysis-${folderName}-${day}.${extension}`),
    filters: format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(analysisText(analysis, format)));
  return target;
}
