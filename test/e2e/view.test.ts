import * as assert from 'node:assert/strict';
import { openWorkbench, type Workbench } from './workbench';

suite('Cache Explorer in the browser workbench', () => {
  let workbench: Workbench;

  suiteSetup(async () => {
    workbench = await openWorkbench();
  });

  suiteTeardown(async () => {
    await workbench?.close();
  });

  test('the activity bar shows Cache Explorer and opens its Cache Entries view', async () => {
    const pane = await workbench.openCacheView();
    assert.equal(await pane.locator('.pane-header').getAttribute('aria-expanded'), 'true');
    await workbench.screenshot('view');
  });

  test('the command palette lists and runs Cache Explorer: Refresh', async () => {
    await workbench.runCommand('Cache Explorer: Refresh');
    // The palette closes once the command has been accepted.
    await workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await workbench.screenshot('after-refresh');
  });
});
