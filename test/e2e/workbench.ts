// Opens the real VS Code workbench (code-server) in headless Chromium, with Cache Explorer loaded in development
// mode on a fresh copy of the demo workspace, and gives tests the page plus a few steps a person would take.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, newWatchedPage } from '../../scripts/browser';
import { chooseCommand } from '../../scripts/palette';
import { startCodeServer } from '../../scripts/codeServer';
import { root, testResultsDir } from '../../scripts/paths';

export interface Workbench {
  page: Page;
  /** The folder the workbench has open (a temp copy of demo/), or that holds the multi-root workspace's folders. */
  workspace: string;
  /** Saves a screenshot under test-results/ and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Runs a command from the palette by its full title, e.g. "Cache Explorer: Refresh". */
  runCommand(title: string): Promise<void>;
  /** Shows the Cache Explorer view container and returns its "Cache Entries" pane. */
  openCacheView(): Promise<Locator>;
  /** What code-server logged during this session (its extension host included). */
  serverLog(): string;
  close(): Promise<void>;
}

/** The shots the README shows: `npm run screenshots` refreshes their copies in media/screenshots/. */
const README_SCREENSHOTS = new Set(['view', 'entry-document', 'filtered', 'status-bar-tooltip', 'delete-group-confirm']);

export interface WorkbenchOptions {
  /** Open a multi-root workspace of two folders: `alpha` with the demo cache, `beta` without a cache folder. */
  multiRoot?: boolean;
  /** Run Cache Explorer installed from this .vsix, as a user has it, instead of from the development folder. */
  vsix?: string;
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-explorer-e2e-'));
  const { execFileSync } = await import('node:child_process');
  const demoFolder = options.multiRoot ? path.join(workspace, 'alpha') : workspace;
  execFileSync(process.execPath, [path.join(root, 'demo', 'generate.js'), '--dir', path.join(demoFolder, 'cache')]);
  const workspaceFile = path.join(workspace, 'multi.code-workspace');
  if (options.multiRoot) {
    fs.mkdirSync(path.join(workspace, 'beta'));
    fs.writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: 'alpha' }, { path: 'beta' }] }));
  }
  fs.mkdirSync(testResultsDir, { recursive: true });
  const logFile = path.join(testResultsDir, 'e2e-code-server.log');
  const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const server = await startCodeServer({ logFile, installExtensions: options.vsix ? [options.vsix] : [] });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await newWatchedPage(browser, { viewport: { width: 1400, height: 900 } });
    await page.goto(
      server.workbenchUrl({
        ...(options.multiRoot ? { workspace: workspaceFile } : { folder: workspace }),
        payload: [
          ...(options.vsix ? [] : ([['extensionDevelopmentPath', server.remoteUri(root)]] as Array<[string, string]>)),
          ['skipWelcome', 'true'],
        ],
      }),
    );
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const openBrowser = browser;
    return {
      page,
      workspace,
      async screenshot(name) {
        const file = path.join(testResultsDir, `${name}.png`);
        await page.screenshot({ path: file });
        if (process.env.CACHE_EXPLORER_README_SCREENSHOTS && README_SCREENSHOTS.has(name)) {
          fs.copyFileSync(file, path.join(root, 'media', 'screenshots', `${name}.png`));
        }
        return file;
      },
      async runCommand(title) {
        await chooseCommand(page, title);
        await page.keyboard.press('Enter');
      },
      async openCacheView() {
        await page.locator('.activitybar .action-item a[aria-label^="Cache Explorer"]').click();
        const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Cache Entries' }) });
        await pane.waitFor({ state: 'visible' });
        return pane;
      },
      serverLog() {
        return fs.readFileSync(logFile).subarray(logStart).toString('utf8');
      },
      async close() {
        await openBrowser.close();
        await server.stop();
        fs.rmSync(workspace, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}
