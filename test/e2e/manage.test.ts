import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { openWorkbench, type Workbench } from './workbench';

// Issue 14 through the UI: Set Expiry…, Add Entry…, Compare and Delete Matching… as a user drives them, on the demo
// cache (demo/generate.js), each taking the README's screenshot of it.
suite('Managing entries in the browser workbench', () => {
  let workbench: Workbench;
  let pane: Locator;

  const treeItem = (name: string) => pane.getByRole('treeitem', { name, exact: false }).first();
  const entryFile = (key: string) => path.join(workbench.workspace, 'cache', `${key}.json`);
  const quickInput = () => workbench.page.locator('.quick-input-widget');
  const toast = (text: string) => workbench.page.locator('.notifications-toasts', { hasText: text });
  const dialog = () => workbench.page.locator('.monaco-dialog-box');
  /** Every file of the cache folder with its text, to tell that nothing else changed. */
  const cacheFiles = () =>
    Object.fromEntries(fs.readdirSync(path.join(workbench.workspace, 'cache')).map((name) => [name, fs.readFileSync(path.join(workbench.workspace, 'cache', name), 'utf8')]));
  /** The README's screenshots show the step itself, not the toasts of earlier ones. */
  async function clearNotifications(): Promise<void> {
    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' });
  }
  async function screenshot(name: string): Promise<void> {
    await clearNotifications();
    await workbench.screenshot(name);
  }

  suiteSetup(async () => {
    workbench = await openWorkbench();
    // Add Entry… reads the clipboard; without this, the browser refuses and VS Code says so in a toast.
    await workbench.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    pane = await workbench.openCacheView();
    await treeItem('video_metadata').waitFor();
  });

  suiteTeardown(async () => {
    await workbench?.close();
  });

  test('Set Expiry… from the context menu: a custom 2h refuses "abc", then the row says the entry expired', async () => {
    // Written 4 h ago with the folder's 1-day ttl: "expires in 19 h"; its own 2 h ttl makes it expired 2 h ago.
    await treeItem('video_metadata').locator('.label-description', { hasText: 'expires in 19 h' }).waitFor();
    await workbench.fromContextMenu(treeItem('video_metadata'), 'Set Expiry…');
    await quickInput().locator('.monaco-list-row', { hasText: '7 days' }).waitFor();
    await workbench.screenshot('set-expiry');
    await quickInput().locator('.monaco-list-row', { hasText: 'Custom…' }).click();
    const input = quickInput().locator('input');
    await input.fill('abc');
    await quickInput().getByText('"abc" is not a duration').waitFor();
    await input.fill('2h');
    await quickInput().getByText('"abc" is not a duration').waitFor({ state: 'detached' });
    await workbench.page.keyboard.press('Enter');
    await treeItem('video_metadata').locator('.label-description', { hasText: 'expired 2 h ago' }).waitFor();
    const stored = JSON.parse(fs.readFileSync(entryFile('video_metadata'), 'utf8'));
    assert.equal(stored.ttl, 7200);
    assert.deepEqual(stored.data, { duration: 120, resolution: '1920x1080', format: 'MP4' });
  });

  test('Set Expiry… on an entry another process deletes while the quick pick is open: a message names it, nothing is recreated', async () => {
    const before = cacheFiles();
    await workbench.fromContextMenu(treeItem('api_response'), 'Set Expiry…');
    await quickInput().locator('.monaco-list-row', { hasText: '1 hour' }).waitFor();
    fs.unlinkSync(entryFile('api_response'));
    await quickInput().locator('.monaco-list-row', { hasText: '1 hour' }).click();
    await toast('Set expiry not done for "api_response"').waitFor();
    assert.match(await toast('Set expiry not done').innerText(), /it no longer exists \(deleted since it was listed\); nothing was written/);
    const { ['api_response.json']: gone, ...others } = before;
    assert.ok(gone, 'the demo has api_response');
    assert.deepEqual(cacheFiles(), others, 'the entry is not recreated and no other file changed');
    await treeItem('api_response').waitFor({ state: 'detached' });
  });

  test('Add Entry…: a key the cache cannot store is refused with its reason, then {} is edited, saved and listed', async () => {
    await workbench.runCommand('Cache Explorer: Add Entry…');
    await quickInput().locator('.quick-input-title', { hasText: 'Add Entry' }).waitFor();
    const input = quickInput().locator('input');
    // The empty key is the one every folder refuses; the box says why and Enter does nothing.
    await input.fill('x');
    await input.fill('');
    const refusal = quickInput().locator('.quick-input-message');
    await refusal.filter({ hasText: /key/i }).waitFor();
    await workbench.page.keyboard.press('Enter');
    await input.fill('video_metadata');
    await quickInput().getByText('"video_metadata" already has an entry: it opens instead.').waitFor();
    await input.fill('notes:today');
    await quickInput().getByText('already has an entry').waitFor({ state: 'detached' });
    await workbench.page.keyboard.press('Enter');
    const editor = workbench.page.locator('.editor-instance .monaco-editor');
    await workbench.page.locator('.tab', { hasText: 'notes:today.json' }).waitFor();
    await editor.locator('.view-lines', { hasText: '{}' }).waitFor();
    assert.equal(fs.existsSync(entryFile('notes:today')), false, 'nothing is written before the save');
    await editor.click();
    await workbench.page.keyboard.press('Control+A');
    await workbench.page.keyboard.insertText('{"note": "from the UI", "count": 12345678901234567890}');
    // The editor closes brackets and quotes as they are typed: drop what it added after the cursor.
    await workbench.page.keyboard.press('Shift+End');
    await workbench.page.keyboard.press('Delete');
    await workbench.page.keyboard.press('Control+S');
    await treeItem('notes:today').waitFor();
    await screenshot('add-entry');
    const stored = fs.readFileSync(entryFile('notes:today'), 'utf8');
    assert.match(stored, /"data":\{"note":"from the UI","count":12345678901234567890\}/);
    await workbench.page.keyboard.press('Control+W');
  });

  test('Compare Entries on two selected rows opens the diff editor with both values', async () => {
    await treeItem('video_metadata').click();
    await treeItem('process_result').click({ modifiers: ['Control'] });
    await workbench.fromContextMenu(treeItem('process_result'), 'Compare Entries');
    const diff = workbench.page.locator('.monaco-diff-editor');
    await diff.waitFor();
    await workbench.page.locator('.tab', { hasText: 'video_metadata ↔ process_result' }).waitFor();
    const side = (which: 'original' | 'modified') => diff.locator(`.editor.${which} .view-lines`);
    await side('original').filter({ hasText: '"resolution"' }).waitFor();
    await side('modified').filter({ hasText: '"processed_data"' }).waitFor();
    assert.match((await side('original').innerText()).replace(/\u00a0/g, ' '), /"format": "MP4"/);
    assert.match((await side('modified').innerText()).replace(/\u00a0/g, ' '), /"result": "processed_data"/);
    await screenshot('compare');
    await workbench.runCommand('View: Close All Editors');
  });

  test('Delete Matching… after Filter… confirms with the count and the first keys, then the rows and files are gone', async () => {
    await workbench.runCommand('Cache Explorer: Filter…');
    await quickInput().locator('.quick-input-title', { hasText: 'Filter Cache Entries' }).waitFor();
    await quickInput().locator('input').fill('features');
    await quickInput().locator('.monaco-list-row', { hasText: 'Keys matching "features"' }).waitFor();
    await workbench.page.keyboard.press('Enter');
    await pane.getByText('Showing keys matching "features"').waitFor();
    await treeItem('video_metadata').waitFor({ state: 'detached' });
    const others = Object.keys(cacheFiles()).filter((name) => !name.startsWith('features:'));

    await clearNotifications();
    await workbench.runCommand('Cache Explorer: Delete Matching…');
    await dialog().waitFor();
    const text = await dialog().innerText();
    assert.ok(text.includes('Delete the 3 cache entries the filter shows?'), text);
    assert.ok(text.includes('features:orders\nfeatures:sessions\nfeatures:users'), text);
    await workbench.screenshot('delete-matching-confirm');
    await dialog().getByRole('button', { name: 'Delete' }).click();
    await pane.getByText('No keys match "features"').waitFor();
    for (const key of ['features:users', 'features:orders', 'features:sessions']) assert.equal(fs.existsSync(entryFile(key)), false, key);
    assert.deepEqual(Object.keys(cacheFiles()).sort(), others.sort(), 'what the filter did not show stays');
    await workbench.runCommand('Cache Explorer: Clear Filter');
    await treeItem('video_metadata').waitFor();
  });
});
