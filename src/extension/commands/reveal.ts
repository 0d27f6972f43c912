// Reveal an entry's file (the listed file itself, in its real folder) in VS Code's Explorer or the OS file manager.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandDeps } from './commandDeps';
import { registerCommand } from './commandSupport';
import { entryFilesFrom } from './targets';

export function registerReveal({ view, log }: CommandDeps): vscode.Disposable {
  const reveal = (id: string, builtin: string) =>
    registerCommand(id, log, async (...args) => {
      const [target] = entryFilesFrom(args.slice(0, 1), view.selection);
      if (!target) return undefined;
      const filePath = path.join(target.folder.realPath, target.file.fileName);
      await vscode.commands.executeCommand(builtin, vscode.Uri.file(filePath));
      return filePath;
    });
  return vscode.Disposable.from(
    reveal('cacheExplorer.revealInExplorer', 'revealInExplorer'),
    reveal('cacheExplorer.revealInOS', 'revealFileInOS'),
  );
}
