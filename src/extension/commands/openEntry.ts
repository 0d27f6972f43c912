// Open Entry (a click: the value as a JSON document, or a read-only preview when it is large; an unreadable entry
// opens its raw file and says why) and Open Raw File (the file on disk as the pipeline wrote it). Both open exactly
// the listed file, never a link's target nor another file named by the key.
import * as vscode from 'vscode';
import { openEntryDocument, openRawFile } from '../entryDocument/openEntryDocument';
import type { CommandDeps } from './commandDeps';
import { registerCommand } from './commandSupport';
import { entryFilesFrom, isReadByKey } from './targets';

export function registerOpenEntry({ view, log }: CommandDeps): vscode.Disposable {
  const open = registerCommand('cacheExplorer.openEntry', log, async (...args) => {
    const [target] = entryFilesFrom(args.slice(0, 1), view.selection);
    if (!target) return undefined;
    const { node, folder, file } = target;
    // A file that is not the engine's spelling of its key is opened raw: reading by key would read another file.
    const raw = node.state === 'unreadable' || !isReadByKey(folder, file);
    return openEntryDocument(folder, file, raw, args[0] !== undefined);
  });
  const raw = registerCommand('cacheExplorer.openRawFile', log, async (...args) => {
    const [target] = entryFilesFrom(args.slice(0, 1), view.selection);
    return target && (await openRawFile(target.folder, target.file))?.document.uri;
  });
  return vscode.Disposable.from(open, raw);
}
