// A line of text where entries would be: no cache folder in a multi-root folder, nothing matches the filter, an error.
import * as vscode from 'vscode';
import type { ParentNode } from './nodes';

export class MessageNode extends vscode.TreeItem {
  constructor(
    message: string,
    readonly parent: ParentNode | undefined,
    icon = 'info',
  ) {
    super(message, vscode.TreeItemCollapsibleState.None);
    this.contextValue = 'message';
    this.iconPath = new vscode.ThemeIcon(icon);
  }
}
