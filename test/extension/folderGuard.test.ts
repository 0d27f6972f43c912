// Red team for the folder guard, in a trusted workspace: a cache folder setting or a committed link that points at
// the project, its parents, the disk's root or somewhere outside must make Clear All, Clean Up Expired, interval
// cleanup and the API touch nothing, and the view must say why. Each test fails on a build without the guard.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import { cacheDir, extensionApi, waitFor, waitForKeys, withSetting, workspaceDir, writeEntry } from './helpers';

const DAY = 86400;
const NO_CONFIRM = { confirm: false };

/** Files that are not the cache's, written where a misdirected Clear All or cleanup would delete them. */
interface Victims {
  files: string[];
  /** A folder outside the workspace holding an expired entry, a fresh one and a user settings file. */
  outside: string;
}

const oldEntry = () => JSON.stringify({ timestamp: Math.floor(Date.now() / 1000) - 2 * DAY, data: { victim: true } });

async function plantVictims(): Promise<Victims> {
  const outside = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'cache-explorer-outside-')));
  const contents: Record<string, string> = {
    [path.join(workspaceDir(), 'package.json')]: '{"name":"project","version":"1.0.0"}',
    [path.join(workspaceDir(), '.eslintrc.json')]: '{"root":true}',
    [path.join(workspaceDir(), 'old-entry.json')]: oldEntry(),
    [path.join(outside, 'victim.json')]: oldEntry(),
    [path.join(outside, 'settings.json')]: '{"editor.fontSize":14}',
  };
  await Promise.all(Object.entries(contents).map(([file, text]) => fs.writeFile(file, text)));
  return { files: Object.keys(contents), outside };
}

async function assertUntouched(victims: Victims): Promise<void> {
  for (const file of victims.files) {
    assert.ok(await fs.lstat(file).then(() => true, () => false), `${file} was deleted`);
  }
}

/** Runs everything that deletes: Clear All (without its confirmation) and Clean Up Expired. */
async function tryToDeleteEverything(): Promise<void> {
  await vscode.commands.executeCommand('cacheExplorer.clearAll', undefined, NO_CONFIRM);
  await vscode.commands.executeCommand('cacheExplorer.cleanupExpired');
}

/** A refused single folder: the view lists nothing (its welcome content shows) and the API gives no engine. */
async function assertRefused(api: CacheExplorerApi): Promise<void> {
  await vscode.commands.executeCommand('cacheExplorer.refresh');
  await waitFor('the API to give no engine for a refused folder', () => api.getCache(vscode.workspace.workspaceFolders![0]) === undefined);
  assert.deepEqual(await api.tree.getChildren(), []);
}

async function makeCacheALink(target: string): Promise<void> {
  await fs.rm(cacheDir(), { recursive: true, force: true });
  await fs.symlink(target, cacheDir());
}

suite('The folder guard (trusted workspace)', () => {
  let api: CacheExplorerApi;
  let victims: Victims;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  setup(async () => {
    await fs.rm(cacheDir(), { recursive: true, force: true });
    await fs.mkdir(cacheDir());
    victims = await plantVictims();
  });

  teardown(async () => {
    await fs.rm(cacheDir(), { recursive: true, force: true });
    await fs.mkdir(cacheDir());
    await Promise.all(victims.files.filter((f) => !f.startsWith(victims.outside)).map((f) => fs.rm(f, { force: true })));
    await fs.rm(victims.outside, { recursive: true, force: true });
    await fs.rm(path.join(workspaceDir(), 'data'), { force: true });
    await vscode.commands.executeCommand('cacheExplorer.refresh');
  });

  test('folder "." (the workspace folder itself): refused, nothing in the project is deleted', async () => {
    await withSetting('folder', '.', async () => {
      await assertRefused(api);
      await tryToDeleteEverything();
    });
    await assertUntouched(victims);
  });

  test('folder ".." (a parent of the workspace folder): refused, nothing beside the project is deleted', async () => {
    const probe = `${workspaceDir()}-probe.json`;
    await fs.writeFile(probe, oldEntry());
    try {
      await withSetting('folder', '..', async () => {
        await assertRefused(api);
        await tryToDeleteEverything();
      });
      assert.ok(await fs.stat(probe).then(() => true, () => false), `${probe} was deleted`);
    } finally {
      await fs.rm(probe, { force: true });
    }
    await assertUntouched(victims);
  });

  test('folder "/" (the file system root): refused', async () => {
    await withSetting('folder', '/', async () => {
      await assertRefused(api);
      await tryToDeleteEverything();
    });
    await assertUntouched(victims);
  });

  test('an absolute folder outside, from the workspace settings: refused; from the user settings: honoured', async () => {
    await withSetting('folder', victims.outside, async () => {
      await assertRefused(api);
      await tryToDeleteEverything();
    });
    await assertUntouched(victims);
    await withSetting(
      'folder',
      victims.outside,
      async () => {
        await vscode.commands.executeCommand('cacheExplorer.refresh');
        await waitForKeys(api, ['settings', 'victim']);
      },
      vscode.ConfigurationTarget.Global,
    );
  });

  test('a committed `cache` link to a folder outside: refused, nothing there is deleted', async () => {
    await makeCacheALink(victims.outside);
    await assertRefused(api);
    await tryToDeleteEverything();
    await assertUntouched(victims);
  });

  test('a `cache` link swapped in after the folder was listed: Clear All deletes nothing through it', async () => {
    await writeEntry('mine:old', { age: 2 * DAY });
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    await waitForKeys(api, ['mine:old']);
    await makeCacheALink(victims.outside);
    await tryToDeleteEverything();
    await assertUntouched(victims);
  });

  test('a symlinked ancestor (`data` → outside, folder "data/cache"): refused', async () => {
    await fs.mkdir(path.join(victims.outside, 'cache'));
    const inside = path.join(victims.outside, 'cache', 'victim.json');
    await fs.writeFile(inside, oldEntry());
    victims.files.push(inside);
    await fs.symlink(victims.outside, path.join(workspaceDir(), 'data'));
    await withSetting('folder', 'data/cache', async () => {
      await assertRefused(api);
      await tryToDeleteEverything();
    });
    await assertUntouched(victims);
  });

  test('interval cleanup (from the user settings) deletes nothing through a committed `cache` link', async () => {
    await makeCacheALink(victims.outside);
    await withSetting(
      'cleanupInterval',
      0.005,
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
      },
      vscode.ConfigurationTarget.Global,
    );
    await assertUntouched(victims);
  });
});
