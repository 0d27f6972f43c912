// The AnalysisHost over the extension's folder model: the one file to touch when that model moves.
import * as vscode from 'vscode';
import type { CacheFolder, CacheFolders } from '../cacheFolders';
import { entryUri } from '../entryDocument/entryUri';
import type { Log } from '../log';
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
      return folders.onDidChangeEntries(({ folder }) => listener(folder.workspaceFolder.uri.toString()));
    },
    async openEntry(analysisFolder, entry) {
      const folder = byId(analysisFolder.id);
      if (!folder) throw new Error(vscode.l10n.t('The folder {0} is no longer open.', analysisFolder.name));
      const uri = entry.state === 'unreadable' ? vscode.Uri.file(entry.path) : entryUri(folder, entry.key);
      return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    },
    reportFailure: (what, error) => log.fail(what, error),
  };
}
