// Top level in a multi-root workspace: one node per workspace folder. Pending (no listing yet) while a folder whose
// groups are known early (remembered from the last session, or from a glimpse of its first names) has its names
// read: "counting…", no actions, the same id.
import * as vscode from 'vscode';
import type { CacheFolder } from '../model/cacheFolder';
import { countsOf } from '../model/entryCounts';
import type { FolderListing } from '../model/folderListing';
import { countsInWords, shortCounts } from './labels';

export class FolderNode extends vscode.TreeItem {
  readonly parent = undefined;

  constructor(
    readonly folder: CacheFolder,
    /** The listing the node shows: filled in place while states are read. Undefined: pending, the names not read yet. */
    readonly listing: FolderListing | undefined,
    now: number,
  ) {
    // A folder without a cache has nothing to expand: its description says so. A refused one shows why below it.
    const expandable = listing === undefined || listing.exists || listing.refused === true;
    super(folder.name, expandable ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    this.id = `folder:${folder.workspaceFolder.uri.toString()}`;
    this.contextValue = !listing ? 'folder.pending' : listing.refused ? 'folder.refused' : listing.exists ? 'folder' : 'folder.missing';
    this.iconPath = listing?.refused ? new vscode.ThemeIcon('error') : vscode.ThemeIcon.Folder;
    this.resourceUri = folder.uri;
    this.tooltip = listing?.refused ? listing.error : folder.realPath;
    this.showState(now);
  }

  /** Shows the folder's counts at `now` (states read since, or time passed); whether the row changed. */
  showState(now: number): boolean {
    const { listing, folder } = this;
    const before = this.description;
    if (!listing) {
      this.description = vscode.l10n.t('counting…');
      this.accessibilityInformation = { label: vscode.l10n.t('Folder {0}, counting', folder.name) };
      return this.description !== before;
    }
    this.description = listing.refused
      ? vscode.l10n.t('refused')
      : listing.exists
        ? shortCounts(countsOf(listing.entries, now))
        : 'no cache folder';
    if (listing.exists && !listing.refused) {
      // Plain words for screen readers, not the `3 · 1 expired` shorthand.
      this.accessibilityInformation = { label: vscode.l10n.t('Folder {0}, {1}', folder.name, countsInWords(countsOf(listing.entries, now))) };
    }
    return this.description !== before;
  }
}
