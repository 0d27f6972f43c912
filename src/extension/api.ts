// What `activate` returns to other extensions: `vscode.extensions.getExtension('cache-explorer.cache-explorer').exports`.
import * as vscode from 'vscode';
import type { Cache } from '../engine';
import type { CacheFolders } from './model/cacheFolders';
import type { CacheTreeProvider } from './tree/cacheTreeProvider';

export interface CacheEntriesChange {
  /** The workspace folder whose cache changed. */
  folder: vscode.WorkspaceFolder;
}

export interface CacheExplorerApi {
  /**
   * The cache engine for a workspace folder (or for the folder holding a Uri): the same instance the view uses,
   * so writes through it show in the tree at once. Undefined outside the workspace, and when the folder guard
   * refused the configured cache folder (the view and the log say why).
   */
  getCache(folder: vscode.WorkspaceFolder | vscode.Uri): Cache | undefined;
  /** Fires, batched, when entries of a folder's cache change on disk, whoever changed them. */
  readonly onDidChangeEntries: vscode.Event<CacheEntriesChange>;
  /** The Cache Entries tree data, for tests and tooling; its node classes may change between versions. */
  readonly tree: CacheTreeProvider;
  /** How long `activate` took, in milliseconds (it reads no disk; the benchmark checks it stays under 50 ms). */
  readonly activationMs: number;
}

export function createApi(folders: CacheFolders, tree: CacheTreeProvider, activationMs: number): CacheExplorerApi {
  return {
    activationMs,
    getCache: (folder) => {
      const owner = folders.get(folder instanceof vscode.Uri ? folder : folder.uri);
      return owner?.verdict.ok ? owner.cache : undefined;
    },
    onDidChangeEntries: (listener, thisArgs, disposables) =>
      folders.onDidChange(
        ({ folder, kind }) => {
          if (kind === 'entries') listener.call(thisArgs, { folder: folder.workspaceFolder });
        },
        undefined,
        disposables,
      ),
    tree,
  };
}
