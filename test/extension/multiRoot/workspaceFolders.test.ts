import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../../src/extension';
import type { CacheNode } from '../../../src/extension/tree/nodes';
import { entries, extensionApi, keyOf, label, waitFor, writeEntry } from '../helpers';
import { changeFolders } from './folders';

const DAY = 86400;

function folderNamed(name: string): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(folder, `workspace folder ${name}`);
  return folder;
}

/** The spare folder beside alpha and beta, not in the workspace at the start. */
function gammaUri(): vscode.Uri {
  return vscode.Uri.joinPath(folderNamed('alpha').uri, '..', 'gamma');
}

async function roots(api: CacheExplorerApi): Promise<Map<string, CacheNode>> {
  return new Map(((await api.tree.getChildren()) ?? []).map((node) => [label(node), node]));
}

/** "alpha → 2 · 1 expired": each root node's label and description, as the view shows them. */
async function rootLines(api: CacheExplorerApi): Promise<string[]> {
  return [...(await roots(api)).values()].map((node) => `${label(node)} → ${String(node.description ?? '')}`);
}

async function keysUnder(api: CacheExplorerApi, root: string): Promise<string[]> {
  const node = (await roots(api)).get(root);
  if (!node) return [];
  const walk = async (parent: CacheNode): Promise<string[]> => {
    const children = (await api.tree.getChildren(parent)) ?? [];
    const nested = await Promise.all(children.map(walk));
    return children.flatMap((child, i) => (child.contextValue?.startsWith('entry.') ? [keyOf(child)] : nested[i]!));
  };
  return (await walk(node)).sort();
}

suite('In a multi-root workspace', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    api = await extensionApi();
    await writeEntry('features:users', { age: 60 }, path.join(folderNamed('alpha').uri.fsPath, 'cache'));
    await writeEntry('features:old', { age: 2 * DAY }, path.join(folderNamed('alpha').uri.fsPath, 'cache'));
    await writeEntry('report', { age: 60 }, path.join(folderNamed('beta').uri.fsPath, 'cache'));
    await vscode.commands.executeCommand('cacheExplorer.refresh');
  });

  test('each workspace folder is a root node with its own counts and its own entries', async () => {
    await waitFor('alpha and beta roots', async () => (await rootLines(api)).join(' | ') === 'alpha → 2 · 1 expired | beta → 1');
    assert.deepEqual(await keysUnder(api, 'alpha'), ['features:old', 'features:users']);
    assert.deepEqual(await keysUnder(api, 'beta'), ['report']);
  });

  test('re-read from scratch (as in a new window), a folder whose groups were shown shows them at once, "counting…"', async () => {
    await waitFor('alpha and beta roots', async () => (await rootLines(api)).join(' | ') === 'alpha → 2 · 1 expired | beta → 1');
    const alphaBefore = (await roots(api)).get('alpha')!;
    const groupsBefore = (await api.tree.getChildren(alphaBefore)) ?? [];
    assert.deepEqual(groupsBefore.map(label), ['features']);
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    const pending = await roots(api);
    // beta showed no group: nothing remembered to show, so its row waits for its names as before.
    assert.deepEqual([...pending.values()].map((n) => [label(n), n.description, n.contextValue]), [
      ['alpha', 'counting…', 'folder.pending'],
      ['beta', '1', 'folder'],
    ]);
    assert.equal(pending.get('alpha')!.id, alphaBefore.id, 'replaced in place once read (same id: expanded stays expanded)');
    // Its groups: the remembered ones, or (two entries are read in a moment) the real ones: the same rows either way.
    const groups = (await api.tree.getChildren(pending.get('alpha'))) ?? [];
    assert.deepEqual(groups.map(label), ['features']);
    assert.ok(['group.pending', 'group'].includes(groups[0]!.contextValue!), groups[0]!.contextValue);
    assert.equal(groups[0]!.id, groupsBefore[0]!.id);
    assert.equal(api.tree.getParent(groups[0]!), pending.get('alpha'), 'under its folder (Reveal walks up through it)');
    await waitFor('alpha counted again', async () => (await rootLines(api)).join(' | ') === 'alpha → 2 · 1 expired | beta → 1');
    assert.deepEqual(await keysUnder(api, 'alpha'), ['features:old', 'features:users']);
  });

  test('each folder has its own engine, on its own cache folder', async () => {
    const alpha = api.getCache(folderNamed('alpha'));
    const beta = api.getCache(folderNamed('beta'));
    assert.ok(alpha && beta);
    assert.notEqual(alpha, beta);
    assert.equal(alpha.dir, path.join(folderNamed('alpha').uri.fsPath, 'cache'));
    assert.equal(await beta.get('features:users'), undefined, 'beta does not see alpha’s entries');
    assert.deepEqual(await beta.get('report'), { key: 'report' });
  });

  test('the folder setting applies per workspace folder', async () => {
    const alpha = folderNamed('alpha');
    const other = path.join(alpha.uri.fsPath, 'other-cache');
    await writeEntry('elsewhere', { age: 60 }, other);
    const config = vscode.workspace.getConfiguration('cacheExplorer', alpha.uri);
    await config.update('folder', 'other-cache', vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      await waitFor('alpha to list other-cache', async () => (await keysUnder(api, 'alpha')).join() === 'elsewhere');
      assert.deepEqual(await keysUnder(api, 'beta'), ['report'], 'beta keeps its own folder');
    } finally {
      await config.update('folder', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await waitFor('alpha back on cache/', async () => (await keysUnder(api, 'alpha')).length === 2);
  });

  test('a folder whose setting names the workspace folder itself is refused, with the reason under its root', async () => {
    const alpha = folderNamed('alpha');
    const config = vscode.workspace.getConfiguration('cacheExplorer', alpha.uri);
    await config.update('folder', '.', vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      await waitFor('alpha refused', async () => (await rootLines(api)).join(' | ') === 'alpha → refused | beta → 1');
      const [reason] = (await api.tree.getChildren((await roots(api)).get('alpha'))) ?? [];
      assert.match(label(reason!), /will not use .* as the cache folder: it is the workspace folder itself/);
      assert.equal(api.getCache(alpha), undefined);
      await vscode.commands.executeCommand('cacheExplorer.clearAll', alpha.uri, { confirm: false });
      assert.equal((await fs.readdir(path.join(alpha.uri.fsPath, 'cache'))).length, 2, 'alpha/cache was touched');
    } finally {
      await config.update('folder', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await waitFor('alpha back on cache/', async () => (await keysUnder(api, 'alpha')).length === 2);
  });

  test('a folder added later shows as a root, says it has no cache, then lists entries once its cache appears', async () => {
    await changeFolders(2, 0, { uri: gammaUri() });
    try {
      await waitFor('gamma as a root without a cache', async () => (await rootLines(api)).includes('gamma → no cache folder'), 5000);
      await writeEntry('late:arrival', { age: 60 }, path.join(gammaUri().fsPath, 'cache'));
      await waitFor('gamma’s first entry, live', async () => (await keysUnder(api, 'gamma')).join() === 'late:arrival', 10_000);
    } finally {
      const index = vscode.workspace.workspaceFolders!.findIndex((f) => f.name === 'gamma');
      if (index >= 0) await changeFolders(index, 1);
      await fs.rm(path.join(gammaUri().fsPath, 'cache'), { recursive: true, force: true });
    }
  });

  test('a folder removed from the workspace leaves the tree, and its engine goes with it', async () => {
    const beta = folderNamed('beta');
    await changeFolders(1, 1);
    try {
      // With one folder left, the view is that folder: its entries are the top level, as in a single-folder window.
      await waitFor('alpha’s entries at the top level', async () => [...(await entries(api)).keys()].sort().join() === 'features:old,features:users', 5000);
      assert.equal((await roots(api)).has('beta'), false);
      assert.equal(api.getCache(beta.uri), undefined);
    } finally {
      await changeFolders(1, 0, { uri: beta.uri });
    }
    await waitFor('beta back', async () => (await roots(api)).has('beta'), 5000);
  });
});
