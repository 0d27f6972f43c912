// Reveal an entry's file in VS Code's Explorer, or in the operating system's file manager.
import * as vscode from 'vscode';
import type { CommandDeps } from './commandDeps';
import { registerCommand } from './commandSupport';
import { entryNodesFrom } from './targets';

export function registerReveal({ view, log }: CommandDeps): vscode.Disposable {
  const reveal = (id: string, builtin: string) =>
    registerCommand(id, log, async (...args) => {
      const [node] = entryNodesFrom(args.slice(0, 1), view.selection);
      if (node) await vscode.commands.executeCommand(builtin, vscode.Uri.file(node.entry.path));
      return node?.entry.path;
    });
  return vscode.Disposable.from(
    reveal('cacheExplorer.revealInExplorer', 'revealInExplorer'),
    reveal('cacheExplorer.revealInOS', 'revealFileInOS'),
  );
}
