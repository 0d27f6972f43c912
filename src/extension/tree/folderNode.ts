// Top level in a multi-root workspace: one node per workspace folder.
import * as vscode from 'vscode';
import type { CacheFolder } from '../cacheFolders';
import type { FolderListing } from '../entryListing';
import { countStates, formatCounts } from '../entryState';

export class FolderNode extends vscode.TreeItem {
  readonly parent = undefined;

  constructor(
    readonly folder: CacheFolder,
    listing: FolderListing,
    now: number,
  ) {
    // A folder without a cache has nothing to expand: its description says so.
    super(folder.name, listing.exists ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    this.id = `folder:${folder.workspaceFolder.uri.toString()}`;
    this.contextValue = listing.exists ? 'folder' : 'folder.missing';
    this.iconPath = vscode.ThemeIcon.Folder;
    this.resourceUri = folder.uri;
    this.description = listing.exists ? formatCounts(countStates(listing.entries.values(), now)) : 'no cache folder';
    this.tooltip = folder.uri.fsPath;
  }
}
