// Filter…'s choices: the key text (substring or glob) as before, or a state — fresh, expired, unreadable, expiring
// within a duration — kept together with the key text. Returns the new filter's parts, undefined when cancelled.
import * as vscode from 'vscode';
import type { KeyFilter } from '../tree/keyFilter';
import type { StateFilter } from '../tree/stateFilter';
import { askDuration } from './durationInput';

export interface FilterParts {
  text: string;
  state?: StateFilter;
}

async function askKeyText(current: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Filter Cache Entries'),
    prompt: vscode.l10n.t('Keys containing this text, or matching a glob such as model:*:metrics (empty clears the filter)'),
    value: current,
  });
}

function askWithin(): Promise<number | undefined> {
  return askDuration({ title: vscode.l10n.t('Expiring within') });
}

export async function chooseFilter(current: KeyFilter | undefined): Promise<FilterParts | undefined> {
  const text = current?.text ?? '';
  type Choice = vscode.QuickPickItem & { pick: () => Promise<FilterParts | undefined> };
  const withState = (state: StateFilter | undefined) => async () => ({ text, state });
  const choices: Choice[] = [
    { label: vscode.l10n.t('Keys…'), description: text, pick: async () => {
      const typed = await askKeyText(text);
      return typed === undefined ? undefined : { text: typed.trim(), state: current?.state };
    } },
    { label: vscode.l10n.t('Fresh entries'), pick: withState({ kind: 'fresh' }) },
    { label: vscode.l10n.t('Expired entries'), pick: withState({ kind: 'expired' }) },
    { label: vscode.l10n.t('Unreadable entries'), pick: withState({ kind: 'unreadable' }) },
    { label: vscode.l10n.t('Expiring within…'), pick: async () => {
      const seconds = await askWithin();
      return seconds === undefined ? undefined : { text, state: { kind: 'expiresWithin', seconds } };
    } },
    { label: vscode.l10n.t('Any state'), pick: withState(undefined) },
  ];
  const picked = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Filter Cache Entries') });
  return picked?.pick();
}
