// Registers every Cache Explorer command.
import * as vscode from 'vscode';
import { registerCleanupExpired } from '../cleanup/cleanupCommand';
import { registerAddEntry } from './addEntry';
import { registerClearAll } from './clearAll';
import { registerClipboard } from './clipboard';
import type { CommandDeps } from './commandDeps';
import { registerCompareEntries } from './compareEntries';
import { registerCopyCommands } from './copyCommands';
import { registerDeleteEntries } from './deleteEntries';
import { registerDeleteMatching } from './deleteMatching';
import { registerExpiryCommands } from './expiryCommands';
import { registerOpenEntry } from './openEntry';
import { registerPullShared } from './pullShared';
import { registerReveal } from './reveal';
import { registerViewCommands } from './viewCommands';

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    registerViewCommands(deps),
    registerClearAll(deps),
    registerCleanupExpired(deps),
    registerDeleteEntries(deps),
    registerOpenEntry(deps),
    registerClipboard(deps),
    registerReveal(deps),
    registerPullShared(deps),
    registerExpiryCommands(deps),
    registerCopyCommands(deps),
    registerCompareEntries(deps),
    registerAddEntry(deps),
    registerDeleteMatching(deps),
  );
}
