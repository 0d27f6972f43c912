import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../../src/extension';
import { entryUriFor } from '../../../src/extension/entryDocument/entryUri';
import { cacheDir, entryNode, entryPath, exists, extensionApi, resetCache, waitFor, waitForKeys, withSetting, writeEntry } from '../helpers';

const DAY = 86400;

suite('In an untrusted workspace (Restricted Mode)', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite must run in an untrusted workspace');
    api = await extensionApi();
  });

  setup(async () => {
    await resetCache();
    await writeEntry('fresh:one', { age: 60 });
    await writeEntry('old:one', { age: 2 * DAY });
  });

  test('the view still lists entries with their states', async () => {
    await waitForKeys(api, ['fresh:one', 'old:one']);
    await entryNode(api, 'old:one', 'entry.expired');
  });

  test('Clear All, Clean Up Expired, Delete Entry and Delete Group delete nothing', async () => {
    await waitForKeys(api, ['fresh:one', 'old:one']);
    const node = await entryNode(api, 'old:one');
    await vscode.commands.executeCommand('cacheExplorer.clearAll', undefined, { confirm: false });
    await vscode.commands.executeCommand('cacheExplorer.cleanupExpired');
    await vscode.commands.executeCommand('cacheExplorer.deleteEntry', node, [node], { confirm: false });
    const [group] = (await api.tree.getChildren()) ?? [];
    await vscode.commands.executeCommand('cacheExplorer.deleteGroup', group, { confirm: false });
    assert.equal(await exists(entryPath('fresh:one')), true);
    assert.equal(await exists(entryPath('old:one')), true);
  });

  test('the destructive commands are disabled in the UI (enablement isWorkspaceTrusted)', () => {
    const manifest = vscode.extensions.getExtension('cache-explorer.cache-explorer')!.packageJSON as {
      contributes: { commands: { command: string; enablement?: string }[] };
    };
    for (const id of ['clearAll', 'cleanupExpired', 'deleteEntry', 'deleteGroup']) {
      const command = manifest.contributes.commands.find((c) => c.command === `cacheExplorer.${id}`);
      assert.match(command?.enablement ?? '', /isWorkspaceTrusted/, id);
    }
  });

  test('interval cleanup deletes nothing, even when set in the user settings', async () => {
    await withSetting(
      'cleanupInterval',
      0.01,
      async () => {
        await new Promise((r) => setTimeout(r, 2000));
        assert.equal(await exists(entryPath('old:one')), true, 'the expired entry was deleted');
      },
      vscode.ConfigurationTarget.Global,
    );
  });

  test('saving an edited entry document is refused and the file is unchanged', async () => {
    const before = await vscode.workspace.fs.readFile(vscode.Uri.file(entryPath('fresh:one')));
    const uri = entryUriFor(vscode.workspace.workspaceFolders![0]!, 'fresh:one');
    // The URI does name the entry: reading works, only writing is refused.
    assert.match(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString(), /"key": "fresh:one"/);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('{"changed": true}'))));
    const after = await vscode.workspace.fs.readFile(vscode.Uri.file(entryPath('fresh:one')));
    assert.equal(Buffer.from(after).toString(), Buffer.from(before).toString());
  });

  test('the workspace settings cannot set ttl (a restricted setting): fresh entries stay fresh', async () => {
    await withSetting('ttl', 0, async () => {
      await vscode.commands.executeCommand('cacheExplorer.refresh');
      await waitForKeys(api, ['fresh:one', 'old:one']);
      await entryNode(api, 'fresh:one', 'entry.fresh');
    });
  });

  test('confirmClear and ttl are restricted settings', () => {
    const manifest = vscode.extensions.getExtension('cache-explorer.cache-explorer')!.packageJSON as {
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
    };
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const name of ['folder', 'ttl', 'confirmClear', 'cleanupInterval']) assert.ok(restricted.includes(`cacheExplorer.${name}`), name);
  });

  test('a committed `cache` link to a folder outside is refused: nothing is listed or opened from there', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'cache-explorer-outside-'));
    try {
      await fs.writeFile(path.join(outside, 'secret.json'), JSON.stringify({ timestamp: Date.now() / 1000, data: 'hunter2' }));
      await fs.rm(cacheDir(), { recursive: true, force: true });
      await fs.symlink(outside, cacheDir());
      await vscode.commands.executeCommand('cacheExplorer.refresh');
      await waitFor('the API to give no engine', () => api.getCache(vscode.workspace.workspaceFolders![0]!) === undefined);
      assert.deepEqual(await api.tree.getChildren(), []);
    } finally {
      await fs.rm(cacheDir(), { force: true });
      await fs.mkdir(cacheDir());
      await fs.rm(outside, { recursive: true, force: true });
    }
  });
});
