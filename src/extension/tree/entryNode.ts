// One cache entry: its key (in a group, the rest of it after the group's prefix, so the expiry text fits the side
// bar), how long until it expires (or since it did), and an icon coloured by state.
import * as vscode from 'vscode';
import type { EntryState, StoredEntry } from '../../engine';
import type { CacheFolder } from '../model/cacheFolder';
import { stateAt } from '../model/entryCounts';
import { isFileEntry, isUnread, LOCATION_LABELS, type ListedEntry } from '../model/listedEntry';
import { formatDuration } from '../relativeTime';
import type { ParentNode } from './nodes';

/** An entry's state as the row shows it: `reading` while only its name is known (its file is being read). */
export type RowState = EntryState | 'reading';

const ICONS: Record<RowState, vscode.ThemeIcon> = {
  reading: new vscode.ThemeIcon('ellipsis'),
  fresh: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  expired: new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground')),
  unreadable: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.errorForeground')),
};

export function describeEntry(entry: StoredEntry, state: RowState, now: number): string {
  if (state === 'reading') return vscode.l10n.t('reading…');
  if (state === 'unreadable' || entry.expiresAt === undefined) return vscode.l10n.t('unreadable');
  const left = formatDuration(entry.expiresAt - now);
  return state === 'expired' ? vscode.l10n.t('expired {0} ago', left) : vscode.l10n.t('expires in {0}', left);
}

export class EntryNode extends vscode.TreeItem {
  state!: RowState;

  constructor(
    readonly folder: CacheFolder,
    readonly entry: ListedEntry,
    readonly parent: ParentNode | undefined,
    now: number,
  ) {
    super(labelUnder(entry.key, parent), vscode.TreeItemCollapsibleState.None);
    // Identity is the file (a shared-only entry has none: its Redis key stands in).
    this.id = `entry:${folder.workspaceFolder.uri.toString()}:${isFileEntry(entry) ? entry.fileName : `redis:${entry.redisKey}`}`;
    this.command = { command: 'cacheExplorer.openEntry', title: 'Open Entry', arguments: [this] };
    this.showState(now);
    // The tooltip (with the value) is filled in by resolveTreeItem on hover, so listing never reads values.
  }

  /**
   * Shows the entry's state at `now` (its file read since, or time passed); whether the row changed. The key shows
   * at once; state and expiry once the file is read (the row keeps its place meanwhile).
   */
  showState(now: number): boolean {
    const { entry } = this;
    const before = `${this.contextValue}\u0000${this.description}`;
    this.state = isUnread(entry) ? 'reading' : stateAt(entry, now);
    this.contextValue = `entry.${this.state}`;
    this.description = describeEntry(entry, this.state, now);
    this.iconPath = ICONS[this.state];
    const { location } = entry;
    if (location) {
      this.description += ` · ${LOCATION_LABELS[location]}`;
      if (location === 'shared') {
        // Only Redis has it: the file commands don't apply; Pull Shared Entries brings it here.
        this.contextValue = `sharedEntry.${this.state}`;
        this.iconPath = new vscode.ThemeIcon('cloud', ICONS[this.state].color);
        this.command = undefined;
      }
    }
    // The full key is spoken, whatever the label shows.
    this.accessibilityInformation = { label: `${entry.key}, ${this.description}` };
    return `${this.contextValue}\u0000${this.description}` !== before;
  }
}

/** The key without the prefix of the group it sits in (`model:v3:metrics` under `model:v3` → `metrics`). */
function labelUnder(key: string, parent: ParentNode | undefined): string {
  const prefix = parent && 'prefix' in parent ? parent.prefix : '';
  return prefix && key.startsWith(prefix) && key.length > prefix.length ? key.slice(prefix.length) : key;
}
