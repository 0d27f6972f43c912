import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { openWorkbench, type Workbench } from './workbench';

suite('Deleting from the view', () => {
  let workbench: Workbench;
  let pane: Locator;

  const treeItem = (name: string) => pane.getByRole('treeitem', { name, exact: false }).first();
  const entryFile = (key: string) => path.join(workbench.workspace, 'cache', `${key}.json`);
  const dialog = () => workbench.page.locator('.monaco-dialog-box');
  /** The cache folder's real path: what every confirmation names. */
  const realCache = () => fs.realpathSync(path.join(workbench.workspace, 'cache'));
  suiteSetup(async () => {
    workbench = await openWorkbench();
    pane = await workbench.openCacheView();
    await treeItem('video_metadata').waitFor();
  });

  suiteTeardown(async () => {
    await workbench?.close();
  });

  test('Delete Entry from the context menu asks first; Cancel keeps the file, Delete removes it', async () => {
    await workbench.fromContextMenu(treeItem('api_response'), 'Delete Entry');
    await dialog().waitFor();
    assert.ok((await dialog().innerText()).includes(`Delete the cache entry "api_response" (${path.join(realCache(), 'api_response.json')})?`));
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
    assert.equal(fs.existsSync(entryFile('api_response')), true, 'Cancel deleted the file');

    await workbench.fromContextMenu(treeItem('api_response'), 'Delete Entry');
    await dialog().getByRole('button', { name: 'Delete' }).click();
    await treeItem('api_response').waitFor({ state: 'detached' });
    assert.equal(fs.existsSync(entryFile('api_response')), false);
  });

  test('the Delete key deletes the selected entry, after the same question', async () => {
    // A click opens the entry as a preview and, as in the Explorer, leaves focus and selection in the view.
    await treeItem('video_metadata').click();
    await workbench.page.locator('.tab', { hasText: 'video_metadata.json' }).waitFor();
    await workbench.page.keyboard.press('Delete');
    await dialog().waitFor();
    assert.ok((await dialog().innerText()).includes(`Delete the cache entry "video_metadata" (${path.join(realCache(), 'video_metadata.json')})?`));
    await dialog().getByRole('button', { name: 'Delete' }).click();
    await treeItem('video_metadata').waitFor({ state: 'detached' });
    assert.equal(fs.existsSync(entryFile('video_metadata')), false);
  });

  test('Delete Group on a prefix node names the count, then removes every key under it', async () => {
    await workbench.fromContextMenu(treeItem('features'), 'Delete Group');
    await dialog().waitFor();
    assert.ok((await dialog().innerText()).includes(`Delete 3 cache entries under "features:" in ${realCache()}?`));
    await workbench.screenshot('delete-group-confirm');
    await dialog().getByRole('button', { name: 'Delete' }).click();
    await treeItem('features').waitFor({ state: 'detached' });
    for (const key of ['features:users', 'features:orders', 'features:sessions']) {
      assert.equal(fs.existsSync(entryFile(key)), false, key);
    }
    assert.equal(fs.existsSync(entryFile('model:v3:metrics')), true, 'other groups stay');
  });
});
