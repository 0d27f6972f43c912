import * as assert from 'node:assert/strict';
import { outboundRequests } from '../../scripts/browser';
import { openWorkbench, type Workbench } from './workbench';

// The project never needs the network: code-server's gallery is off and a guard in every Node process it starts
// refuses connections outside 127.0.0.1, logging each. A whole session of use must leave no trace of either.
suite('Offline: nothing leaves 127.0.0.1', () => {
  let workbench: Workbench;

  suiteSetup(async () => {
    workbench = await openWorkbench();
  });

  suiteTeardown(async () => {
    await workbench?.close();
  });

  test('a session that opens the view and the Extensions view makes no outside request, in the page or the server', async () => {
    const pane = await workbench.openCacheView();
    await pane.locator('.monaco-list-row').first().waitFor();
    // The Extensions view is where code-server would query its gallery (open-vsx.org).
    await workbench.runCommand('View: Show Extensions');
    await workbench.page.locator('.extensions-viewlet').waitFor();
    await workbench.page.waitForTimeout(3000);
    const log = workbench.serverLog();
    assert.match(log, /\[offline-guard\] active in pid/, 'the guard was not loaded into code-server');
    assert.deepEqual(log.split('\n').filter((line) => line.includes('[offline-guard] blocked')), []);
    assert.deepEqual(outboundRequests, []);
  });
});
