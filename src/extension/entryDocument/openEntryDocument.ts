// Opening an entry from the view: its value as an editable JSON document; a value over maxEditableSize as a
// read-only preview of its head, with an explicit action for the whole value; an unreadable entry as its raw file,
// with the problem in one notification (clicking again does not stack another).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CacheFolder } from '../model/cacheFolder';
import type { CacheFolders } from '../model/cacheFolders';
import { isUnread, type FileEntry } from '../model/listedEntry';
import { formatBytes } from '../relativeTime';
import { maxEditableSize } from '../settings';
import { entryUri, parseEntryUri } from './entryUri';

export const OPEN_WHOLE_COMMAND = 'cacheExplorer.openWholeEntry';

/** Notifications on screen, by text: a second click on the same unreadable entry shows no second one. */
const shownWarnings = new Set<string>();

function warnOnce(message: string): void {
  if (shownWarnings.has(message)) return;
  shownWarnings.add(message);
  void Promise.resolve(vscode.window.showWarningMessage(message)).finally(() => shownWarnings.delete(message));
}

/** "The file is empty." + ". Showing…" must not read "empty.. Showing". */
function sentence(text: string): string {
  return text.trim().replace(/[.!?]+$/, '');
}

/** Opens the listed file as text, if it is still a regular file: a link would open its target, outside the cache. */
export async function openRawFile(folder: CacheFolder, file: Pick<FileEntry, 'fileName'>, preserveFocus = false): Promise<vscode.TextEditor | undefined> {
  const filePath = path.join(folder.realPath, file.fileName);
  const stat = await fs.lstat(filePath).catch(() => undefined);
  if (!stat?.isFile()) {
    const why = stat?.isSymbolicLink()
      ? vscode.l10n.t('{0} is a symbolic link; Cache Explorer never opens what a link points to.', filePath)
      : vscode.l10n.t('{0} is not a regular file (or is gone).', filePath);
    warnOnce(why);
    return undefined;
  }
  return vscode.window.showTextDocument(vscode.Uri.file(filePath), { preview: true, preserveFocus });
}

/**
 * Opens what a click on an entry opens; returns the URI of the document shown. `raw`: the file is shown as it is on
 * disk (unreadable, or not the engine's spelling of its key), with the problem in one notification.
 */
export async function openEntryDocument(folder: CacheFolder, entry: FileEntry, raw: boolean, preserveFocus: boolean): Promise<vscode.Uri | undefined> {
  if (raw) {
    const editor = await openRawFile(folder, entry, preserveFocus);
    const problem = sentence(entry.problem ?? vscode.l10n.t('It is not a cache entry'));
    if (editor) warnOnce(vscode.l10n.t('"{0}" cannot be read: {1}. Showing the raw file.', entry.key, problem));
    return editor?.document.uri;
  }
  const limit = maxEditableSize();
  const size = await sizeOf(entry);
  const large = size > limit;
  const document = await vscode.workspace.openTextDocument(entryUri(folder, entry.key, large ? 'preview' : 'document'));
  // Like the Explorer: a click opens a preview and leaves focus in the view, so the keyboard keeps working there.
  await vscode.window.showTextDocument(document, { preview: true, preserveFocus });
  if (large) {
    const action = vscode.l10n.t('Open Whole Value for Editing');
    const message = vscode.l10n.t(
      '"{0}" is {1}, over the cacheExplorer.maxEditableSize of {2}: it opened read-only, showing its first lines.',
      entry.key,
      formatBytes(size),
      formatBytes(limit),
    );
    void Promise.resolve(vscode.window.showInformationMessage(message, action)).then((choice) => {
      if (choice === action) void openWholeValue(folder, entry.key);
    });
  }
  return document.uri;
}

/**
 * The entry's size in bytes: as listed, or, for an entry whose file is not read yet ("reading…" in a big folder: its
 * listed size is 0), from the file itself, so a 200 MB value clicked early still opens as a preview (lstat: a link's
 * own size; the engine refuses to read through it anyway).
 */
async function sizeOf(entry: FileEntry): Promise<number> {
  if (!isUnread(entry)) return entry.size;
  try {
    return (await fs.lstat(entry.path)).size;
  } catch {
    return entry.size;
  }
}

async function openWholeValue(folder: CacheFolder, key: string): Promise<vscode.Uri> {
  const document = await vscode.workspace.openTextDocument(entryUri(folder, key, 'whole'));
  await vscode.window.showTextDocument(document, { preview: false });
  return document.uri;
}

/**
 * Open Whole Value for Editing: from a preview's editor (its title bar, or the palette while it is active), or with
 * a preview URI as argument. Returns the URI of the editable document.
 */
export function registerOpenWholeEntry(folders: CacheFolders): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_WHOLE_COMMAND, async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const target = uri && parseEntryUri(uri, folders);
    if (!target || 'problem' in target) {
      void vscode.window.showWarningMessage(
        target ? target.problem : vscode.l10n.t('Open a cache entry preview first.'),
      );
      return undefined;
    }
    return openWholeValue(target.folder, target.key);
  });
}
