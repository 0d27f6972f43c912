// The Cache Analysis panel of one folder: runs the analysis (with progress, cancellable), follows the folder's
// changes, and does what the webview asks (open an entry, run a recommendation, export), checking each request.
import * as vscode from 'vscode';
import type { CacheAnalysis, EntrySummary } from '../../engine/analysis';
import type { AnalysisFolder, AnalysisHost } from './analysisHost';
import { AnalysisRunner } from './analysisRunner';
import { exportAnalysis } from './exportAnalysis';
import { panelHtml, panelResources, resourceRoots } from './panelHtml';
import { panelStrings } from './panelStrings';
import type { EntryLink, FromWebview, ToWebview } from './protocol';
import { runRecommendation } from './recommendationActions';
import { recommendationWording } from './recommendationWording';

export const ANALYSIS_VIEW_TYPE = 'cacheExplorer.analysis';
/** At most one progress message per this many ms: the webview redraws on each. */
const PROGRESS_INTERVAL_MS = 100;
/** A partial chart while a big folder is analysed, at most this often. */
const SNAPSHOT_INTERVAL_MS = 1000;

export class AnalysisPanel implements vscode.Disposable {
  /** The last complete analysis shown. */
  latest: CacheAnalysis | undefined;
  private readonly analysed = new vscode.EventEmitter<CacheAnalysis>();
  /** Fires after each complete analysis was posted to the webview. */
  readonly onDidAnalyze = this.analysed.event;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private readonly runner: AnalysisRunner;
  private readonly subscriptions: vscode.Disposable[] = [];
  private lastProgress = 0;
  private lastSnapshot = 0;
  private isDisposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly folder: AnalysisFolder,
    private readonly host: AnalysisHost,
  ) {
    this.runner = new AnalysisRunner(() => this.currentFolder(), {
      onListing: () => this.post({ type: 'progress', phase: 'listing', done: 0 }),
      onProgress: (done, total, snapshot) => this.progress(done, total, snapshot),
      onResult: (analysis) => {
        this.latest = analysis;
        this.postAnalysis(analysis);
        this.analysed.fire(analysis);
      },
      onCancelled: () => this.post({ type: 'cancelled' }),
      onError: (error) => {
        this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
        host.reportFailure(vscode.l10n.t('Cache Analysis of {0}', folder.name), error);
      },
    });
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: FromWebview) => this.receive(message)),
      host.onDidChangeEntries((id) => {
        if (id === folder.id) this.runner.schedule();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  static create(extensionUri: vscode.Uri, folder: AnalysisFolder, host: AnalysisHost): AnalysisPanel {
    const title = vscode.l10n.t('Cache Analysis: {0}', folder.name);
    const panel = vscode.window.createWebviewPanel(ANALYSIS_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: resourceRoots(extensionUri),
    });
    const strings = panelStrings();
    panel.webview.html = panelHtml(panel.webview, panelResources(panel.webview, extensionUri), strings, title);
    return new AnalysisPanel(panel, folder, host);
  }

  /** Runs the analysis now (cancelling one in flight); resolves when it ended. */
  refresh(): Promise<void> {
    return this.runner.run();
  }

  get isRunning(): boolean {
    return this.runner.isRunning;
  }

  cancel(): void {
    this.runner.cancel();
  }

  /** Runs the button of the analysis' recommendation number `index`. */
  async runRecommendation(index: number): Promise<unknown> {
    const recommendation = this.latest?.recommendations[index];
    if (!recommendation) return undefined;
    return runRecommendation(recommendation.action, this.folder, this.host);
  }

  /** Opens an entry the analysis listed; anything else the webview names is refused (it only shows what we sent). */
  async open(link: EntryLink): Promise<vscode.TextEditor | undefined> {
    const listed = this.listedEntries().find((entry) => entry.path === link.path && entry.key === link.key);
    if (!listed) return undefined;
    return this.host.openEntry(this.folder, listed);
  }

  /** Saves the last analysis; asks where unless `to` is given. */
  async export(format: 'markdown' | 'json', to?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!this.latest) return undefined;
    return exportAnalysis(this.latest, format, this.folder.name, this.folder.workspaceUri, to);
  }

  private listedEntries(): EntrySummary[] {
    const analysis = this.latest;
    if (!analysis) return [];
    return [...analysis.biggest, ...analysis.oldest, ...analysis.unreadable.flatMap((group) => group.examples)];
  }

  private async receive(message: FromWebview): Promise<void> {
    try {
      switch (message.type) {
        case 'ready':
          // A (re)loaded webview: show what we have, and analyse if nothing is on the way.
          if (this.latest) this.postAnalysis(this.latest);
          if (!this.latest && !this.runner.isRunning) void this.refresh();
          return;
        case 'refresh':
          void this.refresh();
          return;
        case 'cancel':
          this.cancel();
          return;
        case 'open':
          await this.open(message.entry);
          return;
        case 'recommendation':
          await this.runRecommendation(message.index);
          return;
        case 'export':
          await this.export(message.format === 'json' ? 'json' : 'markdown');
          return;
      }
    } catch (error) {
      this.host.reportFailure(vscode.l10n.t('Cache Analysis of {0}', this.folder.name), error);
    }
  }

  private progress(done: number, total: number | undefined, snapshot: () => CacheAnalysis): void {
    const now = Date.now();
    if (now - this.lastProgress >= PROGRESS_INTERVAL_MS) {
      this.lastProgress = now;
      this.post({ type: 'progress', phase: 'analysing', done, total });
    }
    // The first chart comes early, from what was seen so far, unless a complete one is already on screen.
    if (!this.latest && now - this.lastSnapshot >= SNAPSHOT_INTERVAL_MS) {
      this.lastSnapshot = now;
      this.postAnalysis(snapshot());
    }
  }

  private postAnalysis(analysis: CacheAnalysis): void {
    this.post({
      type: 'analysis',
      folderName: this.folder.name,
      analysis,
      recommendations: analysis.recommendations.map((recommendation) => recommendationWording(recommendation, analysis.now)),
    });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  /** The folder as it is now (its engine is replaced when settings change), or undefined once it was closed. */
  private currentFolder(): AnalysisFolder | undefined {
    return this.host.folders().find((folder) => folder.id === this.folder.id);
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.runner.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.subscriptions.length = 0;
    this.panel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.analysed.dispose();
  }
}
