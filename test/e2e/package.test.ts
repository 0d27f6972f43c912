import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { root } from '../../scripts/paths';
import { openWorkbench, type Workbench } from './workbench';

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const vsix = path.join(root, `${manifest.name}-${manifest.version}.vsix`);

function vsixFiles(): string[] {
  const listing = spawnSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', vsix], { encoding: 'utf8' });
  assert.equal(listing.status, 0, listing.stderr);
  return listing.stdout.trim().split('\n');
}

/** The frame showing the README on the extension's details page (a webview inside an iframe). */
async function readmeFrame(workbench: Workbench): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    for (const frame of workbench.page.frames()) {
      if (await frame.locator('h1', { hasText: 'Cache Explorer' }).count().catch(() => 0)) return frame;
    }
    await workbench.page.waitForTimeout(200);
  }
  throw new Error('the details page never showed the README');
}

suite('The published package', () => {
  let workbench: Workbench | undefined;

  suiteSetup(function () {
    this.timeout(180_000);
    fs.rmSync(vsix, { force: true });
    // Standard input closed, as in CI: vsce must not stop at a question.
    const packaged = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.js')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}\n${packaged.stderr}`);
  });

  suiteTeardown(async () => {
    await workbench?.close();
    // Back to the development build the other suites were bundled against.
    spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'ignore' });
  });

  test('the .vsix holds what ships and nothing of the development tree', () => {
    const files = vsixFiles().filter((f) => f.startsWith('extension/'));
    for (const needed of ['extension/package.json', 'extension/readme.md', 'extension/dist/extension.js', 'extension/dist/engine.js', 'extension/media/icon.png', 'extension/changelog.md']) {
      assert.ok(files.includes(needed), `${needed} missing from the package`);
    }
    const stray = files.filter((f) => /^extension\/(src|test|scripts|bench|demo|out|node_modules|\.vscode-test)\//.test(f));
    assert.deepEqual(stray, []);
    const readme = spawnSync('python3', ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("extension/readme.md").decode())', vsix], { encoding: 'utf8' }).stdout;
    assert.doesNotMatch(readme, /npm (test|start)|npm install &&|<!-- \/?development -->/, 'the packaged README shows development commands');
  });

  test('installed from the .vsix, its details page shows the icon and every README image', async function () {
    this.timeout(180_000);
    workbench = await openWorkbench({ vsix });
    const { page } = workbench;
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('Control+Shift+X');
    await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Cache Explorer' }).first().click();
    const header = page.locator('.extension-editor .header');
    await header.waitFor();
    const icon = header.locator('img.icon');
    await icon.waitFor();
    assert.ok(await icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0), 'the icon did not load');
    const frame = await readmeFrame(workbench);
    const images = frame.locator('img');
    const count = await images.count();
    assert.ok(count >= 4, `only ${count} images in the README`);
    await images.evaluateAll((all) => Promise.all(all.map((img) => (img as unknown as { decode(): Promise<void> }).decode().catch(() => undefined))));
    const broken = await images.evaluateAll((all) =>
      all.filter((img) => (img as unknown as { naturalWidth: number }).naturalWidth === 0).map((img) => img.getAttribute('src')),
    );
    assert.deepEqual(broken, [], 'images that did not load');
    await workbench.screenshot('extension-details');
  });
});
