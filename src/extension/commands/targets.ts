// Turns a command's arguments (a tree node and the multi-selection, a folder Uri, or nothing from the palette)
// into what it acts on.
import * as vscode from 'vscode';
import type { CacheFolder } from '../model/cacheFolder';
import type { CacheFolders } from '../model/cacheFolders';
import { isFileEntry, type FileEntry } from '../model/listedEntry';
import { EntryNode } from '../tree/entryNode';
import { FolderNode } from '../tree/folderNode';
import type { CacheNode } from '../tree/nodes';

/** The clicked entry plus the rest of the selection; from the palette, the view's selection. Each node carries its file. */
export function entryNodesFrom(args: readonly unknown[], selection: readonly CacheNode[]): EntryNode[] {
  const [clicked, selected] = args;
  const candidates: unknown[] = Array.isArray(selected) ? selected : clicked !== undefined ? [clicked] : [...selection];
  if (clicked instanceof EntryNode && !candidates.includes(clicked)) candidates.unshift(clicked);
  return candidates.filter((node): node is EntryNode => node instanceof EntryNode);
}

/** One folder (a folder node, or a Uri inside a workspace folder), or every workspace folder. */
export function foldersFrom(target: unknown, folders: CacheFolders): CacheFolder[] {
  if (target instanceof FolderNode) return [target.folder];
  if (target instanceof vscode.Uri) {
    const folder = folders.get(target);
    return folder ? [folder] : [];
  }
  return folders.all();
}

/** An entry node's file: what the file commands (open, copy, reveal, delete) act on, exactly. */
export interface FileTarget {
  node: EntryNode;
  folder: CacheFolder;
  file: FileEntry;
}

/** The file-backed entries among a command's targets (a shared-only entry has no file to act on). */
export function entryFilesFrom(args: readonly unknown[], selection: readonly CacheNode[]): FileTarget[] {
  return entryNodesFrom(args, selection).flatMap((node) => (isFileEntry(node.entry) ? [{ node, folder: node.folder, file: node.entry }] : []));
}

/**
 * Whether reading the entry by its key reads this very file: true for every readable entry; false for a file that
 * is not the engine's spelling of its key (`.eslintrc.json`, `model%3Av2.json`), where the key names another file.
 */
export function isReadByKey(folder: CacheFolder, file: FileEntry): boolean {
  try {
    return folder.cache.fileNames.isNameOf(file.key, file.fileName);
  } catch {
    return false;
  }
}
