// What the analysis panel and Find in Values need from the rest of the extension, and nothing more: the folders'
// engines, their change events, and a way to open an entry. workspaceHost.ts adapts the extension's folder model.
import type * as vscode from 'vscode';
import type { Cache, EntryInfo } from '../../engine';

export interface AnalysisFolder {
  /** Stable while the workspace folder is open: its URI as a string. */
  readonly id: string;
  /** The workspace folder's name, for titles. */
  readonly name: string;
  /** The workspace folder's URI, the argument commands such as Clean Up Expired take to act on this folder only. */
  readonly workspaceUri: vscode.Uri;
  /** The engine the view uses (its `dir` and `ttl` are the folder's settings now). */
  readonly cache: Cache;
  /** What separates namespaces in keys (the `keySeparator` setting). */
  readonly separator: string;
}

export interface AnalysisHost {
  folders(): AnalysisFolder[];
  /** The folder a command was invoked on: a folder node, a Uri in a workspace folder; undefined otherwise. */
  folderOf(target: unknown): AnalysisFolder | undefined;
  /** Fires, batched, when entries of a folder change on disk (whoever changed them), or its settings changed. */
  onDidChangeEntries(listener: (folderId: string) => void): vscode.Disposable;
  /** Opens the entry's value as the view does (an unreadable entry: its raw file, unless it is no longer a file). */
  openEntry(folder: AnalysisFolder, entry: Pick<EntryInfo, 'key' | 'path' | 'state'>): Promise<vscode.TextEditor | undefined>;
  /** Logs a failure and tells the user (with Show Log); never throws. */
  reportFailure(what: string, error: unknown): void;
}
