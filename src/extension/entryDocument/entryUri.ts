// `cache-entry:/<workspace folder name>/<key>.json`: the URI of an entry's value as an editable JSON document.
import * as vscode from 'vscode';
import type { CacheFolder } from '../model/cacheFolder';
import type { CacheFolders } from '../model/cacheFolders';

export const ENTRY_SCHEME = 'cache-entry';
const SUFFIX = '.json';

export function entryUri(folder: CacheFolder, key: string): vscode.Uri {
  return vscode.Uri.from({ scheme: ENTRY_SCHEME, path: `/${folder.name}/${key}${SUFFIX}` });
}

/** The folder and key an entry URI names; the key may itself contain `/`, the folder name comes first. */
export function parseEntryUri(uri: vscode.Uri, folders: CacheFolders): { folder: CacheFolder; key: string } | undefined {
  if (uri.scheme !== ENTRY_SCHEME || !uri.path.endsWith(SUFFIX)) return undefined;
  const path = uri.path.slice(1, -SUFFIX.length);
  const folder = folders.all().find((f) => path.startsWith(`${f.name}/`));
  const key = folder && path.slice(folder.name.length + 1);
  return folder && key ? { folder, key } : undefined;
}
