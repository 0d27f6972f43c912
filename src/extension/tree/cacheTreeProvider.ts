// The Cache Entries tree: folders (multi-root only) › prefix groups › entries, built from each folder's listing,
// so re-rendering (filter, settings, the minute tick) never reads disk. Never throws from getChildren, and sets no
// context keys (CacheView does, when the model changes).
import * as vscode from 'vscode';
import { inBackground, pauseBackground } from '../../engine/concurrency';
import { contextKeys } from '../contextKeys';
import type { Log } from '../log';
import type { CacheFolder } from '../model/cacheFolder';
import type { CacheFolders } from '../model/cacheFolders';
import type { FolderListing } from '../model/folderListing';
import { nowInSeconds, onDidRecount } from '../model/entryCounts';
import type { ListedEntry } from '../model/listedEntry';
import { onDidChangeSettings, viewSettings } from '../settings';
import { EntryNode } from './entryNode';
import { entryTooltip } from './entryTooltip';
import { filterDescription } from './filterWording';
import type { FirstLevelSnapshots, SnapshotScope } from './firstLevelSnapshot';
import { FolderNode } from './folderNode';
import { GroupNode } from './groupNode';
import type { KeyFilter } from './keyFilter';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';
import type { CacheNode, ParentNode } from './nodes';
import { cachedLevelOf, entriesToShow, visibleEntries } from './sortedListing';

/** How many children one level shows before a "Load more…" node; keeps huge caches responsive. */
export const PAGE_SIZE = 1000;

/** How long after the tree said rows changed a request for rows is taken as the window asking again, not the user. */
const ASKED_AGAIN_MS = 1000;

/** How long a row just expanded is left alone by in-place refreshes: the window renders its children meanwhile. */
const EXPAND_SETTLE_MS = 1000;

export class CacheTreeProvider implements vscode.TreeDataProvider<CacheNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<CacheNode[] | undefined>();
  private readonly subscriptions: vscode.Disposable[];
  /** Level id → how many children it shows; grows with "Load more…", reset by a new filter. */
  private readonly pageSizes = new Map<string, number>();
  private keyFilter: KeyFilter | undefined;
  /** Listings shown before their order was computed: shown again once it is. */
  private readonly awaitingOrder = new WeakSet<object>();
  /** The rows last handed to VS Code (since the last full re-render), and the listing each folder's were built from. */
  private readonly shownNodes = new Map<string, EntryNode | GroupNode | FolderNode>();
  private readonly shownListings = new Map<CacheFolder, FolderListing>();
  /** Listings whose first level was computed ahead of the view's request. */
  private readonly prepared = new WeakSet<object>();
  /** Folders whose first listing's group levels were computed ahead too (once: later listings are built on demand). */
  private readonly groupsPrepared = new WeakSet<object>();
  /**
   * Rows whose children VS Code is fetching, or was given less than EXPAND_SETTLE_MS ago (and until when): while
   * there are any, no row is refreshed in place. In-place refreshes during an expand set it back in the window:
   * while a million states were read (a refresh every 250 ms), the 50,000-entry group's rows showed 17–21 s after
   * the host answered, in 3 of 5 rounds; skipping only the expanded row's own refreshes still left 1 of 3.
   */
  private readonly expanding = new Map<CacheNode, number>();
  /** When the tree last told the window rows changed (see pauseForUser). */
  private changedAt = -Infinity;
  /** Lets rows out of `expanding` once they have settled (one timer for all). */
  private settleTimer: NodeJS.Timeout | undefined;

  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(
    private readonly folders: CacheFolders,
    private readonly log: Log,
    /** Where the first level is remembered between windows (tests flush it). */
    readonly snapshots?: FirstLevelSnapshots,
  ) {
    this.subscriptions = [
      // The tree shows a listing from its names on: `states` and `listed` fill in what it shows. `shared` shows nothing.
      folders.onDidChange(({ folder, kind }) => {
        if (kind === 'shared') return;
        void this.prepareLevels(folder).catch(() => undefined);
        // A batch taken in ('entries') whose listing the rows already show (its load reported it on the way): in
        // place too. A burst's 50 batches, answered by one load, re-rendered the whole tree 50 times at once.
        if ((kind === 'states' || kind === 'listed' || kind === 'entries') && this.showsInPlace(folder)) this.showStates(folder);
        else this.rerender();
      }),
      onDidChangeSettings(['sortBy', 'groupBy', 'keySeparator'], () => this.rerender()),
      // A huge folder's counts, counted again in the background: the rows showing them change in place.
      new vscode.Disposable(onDidRecount(() => this.showStates()).dispose),
    ];
  }

  get filter(): KeyFilter | undefined {
    return this.keyFilter;
  }

  set filter(filter: KeyFilter | undefined) {
    this.keyFilter = filter;
    this.pageSizes.clear();
    contextKeys.filterActive.set(filter !== undefined);
    this.rerender();
  }

  /** Rebuilds the nodes from what is already listed (no disk reads). */
  rerender(): void {
    this.shownNodes.clear();
    this.shownListings.clear();
    this.changed(undefined);
  }

  /**
   * Whether the rows shown for `folder` were built from the listing it is filling in now: then states arriving change
   * rows in place (showStates), and the tree keeps its rows. A state filter's rows depend on the states: rebuilt.
   */
  private showsInPlace(folder: CacheFolder): boolean {
    const listing = folder.latestEntries;
    return listing !== undefined && this.shownListings.get(folder) === listing && this.keyFilter?.state === undefined;
  }

  /**
   * States were read: the shown rows whose state or counts changed are refreshed, and only those. Refreshing the
   * whole tree every 250 ms while 100,000 states were read cancelled every hover (VS Code re-renders each row, and a
   * hover waiting for its delay is dropped) and kept tooltips from ever showing until the pointer moved again.
   */
  private showStates(folder?: CacheFolder): void {
    // While a row is being expanded, no row changes: showStates runs again once it has settled.
    if (this.expanding.size > 0) return;
    const now = nowInSeconds();
    const changed: CacheNode[] = [];
    for (const node of this.shownNodes.values()) if ((!folder || node.folder === folder) && node.showState(now)) changed.push(node);
    if (changed.length > 0) this.changed(changed);
  }

  /** Tells the window rows changed (undefined: all); it asks for them again, on our account, not the user's. */
  private changed(nodes: CacheNode[] | undefined): void {
    this.changedAt = performance.now();
    this.changeEmitter.fire(nodes);
  }

  /**
   * Time passed (the minute tick): relative times and expiries change in place, only on the rows where they do; a
   * state filter's rows depend on expiry, so then the tree is rebuilt.
   */
  showTimePassed(): void {
    if (this.keyFilter?.state !== undefined) this.rerender();
    else this.showStates();
  }

  /**
   * Remembers the rows handed to VS Code, which showStates may refresh in place: by id, the latest for each (VS Code
   * shows that one; a level asked for again, and again, must not pile up copies for every refresh to walk).
   */
  private shown(children: CacheNode[]): CacheNode[] {
    for (const node of children) {
      if (node instanceof EntryNode || node instanceof GroupNode || node instanceof FolderNode) this.shownNodes.set(node.id!, node);
    }
    return children;
  }

  /**
   * Computes a folder's first level as soon as its names are known, before the view asks (levels are remembered per
   * listing): at 100,000 entries that is tens of milliseconds the click that opens the view does not wait for. For
   * the folder's first listing it goes on, in the background, to the natural order and the levels of the first
   * level's groups, so the first expand finds its rows ready too (a 50,000-entry group took 0.6–2 s to sort on click).
   */
  private async prepareLevels(folder: CacheFolder): Promise<void> {
    const listing = folder.latestEntries;
    if (!listing || this.keyFilter || this.prepared.has(listing) || !listing.exists || listing.refused) return;
    const settings = viewSettings();
    // A level sorted by expiry depends on the clock, so it is not remembered: nothing to prepare.
    if (settings.sortBy === 'expiry') return;
    this.prepared.add(listing);
    const now = nowInSeconds();
    const shown = await entriesToShow(listing, folder);
    const level = await cachedLevelOf(shown.entries, '', settings, now, shown.keyOrdered);
    this.remember(folder, level.groups.map((group) => group.prefix));
    if (this.groupsPrepared.has(folder)) return;
    this.groupsPrepared.add(folder);
    // Nobody waits for it yet: a click meanwhile (the first row, an expand) goes first (see inBackground).
    await inBackground(async () => {
      const ordered = await cachedLevelOf(await shown.order(), '', settings, now, true);
      for (const group of ordered.groups) await cachedLevelOf(group.entries, group.prefix, settings, now, true);
    });
  }

  /** Shows the next page of the level a "Load more…" node stands for. */
  loadMore(node: LoadMoreNode): void {
    this.pageSizes.set(node.levelId, (this.pageSizes.get(node.levelId) ?? PAGE_SIZE) + PAGE_SIZE);
    this.rerender();
  }

  getTreeItem(node: CacheNode): vscode.TreeItem {
    return node;
  }

  getParent(node: CacheNode): CacheNode | undefined {
    return node.parent;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: CacheNode): Promise<vscode.TreeItem> {
    if (node instanceof EntryNode && item.tooltip === undefined) item.tooltip = await entryTooltip(node);
    return item;
  }

  async getChildren(node?: CacheNode): Promise<CacheNode[]> {
    try {
      if (!node) return await this.children(undefined);
      this.expanding.set(node, Infinity);
      try {
        return await this.children(node);
      } finally {
        this.expanding.set(node, performance.now() + EXPAND_SETTLE_MS);
        this.settleLater();
      }
    } finally {
      this.pauseForUser();
    }
  }

  /**
   * The window draws the rows it asked for now: when the user asked (the view opened, a group expanded), the
   * background's reads wait a moment (see pauseBackground). Not when the window asks again because the tree said rows
   * changed: a pipeline writing for 20 s re-renders the tree batch after batch, and pausing each time left the
   * background at half speed behind the burst.
   */
  private pauseForUser(): void {
    if (performance.now() - this.changedAt > ASKED_AGAIN_MS) pauseBackground();
  }

  /** Once rows being expanded have settled, they show what changed meanwhile. */
  private settleLater(): void {
    if (this.settleTimer) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      const now = performance.now();
      for (const [node, until] of this.expanding) if (until <= now) this.expanding.delete(node);
      if (this.expanding.size > 0) this.settleLater();
      this.showStates();
    }, EXPAND_SETTLE_MS);
  }

  private async children(node: CacheNode | undefined): Promise<CacheNode[]> {
    try {
      const now = nowInSeconds();
      if (!node) return this.shown(await this.roots(now));
      if (node instanceof FolderNode) return this.shown(await this.folderChildren(node.folder, node, now));
      if (node instanceof GroupNode && node.pending) return this.shown(await this.pendingGroupChildren(node, now));
      if (node instanceof GroupNode) return this.shown(await this.level(node.folder, node.entries, node.prefix, node, now, node.keyOrdered));
      return [];
    } catch (error) {
      this.log.warn(`Could not show the cache: ${error instanceof Error ? error.message : String(error)}`);
      return [new MessageNode(vscode.l10n.t('Could not read the cache; see the log'), node as ParentNode | undefined, 'error')];
    }
  }

  private async roots(now: number): Promise<CacheNode[]> {
    const folders = this.folders.all();
    if (folders.length === 0) return [];
    if (folders.length === 1) return this.folderChildren(folders[0], undefined, now);
    return Promise.all(folders.map((folder) => this.folderNode(folder, now)));
  }

  /** A folder's row: pending while its names are read if its groups are known early, else once they are read. */
  private async folderNode(folder: CacheFolder, now: number): Promise<FolderNode> {
    if (await this.earlyGroups(folder)) return new FolderNode(folder, undefined, now);
    const listing = await folder.shownEntries();
    this.shownListings.set(folder, listing);
    return new FolderNode(folder, listing, now);
  }

  private async folderChildren(folder: CacheFolder, parent: FolderNode | undefined, now: number): Promise<CacheNode[]> {
    const pending = await this.pendingFirstLevel(folder, parent, now);
    if (pending) return pending;
    const listing = await folder.shownEntries();
    this.shownListings.set(folder, listing);
    // With one folder the view itself is the folder: its welcome content explains a refused, missing or empty cache.
    if (listing.refused) return parent ? [new MessageNode(listing.error ?? '', parent, 'error')] : [];
    if (listing.error) return [new MessageNode(vscode.l10n.t('Could not read {0}: {1}', folder.realPath, listing.error), parent, 'error')];
    // No groups to show next time either (a folder emptied since must not show last session's groups).
    if (!listing.exists || (listing.entries.size === 0 && !listing.shared?.size)) this.remember(folder, []);
    if (!listing.exists) return parent ? [new MessageNode(vscode.l10n.t('No {0} folder', folder.realPath), parent)] : [];
    if (listing.entries.size === 0 && !listing.shared?.size) return parent ? [new MessageNode(vscode.l10n.t('No entries'), parent)] : [];
    if (!this.keyFilter) {
      // The first level from the names as listed, while the whole folder is put in order (then it is shown again).
      const shown = await entriesToShow(listing, folder);
      const level = await this.level(folder, shown.entries, '', parent, now, shown.keyOrdered);
      // The groups just shown (groups come first on a page, and a page holds as many as are remembered).
      this.remember(folder, level.flatMap((node) => (node instanceof GroupNode ? [node.prefix] : [])));
      if (!shown.keyOrdered && !this.awaitingOrder.has(listing)) {
        this.awaitingOrder.add(listing);
        // Unless a newer listing is shown by then (a burst's): that one is shown again when its own order is known.
        void shown.order().then(() => folder.latestEntries === listing && this.rerender());
      }
      return level;
    }
    const entries = await visibleEntries(listing, this.keyFilter, folder);
    if (entries.length === 0) {
      const filter = this.keyFilter;
      const message = filter?.state || filter?.files
        ? vscode.l10n.t('Nothing matches: {0}', filterDescription(filter))
        : vscode.l10n.t('No keys match "{0}"', filter?.text ?? '');
      return [new MessageNode(message, parent, 'filter')];
    }
    return this.level(folder, entries, '', parent, now);
  }

  /** Where `folder`'s first level is remembered: its workspace folder, its cache folder, the way keys are split. */
  private snapshotScope(folder: CacheFolder): SnapshotScope | undefined {
    const settings = viewSettings();
    if (!this.snapshots || settings.groupBy !== 'prefix' || folder.refusal !== undefined) return undefined;
    return { workspaceFolder: folder.workspaceFolder.uri.toString(), realPath: folder.realPath, separator: settings.keySeparator };
  }

  /** Keeps the unfiltered first level's groups, for the next window to show before it has read the names. */
  private remember(folder: CacheFolder, prefixes: readonly string[]): void {
    const scope = this.snapshotScope(folder);
    if (scope) void this.snapshots?.remember(scope, prefixes).catch(() => undefined);
  }

  /**
   * Before the folder's names are known (a million take seconds): the groups the view showed last time, or else those
   * of a glimpse of the folder's first names, "counting…", while the names are read. When they are, the folder's
   * change re-renders the tree with the real groups (same ids).
   */
  private async pendingFirstLevel(folder: CacheFolder, parent: FolderNode | undefined, now: number): Promise<CacheNode[] | undefined> {
    const groups = await this.earlyGroups(folder);
    if (!groups) return undefined;
    const separator = viewSettings().keySeparator;
    return groups.map((prefix) => new GroupNode(folder, prefix, [], parent, separator, now, true, true));
  }

  /** The groups to show for a folder whose names are not read yet (their read started), if any. */
  private async earlyGroups(folder: CacheFolder): Promise<readonly string[] | undefined> {
    if (folder.latestEntries || this.keyFilter) return undefined;
    void folder.shownEntries();
    const groups = (await this.rememberedGroups(folder)) ?? (await this.glimpsedGroups(folder));
    // The names may have come meanwhile: then they are what to show.
    return folder.latestEntries ? undefined : groups;
  }

  /** The groups the view showed for this folder last time (firstLevelSnapshot.ts). */
  private async rememberedGroups(folder: CacheFolder): Promise<readonly string[] | undefined> {
    const scope = this.snapshotScope(folder);
    return scope && (await this.snapshots?.groupsFor(scope));
  }

  /** The groups the folder's first few thousand names make (folderGlimpse.ts): none for a folder listed at once. */
  private async glimpsedGroups(folder: CacheFolder): Promise<readonly string[] | undefined> {
    const settings = viewSettings();
    if (settings.groupBy !== 'prefix') return undefined;
    const entries = await folder.glimpse();
    if (!entries) return undefined;
    const { groups } = await cachedLevelOf(entries, '', settings, nowInSeconds(), false);
    return groups.length > 0 ? groups.map((group) => group.prefix) : undefined;
  }

  /** A pending group expanded: its entries once the names are known (none if the group is gone since last time). */
  private async pendingGroupChildren(node: GroupNode, now: number): Promise<CacheNode[]> {
    const listing = await node.folder.shownEntries();
    if (!listing.exists || listing.refused || listing.error) return [];
    const shown = await entriesToShow(listing, node.folder);
    const level = await cachedLevelOf(shown.entries, '', viewSettings(), now, shown.keyOrdered);
    const group = level.groups.find((g) => g.prefix === node.prefix);
    return group ? this.level(node.folder, group.entries, group.prefix, node, now, shown.keyOrdered) : [];
  }

  private async level(
    folder: CacheFolder,
    entries: readonly ListedEntry[],
    prefix: string,
    parent: ParentNode | undefined,
    now: number,
    keyOrdered = true,
  ): Promise<CacheNode[]> {
    const settings = viewSettings();
    const { groups, entries: direct } = await cachedLevelOf(entries, prefix, settings, now, keyOrdered);
    const levelId = `${folder.workspaceFolder.uri.toString()}:${prefix}`;
    const total = groups.length + direct.length;
    const shown = Math.min(total, this.pageSizes.get(levelId) ?? PAGE_SIZE);
    // Only the shown page becomes nodes.
    const children: CacheNode[] = [];
    for (const group of groups.slice(0, shown)) {
      children.push(new GroupNode(folder, group.prefix, group.entries, parent, settings.keySeparator, now, keyOrdered));
    }
    for (const entry of direct.slice(0, Math.max(0, shown - groups.length))) {
      children.push(new EntryNode(folder, entry, parent, now));
    }
    if (shown < total) children.push(new LoadMoreNode(parent, levelId, shown, total));
    return children;
  }

  dispose(): void {
    clearTimeout(this.settleTimer);
    this.subscriptions.forEach((s) => s.dispose());
    this.changeEmitter.dispose();
  }
}
