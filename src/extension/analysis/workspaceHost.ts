// The AnalysisHost over the extension's folder model: the one file to touch when that model moves.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { entryUri } from '../entryDocument/entryUri';
import { openRawFile } from '../entryDocument/openEntryDocument';
import type { Log } from '../log';
import type { CacheFolder } from '../model/cacheFolder';
import type { CacheFolders } from '../model/cacheFolders';
import { viewSettings } from '../settings';
import type { AnalysisFolder, AnalysisHost } from './analysisHost';

function adapt(folder: CacheFolder): AnalysisFolder {
  return {
    id: folder.workspaceFolder.uri.toString(),
    name: folder.name,
    workspaceUri: folder.workspaceFolder.uri,
    get cache() {
      return folder.cache;
    },
    get separator() {
      return viewSettings().keySeparator;
    },
  };
}

export function workspaceAnalysisHost(folders: CacheFolders, log: Log): AnalysisHost {
  const byId = (id: string) => folders.all().find((folder) => folder.workspaceFolder.uri.toString() === id);
  return {
    folders: () => folders.all().map(adapt),
    folderOf(target) {
      // A folder node carries its CacheFolder; a Uri names the workspace folder it is in.
      const node = target as { folder?: unknown } | undefined;
      const folder = folders.all().find((f) => f === node?.folder) ?? (target instanceof vscode.Uri ? folders.get(target) : undefined);
      return folder && adapt(folder);
    },
    onDidChangeEntries(listener) {
      return folders.onDidChange(({ folder, kind }) => {
        if (kind === 'entries' || kind === 'listed' || kind === 'configured') listener(folder.workspaceFolder.uri.toString());
      });
    },
    async openEntry(analysisFolder, entry) {
      const folder = byId(analysisFolder.id);
      if (!folder) throw new Error(vscode.l10n.t('The folder {0} is no longer open.', analysisFolder.name));
      // An unreadable file opens raw, and only while it is still a regular file in the folder (never a link's target).
      if (entry.state === 'unreadable') return openRawFile(folder, { fileName: path.basename(entry.path) });
      return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(entryUri(folder, entry.key)), { preview: true });
    },
    reportFailure: (what, error) => log.fail(what, error),
  };
}
