// Find in Values…: a quick pick whose input is the query. Each change starts a new search (the previous one is
// cancelled); matching entries stream in as they are found, with their state and a line of context. Picking one
// opens it at the match; its button makes the key the view's filter, the pick's own makes all the results the view's
// filter. Closing the pick cancels the search.
import * as vscode from 'vscode';
import { formatCount } from '../../engine/analysis/formatting';
import { PatternError, searchCache, type ValueMatch, type ValueQuery, type ValueSearchReport } from '../../engine/search';
import type { AnalysisFolder, AnalysisHost } from './analysisHost';
import { openAtMatch } from './openAtMatch';

/** Typing pauses this long before a search starts, in ms. */
const TYPING_DEBOUNCE_MS = 250;
/** Items are handed to the quick pick at most this often, in ms: thousands of single updates would flicker. */
const FLUSH_INTERVAL_MS = 100;

export interface MatchItem extends vscode.QuickPickItem {
  match: ValueMatch;
}

export class FindInValuesSession implements vscode.Disposable {
  readonly quickPick = vscode.window.createQuickPick<MatchItem>();
  private regexButton: vscode.QuickInputButton | undefined;
  private caseButton: vscode.QuickInputButton | undefined;
  private readonly filterButton: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('filter'),
    tooltip: vscode.l10n.t('Show only this key in the Cache Entries view'),
  };
  private readonly allResultsButton: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('list-filter'),
    tooltip: vscode.l10n.t('Show All Results in the Cache Entries View'),
  };
  private regex = false;
  private caseSensitive = false;
  private controller: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: MatchItem[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly searches = new vscode.EventEmitter<ValueSearchReport | undefined>();
  /** Fires when a search ended (its report; undefined when it was cancelled or refused). */
  readonly onDidSearch = this.searches.event;

  constructor(
    private readonly folder: AnalysisFolder,
    private readonly host: AnalysisHost,
  ) {
    const pick = this.quickPick;
    pick.title = vscode.l10n.t('Find in Values: {0}', folder.name);
    pick.matchOnDescription = false;
    pick.matchOnDetail = false;
    pick.ignoreFocusOut = false;
    this.updateButtons();
    this.subscriptions.push(
      pick.onDidChangeValue(() => this.schedule()),
      pick.onDidTriggerButton((button) => (button === this.allResultsButton ? void this.useResultsAsFilter() : this.toggle(button))),
      pick.onDidAccept(() => void this.open(pick.selectedItems[0])),
      pick.onDidTriggerItemButton(({ item }) => void this.useAsFilter(item)),
      pick.onDidHide(() => this.dispose()),
    );
  }

  get query(): ValueQuery {
    return { text: this.quickPick.value, regex: this.regex, caseSensitive: this.caseSensitive };
  }

  show(initial?: Partial<ValueQuery>): void {
    if (initial?.regex !== undefined) this.regex = initial.regex;
    if (initial?.caseSensitive !== undefined) this.caseSensitive = initial.caseSensitive;
    this.updateButtons();
    this.quickPick.show();
    if (initial?.text) this.quickPick.value = initial.text;
    if (initial?.text) this.schedule();
  }

  /** Runs the search for the current input now (cancelling one in flight). */
  async search(): Promise<ValueSearchReport | undefined> {
    this.clearTimer();
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const pick = this.quickPick;
    const query = this.query;
    pick.items = [];
    this.pending = [];
    if (query.text === '') {
      pick.busy = false;
      this.searches.fire(undefined);
      return undefined;
    }
    pick.busy = true;
    let report: ValueSearchReport | undefined;
    try {
      let found = 0;
      // Streamed: the first files are searched while the rest of the folder is still to be read.
      report = await searchCache(this.folder.cache, query, {
        signal: controller.signal,
        onMatch: (match) => {
          found++;
          this.pending.push(this.itemOf(match));
          this.scheduleFlush();
        },
        onProgress: (done, total) => {
          pick.title = vscode.l10n.t('Find in Values: {0} · {1} of {2} files · {3} found', this.folder.name, formatCount(done), formatCount(total), formatCount(found));
        },
      });
      this.flush();
      pick.title = this.summary(report);
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      // The pattern cannot run: say why where the user is looking (quick picks have no validation message).
      if (error instanceof PatternError) pick.title = vscode.l10n.t('Find in Values: {0}', error.message);
      else this.host.reportFailure(vscode.l10n.t('Find in Values'), error);
    } finally {
      if (this.controller === controller) {
        pick.busy = false;
        this.controller = undefined;
      }
    }
    if (!controller.signal.aborted) this.searches.fire(report);
    return report;
  }

  /** Opens the entry at its match and closes the pick. */
  async open(item: MatchItem | undefined): Promise<vscode.TextEditor | undefined> {
    if (!item) return undefined;
    const query = this.query;
    this.quickPick.hide();
    return openAtMatch(this.host, this.folder, item.match.entry, query);
  }

  /** Makes the entry's key the Cache Entries view's filter. */
  async useAsFilter(item: MatchItem): Promise<void> {
    this.quickPick.hide();
    await vscode.commands.executeCommand('cacheExplorer.entries.focus');
    await vscode.commands.executeCommand('cacheExplorer.filter', item.match.entry.key);
  }

  /**
   * Makes the files found so far the view's filter (exactly those files, whatever their keys), and closes the pick;
   * a search still going on stops there. Nothing found: the pick stays, saying so.
   */
  async useResultsAsFilter(): Promise<void> {
    this.flush();
    const paths = this.quickPick.items.map((item) => item.match.entry.path);
    if (paths.length === 0) {
      this.quickPick.title = vscode.l10n.t('Find in Values: {0} · nothing found to show', this.folder.name);
      return;
    }
    const query = this.quickPick.value;
    this.quickPick.hide();
    await vscode.commands.executeCommand('cacheExplorer.entries.focus');
    await vscode.commands.executeCommand('cacheExplorer.filter', { text: '', files: { paths, query } });
  }

  private summary(report: ValueSearchReport): string {
    const parts = [vscode.l10n.t('Find in Values: {0} · {1} found in {2} values', this.folder.name, formatCount(report.matched), formatCount(report.searched))];
    if (report.truncated) parts.push(vscode.l10n.t('stopped at the first {0}', formatCount(report.matched)));
    if (report.skipped.length > 0) parts.push(vscode.l10n.t('{0} files could not be read', formatCount(report.skipped.length)));
    return parts.join(' · ');
  }

  private itemOf(match: ValueMatch): MatchItem {
    const state = { fresh: vscode.l10n.t('fresh'), expired: vscode.l10n.t('expired'), unreadable: vscode.l10n.t('unreadable') }[match.entry.state];
    return {
      label: match.entry.key,
      description: state,
      // An ellipsis when the context was cut before the match.
      detail: `${match.offset > match.contextOffset ? '…' : ''}${match.context}`,
      // The pick's own filtering would hide every item: it is the query, not a filter on keys.
      alwaysShow: true,
      buttons: [this.filterButton],
      match,
    };
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    this.quickPick.items = [...this.quickPick.items, ...this.pending];
    this.pending = [];
  }

  private schedule(): void {
    this.clearTimer();
    this.controller?.abort();
    this.timer = setTimeout(() => void this.search(), TYPING_DEBOUNCE_MS);
  }

  private toggle(button: vscode.QuickInputButton): void {
    if (button === this.regexButton) this.regex = !this.regex;
    if (button === this.caseButton) this.caseSensitive = !this.caseSensitive;
    this.updateButtons();
    this.schedule();
  }

  /** Quick input buttons cannot show a toggled look: the tooltips and the placeholder say what is on. */
  private updateButtons(): void {
    this.regexButton = {
      iconPath: new vscode.ThemeIcon('regex'),
      tooltip: this.regex ? vscode.l10n.t('Regular Expression: on') : vscode.l10n.t('Regular Expression: off'),
    };
    this.caseButton = {
      iconPath: new vscode.ThemeIcon('case-sensitive'),
      tooltip: this.caseSensitive ? vscode.l10n.t('Match Case: on') : vscode.l10n.t('Match Case: off'),
    };
    this.quickPick.buttons = [this.regexButton, this.caseButton, this.allResultsButton];
    const what = this.regex ? vscode.l10n.t('A regular expression to find in every value') : vscode.l10n.t('Text to find in every value');
    this.quickPick.placeholder = this.caseSensitive ? vscode.l10n.t('{0} (match case)', what) : what;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.clearTimer();
    this.controller?.abort();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.subscriptions.forEach((s) => s.dispose());
    this.subscriptions.length = 0;
    this.quickPick.dispose();
    this.searches.dispose();
  }
}
