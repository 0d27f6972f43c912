// Typed reads of the `cacheExplorer.*` settings; every other file asks here instead of spelling setting names.
import * as vscode from 'vscode';
import type { SettingSource } from './model/folderGuard';

export type SortBy = 'key' | 'expiry' | 'size';
export type GroupBy = 'none' | 'prefix';

export interface FolderSettings {
  /** The cache folder, relative to the workspace folder (or absolute). */
  folder: string;
  /** Whose settings named the folder: only the user's own may point outside the workspace folder. */
  folderSource: SettingSource;
  /** Default time to live in seconds. */
  ttl: number;
}

/** The shared tier (Redis), when a URL is set in settings or in CACHE_EXPLORER_SHARED_URL. */
export interface SharedSettings {
  /** The Redis URL, password included: never log it (use the engine's `redactUrl`). */
  url: string | undefined;
  prefix: string;
}

export interface ViewSettings {
  sortBy: SortBy;
  groupBy: GroupBy;
  keySeparator: string;
}

const SECTION = 'cacheExplorer';

function section(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export function folderSettings(folder: vscode.WorkspaceFolder): FolderSettings {
  const config = section(folder.uri);
  const name = config.get<string>('folder', 'cache').trim();
  return { folder: name || 'cache', folderSource: folderSourceOf(config), ttl: nonNegative(config.get('ttl'), 86400) };
}

/**
 * Where the effective `folder` value comes from. A workspace or folder value counts as the workspace's whenever it
 * is set (in Restricted Mode VS Code ignores it for this restricted setting, so the user's value is the one used).
 */
function folderSourceOf(config: vscode.WorkspaceConfiguration): SettingSource {
  const inspected = config.inspect<string>('folder');
  const fromWorkspace = inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined;
  if (fromWorkspace && vscode.workspace.isTrusted) return 'workspace';
  if (inspected?.globalValue !== undefined && inspected.globalValue === config.get('folder')) return 'user';
  return fromWorkspace ? 'workspace' : 'default';
}

/** The setting wins over the environment variable; an empty value means no shared tier. */
export function sharedSettings(folder?: vscode.WorkspaceFolder): SharedSettings {
  const config = section(folder?.uri);
  const url = (config.get<string>('shared.url', '') || process.env.CACHE_EXPLORER_SHARED_URL || '').trim();
  const prefix = config.get<string>('shared.prefix', 'cache-explorer:') || 'cache-explorer:';
  return { url: url || undefined, prefix };
}

export function viewSettings(): ViewSettings {
  const config = section();
  return {
    sortBy: oneOf(config.get('sortBy'), ['key', 'expiry', 'size'], 'key'),
    groupBy: oneOf(config.get('groupBy'), ['none', 'prefix'], 'prefix'),
    keySeparator: config.get<string>('keySeparator', ':') || ':',
  };
}

export function confirmClear(): boolean {
  return section().get<boolean>('confirmClear', true);
}

export function showStatusBar(): boolean {
  return section().get<boolean>('showStatusBar', true);
}

/** Minutes between automatic cleanups; fractions are allowed (tests use them), 0 turns it off. */
export function cleanupIntervalMinutes(): number {
  return nonNegative(section().get('cleanupInterval'), 0);
}

/** Fires when any of the named `cacheExplorer.*` settings change (for any folder). */
export function onDidChangeSettings(names: readonly string[], listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (names.some((name) => event.affectsConfiguration(`${SECTION}.${name}`))) listener();
  });
}

/** Values above this many bytes (the entry file's size) open as a read-only preview first. Default 5 MB. */
export function maxEditableSize(): number {
  return nonNegative(section().get('maxEditableSize'), 5 * 1024 * 1024);
}
