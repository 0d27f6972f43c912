// Filter…'s choices: the key text (substring or glob) as before, or a state — fresh, expired, unreadable, expiring
// within a duration — kept together with the key text. Returns the new filter's parts, undefined when cancelled.
import * as vscode from 'vscode';
import type { KeyFilter } from '../tree/keyFilter';
import type { StateFilter } from '../tree/stateFilter';
import { askDuration } from './durationInput';

export interface FilterParts {
  text: string;
  state?: StateFilter;
  /** Only these files (absolute paths), found by Find in Values for `query`. */
  files?: { paths: string[]; query: string };
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
  return (await pickFilterChoice(choices, current?.state))?.pick();
}

type FilterChoice = vscode.QuickPickItem & { pick: () => Promise<FilterParts | undefined> };

/**
 * The choices in a quick pick where typing is the quickest way: whatever is typed is offered first as the key text
 * (Enter applies it at once, keeping the state filter), as the palette offers what was typed.
 */
function pickFilterChoice(choices: FilterChoice[], state: StateFilter | undefined): Promise<FilterChoice | undefined> {
  type Choice = FilterChoice;
  const quickPick = vscode.window.createQuickPick<Choice>();
  quickPick.title = vscode.l10n.t('Filter Cache Entries');
  quickPick.placeholder = vscode.l10n.t('Type keys to show (text, or a glob such as model:*:metrics), or pick a state');
  const update = () => {
    const typed = quickPick.value.trim();
    const typedChoice: Choice = {
      label: vscode.l10n.t('Keys matching "{0}"', typed),
      alwaysShow: true,
      pick: async () => ({ text: typed, state }),
    };
    quickPick.items = typed ? [typedChoice, ...choices] : choices;
  };
  update();
  return new Promise((resolve) => {
    const done = (choice: Choice | undefined) => {
      resolve(choice);
      quickPick.dispose();
    };
    quickPick.onDidChangeValue(update);
    quickPick.onDidAccept(() => done(quickPick.selectedItems[0] ?? quickPick.activeItems[0]));
    quickPick.onDidHide(() => done(undefined));
    quickPick.show();
  });
}
