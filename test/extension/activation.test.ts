import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi, readEntryFile, resetCache, waitFor, waitForKeys } from './helpers';

suite('Activation and API', () => {
  test('the extension activates in the workspace', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('the API gives the engine for a workspace folder; its writes show in the tree and fire onDidChangeEntries', async () => {
    const api = await extensionApi();
    await resetCache();
    const folder = vscode.workspace.workspaceFolders![0];
    const cache = api.getCache(folder);
    assert.ok(cache, 'no engine for the workspace folder');
    assert.equal(api.getCache(vscode.Uri.file('/not/in/the/workspace')), undefined);
    const changed: string[] = [];
    const subscription = api.onDidChangeEntries((change) => changed.push(change.folder.name));
    try {
      await cache.set('from:api', { ok: true });
      assert.deepEqual((await readEntryFile('from:api')).data, { ok: true });
      await waitForKeys(api, ['from:api']);
      await waitFor('onDidChangeEntries', () => changed.includes(folder.name));
    } finally {
      subscription.dispose();
    }
  });
});
