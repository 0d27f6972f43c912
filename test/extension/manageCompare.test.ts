// Compare Entries and Compare with Selected open VS Code's diff editor over the two entries' documents, each side
// the exact JSON its own document shows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import { entryUriFor } from '../../src/extension/entryDocument/entryUri';
import { entryNode, entryPath, extensionApi, resetCache, waitFor, waitForKeys, writeEntry } from './helpers';

function activeDiff(): vscode.TabInputTextDiff | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff ? input : undefined;
}

suite('Manage entries: compare', () => {
  let api: CacheExplorerApi;
  const folder = () => vscode.workspace.workspaceFolders![0]!;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  setup(async () => {
    await resetCache();
    await fs.writeFile(entryPath('left'), '{"timestamp":1700000000,"data":{"n":12345678901234567890,"f":1.0}}');
    await writeEntry('right', { age: 60, data: { n: 2 } });
    await fs.writeFile(entryPath('torn'), '{"timestamp":1700000000,"data":{"n');
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    await waitForKeys(api, ['left', 'right', 'torn']);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Compare Entries on two selected entries opens their documents side by side, exact JSON on each side', async () => {
    const left = await entryNode(api, 'left');
    const right = await entryNode(api, 'right');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.compareEntries', left, [left, right]), true);
    const input = await waitFor('a diff editor', () => activeDiff());
    assert.equal(input.original.toString(), entryUriFor(folder(), 'left').toString());
    assert.equal(input.modified.toString(), entryUriFor(folder(), 'right').toString());
    const original = await vscode.workspace.openTextDocument(input.original);
    assert.match(original.getText(), /12345678901234567890/);
    assert.match(original.getText(), /1\.0/);
  });

  test('Select for Compare then Compare with Selected diffs the two', async () => {
    const left = await entryNode(api, 'left');
    const right = await entryNode(api, 'right');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.selectForCompare', right, [right]), true);
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.compareWithSelected', left, [left]), true);
    const input = await waitFor('a diff editor', () => activeDiff());
    assert.equal(input.original.toString(), entryUriFor(folder(), 'right').toString());
    assert.equal(input.modified.toString(), entryUriFor(folder(), 'left').toString());
  });

  test('one entry, or an unreadable one, opens no diff', async () => {
    const left = await entryNode(api, 'left');
    const torn = await entryNode(api, 'torn');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.compareEntries', left, [left]), false);
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.compareEntries', left, [left, torn]), false);
    assert.equal(activeDiff(), undefined);
  });
});
