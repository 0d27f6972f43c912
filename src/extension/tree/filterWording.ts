// What the view says is filtered: its description (short) and message (a sentence), for the key and state filters.
import * as vscode from 'vscode';
import { formatDuration } from '../commands/duration';
import type { FileSet, KeyFilter } from './keyFilter';
import type { StateFilter } from './stateFilter';

export function stateWording(state: StateFilter): string {
  switch (state.kind) {
    case 'fresh':
      return vscode.l10n.t('fresh');
    case 'expired':
      return vscode.l10n.t('expired');
    case 'unreadable':
      return vscode.l10n.t('unreadable');
    case 'expiresWithin':
      return vscode.l10n.t('expiring within {0}', formatDuration(state.seconds));
  }
}

/** `model:*, expired`; `12 with "4711" in their values` */
export function filterDescription(filter: KeyFilter): string {
  const parts = [filter.text, filter.files && filesWording(filter.files), filter.state && stateWording(filter.state)].filter(Boolean);
  return vscode.l10n.t('filter: {0}', parts.join(', '));
}

function filesWording(files: FileSet): string {
  return vscode.l10n.t('{0} with "{1}" in their values', files.paths.size.toLocaleString(vscode.env.language), files.query);
}

/** `Showing expired entries with keys matching "model:*".` */
export function filterMessage(filter: KeyFilter): string {
  if (filter.files) {
    return vscode.l10n.t('Showing the {0} entries Find in Values found for "{1}". Clear Filter shows every key again.', filter.files.paths.size.toLocaleString(vscode.env.language), filter.files.query);
  }
  if (!filter.state) return vscode.l10n.t('Showing keys matching "{0}".', filter.text);
  if (!filter.text) return vscode.l10n.t('Showing {0} entries.', stateWording(filter.state));
  return vscode.l10n.t('Showing {0} entries with keys matching "{1}".', stateWording(filter.state), filter.text);
}
