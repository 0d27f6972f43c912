// Open Entry (a click: the value as an editable JSON document; an unreadable entry opens its raw file and says why)
// and Open Raw File (the file on disk as the pipeline wrote it).
import * as vscode from 'vscode';
import { entryUri } from '../entryDocument/entryUri';
import type { EntryNode } from '../tree/entryNode';
import type { CommandDeps } from './commandDeps';
import { registerCommand } from './commandSupport';
import { entryNodesFrom } from './targets';

async function openRawFile(node: EntryNode): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(vscode.Uri.file(node.entry.path), { preview: true });
}

export function registerOpenEntry({ view, log }: CommandDeps): vscode.Disposable {
  const open = registerCommand('cacheExplorer.openEntry', log, async (...args) => {
    const [node] = entryNodesFrom(args.slice(0, 1), view.selection);
    if (!node) return undefined;
    if (node.state === 'unreadable') {
      const editor = await openRawFile(node);
      const problem = node.entry.problem ?? 'it is not a cache entry';
      void vscode.window.showWarningMessage(`"${node.entry.key}" cannot be read: ${problem}. Showing the raw file.`);
      return editor.document.uri;
    }
    const document = await vscode.workspace.openTextDocument(entryUri(node.folder, node.entry.key));
    // Like the Explorer: a click opens a preview and leaves focus in the view, so the keyboard keeps working there.
    await vscode.window.showTextDocument(document, { preview: true, preserveFocus: args[0] !== undefined });
    return document.uri;
  });
  const raw = registerCommand('cacheExplorer.openRawFile', log, async (...args) => {
    const [node] = entryNodesFrom(args.slice(0, 1), view.selection);
    return node && (await openRawFile(node)).document.uri;
  });
  return vscode.Disposable.from(open, raw);
}
