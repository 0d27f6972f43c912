import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RedisServer } from '../engine/redisServer';
import { openWorkbench, type Workbench } from './workbench';

suite('The Cache Explorer status bar item', () => {
  let workbench: Workbench;

  const item = () => workbench.page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { has: workbench.page.locator('.codicon-database') });
  const hover = () => workbench.page.locator('.monaco-hover', { hasText: 'Cache Explorer' });

  suiteSetup(async () => {
    workbench = await openWorkbench();
  });

  suiteTeardown(async () => {
    await workbench?.close();
  });

  test('hovering shows the counts per folder and that no cleanup has run yet', async () => {
    // The total is known from the names; the expired count once the files are read.
    await item().filter({ hasText: 'expired' }).waitFor();
    assert.equal((await item().innerText()).trim(), '12 · 3 expired');
    await item().hover();
    await hover().waitFor();
    const text = await hover().innerText();
    assert.match(text, new RegExp(`${path.basename(workbench.workspace)}: 12 entries, 3 expired, 1 unreadable`));
    assert.match(text, /No cleanup run yet/);
    await workbench.screenshot('status-bar-tooltip');
    await workbench.page.mouse.move(700, 400);
  });

  test('clicking it cleans up expired entries; the counts and the tooltip follow', async () => {
    await item().click();
    await workbench.page.locator('.notifications-toasts', { hasText: 'Removed 3 expired entries' }).waitFor();
    await workbench.page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /^\s*9\s*$/ }).waitFor();
    assert.equal(fs.existsSync(path.join(workbench.workspace, 'cache', 'process_result.json')), false);
    await item().hover();
    await hover().waitFor();
    assert.match(await hover().innerText(), /Last cleanup: .*\(removed 3\)/);
    await workbench.page.mouse.move(700, 400);
  });

  test('the showStatusBar setting hides it, live', async () => {
    fs.mkdirSync(path.join(workbench.workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workbench.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'cacheExplorer.showStatusBar': false }));
    await item().waitFor({ state: 'detached' });
    fs.writeFileSync(path.join(workbench.workspace, '.vscode', 'settings.json'), '{}');
    await item().waitFor();
  });

  test('with a shared tier: "shared", its URL without the password, "shared unreachable" while Redis is down', async () => {
    const shared = (icon: string) =>
      workbench.page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { has: workbench.page.locator(`.codicon-${icon}`) });
    const redis = await RedisServer.start({ password: 'e2e-secret' });
    const settings = path.join(workbench.workspace, '.vscode', 'settings.json');
    try {
      fs.mkdirSync(path.dirname(settings), { recursive: true });
      fs.writeFileSync(settings, JSON.stringify({ 'cacheExplorer.shared.url': `redis://:e2e-secret@127.0.0.1:${redis.port}` }));
      await workbench.runCommand('Cache Explorer: Refresh'); // lists the shared tier: connects
      // "shared…" (the same icon) while it connects, then "shared": waited for, not read at the first cloud shown.
      await shared('cloud').filter({ hasText: /^\s*shared\s*$/ }).waitFor({ timeout: 10_000 });
      assert.equal((await shared('cloud').innerText()).trim(), 'shared');
      await shared('cloud').hover();
      const tooltip = workbench.page.locator('.monaco-hover', { hasText: 'shared tier (Redis)' });
      await tooltip.waitFor();
      const text = await tooltip.innerText();
      assert.match(text, new RegExp(`connected, redis://:\\*\\*\\*@127\\.0\\.0\\.1:${redis.port}`));
      assert.ok(!text.includes('e2e-secret'), text);
      await workbench.page.mouse.move(700, 400);
      await redis.kill();
      await shared('cloud-offline').waitFor({ timeout: 10_000 });
      assert.equal((await shared('cloud-offline').innerText()).trim(), 'shared unreachable');
      await redis.restart();
      await shared('cloud').waitFor({ timeout: 15_000 });
    } finally {
      fs.writeFileSync(settings, '{}');
      await redis.stop();
    }
    await shared('cloud').waitFor({ state: 'detached' });
  });
});
