// Duplicate Entry… and Rename Entry…: a new key for one entry, same value (byte for byte) and expiry, through the
// engine's copy / rename (atomic per file; rename is copy then delete). A key the engine cannot store is refused in
// the input box with the engine's reason; an existing key is overwritten only after a modal question.
import * as vscode from 'vscode';
import { StorageError, type Cache } from '../../engine';
import type { CommandDeps } from './commandDeps';
import { confirmed, registerCommand, trustedFor } from './commandSupport';
import { editFailureText } from './editFailure';
import { manageTargetsFrom } from './manageTargets';
import { isReadByKey } from './targets';

/**
 * The last argument may be `{ key: 'new' }` to skip the input box (scripts and tests); an existing key is then
 * replaced only with `overwrite: true`. Menus never pass it.
 */
interface NewKeyOptions {
  key: string;
  overwrite?: boolean;
}

function newKeyOptionsFrom(args: readonly unknown[]): NewKeyOptions | undefined {
  const last = args.at(-1);
  return typeof last === 'object' && last !== null && typeof (last as { key?: unknown }).key === 'string' ? (last as NewKeyOptions) : undefined;
}

/** Why the engine would refuse `key` in this folder, or undefined when it can be stored. */
export function keyProblem(cache: Cache, key: string): string | undefined {
  try {
    cache.fileNames.fileName(key);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function askNewKey(action: string, oldKey: string, cache: Cache): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: action,
    prompt: vscode.l10n.t('The new key for "{0}"', oldKey),
    value: oldKey,
    validateInput: (text) => {
      if (text === oldKey) return vscode.l10n.t('Type a different key.');
      return keyProblem(cache, text);
    },
  });
}

export function registerCopyCommands({ view, log }: CommandDeps): vscode.Disposable {
  const run = async (move: boolean, args: readonly unknown[]): Promise<string | undefined> => {
    const action = move ? vscode.l10n.t('Rename Entry') : vscode.l10n.t('Duplicate Entry');
    if (!trustedFor(action, log)) return undefined;
    const [target, ...rest] = manageTargetsFrom(args, view.selection);
    if (!target || rest.length > 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select exactly one cache entry.'));
      return undefined;
    }
    const { folder, file } = target;
    if (!isReadByKey(folder, file)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not a file the cache writes for its key, so it cannot be copied by key.', file.fileName));
      return undefined;
    }
    const cache = folder.cacheForDeleting();
    const options = newKeyOptionsFrom(args);
    const newKey = options ? options.key : await askNewKey(action, file.key, cache);
    if (newKey === undefined) return undefined;
    const problem = keyProblem(cache, newKey);
    if (problem) {
      void vscode.window.showErrorMessage(problem);
      return undefined;
    }
    let overwrite = options?.overwrite === true;
    if (!options && (await cache.entry(newKey))) {
      overwrite = await confirmed(vscode.l10n.t('"{0}" already has an entry in {1}. Replace it?', newKey, folder.realPath), vscode.l10n.t('Replace'), {});
      if (!overwrite) return undefined;
    }
    try {
      await (move ? cache.rename(file.key, newKey, { overwrite }) : cache.copy(file.key, newKey, { overwrite }));
    } catch (error) {
      const exists = error instanceof StorageError && error.code === 'EEXIST';
      const message = exists
        ? vscode.l10n.t('"{0}" already has an entry; nothing was changed.', newKey)
        : vscode.l10n.t('{0} not done for "{1}": {2}', action, file.key, editFailureText(error));
      log.warn(vscode.l10n.t('{0} "{1}" → "{2}" not done: {3}', action, file.key, newKey, message));
      void vscode.window.showWarningMessage(message);
      return undefined;
    } finally {
      folder.noteChanged(file.fileName);
    }
    log.info(vscode.l10n.t('{0}: "{1}" → "{2}" in {3}', action, file.key, newKey, folder.realPath));
    return newKey;
  };
  return vscode.Disposable.from(
    registerCommand('cacheExplorer.duplicateEntry', log, (...args) => run(false, args)),
    registerCommand('cacheExplorer.renameEntry', log, (...args) => run(true, args)),
  );
}
