// Open Entry (a click: the value as a JSON document, or a read-only preview when it is large; an unreadable entry
// opens its raw file and says why) and Open Raw File (the file on disk as the pipeline wrote it).
import * as vscode from 'vscode';
import { openEntryDocument, openRawFile } from '../entryDocument/openEntryDocument';
import type { CommandDeps } from './commandDeps';
import { registerCommand } from './commandSupport';
import { entryNodesFrom } from './targets';

export function registerOpenEntry({ view, log }: CommandDeps): vscode.Disposable {
  const open = registerCommand('cacheExplorer.openEntry', log, async (...args) => {
    const [node] = entryNodesFrom(args.slice(0, 1), view.selection);
    if (!node) return undefined;
    return openEntryDocument(node.folder, node.entry, node.state === 'unreadable', args[0] !== undefined);
  });
  const raw = registerCommand('cacheExplorer.openRawFile', log, async (...args) => {
    const [node] = entryNodesFrom(args.slice(0, 1), view.selection);
    return node && (await openRawFile(node.entry)).document.uri;
  });
  return vscode.Disposable.from(open, raw);
}
