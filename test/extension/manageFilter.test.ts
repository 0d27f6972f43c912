// Filter by state and Delete Matching… in the real extension host: the view shows what the filter keeps and says
// so; Delete Matching… deletes exactly those files, and nothing when there is no filter.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import { cacheDir, entryPath, exists, extensionApi, resetCache, waitForKeys, writeEntry } from './helpers';

const DAY = 86400;
const NO_CONFIRM = { confirm: false };

suite('Manage entries: filter by state and Delete Matching', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  setup(async () => {
    await resetCache();
    await writeEntry('model:fresh', { age: 60 });
    await writeEntry('model:old', { age: 2 * DAY });
    await writeEntry('model:soon', { age: 60, ttl: 600 });
    await writeEntry('report:old', { age: 2 * DAY });
    await fs.writeFile(entryPath('torn'), '{"timestamp":1,"data":{"x');
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    await waitForKeys(api, ['model:fresh', 'model:old', 'model:soon', 'report:old', 'torn']);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('cacheExplorer.clearFilter');
  });

  test('each state alone, and combined with the key filter, shows exactly its entries', async () => {
    await vscode.commands.executeCommand('cacheExplorer.filter', { text: '', state: { kind: 'expired' } });
    await waitForKeys(api, ['model:old', 'report:old']);
    await vscode.commands.executeCommand('cacheExplorer.filter', { text: 'model:*', state: { kind: 'expired' } });
    await waitForKeys(api, ['model:old']);
    await vscode.commands.executeCommand('cacheExplorer.filter', { text: '', state: { kind: 'unreadable' } });
    await waitForKeys(api, ['torn']);
    await vscode.commands.executeCommand('cacheExplorer.filter', { text: '', state: { kind: 'expiresWithin', seconds: 3600 } });
    await waitForKeys(api, ['model:soon']);
    await vscode.commands.executeCommand('cacheExplorer.filter', { text: 'model', state: { kind: 'fresh' } });
    await waitForKeys(api, ['model:fresh', 'model:soon']);
  });

  test('Delete Matching… deletes exactly the files the filtered view shows', async () => {
    await vscode.commands.executeCommand('cacheExplorer.filter', { text: 'model:*', state: { kind: 'expired' } });
    await waitForKeys(api, ['model:old']);
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.deleteMatching', NO_CONFIRM), 1);
    assert.deepEqual((await fs.readdir(cacheDir())).sort(), ['model:fresh.json', 'model:soon.json', 'report:old.json', 'torn.json']);
    await vscode.commands.executeCommand('cacheExplorer.clearFilter');
    await waitForKeys(api, ['model:fresh', 'model:soon', 'report:old', 'torn']);
  });

  test('Delete Matching… with only a key filter deletes those keys, fresh or not', async () => {
    await vscode.commands.executeCommand('cacheExplorer.filter', 'report');
    await waitForKeys(api, ['report:old']);
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.deleteMatching', NO_CONFIRM), 1);
    assert.deepEqual((await fs.readdir(cacheDir())).sort(), ['model:fresh.json', 'model:old.json', 'model:soon.json', 'torn.json']);
  });

  test('Delete Matching… keeps a listed file that stopped being the cache\'s: a link, or JSON that is no entry', async () => {
    await vscode.commands.executeCommand('cacheExplorer.filter', 'model:*');
    await waitForKeys(api, ['model:fresh', 'model:old', 'model:soon']);
    // After the view listed them, another process swaps two of the files.
    const outside = path.join(path.dirname(cacheDir()), 'outside.json');
    await fs.writeFile(outside, '{"timestamp":1,"data":"not the cache\'s"}');
    await fs.rm(entryPath('model:old'));
    await fs.symlink(outside, entryPath('model:old'));
    await fs.writeFile(entryPath('model:soon'), '{"name":"a package.json, not an entry"}');
    try {
      assert.equal(await vscode.commands.executeCommand('cacheExplorer.deleteMatching', NO_CONFIRM), 1);
      assert.equal(await exists(entryPath('model:fresh')), false);
      assert.equal((await fs.lstat(entryPath('model:old'))).isSymbolicLink(), true, 'the link stays');
      assert.equal(await fs.readFile(outside, 'utf8'), '{"timestamp":1,"data":"not the cache\'s"}', 'and what it points to');
      assert.equal(await fs.readFile(entryPath('model:soon'), 'utf8'), '{"name":"a package.json, not an entry"}');
      assert.equal(await exists(entryPath('report:old')), true, 'what the filter did not show stays');
    } finally {
      await fs.rm(outside, { force: true });
    }
  });

  test('without a filter, Delete Matching… deletes nothing', async () => {
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.deleteMatching', NO_CONFIRM), 0);
    assert.equal((await fs.readdir(cacheDir())).length, 5);
  });
});
