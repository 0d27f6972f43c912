// Shared steps for the extension-host tests: the running extension's API, the workspace's cache folder written
// the way the Python tool writes it, settings changed and restored, and waiting for what a user would see.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { keyToFileName } from '../../src/engine';
import type { CacheExplorerApi } from '../../src/extension';
import type { CacheNode } from '../../src/extension/tree/nodes';

export const EXTENSION_ID = 'cache-explorer.cache-explorer';

export async function extensionApi(): Promise<CacheExplorerApi> {
  const extension = vscode.extensions.getExtension<CacheExplorerApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return folder.uri.fsPath;
}

export function cacheDir(): string {
  return path.join(workspaceDir(), 'cache');
}

export function entryPath(key: string, dir = cacheDir()): string {
  return path.join(dir, keyToFileName(key));
}

export interface RawEntry {
  /** How long ago it was written, in seconds. */
  age?: number;
  data?: unknown;
  ttl?: number;
}

/** Writes an entry file directly, as another process (the Python tool) would. */
export async function writeEntry(key: string, { age = 0, data = { key }, ttl }: RawEntry = {}, dir = cacheDir()): Promise<void> {
  const entry: Record<string, unknown> = { timestamp: Math.floor(Date.now() / 1000) - age, data };
  if (ttl !== undefined) entry.ttl = ttl;
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(entryPath(key, dir), JSON.stringify(entry));
}

export async function readEntryFile(key: string): Promise<{ timestamp: number; data: unknown; ttl?: number }> {
  return JSON.parse(await fs.readFile(entryPath(key), 'utf8'));
}

export async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** An empty cache folder, and a tree that shows it. */
export async function resetCache(): Promise<void> {
  await fs.rm(cacheDir(), { recursive: true, force: true });
  await fs.mkdir(cacheDir());
  await vscode.commands.executeCommand('cacheExplorer.refresh');
}

/** Polls until `check` returns a truthy value (returned), or fails with `what` after `timeoutMs`. */
type Truthy<T> = Exclude<T, undefined | null | false | '' | 0>;

export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 3000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function label(node: CacheNode): string {
  return typeof node.label === 'string' ? node.label : (node.label?.label ?? '');
}

/** An entry node's full key (its label is only the rest after its group's prefix); other nodes' label. */
export function keyOf(node: CacheNode): string {
  return 'entry' in node ? node.entry.key : label(node);
}

/** Every node of the tree, depth first, expanding groups (what a user sees with everything expanded). */
export async function allNodes(api: CacheExplorerApi, parent?: CacheNode): Promise<CacheNode[]> {
  const children = (await api.tree.getChildren(parent)) ?? [];
  const nested = await Promise.all(children.map((child) => allNodes(api, child)));
  return children.flatMap((child, i) => [child, ...nested[i]]);
}

/** Entry nodes by key, with their description and contextValue (which carries the state). */
export async function entries(api: CacheExplorerApi): Promise<Map<string, CacheNode>> {
  const nodes = await allNodes(api);
  return new Map(nodes.filter((n) => n.contextValue?.startsWith('entry.')).map((n) => [keyOf(n), n]));
}

/** The state the tree shows for `key` (its context value, e.g. `entry.expired`), looked up where the tree shows it. */
export async function entryState(api: CacheExplorerApi, key: string): Promise<string | undefined> {
  return (await entries(api)).get(key)?.contextValue;
}

/** The entry's node once the tree lists it (with `contextValue`, e.g. `entry.expired`: once its state is read and is that). */
export async function entryNode(api: CacheExplorerApi, key: string, contextValue?: string): Promise<CacheNode> {
  return waitFor(`entry ${key} in the tree${contextValue ? ` as ${contextValue}` : ''}`, async () => {
    const node = (await entries(api)).get(key);
    return (contextValue === undefined || node?.contextValue === contextValue) && node;
  });
}

/** Waits until the tree lists exactly these keys. */
export async function waitForKeys(api: CacheExplorerApi, keys: string[], timeoutMs = 3000): Promise<void> {
  const want = [...keys].sort().join(', ');
  let seen = '';
  await waitFor(
    `the tree to list [${want}]`,
    async () => (seen = [...(await entries(api)).keys()].sort().join(', ')) === want,
    timeoutMs,
  ).catch(async (error) => assert.fail(`${error.message}; it lists [${seen}]; ${await whereFrom(api)}`));
}

/**
 * What the tree was built from, for a failure message: the files on disk and the keys of the folder's latest listing
 * (the model), so a wrong view tells whether the model or the view lost the entry.
 */
async function whereFrom(api: CacheExplorerApi): Promise<string> {
  const onDisk = await fs.readdir(cacheDir()).catch((error) => [`(${String(error)})`]);
  // Not part of the API: read for the message only.
  const folders = (api.tree as unknown as { folders?: { all(): { latestEntries?: { entries: ReadonlyMap<string, { key: string }> } }[] } }).folders;
  const listing = folders?.all()[0]?.latestEntries;
  const listed = listing ? [...listing.entries.values()].map((entry) => entry.key).sort().join(', ') : '(none yet)';
  return `on disk [${onDisk.sort().join(', ')}]; the model's latest listing [${listed}]`;
}

/** Sets `cacheExplorer.<name>` (for the workspace, unless another target is named) while `body` runs, then restores it. */
export async function withSetting<T>(
  name: string,
  value: unknown,
  body: () => Promise<T>,
  target = vscode.ConfigurationTarget.Workspace,
): Promise<T> {
  const config = () => vscode.workspace.getConfiguration('cacheExplorer');
  await config().update(name, value, target);
  try {
    return await body();
  } finally {
    await config().update(name, undefined, target);
  }
}
