// Entry point: wires the features together; each owns what it creates.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('cacheExplorer.refresh', () => undefined));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
