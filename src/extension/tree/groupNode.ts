// A key prefix (e.g. `model:`, or a folded chain `model:v3:`) holding every entry whose key starts with it; shows
// how many, and how many expired. A pending group is one known before the folder's names are read (remembered from
// the last session, firstLevelSnapshot.ts, or seen in a glimpse of the first names, folderGlimpse.ts), shown while
// they are: it has no entries yet, says "counting…" and offers no action.
import * as vscode from 'vscode';
import type { CacheFolder } from '../model/cacheFolder';
import { countsOf } from '../model/entryCounts';
import type { ListedEntry } from '../model/listedEntry';
import { countsInWords, shortCounts } from './labels';
import type { ParentNode } from './nodes';

export class GroupNode extends vscode.TreeItem {
  constructor(
    readonly folder: CacheFolder,
    /** The full prefix, separator included, e.g. `model:v3:`. */
    readonly prefix: string,
    /** Every (filtered) entry under the prefix, at any depth. */
    readonly entries: readonly ListedEntry[],
    readonly parent: ParentNode | undefined,
    separator: string,
    now: number,
    /** `entries` are in natural key order (else the group's level sorts the ones it shows). */
    readonly keyOrdered = true,
    /** Known before the names are read (remembered, or glimpsed): `entries` is empty until the real group replaces it. */
    readonly pending = false,
  ) {
    const parentPrefix = parent instanceof GroupNode ? parent.prefix : '';
    super(prefix.slice(parentPrefix.length, -separator.length), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `group:${folder.workspaceFolder.uri.toString()}:${prefix}`;
    // The same id either way: the real group replaces the pending one in place, expanded if it was.
    this.contextValue = pending ? 'group.pending' : 'group';
    this.iconPath = new vscode.ThemeIcon('symbol-namespace');
    this.separator = separator;
    this.showState(now);
  }

  private readonly separator: string;

  /** Shows the counts at `now` (states read since, or time passed); whether the row changed. */
  showState(now: number): boolean {
    const before = this.description;
    if (this.pending) {
      this.description = vscode.l10n.t('counting…');
      this.tooltip = vscode.l10n.t('{0}* — counting its entries (the cache folder is being read)', this.prefix);
      this.accessibilityInformation = { label: vscode.l10n.t('Group {0}, counting', this.prefix.slice(0, -this.separator.length)) };
      return this.description !== before;
    }
    const counts = countsOf(this.entries, now);
    this.description = shortCounts(counts);
    const inWords = countsInWords(counts);
    this.tooltip = `${this.prefix}* — ${inWords}`;
    // Screen readers hear plain words, not the `3 · 1 expired` shorthand.
    this.accessibilityInformation = { label: vscode.l10n.t('Group {0}, {1}', this.prefix.slice(0, -this.separator.length), inWords) };
    return this.description !== before;
  }
}
