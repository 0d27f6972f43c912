// Red team for "identity is the file": a command acts on exactly the file its node lists, never on the file the
// displayed key would be spelled as. Each test fails on a build that deleted or opened by key.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import type { EntryNode } from '../../src/extension/tree/entryNode';
import { allNodes, cacheDir, exists, extensionApi, resetCache, waitFor } from './helpers';

const NO_CONFIRM = { confirm: false };

function entryText(data: unknown): string {
  return JSON.stringify({ timestamp: Math.floor(Date.now() / 1000) - 60, data });
}

/** The tree's node for exactly this file of the cache folder. */
async function nodeOfFile(api: CacheExplorerApi, fileName: string, state?: EntryNode['state']): Promise<EntryNode> {
  return waitFor(`the node listing ${fileName}${state ? `, ${state}` : ''}`, async () =>
    (await allNodes(api)).find(
      (node): node is EntryNode =>
        'entry' in node &&
        (node as EntryNode).entry.location !== 'shared' &&
        (node as EntryNode & { entry: { fileName: string } }).entry.fileName === fileName &&
        (state === undefined || (node as EntryNode).state === state),
    ),
  );
}

suite('Identity is the file', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  setup(async () => {
    await resetCache();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Delete Entry on an unreadable `.eslintrc.json` never deletes the entry `%2Eeslintrc.json` (key ".eslintrc")', async () => {
    const hidden = path.join(cacheDir(), '.eslintrc.json');
    const entry = path.join(cacheDir(), '%2Eeslintrc.json');
    await fs.writeFile(hidden, '{"root":true}');
    await fs.writeFile(entry, entryText({ real: 'entry' }));
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    // Its row shows at once from its name; its state once read.
    const node = await nodeOfFile(api, '.eslintrc.json', 'unreadable');
    await vscode.commands.executeCommand('cacheExplorer.deleteEntry', node, [node], NO_CONFIRM);
    assert.equal(await exists(entry), true, 'the valid entry %2Eeslintrc.json was deleted instead');
    assert.equal(await exists(hidden), true, 'a hidden file that is not an entry was deleted');
  });

  test('Delete Entry on `model%3Av2.json` deletes that file or refuses, never `model%253Av2.json`', async () => {
    const selected = path.join(cacheDir(), 'model%3Av2.json');
    const other = path.join(cacheDir(), 'model%253Av2.json');
    await fs.writeFile(selected, entryText({ written: 'by the Python tool' }));
    await fs.writeFile(other, entryText({ written: 'by the engine' }));
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    const node = await nodeOfFile(api, 'model%3Av2.json');
    await vscode.commands.executeCommand('cacheExplorer.deleteEntry', node, [node], NO_CONFIRM);
    assert.equal(await exists(other), true, 'model%253Av2.json, another entry, was deleted');
    // The engine judges it an entry by the Python tool's name for the key: it goes, and the tree follows.
    assert.equal(await exists(selected), false, 'the selected file stayed');
    await waitFor('the deleted file to leave the tree', async () =>
      !(await allNodes(api)).some((n) => 'entry' in n && (n as EntryNode & { entry: { fileName?: string } }).entry.fileName === 'model%3Av2.json'),
    );
  });

  test('Open Raw File on an unreadable entry that is a symbolic link opens nothing, not the link\'s target', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'cache-explorer-secret-'));
    try {
      const secret = path.join(outside, 'secret.txt');
      await fs.writeFile(secret, 'password=hunter2');
      await fs.symlink(secret, path.join(cacheDir(), 'linked.json'));
      await vscode.commands.executeCommand('cacheExplorer.refresh');
      const node = await nodeOfFile(api, 'linked.json', 'unreadable');
      assert.equal(await vscode.commands.executeCommand('cacheExplorer.openRawFile', node), undefined);
      assert.equal(await vscode.commands.executeCommand('cacheExplorer.openEntry', node), undefined);
      const opened = vscode.workspace.textDocuments.map((doc) => doc.getText());
      assert.ok(!opened.some((text) => text.includes('hunter2')), 'the link\'s target was opened');
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });
});
