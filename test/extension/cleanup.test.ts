import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import { CacheFolders } from '../../src/extension/model/cacheFolders';
import { CleanupScheduler } from '../../src/extension/cleanup/cleanupScheduler';
import { ExpiredCleanup } from '../../src/extension/cleanup/expiredCleanup';
import { Log } from '../../src/extension/log';
import { entryPath, exists, extensionApi, resetCache, waitFor, waitForKeys, withSetting, writeEntry } from './helpers';

const DAY = 86400;
/** 0.01 minutes: the interval setting takes fractions, so a test sees several runs in a couple of seconds. */
const SHORT_INTERVAL = 0.01;

suite('Interval cleanup and workspace trust', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  setup(async () => {
    await resetCache();
    await writeEntry('stays', { age: 60 });
    await writeEntry('goes', { age: 2 * DAY });
  });

  test('with cleanupInterval set, expired entries are removed on their own and fresh ones stay', async () => {
    await withSetting('cleanupInterval', SHORT_INTERVAL, async () => {
      await waitFor('the expired entry to be removed', async () => !(await exists(entryPath('goes'))), 5000);
      await waitForKeys(api, ['stays']);
      // It keeps running: the next expired entry goes too.
      await writeEntry('goes:later', { age: 2 * DAY });
      await waitFor('the next expired entry to be removed', async () => !(await exists(entryPath('goes:later'))), 5000);
    });
    assert.equal(await exists(entryPath('stays')), true);
  });

  test('turning the interval off stops it', async () => {
    await withSetting('cleanupInterval', SHORT_INTERVAL, async () => {
      await waitFor('a first run', async () => !(await exists(entryPath('goes'))), 5000);
    });
    await writeEntry('goes', { age: 2 * DAY });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await exists(entryPath('goes')), true);
  });

  test('in an untrusted workspace nothing is deleted automatically', async () => {
    const log = new Log();
    const folders = new CacheFolders();
    const cleanup = new ExpiredCleanup(log);
    try {
      await withSetting('cleanupInterval', SHORT_INTERVAL, async () => {
        const scheduler = new CleanupScheduler(folders, cleanup, log, () => false);
        try {
          assert.equal(scheduler.running, false);
          await new Promise((r) => setTimeout(r, 1500));
          assert.equal(cleanup.lastRun, undefined);
        } finally {
          scheduler.dispose();
        }
      });
    } finally {
      cleanup.dispose();
      folders.dispose();
      log.dispose();
    }
  });

  test('destructive commands are disabled in untrusted workspaces', () => {
    const manifest = vscode.extensions.getExtension('cache-explorer.cache-explorer')?.packageJSON;
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    const enablement = new Map<string, string>(manifest.contributes.commands.map((c: { command: string; enablement?: string }) => [c.command, c.enablement]));
    for (const id of ['cacheExplorer.clearAll', 'cacheExplorer.cleanupExpired', 'cacheExplorer.deleteEntry', 'cacheExplorer.deleteGroup']) {
      assert.match(enablement.get(id) ?? '', /isWorkspaceTrusted/, `${id} is not gated on trust`);
    }
  });
});
