// A key prefix (e.g. `model:`) holding every entry whose key starts with it; shows how many, and how many expired.
import * as vscode from 'vscode';
import type { CacheFolder } from '../model/cacheFolder';
import { countStates, formatCounts } from '../model/entryCounts';
import type { ListedEntry } from '../model/listedEntry';
import type { ParentNode } from './nodes';

export class GroupNode extends vscode.TreeItem {
  constructor(
    readonly folder: CacheFolder,
    /** The full prefix, separator included, e.g. `model:v3:`. */
    readonly prefix: string,
    /** Every (filtered) entry under the prefix, at any depth. */
    readonly entries: ListedEntry[],
    readonly parent: ParentNode | undefined,
    separator: string,
    now: number,
  ) {
    const parentPrefix = parent instanceof GroupNode ? parent.prefix : '';
    super(prefix.slice(parentPrefix.length, -separator.length), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `group:${folder.workspaceFolder.uri.toString()}:${prefix}`;
    this.contextValue = 'group';
    this.iconPath = new vscode.ThemeIcon('symbol-namespace');
    const counts = countStates(entries, now);
    this.description = formatCounts(counts);
    this.tooltip = `${prefix}* — ${counts.total} entries, ${counts.expired} expired, ${counts.unreadable} unreadable`;
  }
}
