import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { openWorkbench, type Workbench } from './workbench';

// What demo/generate.js writes: 11 entries (3 expired by now) and one corrupt file.
const DEMO_TOTAL = 12;
const DEMO_EXPIRED = 3;

suite('Cache Explorer in the browser workbench', () => {
  let workbench: Workbench;
  let pane: Locator;

  const treeItem = (name: string) => pane.getByRole('treeitem', { name, exact: false }).first();
  /** Waits until the row shows `text`. */
  const showing = (name: string, text: RegExp) => pane.getByRole('treeitem', { name, exact: false }).filter({ hasText: text }).first().waitFor();
  const statusBar = () => workbench.page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: 'expired' });

  suiteSetup(async () => {
    workbench = await openWorkbench();
    pane = await workbench.openCacheView();
  });

  suiteTeardown(async () => {
    await workbench?.close();
  });

  test('the view lists the demo cache: prefix groups, entries and their states', async () => {
    await treeItem('video_metadata').waitFor();
    for (const name of ['features', 'model', 'report', 'api_response', 'process_result', 'broken']) {
      await treeItem(name).waitFor();
    }
    // Rows show from the folder's names at once; each state as soon as its file is read.
    await showing('broken', /unreadable/);
    await showing('process_result', /expired 2 h ago/);
    await showing('video_metadata', /expires in 19 h/);
    // Expanding a group shows its entries; the group counts them.
    await showing('model', /3 · 1 expired/);
    await treeItem('model').click();
    await treeItem('v3').click();
    await treeItem('model:v3:metrics').waitFor();
    await workbench.screenshot('view');
  });

  test('the status bar counts entries and expired ones', async () => {
    await statusBar().waitFor();
    assert.equal((await statusBar().innerText()).trim(), `${DEMO_TOTAL} · ${DEMO_EXPIRED} expired`);
  });

  test('clicking an entry opens its value as a JSON document', async () => {
    await treeItem('video_metadata').click();
    const editor = workbench.page.locator('.editor-instance .monaco-editor');
    await editor.locator('.view-lines', { hasText: '"resolution"' }).waitFor();
    assert.match((await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' '), /"format": "MP4"/);
    await workbench.page.locator('.tab', { hasText: 'video_metadata.json' }).waitFor();
    await workbench.screenshot('entry-document');
  });

  test('clicking an unreadable entry again does not stack a second notification', async () => {
    const toasts = workbench.page.locator('.notifications-toasts .notification-toast', { hasText: '"broken" cannot be read' });
    for (let click = 0; click < 3; click++) {
      await treeItem('broken').click();
      await toasts.first().waitFor();
      // Give a stacked toast time to appear: the command runs after the click, asynchronously.
      await workbench.page.locator('.tab', { hasText: 'broken.json' }).waitFor();
      await workbench.page.waitForTimeout(300);
    }
    assert.equal(await toasts.count(), 1);
    await workbench.runCommand('Notifications: Clear All Notifications');
    await toasts.first().waitFor({ state: 'detached' });
    await workbench.runCommand('View: Close All Editors');
  });

  test('Filter… narrows the view to matching keys and says so in the view title', async () => {
    await workbench.runCommand('Cache Explorer: Filter…');
    // The palette's box closes and the filter's opens in the same widget: type only once the filter's is there.
    const widget = workbench.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'Filter Cache Entries' }).waitFor();
    await widget.locator('input').fill('metrics');
    // What is typed is offered first, as the keys to show; Enter applies it.
    await widget.locator('.monaco-list-row', { hasText: 'Keys matching "metrics"' }).waitFor();
    await workbench.page.keyboard.press('Enter');
    // The view's message says a filter is on (with one view in the container its header is folded into the title).
    await pane.getByText('Showing keys matching "metrics"').waitFor();
    assert.match((await pane.locator('.pane-header').getAttribute('aria-label')) ?? '', /filter: metrics/);
    await treeItem('video_metadata').waitFor({ state: 'detached' });
    await workbench.screenshot('filtered');
    await workbench.runCommand('Cache Explorer: Clear Filter');
    await treeItem('video_metadata').waitFor();
  });

  test('Clean Up Expired from the palette removes the expired entries', async () => {
    await workbench.runCommand('Cache Explorer: Clean Up Expired');
    await workbench.page.locator('.notifications-toasts', { hasText: `Removed ${DEMO_EXPIRED} expired entries` }).waitFor();
    await treeItem('process_result').waitFor({ state: 'detached' });
    assert.equal(fs.existsSync(path.join(workbench.workspace, 'cache', 'process_result.json')), false);
    assert.equal(fs.existsSync(path.join(workbench.workspace, 'cache', 'video_metadata.json')), true);
    await statusBar().waitFor({ state: 'detached' });
    await workbench.screenshot('after-cleanup');
  });

  test('Clear All from the palette asks first, then empties the cache', async () => {
    await workbench.runCommand('Cache Explorer: Clear All');
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const realCache = fs.realpathSync(path.join(workbench.workspace, 'cache'));
    assert.ok((await dialog.innerText()).includes(`Delete all 9 cache entries in ${realCache} (${path.basename(workbench.workspace)})?`));
    await workbench.screenshot('clear-all-confirm');
    await dialog.getByRole('button', { name: 'Delete All' }).click();
    await pane.getByText('The cache folder is empty').waitFor();
    assert.deepEqual(fs.readdirSync(path.join(workbench.workspace, 'cache')), []);
    await workbench.screenshot('after-clear-all');
  });

  test('a cache folder setting the folder guard refuses: the view says why, and offers the settings', async () => {
    const settings = path.join(workbench.workspace, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settings), { recursive: true });
    fs.writeFileSync(settings, JSON.stringify({ 'cacheExplorer.folder': '.' }));
    try {
      await pane.getByText('will not use the folder named by').waitFor();
      await pane.getByText('it is the workspace folder itself').waitFor();
      await workbench.screenshot('refused-folder');
    } finally {
      fs.rmSync(settings, { force: true });
    }
    await pane.getByText('The cache folder is empty').waitFor();
  });
});
