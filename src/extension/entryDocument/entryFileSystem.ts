// Serves each entry's value as a JSON document (scheme `cache-entry`). Saving parses the text and writes it through
// the engine (atomically); invalid JSON is refused with its line and column and nothing is written. Changes on disk
// are reported so open documents follow them.
import * as vscode from 'vscode';
import { fileNameToKey } from '../../engine';
import type { CacheFolders } from '../model/cacheFolders';
import type { Log } from '../log';
import { ENTRY_SCHEME, entryUri, parseEntryUri } from './entryUri';
import { parseText, valueToText } from './jsonText';

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
      const uris = fileNames
        ? [...fileNames].flatMap((name) => {
            const key = fileNameToKey(name);
            return key === undefined ? [] : [entryUri(folder, key)];
          })
        : openEntryDocuments().filter((uri) => parseEntryUri(uri, folders)?.folder === folder);
      if (uris.length) this.emitter.fire(uris.map((uri) => ({ type: vscode.FileChangeType.Changed, uri })));
    });
  }

  watch(): vscode.Disposable {
    // Every change in every cache folder is already reported through onDidChangeFile.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { text, filePath } = await this.read(uri);
    // The file's own mtime (ms) lets VS Code notice when the entry changed under an edited document.
    const file = await vscode.workspace.fs.stat(vscode.Uri.file(filePath));
    return { type: vscode.FileType.File, ctime: file.ctime, mtime: file.mtime, size: Buffer.byteLength(text) };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return Buffer.from((await this.read(uri)).text);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const target = this.resolve(uri);
    if (!vscode.workspace.isTrusted) throw vscode.FileSystemError.NoPermissions('The workspace is not trusted.');
    const parsed = parseText(Buffer.from(content).toString('utf8'));
    if (!parsed.ok) {
      this.log.warn(`Not saved ${JSON.stringify(target.key)}: ${parsed.message}`);
      throw new vscode.FileSystemError(`Not saved, the text is not valid JSON: ${parsed.message}`);
    }
    const current = await target.folder.cache.peek(target.key);
    // Keep an entry's own ttl; entries on the folder's ttl stay on it.
    const ttl = current && current.info.ttl !== target.folder.ttl ? current.info.ttl : undefined;
    await target.folder.cache.set(target.key, parsed.value, ttl === undefined ? {} : { ttl });
    this.log.info(`Saved ${JSON.stringify(target.key)} in ${target.folder.realPath}`);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Cache entries have no folders.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Use "Delete Entry" in the Cache Entries view.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Cache entries cannot be renamed.');
  }

  private resolve(uri: vscode.Uri) {
    const target = parseEntryUri(uri, this.folders);
    if (!target) throw vscode.FileSystemError.FileNotFound(uri);
    return target;
  }

  private async read(uri: vscode.Uri): Promise<{ text: string; filePath: string }> {
    const target = this.resolve(uri);
    const peeked = await target.folder.cache.peek(target.key);
    if (!peeked) throw vscode.FileSystemError.FileNotFound(uri);
    if (peeked.info.state === 'unreadable') throw vscode.FileSystemError.Unavailable(peeked.info.problem ?? 'The entry cannot be read.');
    return { text: valueToText(peeked.data), filePath: peeked.info.path };
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

function openEntryDocuments(): vscode.Uri[] {
  return vscode.workspace.textDocuments.map((doc) => doc.uri).filter((uri) => uri.scheme === ENTRY_SCHEME);
}

export function registerEntryDocuments(folders: CacheFolders, log: Log): vscode.Disposable {
  const fileSystem = new EntryFileSystem(folders, log);
  return vscode.Disposable.from(
    fileSystem,
    vscode.workspace.registerFileSystemProvider(ENTRY_SCHEME, fileSystem, { isCaseSensitive: true }),
  );
}
