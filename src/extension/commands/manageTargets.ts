// What the manage commands (Set Expiry…, Mark Fresh, Expire Now) act on: the clicked entry and the rest of the
// selection, a group node's entries, or from the palette the view's selection. Each target is the exact file listed.
import type { CacheFolder } from '../model/cacheFolder';
import { isFileEntry, type FileEntry } from '../model/listedEntry';
import { EntryNode } from '../tree/entryNode';
import { GroupNode } from '../tree/groupNode';
import type { CacheNode } from '../tree/nodes';

export interface ManageTarget {
  folder: CacheFolder;
  file: FileEntry;
}

/** Every listed file under the nodes the command was given, once each, in selection order; shared-only entries have none. */
export function manageTargetsFrom(args: readonly unknown[], selection: readonly CacheNode[]): ManageTarget[] {
  const [clicked, selected] = args;
  const nodes: unknown[] = Array.isArray(selected) ? [...selected] : clicked !== undefined ? [clicked] : [...selection];
  if ((clicked instanceof EntryNode || clicked instanceof GroupNode) && !nodes.includes(clicked)) nodes.unshift(clicked);
  const seen = new Set<string>();
  const targets: ManageTarget[] = [];
  const add = (folder: CacheFolder, file: FileEntry) => {
    const id = `${folder.realPath}\0${file.fileName}`;
    if (seen.has(id)) return;
    seen.add(id);
    targets.push({ folder, file });
  };
  for (const node of nodes) {
    if (node instanceof EntryNode && isFileEntry(node.entry)) add(node.folder, node.entry);
    if (node instanceof GroupNode) for (const entry of node.entries) if (isFileEntry(entry)) add(node.folder, entry);
  }
  return targets;
}
