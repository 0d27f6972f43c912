// Delete Entry (the clicked entry or the whole multi-selection) and Delete Group (every entry under a prefix node).
import * as vscode from 'vscode';
import type { CacheFolder } from '../cacheFolders';
import type { Log } from '../log';
import { GroupNode } from '../tree/groupNode';
import type { CommandDeps } from './commandDeps';
import { confirmed, optionsFrom, plural, registerCommand, trustedFor, type CommandOptions } from './commandSupport';
import { entryNodesFrom } from './targets';

interface Doomed {
  folder: CacheFolder;
  key: string;
}

async function deleteKeys(doomed: Doomed[], question: string, options: CommandOptions, log: Log): Promise<number> {
  if (doomed.length === 0 || !(await confirmed(question, 'Delete', options))) return 0;
  let removed = 0;
  for (const { folder, key } of doomed) {
    if (await folder.cache.delete(key)) removed++;
    log.info(`Deleted ${JSON.stringify(key)} in ${folder.uri.fsPath}`);
  }
  return removed;
}

export function registerDeleteEntries({ view, log }: CommandDeps): vscode.Disposable {
  const deleteEntry = registerCommand('cacheExplorer.deleteEntry', log, async (...args) => {
    if (!trustedFor('Delete Entry', log)) return undefined;
    const nodes = entryNodesFrom(args, view.selection);
    const question =
      nodes.length === 1 ? `Delete the cache entry "${nodes[0].entry.key}"?` : `Delete ${plural(nodes.length, 'cache entry', 'cache entries')}?`;
    return deleteKeys(nodes.map((n) => ({ folder: n.folder, key: n.entry.key })), question, optionsFrom(args), log);
  });
  const deleteGroup = registerCommand('cacheExplorer.deleteGroup', log, async (...args) => {
    if (!trustedFor('Delete Group', log)) return undefined;
    const group = args[0];
    if (!(group instanceof GroupNode)) return 0;
    const question = `Delete ${plural(group.entries.length, 'cache entry', 'cache entries')} under "${group.prefix}"?`;
    return deleteKeys(group.entries.map((e) => ({ folder: group.folder, key: e.key })), question, optionsFrom(args), log);
  });
  return vscode.Disposable.from(deleteEntry, deleteGroup);
}
