// What every command shares: registration that logs and never lets an error escape, the documented options
// argument, the modal confirm, and the workspace-trust gate for commands that delete.
import * as vscode from 'vscode';
import type { Log } from '../log';

/**
 * The last argument of a destructive command may be `{ confirm: false }` to skip its modal confirmation;
 * scripts and tests use it (documented in the README), menus never pass it.
 */
export interface CommandOptions {
  confirm?: boolean;
}

export function optionsFrom(args: readonly unknown[]): CommandOptions {
  const last = args.at(-1);
  const isOptions =
    typeof last === 'object' && last !== null && Object.getPrototypeOf(last) === Object.prototype && 'confirm' in last;
  return isOptions ? (last as CommandOptions) : {};
}

/** Registers a command whose failures are logged and shown with "Show Log", never thrown at the caller. */
export function registerCommand(
  id: string,
  log: Log,
  handler: (...args: unknown[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      log.fail(`${titleOf(id)} failed`, error);
      return undefined;
    }
  });
}

function titleOf(id: string): string {
  const name = id.replace(/^cacheExplorer\./, '').replace(/([A-Z])/g, ' $1');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A modal yes/no, unless the caller passed `{ confirm: false }`. */
export async function confirmed(message: string, action: string, options: CommandOptions, detail?: string): Promise<boolean> {
  if (options.confirm === false) return true;
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  return choice === action;
}

/** Deleting is refused in an untrusted workspace (menus hide these commands there too; this covers scripts). */
export function trustedFor(action: string, log: Log): boolean {
  if (vscode.workspace.isTrusted) return true;
  log.warn(`${action} refused: the workspace is not trusted`);
  void vscode.window.showWarningMessage(vscode.l10n.t('Cache Explorer: {0} is disabled in an untrusted workspace.', action));
  return false;
}
