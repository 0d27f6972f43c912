// Typed context keys: the `when` clauses in package.json read these names, nothing else sets them.
import * as vscode from 'vscode';

export class ContextKey<T extends string | number | boolean> {
  private value: T | undefined;

  constructor(readonly name: string) {}

  set(value: T): void {
    if (value === this.value) return;
    this.value = value;
    void vscode.commands.executeCommand('setContext', this.name, value);
  }
}

/**
 * What the view's welcome content switches on: no folder open, a cache folder the folder guard refused, no cache
 * folder, an empty one, or entries.
 */
export type CacheState = 'noWorkspace' | 'refused' | 'missing' | 'empty' | 'ready';

export const contextKeys = {
  cacheState: new ContextKey<CacheState>('cacheExplorer.cacheState'),
  filterActive: new ContextKey<boolean>('cacheExplorer.filterActive'),
  /** Why the folder guard refused the single folder's cache folder (a Refusal), or '' : picks the welcome text. */
  refusal: new ContextKey<string>('cacheExplorer.refusal'),
  /** Some folder has a shared tier: Pull Shared Entries is offered only then. */
  sharedConfigured: new ContextKey<boolean>('cacheExplorer.sharedConfigured'),
};
