// Cache Analysis in the browser workbench: the panel's charts render in dark and light themes (screenshots for the
// README; high contrast too), the keyboard drills into a namespace, and each recommendation's button does what it says
// (seen where the user looks: the view's filtered rows and title, the opened tab, the files on disk).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { root } from '../../scripts/paths';
import { openWorkbench, type Workbench } from './workbench';

// What demo/generate.js writes: 11 entries (3 expired by now) and one corrupt file.
const DEMO_TOTAL = 12;
const DEMO_EXPIRED = 3;

suite('Cache Analysis in the browser workbench', () => {
  let workbench: Workbench;

  /** The panel's page: VS Code nests a webview's content in an inner frame. */
  const panel = (): FrameLocator => workbench.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const settingsFile = () => path.join(workbench.workspace, '.vscode', 'settings.json');

  /** A screenshot in test-results/, and in media/screenshots/ for the README when refreshing them. */
  async function screenshot(name: string): Promise<void> {
    const file = await workbench.screenshot(name);
    if (process.env.CACHE_EXPLORER_README_SCREENSHOTS) fs.copyFileSync(file, path.join(root, 'media', 'screenshots', `${name}.png`));
  }

  /** Switches the workbench's theme through the workspace settings (keeping the others) and waits until it shows. */
  async function useTheme(theme: string): Promise<void> {
    fs.mkdirSync(path.dirname(settingsFile()), { recursive: true });
    const current = fs.existsSync(settingsFile()) ? (JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>) : {};
    fs.writeFileSync(settingsFile(), JSON.stringify({ ...current, 'workbench.colorTheme': theme }, null, 2));
    const themeClass = /High Contrast/.test(theme) ? 'hc-black' : /Dark/.test(theme) ? 'vs-dark' : 'vs';
    await workbench.page.locator(`.monaco-workbench.${themeClass}`).waitFor({ timeout: 20_000 });
  }

  async function barFill(): Promise<string> {
    // Runs in the page: the test's own types have no DOM.
    type Page = { getComputedStyle(element: unknown): { fill: string } };
    return panel().locator('#namespaces .bar').first().evaluate((bar) => (globalThis as unknown as Page).getComputedStyle(bar).fill);
  }

  suiteSetup(async () => {
    workbench = await openWorkbench();
    await workbench.openCacheView();
  });

  suiteTeardown(async () => {
    await workbench?.close();
  });

  test('opens from the palette with the totals, a chart by namespace and the expiry timeline (dark theme)', async () => {
    await useTheme('Default Dark Modern');
    await workbench.runCommand('Cache Explorer: Cache Analysis');
    await panel().locator('main[data-complete="true"]').waitFor({ timeout: 30_000 });
    const allCard = panel().locator('.card.tone-default .card-count');
    assert.equal((await allCard.innerText()).trim(), String(DEMO_TOTAL));
    assert.equal((await panel().locator('.card.tone-expired .card-count').innerText()).trim(), String(DEMO_EXPIRED));
    const namespaceRows = panel().locator('#namespaces .bar-row');
    const labels = await namespaceRows.locator('.bar-label').allTextContents();
    for (const name of ['features', 'model', 'report']) assert.ok(labels.includes(name), `${name} in ${labels.join(', ')}`);
    assert.equal(await panel().locator('#timeline .bar-row').count(), 5);
    // Every bar says what it shows, for a screen reader.
    assert.match((await namespaceRows.first().getAttribute('aria-label')) ?? '', /entries, \d+ % of the bytes/);
    await screenshot('analysis-dark');
    const darkFill = await barFill();
    await useTheme('Default Light Modern');
    await panel().locator('#namespaces .bar').first().waitFor();
    await workbench.page.locator('.monaco-workbench.vs').waitFor({ timeout: 20_000 });
    // The chart follows the theme: its bars take the light theme's chart colour.
    const deadline = Date.now() + 10_000;
    let lightFill = await barFill();
    while (lightFill === darkFill && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      lightFill = await barFill();
    }
    assert.notEqual(lightFill, darkFill, `bar fill ${lightFill} in both themes`);
    await screenshot('analysis-light');
    // High contrast: every bar gets the theme's contrast border, so it stands out without relying on colour.
    await useTheme('Default High Contrast');
    await workbench.page.locator('.monaco-workbench.hc-black').waitFor({ timeout: 20_000 });
    type Page = { getComputedStyle(element: unknown): { stroke: string } };
    const stroke = () => panel().locator('#namespaces .bar').first().evaluate((bar) => (globalThis as unknown as Page).getComputedStyle(bar).stroke);
    const until = Date.now() + 10_000;
    while ((await stroke()) === 'none' && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    assert.notEqual(await stroke(), 'none');
    await screenshot('analysis-high-contrast');
    await useTheme('Default Dark Modern');
  });

  test('the keyboard reaches a namespace bar and Enter drills down to the next level', async () => {
    const model = panel().locator('#namespaces .bar-row', { hasText: 'model' });
    await model.focus();
    await workbench.page.keyboard.press('Enter');
    await panel().locator('#namespaces .breadcrumb [aria-current="location"]', { hasText: 'model' }).waitFor();
    const labels = await panel().locator('#namespaces .bar-label').allTextContents();
    assert.deepEqual([...labels].sort(), ['v2', 'v3']);
    await panel().locator('#namespaces .breadcrumb button.link').first().click();
    await panel().locator('#namespaces .breadcrumb [aria-current="location"]', { hasText: 'All keys' }).waitFor();
  });

  test('an entry link opens the entry', async () => {
    await panel().locator('#biggest button.link').first().click();
    await workbench.page.locator('.tabs-container .tab', { hasText: /\.json/ }).first().waitFor();
    // Back to the analysis: its webview reloads and shows the last analysis again.
    await workbench.page.locator('.tabs-container .tab', { hasText: 'Cache Analysis' }).click();
    await panel().locator('main[data-complete="true"]').waitFor({ timeout: 30_000 });
  });

  test('every recommendation\'s button does what it says: Show the unreadable files, Show a namespace, Open the biggest entry', async () => {
    // The Cache Entries view is still open beside the panel (suiteSetup opened it; its icon would toggle it closed).
    const page = workbench.page;
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Cache Entries' }) });
    const treeItem = (name: string) => view.getByRole('treeitem', { name, exact: false }).first();
    const viewTitle = async () => (await view.locator('.pane-header').getAttribute('aria-label')) ?? '';
    async function clearFilter(): Promise<void> {
      await workbench.runCommand('Cache Explorer: Clear Filter');
      await treeItem('video_metadata').waitFor();
    }
    // A big entry without a ttl of its own: its namespace holds most bytes, and it alone over a quarter of them.
    const nowS = Math.floor(Date.now() / 1000);
    fs.writeFileSync(path.join(workbench.workspace, 'cache', 'report:big.json'), JSON.stringify({ timestamp: nowS, data: 'x'.repeat(20_000) }));
    await panel().locator('.recommendation.kind-dominantEntry').waitFor({ timeout: 20_000 });

    // The demo's broken file was written when the workbench opened: since a time of today, said without a date.
    const unreadable = panel().locator('.recommendation.kind-unreadable');
    assert.match(await unreadable.locator('.message').innerText(), /^1 unreadable file since \d{1,2}:\d{2}( [AP]M)? holds \d+ B\.$/);
    await unreadable.locator('button').click();
    await treeItem('video_metadata').waitFor({ state: 'detached' });
    await treeItem('broken').waitFor();
    assert.match(await viewTitle(), /filter: unreadable/);
    await clearFilter();

    const namespace = panel().locator('.recommendation.kind-namespaceWithoutTtl');
    assert.match(await namespace.locator('.message').innerText(), /`report:\*` entries have no ttl of their own/);
    await namespace.locator('button').click();
    await treeItem('video_metadata').waitFor({ state: 'detached' });
    await treeItem('report').waitFor();
    assert.match(await viewTitle(), /filter: report:\*/);
    await clearFilter();

    await panel().locator('.recommendation.kind-dominantEntry button').click();
    const tab = workbench.page.locator('.tabs-container .tab', { hasText: 'report:big.json' });
    await tab.waitFor();
    await workbench.page.locator('.editor-instance .view-lines', { hasText: 'xxxxxxxx' }).waitFor();
    await workbench.page.locator('.tabs-container .tab', { hasText: 'Cache Analysis' }).click();
    await panel().locator('main[data-complete="true"]').waitFor({ timeout: 30_000 });
  });

  test('Find in Values lists the entries holding the text; its button makes them all the view\'s filter, and the view says so', async () => {
    const page = workbench.page;
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Cache Entries' }) });
    await workbench.runCommand('Cache Explorer: Find in Values…');
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'Find in Values' }).waitFor();
    await widget.locator('input').fill('rows');
    await widget.locator('.quick-input-title', { hasText: '3 found in' }).waitFor({ timeout: 20_000 });
    // Each row reads "key, state, context" to a screen reader: the key comes first.
    const rows = await widget.locator('.monaco-list-row').evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.deepEqual(rows.map((row) => /^[^\s,]+/.exec(row)?.[0]).sort(), ['features:orders', 'features:sessions', 'features:users'], rows.join(' | '));
    await widget.getByRole('button', { name: 'Show All Results in the Cache Entries View' }).click();
    await view.getByText('Showing the 3 entries Find in Values found for "rows".', { exact: false }).waitFor();
    assert.match((await view.locator('.pane-header').getAttribute('aria-label')) ?? '', /filter: 3 with "rows" in their values/);
    await view.getByRole('treeitem', { name: 'video_metadata', exact: false }).waitFor({ state: 'detached' });
    await workbench.runCommand('Cache Explorer: Clear Filter');
    await view.getByRole('treeitem', { name: 'video_metadata', exact: false }).waitFor();
  });

  test('Clean Up removes the expired entries, and the analysis follows', async () => {
    const cleanUp = panel().locator('.recommendation.kind-expired button');
    assert.equal(await cleanUp.innerText(), 'Clean Up');
    await cleanUp.click();
    await workbench.page.locator('.notifications-toasts', { hasText: `Removed ${DEMO_EXPIRED} expired entries` }).waitFor();
    assert.equal(fs.existsSync(path.join(workbench.workspace, 'cache', 'process_result.json')), false);
    assert.equal(fs.existsSync(path.join(workbench.workspace, 'cache', 'video_metadata.json')), true);
    // The panel follows the folder: the expired card drops to 0 on its own.
    await panel().locator('.card.tone-expired .card-count', { hasText: /^0$/ }).waitFor({ timeout: 20_000 });
    assert.equal(await panel().locator('.recommendation.kind-expired').count(), 0);
  });
});
