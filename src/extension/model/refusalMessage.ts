// The guard's refusals in words, for the view, the log and command errors.
import * as vscode from 'vscode';
import type { Refusal } from './folderGuard';

/** "Cache Explorer will not use <path> as the cache folder: <why>." */
export function refusalMessage(refusal: Refusal, realPath: string): string {
  return vscode.l10n.t('Cache Explorer will not use {0} as the cache folder: {1}', realPath, reasonOf(refusal));
}

function reasonOf(refusal: Refusal): string {
  switch (refusal) {
    case 'fileSystemRoot':
      return vscode.l10n.t('it is the root of the file system.');
    case 'homeFolder':
      return vscode.l10n.t('it is your home folder.');
    case 'containsHomeFolder':
      return vscode.l10n.t('it contains your home folder.');
    case 'workspaceFolder':
      return vscode.l10n.t('it is the workspace folder itself.');
    case 'containsWorkspaceFolder':
      return vscode.l10n.t('it contains the workspace folder.');
    case 'linkLeavesWorkspace':
      return vscode.l10n.t('a symbolic link leads it outside the workspace folder.');
    case 'outsideFromWorkspaceSettings':
      return vscode.l10n.t(
        'it is outside the workspace folder, and only your user settings may name a folder there (this value comes from the workspace settings).',
      );
    case 'unresolvable':
      return vscode.l10n.t('its real path cannot be resolved (a loop of links, or no permission).');
  }
}
