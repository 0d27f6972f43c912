// Turns a command's arguments (a tree node and the multi-selection, a folder Uri, or nothing from the palette)
// into what it acts on.
import * as vscode from 'vscode';
import type { CacheFolder, CacheFolders } from '../cacheFolders';
import { EntryNode } from '../tree/entryNode';
import { FolderNode } from '../tree/folderNode';
import type { CacheNode } from '../tree/nodes';

/** The clicked entry plus the rest of the selection; from the palette, the view's selection. */
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
