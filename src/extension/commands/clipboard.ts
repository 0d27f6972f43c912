// Copy Key (one per line for a multi-selection) and Copy Value (pretty-printed from the value's own JSON text).
import * as vscode from 'vscode';
import { readValueText } from '../entryDocument/jsonText';
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
    // The value's own text, as the entry document shows it (numbers and keys exactly as stored), read from the
    // listed file itself, and only when the key names this very file.
    const readable = target.node.state !== 'unreadable' && isReadByKey(target.folder, target.file);
    const value = readable ? await readValueText(target.file.path).catch(() => undefined) : undefined;
    if (!value?.ok) {
      void vscode.window.showWarningMessage(`"${target.file.key}" has no readable value to copy.`);
      return undefined;
    }
    const text = value.text.trimEnd();
    await vscode.env.clipboard.writeText(text);
    return text;
  });
  return vscode.Disposable.from(copyKey, copyValue);
}
