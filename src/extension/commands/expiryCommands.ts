// Set Expiry…, Mark Fresh and Expire Now: on an entry, a multi-selection or a group. Each acts through the engine's
// setTtl / touch / expire (atomic, value bytes kept) on the key whose file the node lists; a file that is not the
// engine's spelling of its key is left alone (its key names another file). Off in untrusted workspaces, like deleting.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Cache } from '../../engine';
import type { Log } from '../log';
import type { CommandDeps } from './commandDeps';
import { registerCommand, trustedFor } from './commandSupport';
import { formatDuration, parseDuration } from './duration';
import { askDuration, durationProblemText } from './durationInput';
import { editFailureText } from './editFailure';
import { manageTargetsFrom, type ManageTarget } from './manageTargets';
import { isReadByKey } from './targets';

/**
 * The last argument of Set Expiry… may be `{ duration: '2h' }` (parsed as typed in its input box) or
 * `{ duration: 'default' }` to skip the quick pick; scripts and tests use it, menus never pass it.
 */
interface ExpiryOptions {
  duration: string;
}

function expiryOptionsFrom(args: readonly unknown[]): ExpiryOptions | undefined {
  const last = args.at(-1);
  const isOptions = typeof last === 'object' && last !== null && typeof (last as { duration?: unknown }).duration === 'string';
  return isOptions ? (last as ExpiryOptions) : undefined;
}

/** The ttl chosen: seconds, `null` for the folder's default, undefined when the user cancelled (or typed nonsense in a script). */
async function chooseTtl(folderTtl: number, options: ExpiryOptions | undefined): Promise<number | null | undefined> {
  if (options) {
    if (options.duration === 'default') return null;
    const parsed = parseDuration(options.duration);
    if ('problem' in parsed) {
      void vscode.window.showErrorMessage(durationProblemText(parsed.problem, options.duration));
      return undefined;
    }
    return parsed.seconds;
  }
  type Choice = vscode.QuickPickItem & { ttl?: number | null };
  const choices: Choice[] = [
    { label: vscode.l10n.t('1 hour'), ttl: 3600 },
    { label: vscode.l10n.t('1 day'), ttl: 86400 },
    { label: vscode.l10n.t('7 days'), ttl: 7 * 86400 },
    { label: vscode.l10n.t("The folder's default ({0})", formatDuration(folderTtl)), ttl: null },
    { label: vscode.l10n.t('Custom…'), description: vscode.l10n.t('90s, 15m, 2h, 3d') },
  ];
  const picked = await vscode.window.showQuickPick(choices, { placeHolder: vscode.l10n.t('Expire after…') });
  if (!picked) return undefined;
  if (picked.ttl !== undefined) return picked.ttl;
  return askDuration({ prompt: vscode.l10n.t('Time to live from when the entry was written') });
}

/** Applies `edit` to each target's key; logs each outcome; warns about what was not changed. Returns how many changed. */
async function editEach(
  targets: readonly ManageTarget[],
  action: string,
  edit: (cache: Cache, key: string) => Promise<void>,
  log: Log,
): Promise<number> {
  let changed = 0;
  const failed: string[] = [];
  for (const { folder, file } of targets) {
    const filePath = path.join(folder.realPath, file.fileName);
    if (!isReadByKey(folder, file)) {
      const reason = vscode.l10n.t('{0} was not changed: the cache never writes a file by that name, so it has no key to act on', filePath);
      log.warn(reason);
      failed.push(reason);
      continue;
    }
    try {
      // Re-judges the folder guard, as deleting does: the folder may have been swapped for a link since it was listed.
      await edit(folder.cacheForDeleting(), file.key);
      changed++;
      log.info(vscode.l10n.t('{0}: {1}', action, filePath));
    } catch (error) {
      const reason = vscode.l10n.t('{0} not done for "{1}": {2}', action, file.key, editFailureText(error));
      log.warn(reason);
      failed.push(reason);
    } finally {
      folder.noteChanged(file.fileName);
    }
  }
  if (failed.length) {
    void vscode.window.showWarningMessage(
      failed.length === 1 ? failed[0] : vscode.l10n.t('{0} entries were not changed; see the log.', failed.length),
    );
  }
  return changed;
}

export function registerExpiryCommands({ view, log }: CommandDeps): vscode.Disposable {
  /** The targets, or undefined (with why) when there is nothing to do or the workspace is not trusted. */
  const targetsFor = (action: string, args: readonly unknown[]): ManageTarget[] | undefined => {
    if (!trustedFor(action, log)) return undefined;
    const targets = manageTargetsFrom(args, view.selection);
    if (targets.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select one or more cache entries (or a group) first.'));
      return undefined;
    }
    return targets;
  };
  const setExpiry = registerCommand('cacheExplorer.setExpiry', log, async (...args) => {
    const targets = targetsFor('Set Expiry', args);
    if (!targets) return undefined;
    const ttl = await chooseTtl(targets[0]!.folder.ttl, expiryOptionsFrom(args));
    if (ttl === undefined) return undefined;
    const changed = await editEach(targets, vscode.l10n.t('Set expiry'), (cache, key) => cache.setTtl(key, ttl ?? undefined), log);
    const to = ttl === null ? vscode.l10n.t("the folder's default") : formatDuration(ttl);
    log.info(changed === 1 ? vscode.l10n.t('Set Expiry: 1 entry to {0}', to) : vscode.l10n.t('Set Expiry: {0} entries to {1}', changed, to));
    return changed;
  });
  const markFresh = registerCommand('cacheExplorer.markFresh', log, async (...args) => {
    const targets = targetsFor('Mark Fresh', args);
    return targets && editEach(targets, vscode.l10n.t('Marked fresh'), (cache, key) => cache.touch(key), log);
  });
  const expireNow = registerCommand('cacheExplorer.expireNow', log, async (...args) => {
    const targets = targetsFor('Expire Now', args);
    return targets && editEach(targets, vscode.l10n.t('Expired'), (cache, key) => cache.expire(key), log);
  });
  return vscode.Disposable.from(setExpiry, markFresh, expireNow);
}
