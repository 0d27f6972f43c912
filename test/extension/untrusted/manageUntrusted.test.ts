// Set Expiry…, Mark Fresh, Expire Now, Duplicate Entry… and Rename Entry… change nothing in an untrusted workspace, as deleting does not.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../../src/extension';
import { entryNode, entryPath, extensionApi, resetCache, waitForKeys, writeEntry } from '../helpers';

suite('Manage entries in an untrusted workspace', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  test('the manage commands leave the folder byte for byte, and are disabled in the UI', async () => {
    await resetCache();
    await writeEntry('kept', { age: 2 * 86400 });
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    await waitForKeys(api, ['kept']);
    const node = await entryNode(api, 'kept');
    const before = await fs.readFile(entryPath('kept'), 'utf8');
    await vscode.commands.executeCommand('cacheExplorer.setExpiry', node, [node], { duration: '1h' });
    await vscode.commands.executeCommand('cacheExplorer.markFresh', node, [node]);
    await vscode.commands.executeCommand('cacheExplorer.expireNow', node, [node]);
    await vscode.commands.executeCommand('cacheExplorer.duplicateEntry', node, [node], { key: 'copy' });
    await vscode.commands.executeCommand('cacheExplorer.renameEntry', node, [node], { key: 'moved' });
    await vscode.commands.executeCommand('cacheExplorer.addEntry', undefined, { key: 'added' });
    await vscode.commands.executeCommand('cacheExplorer.filter', { text: '', state: { kind: 'expired' } });
    await vscode.commands.executeCommand('cacheExplorer.deleteMatching', { confirm: false });
    await vscode.commands.executeCommand('cacheExplorer.clearFilter');
    assert.equal(vscode.window.activeTextEditor, undefined, 'Add Entry opened no document');
    assert.equal(await fs.readFile(entryPath('kept'), 'utf8'), before);
    assert.deepEqual(await fs.readdir(path.dirname(entryPath('kept'))), ['kept.json']);
    const manifest = vscode.extensions.getExtension('cache-explorer.cache-explorer')!.packageJSON as {
      contributes: { commands: { command: string; enablement?: string }[] };
    };
    for (const id of ['setExpiry', 'markFresh', 'expireNow', 'duplicateEntry', 'renameEntry', 'addEntry', 'deleteMatching']) {
      const command = manifest.contributes.commands.find((c) => c.command === `cacheExplorer.${id}`);
      assert.match(command?.enablement ?? '', /isWorkspaceTrusted/, id);
    }
  });
});
