import * as assert from 'node:assert/strict';
import { openWorkbench, type Workbench } from './workbench';

suite('Cache Explorer in a multi-root workspace', () => {
  let workbench: Workbench;

  suiteSetup(async () => {
    workbench = await openWorkbench({ multiRoot: true });
  });

  suiteTeardown(async () => {
    await workbench?.close();
  });

  test('each workspace folder is a root node with its counts, or says it has no cache folder', async () => {
    const pane = await workbench.openCacheView();
    const beta = pane.getByRole('treeitem', { name: 'beta' }).first();
    // Its count from the names at once, the expired ones once read.
    await pane.getByRole('treeitem', { name: 'alpha' }).filter({ hasText: /12 · 3 expired/ }).first().waitFor();
    assert.match((await beta.textContent()) ?? '', /no cache folder/);
    // Folder nodes start expanded: alpha's entries are listed under it.
    await pane.getByRole('treeitem', { name: 'video_metadata' }).first().waitFor();
    await workbench.screenshot('multi-root');
  });
});
