// Entry point: wiring only. The model (one CacheFolder per workspace folder, in model/) is created first; each
// feature subscribes to its one change event. Nothing here reads the disk: listings load when the view or the
// status bar first asks, and the folder guard judges a folder on that first use.
import * as vscode from 'vscode';
import { registerAnalysis, workspaceAnalysisHost } from './analysis';
import { createApi, type CacheExplorerApi } from './api';
import { CleanupScheduler } from './cleanup/cleanupScheduler';
import { ExpiredCleanup } from './cleanup/expiredCleanup';
import { registerCommands } from './commands';
import { registerEntryDocuments } from './entryDocument/entryFileSystem';
import { Log } from './log';
import { MinuteTicker } from './minuteTicker';
import { CacheFolders } from './model/cacheFolders';
import { CacheStatusBar } from './statusBar/countsStatusBar';
import { SharedStatusBar } from './statusBar/sharedStatusBar';
import { CacheTreeProvider } from './tree/cacheTreeProvider';
import { CacheView } from './tree/cacheView';
import { FirstLevelSnapshots } from './tree/firstLevelSnapshot';

export type { CacheExplorerApi } from './api';

export function activate(context: vscode.ExtensionContext): CacheExplorerApi {
  const started = performance.now();
  const log = new Log();
  const folders = new CacheFolders(log);
  const ticker = new MinuteTicker();
  const cleanup = new ExpiredCleanup(log);
  // The first level shown last time, in this workspace's storage: the next window shows it before reading the names.
  const snapshots = new FirstLevelSnapshots(context.storageUri?.fsPath);
  const provider = new CacheTreeProvider(folders, log, snapshots);
  const view = new CacheView(provider, folders, ticker);
  context.subscriptions.push(log, folders, ticker, cleanup, snapshots, provider, view);
  context.subscriptions.push(
    registerEntryDocuments(folders, log),
    new CacheStatusBar(folders, cleanup, ticker),
    new SharedStatusBar(folders),
    new CleanupScheduler(folders, cleanup, log),
  );
  registerCommands(context, { folders, view, cleanup, log });
  context.subscriptions.push(registerAnalysis(context.extensionUri, workspaceAnalysisHost(folders, log)));
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms (no disk read: listings load when the view or status bar asks)`);
  return createApi(folders, provider, activationMs);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
