// Serves each entry's value as a JSON document (scheme `cache-entry`), and the head of a large one as a read-only
// preview (scheme `cache-entry-preview`). The document is the value's own text from the file, pretty-printed token
// by token; saving validates it as strict JSON and writes exactly that text through the engine (atomically), so
// what was not edited keeps every byte. Invalid JSON is refused with its line and column and nothing is written.
// Changes on disk are reported so open documents follow them.
import * as vscode from 'vscode';
import type { EntryInfo, KeyNames } from '../../engine';
import type { CacheFolder } from '../model/cacheFolder';
import type { CacheFolders } from '../model/cacheFolders';
import type { Log } from '../log';
import { maxEditableSize } from '../settings';
import { formatBytes } from '../relativeTime';
import { PREVIEW_BYTES, PREVIEW_LINES } from './documentLimits';
import { ENTRY_SCHEME, isEntryUri, parseEntryUri, PREVIEW_SCHEME, type EntryTarget } from './entryUri';
import { parseText, previewValueText, readValueText } from './jsonText';
import { newEntryDrafts } from './newEntryDrafts';
import { registerOpenWholeEntry } from './openEntryDocument';

export class EntryFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  private readonly subscription: vscode.Disposable;

  readonly onDidChangeFile = this.emitter.event;

  constructor(
    private readonly folders: CacheFolders,
    private readonly log: Log,
  ) {
    this.subscription = folders.onDidChange(({ folder, kind, fileNames }) => {
      if (kind !== 'entries' && kind !== 'configured') return;
      // Only open documents need telling (new ones read fresh), in every form: document, whole value, preview.
      const names = fileNames && folderNames(folder);
      const keys = fileNames && names && [...fileNames].map((name) => names.keyOf(name));
      // A name without a key of its own (a shortened one) could be any key: then every document of the folder.
      const changed = keys && !keys.includes(undefined) ? new Set(keys) : undefined;
      const uris = openEntryDocuments().filter((uri) => {
        const target = parseEntryUri(uri, folders);
        return 'key' in target && target.folder === folder && (!changed || changed.has(target.key));
      });
      if (uris.length) this.emitter.fire(uris.map((uri) => ({ type: vscode.FileChangeType.Changed, uri })));
    });
  }

  watch(): vscode.Disposable {
    // Every change in every cache folder is already reported through onDidChangeFile.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (await this.isUnsavedDraft(uri)) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: 0 };
    const { info } = await this.entryOf(uri);
    // The file's own mtime (ms) lets VS Code notice when the entry changed under an edited document; the size is
    // the file's (the document's text is formatted, so a little different): stat never reads the value.
    const file = await vscode.workspace.fs.stat(vscode.Uri.file(info.path));
    return { type: vscode.FileType.File, ctime: file.ctime, mtime: file.mtime, size: file.size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    if (await this.isUnsavedDraft(uri)) return new Uint8Array();
    const { target, info } = await this.entryOf(uri);
    if (target.kind === 'preview') return Buffer.from(await this.previewText(target, info));
    const limit = maxEditableSize();
    if (target.kind === 'document' && info.size > limit) {
      throw vscode.FileSystemError.NoPermissions(
        vscode.l10n.t('"{0}" is {1}, over the cacheExplorer.maxEditableSize of {2}: open its preview, or open the whole value for editing.', target.key, formatBytes(info.size), formatBytes(limit)),
      );
    }
    const value = await readValueText(info.path);
    if (!value.ok) throw vscode.FileSystemError.Unavailable(value.problem);
    return Buffer.from(value.text);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const target = this.resolve(uri);
    if (target.kind === 'preview') throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('A preview is read-only.'));
    if (!vscode.workspace.isTrusted) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('The workspace is not trusted.'));
    const text = Buffer.from(content).toString('utf8');
    const parsed = parseText(text);
    if (!parsed.ok) {
      this.log.warn(`Not saved ${JSON.stringify(target.key)}: ${parsed.message}`);
      throw new vscode.FileSystemError(vscode.l10n.t('Not saved, the text is not valid JSON: {0}', parsed.message));
    }
    const current = await target.folder.cache.entry(target.key);
    // Keep an entry's own ttl; entries on the folder's ttl stay on it.
    const ttl = current && current.state !== 'unreadable' && current.ttl !== target.folder.ttl ? current.ttl : undefined;
    await target.folder.cache.setJsonText(target.key, parsed.compact, ttl === undefined ? {} : { ttl });
    newEntryDrafts.delete(uri);
    this.log.info(`Saved ${JSON.stringify(target.key)} in ${target.folder.realPath}`);
  }

  /** An entry being added (Add Entry…) whose file the first save has not created yet. */
  private async isUnsavedDraft(uri: vscode.Uri): Promise<boolean> {
    if (!newEntryDrafts.has(uri)) return false;
    const target = this.resolve(uri);
    return (await target.folder.cache.entry(target.key)) === undefined;
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Cache entries have no folders.'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Use "Delete Entry" in the Cache Entries view.'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Cache entries cannot be renamed.'));
  }

  private resolve(uri: vscode.Uri): EntryTarget {
    const target = parseEntryUri(uri, this.folders);
    if ('problem' in target) throw vscode.FileSystemError.Unavailable(target.problem);
    return target;
  }

  /** The entry's listing (its head only: never the whole value), or a FileSystemError saying why there is none. */
  private async entryOf(uri: vscode.Uri): Promise<{ target: EntryTarget; info: EntryInfo }> {
    const target = this.resolve(uri);
    const info = await target.folder.cache.entry(target.key);
    if (!info) throw vscode.FileSystemError.FileNotFound(uri);
    if (info.state === 'unreadable') throw vscode.FileSystemError.Unavailable(info.problem ?? vscode.l10n.t('The entry cannot be read.'));
    return { target, info };
  }

  /** The head of a large value, after a comment that says what this is (the preview is JSON with Comments). */
  private async previewText(target: EntryTarget, info: EntryInfo): Promise<string> {
    const preview = await previewValueText(info.path, PREVIEW_BYTES, PREVIEW_LINES);
    const what = vscode.l10n.t('Read-only preview of "{0}" ({1}).', target.key, formatBytes(info.size));
    const how = vscode.l10n.t('To edit the whole value, run "Cache Explorer: Open Whole Value for Editing".');
    if (!preview) {
      const missing = vscode.l10n.t('The value does not start within the first {0} of the file.', formatBytes(PREVIEW_BYTES));
      return `// ${what} ${missing}\n// ${how}\n`;
    }
    const shown = preview.cut ? vscode.l10n.t('Only its first lines are shown.') : vscode.l10n.t('It is shown whole.');
    return `// ${what} ${shown}\n// ${how}\n${preview.text}${preview.cut ? '\n…' : ''}\n`;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

function openEntryDocuments(): vscode.Uri[] {
  return vscode.workspace.textDocuments.map((doc) => doc.uri).filter(isEntryUri);
}

export function registerEntryDocuments(folders: CacheFolders, log: Log): vscode.Disposable {
  const fileSystem = new EntryFileSystem(folders, log);
  return vscode.Disposable.from(
    fileSystem,
    registerOpenWholeEntry(folders),
    vscode.workspace.registerFileSystemProvider(ENTRY_SCHEME, fileSystem, { isCaseSensitive: true }),
    vscode.workspace.registerFileSystemProvider(PREVIEW_SCHEME, fileSystem, {
      isCaseSensitive: true,
      isReadonly: new vscode.MarkdownString(vscode.l10n.t('This is a read-only preview of a large cache value.')),
    }),
  );
}

/** The folder's measured file names; undefined while the folder guard refuses it (nothing of it is open then). */
function folderNames(folder: CacheFolder): KeyNames | undefined {
  try {
    return folder.cache.fileNames;
  } catch {
    return undefined;
  }
}
