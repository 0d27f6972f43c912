// Entry point: creates each feature once, hands it what it needs, and lets context.subscriptions own it.
// Nothing here reads the disk: listings load when the view or the status bar first asks.
import * as vscode from 'vscode';
import { registerAnalysis, workspaceAnalysisHost } from './analysis';
import { createApi, type CacheExplorerApi } from './api';
import { CacheFolders } from './cacheFolders';
import { CleanupScheduler } from './cleanupScheduler';
import { registerCommands } from './commands';
import { registerEntryDocuments } from './entryDocument/entryFileSystem';
import { EntryListing } from './entryListing';
import { ExpiredCleanup } from './expiredCleanup';
import { Log } from './log';
import { MinuteTicker } from './minuteTicker';
import { SharedStatusBar } from './sharedStatusBar';
import { CacheStatusBar } from './statusBar';
import { CacheTreeProvider } from './tree/cacheTreeProvider';
import { CacheView } from './tree/cacheView';

export type { CacheExplorerApi } from './api';

export function activate(context: vscode.ExtensionContext): CacheExplorerApi {
  const started = performance.now();
  const log = new Log();
  const folders = new CacheFolders(log);
  const listing = new EntryListing(folders, log);
  const ticker = new MinuteTicker();
  const cleanup = new ExpiredCleanup(log);
  const provider = new CacheTreeProvider(folders, listing, log);
  const view = new CacheView(provider, listing, ticker);
  context.subscriptions.push(log, folders, listing, ticker, cleanup, provider, view);
  context.subscriptions.push(
    registerEntryDocuments(folders, log),
    new CacheStatusBar(listing, cleanup, ticker),
    new SharedStatusBar(folders),
    new CleanupScheduler(folders, cleanup, log),
  );
  registerCommands(context, { folders, listing, view, cleanup, log });
  context.subscriptions.push(registerAnalysis(context.extensionUri, workspaceAnalysisHost(folders, log)));
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms (no disk read: listings load when the view or status bar asks)`);
  return createApi(folders, provider, activationMs);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
