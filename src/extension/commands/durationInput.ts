// Asking for a duration (`90s`, `15m`, `2h`, `3d`) in an input box that refuses what is not one, with the reason;
// used by Set Expiry… (Custom…) and by Filter… (expiring within…).
import * as vscode from 'vscode';
import { parseDuration, type DurationProblem } from './duration';

export function durationProblemText(problem: DurationProblem, typed: string): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t('Type a duration such as 90s, 15m, 2h or 3d.');
    case 'negative':
      return vscode.l10n.t('A duration cannot be negative.');
    case 'zero':
      return vscode.l10n.t('A duration must be longer than 0 seconds.');
    case 'tooLong':
      return vscode.l10n.t('That duration is too long.');
    case 'notDuration':
      return vscode.l10n.t('"{0}" is not a duration: a whole number and s, m, h or d, such as 90s, 15m, 2h or 3d.', typed.trim());
  }
}

/** The duration typed, in seconds; undefined when the user cancelled. */
export async function askDuration(options: { title?: string; prompt?: string }): Promise<number | undefined> {
  const typed = await vscode.window.showInputBox({
    ...options,
    placeHolder: vscode.l10n.t('90s, 15m, 2h, 3d'),
    validateInput: (text) => {
      const parsed = parseDuration(text);
      return 'problem' in parsed ? durationProblemText(parsed.problem, text) : undefined;
    },
  });
  if (typed === undefined) return undefined;
  const parsed = parseDuration(typed);
  return 'problem' in parsed ? undefined : parsed.seconds;
}
