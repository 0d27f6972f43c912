// The URIs of an entry's value as a document:
//   cache-entry:/<folder name>/<key>.json?folder=<workspace folder URI>           the editable JSON document
//   cache-entry:/<folder name>/<key>.json?folder=<…>&whole=1                      the same, for a value over maxEditableSize
//   cache-entry-preview:/<folder name>/<key>.jsonc?folder=<…>                     the read-only head of a large value
// The folder is named by its URI, which no other workspace folder has (names repeat: two folders called `app`),
// and matched exactly; the name in the path is only for the tab. A URI whose folder has left the workspace, or
// whose path does not match its folder, names nothing and is refused.
import * as vscode from 'vscode';
import type { CacheFolder } from '../model/cacheFolder';
import type { CacheFolders } from '../model/cacheFolders';

export const ENTRY_SCHEME = 'cache-entry';
export const PREVIEW_SCHEME = 'cache-entry-preview';
const SUFFIX = { [ENTRY_SCHEME]: '.json', [PREVIEW_SCHEME]: '.jsonc' } as const;

export type EntryUriKind = 'document' | 'whole' | 'preview';

export interface EntryTarget {
  folder: CacheFolder;
  key: string;
  kind: EntryUriKind;
}

/** The URI for an entry of a workspace folder (tests and other callers without a CacheFolder use this form). */
export function entryUriFor(workspaceFolder: vscode.WorkspaceFolder, key: string, kind: EntryUriKind = 'document'): vscode.Uri {
  const scheme = kind === 'preview' ? PREVIEW_SCHEME : ENTRY_SCHEME;
  const query = new URLSearchParams({ folder: workspaceFolder.uri.toString() });
  if (kind === 'whole') query.set('whole', '1');
  return vscode.Uri.from({ scheme, path: `/${workspaceFolder.name}/${key}${SUFFIX[scheme]}`, query: query.toString() });
}

export function entryUri(folder: CacheFolder, key: string, kind: EntryUriKind = 'document'): vscode.Uri {
  return entryUriFor(folder.workspaceFolder, key, kind);
}

export function isEntryUri(uri: vscode.Uri): boolean {
  return uri.scheme === ENTRY_SCHEME || uri.scheme === PREVIEW_SCHEME;
}

/** The entry a URI names, or why it names none (in words for an error message). */
export function parseEntryUri(uri: vscode.Uri, folders: CacheFolders): EntryTarget | { problem: string } {
  if (!isEntryUri(uri)) return { problem: vscode.l10n.t('{0} is not a cache entry URI.', uri.toString()) };
  const scheme = uri.scheme as keyof typeof SUFFIX;
  const query = new URLSearchParams(uri.query);
  const folderUri = query.get('folder');
  const folder = folderUri === null ? undefined : folders.all().find((f) => f.workspaceFolder.uri.toString() === folderUri);
  if (!folder) {
    return { problem: vscode.l10n.t('{0} names a workspace folder that is no longer open.', uri.toString()) };
  }
  const head = `/${folder.name}/`;
  const suffix = SUFFIX[scheme];
  const key = uri.path.startsWith(head) && uri.path.endsWith(suffix) ? uri.path.slice(head.length, -suffix.length) : '';
  if (!key) return { problem: vscode.l10n.t('{0} does not name an entry of the folder {1}.', uri.toString(), folder.name) };
  const kind: EntryUriKind = scheme === PREVIEW_SCHEME ? 'preview' : query.get('whole') === '1' ? 'whole' : 'document';
  return { folder, key, kind };
}
