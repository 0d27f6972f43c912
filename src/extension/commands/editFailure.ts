// Why an edit of one entry (Set Expiry…, Mark Fresh, Expire Now, Duplicate, Rename) was not done, in the user's words.
import * as vscode from 'vscode';
import { StorageError } from '../../engine';

/**
 * The reason to show after "… not done for <key>": an entry deleted since the view listed it (by another process,
 * while a quick pick or input box was open) is said plainly; anything else is the engine's own message.
 */
export function editFailureText(error: unknown): string {
  if (error instanceof StorageError && error.code === 'ENOENT') {
    return vscode.l10n.t('it no longer exists (deleted since it was listed); nothing was written.');
  }
  return error instanceof Error ? error.message : String(error);
}
