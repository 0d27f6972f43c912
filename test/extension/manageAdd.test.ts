// Add Entry… in the real extension host: a new document with `{}` or the clipboard's JSON; nothing is written until
// the user saves; a key the cache cannot store is refused; an existing key opens the entry, unchanged.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import { cacheDir, entryPath, exists, extensionApi, resetCache, waitForKeys, writeEntry } from './helpers';

suite('Manage entries: add', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  setup(async () => {
    await resetCache();
    await writeEntry('existing', { age: 60, data: { keep: true } });
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    await waitForKeys(api, ['existing']);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opens an unsaved document with {}; saving creates the entry', async () => {
    await vscode.env.clipboard.writeText('not json');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('cacheExplorer.addEntry', undefined, { key: 'new:one' });
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.uri.toString(), uri.toString());
    assert.equal(document?.getText(), '{}');
    assert.equal(document?.isDirty, true);
    assert.equal(await exists(entryPath('new:one')), false, 'nothing is written before the save');
    assert.equal(await document!.save(), true);
    assert.deepEqual(JSON.parse(await fs.readFile(entryPath('new:one'), 'utf8')).data, {});
    await waitForKeys(api, ['existing', 'new:one']);
  });

  test("starts from the clipboard's JSON and stores it exactly", async () => {
    await vscode.env.clipboard.writeText('{"n": 12345678901234567890, "f": 1.0}');
    await vscode.commands.executeCommand('cacheExplorer.addEntry', undefined, { key: 'pasted' });
    const document = vscode.window.activeTextEditor!.document;
    assert.match(document.getText(), /12345678901234567890/);
    await document.save();
    assert.match(await fs.readFile(entryPath('pasted'), 'utf8'), /"data":\{"n":12345678901234567890,"f":1\.0\}\}$/);
  });

  test('a key the cache cannot store is refused and nothing opens', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const key of ['', '\udc00']) {
      assert.equal(await vscode.commands.executeCommand('cacheExplorer.addEntry', undefined, { key }), undefined);
    }
    assert.equal(vscode.window.activeTextEditor, undefined);
    assert.deepEqual(await fs.readdir(cacheDir()), ['existing.json']);
  });

  test('an existing key opens that entry, unchanged and not dirty', async () => {
    const before = await fs.readFile(entryPath('existing'), 'utf8');
    await vscode.commands.executeCommand('cacheExplorer.addEntry', undefined, { key: 'existing' });
    const document = vscode.window.activeTextEditor!.document;
    assert.equal(document.isDirty, false);
    assert.deepEqual(JSON.parse(document.getText()), { keep: true });
    assert.equal(await fs.readFile(entryPath('existing'), 'utf8'), before);
  });
});
