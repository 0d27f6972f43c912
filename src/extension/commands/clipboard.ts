// Copy Key (one per line for a multi-selection) and Copy Value (pretty-printed JSON).
import * as vscode from 'vscode';
import { valueToText } from '../entryDocument/jsonText';
import type { CommandDeps } from './commandDeps';
import { registerCommand } from './commandSupport';
import { entryFilesFrom, entryNodesFrom, isReadByKey } from './targets';

export function registerClipboard({ view, log }: CommandDeps): vscode.Disposable {
  const copyKey = registerCommand('cacheExplorer.copyKey', log, async (...args) => {
    const keys = entryNodesFrom(args, view.selection).map((node) => node.entry.key);
    if (keys.length) await vscode.env.clipboard.writeText(keys.join('\n'));
    return keys.join('\n');
  });
  const copyValue = registerCommand('cacheExplorer.copyValue', log, async (...args) => {
    const [target] = entryFilesFrom(args.slice(0, 1), view.selection);
    if (!target) return undefined;
    // Read by key only when the key names this very file; a foreign name's key would read another file.
    const peeked = isReadByKey(target.file) ? await target.folder.cache.peek(target.file.key) : undefined;
    if (!peeked || peeked.info.state === 'unreadable') {
      void vscode.window.showWarningMessage(`"${target.file.key}" has no readable value to copy.`);
      return undefined;
    }
    const text = valueToText(peeked.data).trimEnd();
    await vscode.env.clipboard.writeText(text);
    return text;
  });
  return vscode.Disposable.from(copyKey, copyValue);
}
