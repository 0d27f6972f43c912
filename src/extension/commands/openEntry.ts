// Open Entry (a click: the value as an editable JSON document; an unreadable entry opens its raw file and says why)
// and Open Raw File (the file on disk as the pipeline wrote it). Both open exactly the listed file, never a link's
// target nor another file named by the key.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { entryUri } from '../entryDocument/entryUri';
import type { CommandDeps } from './commandDeps';
import { registerCommand } from './commandSupport';
import { entryFilesFrom, isReadByKey, type FileTarget } from './targets';

/** Opens the listed file as text, if it is still a regular file: a link would open its target, outside the cache. */
async function openRawFile({ folder, file }: FileTarget): Promise<vscode.TextEditor | undefined> {
  const filePath = path.join(folder.realPath, file.fileName);
  const stat = await fs.lstat(filePath).catch(() => undefined);
  if (!stat?.isFile()) {
    const why = stat?.isSymbolicLink()
      ? vscode.l10n.t('{0} is a symbolic link; Cache Explorer never opens what a link points to.', filePath)
      : vscode.l10n.t('{0} is not a regular file (or is gone).', filePath);
    void vscode.window.showWarningMessage(why);
    return undefined;
  }
  return vscode.window.showTextDocument(vscode.Uri.file(filePath), { preview: true });
}

export function registerOpenEntry({ view, log }: CommandDeps): vscode.Disposable {
  const open = registerCommand('cacheExplorer.openEntry', log, async (...args) => {
    const [target] = entryFilesFrom(args.slice(0, 1), view.selection);
    if (!target) return undefined;
    const { node, folder, file } = target;
    if (node.state === 'unreadable' || !isReadByKey(file)) {
      const editor = await openRawFile(target);
      const problem = file.problem ?? 'it is not a cache entry';
      if (editor) void vscode.window.showWarningMessage(`"${file.key}" cannot be read: ${problem}. Showing the raw file.`);
      return editor?.document.uri;
    }
    const document = await vscode.workspace.openTextDocument(entryUri(folder, file.key));
    // Like the Explorer: a click opens a preview and leaves focus in the view, so the keyboard keeps working there.
    await vscode.window.showTextDocument(document, { preview: true, preserveFocus: args[0] !== undefined });
    return document.uri;
  });
  const raw = registerCommand('cacheExplorer.openRawFile', log, async (...args) => {
    const [target] = entryFilesFrom(args.slice(0, 1), view.selection);
    return target && (await openRawFile(target))?.document.uri;
  });
  return vscode.Disposable.from(open, raw);
}
