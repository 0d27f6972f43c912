import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import {
  cacheDir, entryNode, entryPath, exists, extensionApi, label, resetCache, waitForKeys, withSetting, writeEntry,
} from './helpers';

const DAY = 86400;
const NO_CONFIRM = { confirm: false };

suite('Commands', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  setup(async () => {
    await resetCache();
    await writeEntry('model:fresh', { age: 60 });
    await writeEntry('model:old', { age: 2 * DAY });
    await writeEntry('report', { age: 3 * DAY, data: { rows: 3 } });
    await writeEntry('api_response', { age: 50 * 60, ttl: 3600, data: { status: 200 } });
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    await waitForKeys(api, ['api_response', 'model:fresh', 'model:old', 'report']);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('every command is registered', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (vscode.extensions.getExtension('cache-explorer.cache-explorer')?.packageJSON.contributes.commands ?? []) as { command: string }[];
    assert.ok(contributed.length >= 14);
    for (const { command } of contributed) assert.ok(registered.has(command), `${command} is not registered`);
  });

  test('Clean Up Expired deletes only expired entries and reports how many', async () => {
    const removed = await vscode.commands.executeCommand('cacheExplorer.cleanupExpired');
    assert.equal(removed, 2);
    assert.equal(await exists(entryPath('model:old')), false);
    assert.equal(await exists(entryPath('report')), false);
    assert.equal(await exists(entryPath('model:fresh')), true);
    await waitForKeys(api, ['api_response', 'model:fresh']);
  });

  test('Clear All deletes every entry (confirmation skipped through the documented option)', async () => {
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.clearAll', undefined, NO_CONFIRM), 4);
    assert.deepEqual(await fs.readdir(cacheDir()), []);
    await waitForKeys(api, []);
  });

  test('Clear All asks nothing when confirmClear is false', async () => {
    await withSetting('confirmClear', false, async () => {
      assert.equal(await vscode.commands.executeCommand('cacheExplorer.clearAll'), 4);
    });
    await waitForKeys(api, []);
  });

  test('Delete Entry deletes the clicked entry and the rest of the multi-selection', async () => {
    const first = await entryNode(api, 'model:fresh');
    const second = await entryNode(api, 'report');
    const removed = await vscode.commands.executeCommand('cacheExplorer.deleteEntry', first, [first, second], NO_CONFIRM);
    assert.equal(removed, 2);
    assert.equal(await exists(entryPath('model:fresh')), false);
    assert.equal(await exists(entryPath('report')), false);
    await waitForKeys(api, ['api_response', 'model:old']);
  });

  test('Delete Group deletes every key under the prefix', async () => {
    const group = (await api.tree.getChildren())?.find((n) => label(n) === 'model');
    assert.equal(group?.description, '2 · 1 expired');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.deleteGroup', group, NO_CONFIRM), 2);
    await waitForKeys(api, ['api_response', 'report']);
    assert.equal(await exists(entryPath('model:old')), false);
  });

  test('Open Entry shows the value as a JSON document', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('cacheExplorer.openEntry', await entryNode(api, 'report'));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), uri.toString());
    assert.equal(editor?.document.uri.scheme, 'cache-entry');
    assert.equal(editor?.document.languageId, 'json');
    assert.equal(editor?.document.getText(), '{\n  "rows": 3\n}\n');
  });

  test('an unreadable entry opens its raw file instead', async () => {
    await fs.writeFile(entryPath('broken'), '{"timestamp": 1, "data": [');
    const node = await entryNode(api, 'broken');
    assert.equal(node.description, 'unreadable');
    await vscode.commands.executeCommand('cacheExplorer.openEntry', node);
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.uri.scheme, 'file');
    assert.equal(document?.uri.fsPath, entryPath('broken'));
  });

  test('Open Raw File opens the file on disk', async () => {
    await vscode.commands.executeCommand('cacheExplorer.openRawFile', await entryNode(api, 'report'));
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.uri.fsPath, entryPath('report'));
    assert.deepEqual(JSON.parse(document!.getText()).data, { rows: 3 });
  });

  test('Copy Key and Copy Value fill the clipboard', async () => {
    const report = await entryNode(api, 'report');
    const fresh = await entryNode(api, 'model:fresh');
    await vscode.commands.executeCommand('cacheExplorer.copyKey', report, [report, fresh]);
    assert.equal(await vscode.env.clipboard.readText(), 'report\nmodel:fresh');
    await vscode.commands.executeCommand('cacheExplorer.copyValue', report);
    assert.equal(await vscode.env.clipboard.readText(), '{\n  "rows": 3\n}');
  });

  test('Reveal in Explorer View reveals the entry file', async () => {
    const revealed = await vscode.commands.executeCommand('cacheExplorer.revealInExplorer', await entryNode(api, 'report'));
    assert.equal(revealed, entryPath('report'));
  });

  test('a failing command reports the error instead of throwing', async () => {
    const node = await entryNode(api, 'report');
    // A folder where the entry file was: reading it fails with EISDIR.
    await fs.rm(entryPath('report'));
    await fs.mkdir(entryPath('report'));
    try {
      assert.equal(await vscode.commands.executeCommand('cacheExplorer.copyValue', node), undefined);
    } finally {
      await fs.rm(entryPath('report'), { recursive: true });
    }
  });
});
