// The spec's key shape at scale, in the real extension host: 100,000 `user:<id>:profile` entries. `user` expands to
// entries (no group per id), 1,000 at a time; pathological globs over every key come back with the right answer.
// The host's longest stall per action is printed (the bench owns the targets; this asserts behaviour).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../../src/extension';
import { cacheDir, extensionApi, keyOf, label, resetCache, waitFor } from '../helpers';

const COUNT = 100_000;

/** Runs `body` while a 10 ms timer watches the host's event loop; prints the longest gap. */
async function stallOf<T>(what: string, body: () => Promise<T>): Promise<T> {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  try {
    const result = await body();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return result;
  } finally {
    clearInterval(timer);
    console.log(`      [measured] ${what}: longest host stall ${worst.toFixed(0)} ms`);
  }
}

suite('A cache of 100,000 user:<id>:profile entries', () => {
  let api: CacheExplorerApi;

  suiteSetup(async function () {
    // Writing and listing 100,000 files takes a minute on an idle machine, many on a loaded one.
    this.timeout(900_000);
    api = await extensionApi();
    await resetCache();
    const timestamp = Math.floor(Date.now() / 1000);
    // Written asynchronously, 1,000 at a time, so writing never blocks the host under test.
    for (let start = 0; start < COUNT; start += 1000) {
      await Promise.all(
        Array.from({ length: 1000 }, (_, n) =>
          fs.promises.writeFile(path.join(cacheDir(), `user:${start + n}:profile.json`), `{"timestamp":${timestamp},"data":{"id":${start + n}}}`),
        ),
      );
    }
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    await waitFor('the user group with every entry', async () => {
      const roots = (await api.tree.getChildren()) ?? [];
      return roots.length === 1 && roots[0].description === COUNT.toLocaleString('en-US');
    }, 600_000);
  });

  suiteTeardown(async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('cacheExplorer.clearFilter');
    await resetCache();
    // Deleting 100,000 files floods the watcher: let the tree settle (and the first re-read after a flood, 2 s later,
    // run) before the next suite, whose tests time what the watcher does.
    await waitFor('the tree to empty', async () => ((await api.tree.getChildren()) ?? []).length === 0, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
  });

  test('user expands to its entries in natural order, 1,000 at a time with Load more…', async function () {
    this.timeout(120_000);
    const [user] = (await api.tree.getChildren()) ?? [];
    assert.equal(label(user), 'user');
    const rows = await stallOf('expanding user (100,000 entries)', async () => (await api.tree.getChildren(user)) ?? []);
    assert.equal(rows.length, 1001);
    assert.ok(rows.slice(0, 1000).every((row) => row.contextValue === 'entry.fresh'), 'every row under user is an entry');
    assert.deepEqual(rows.slice(0, 3).map(keyOf), ['user:0:profile', 'user:1:profile', 'user:2:profile']);
    assert.equal(keyOf(rows[10]), 'user:10:profile', 'user:9 comes before user:10');
    assert.equal(label(rows[1]), '1:profile', 'an entry shows the rest of its key');
    assert.equal(label(rows[1000]), 'Load more…');
    assert.equal(rows[1000].description, `1,000 of ${COUNT.toLocaleString('en-US')} shown`);
    await vscode.commands.executeCommand('cacheExplorer.loadMore', rows[1000]);
    const more = await stallOf('the next page', async () => (await api.tree.getChildren(user)) ?? []);
    assert.equal(more.length, 2001);
  });

  test('pathological globs over 100,000 keys return the right entries', async function () {
    this.timeout(120_000);
    const cases: Array<[string, number]> = [
      ['*/*/*/*/*.png', 0],
      ['*:*:*:*:*x', 0],
      ['*a*a*a*a*a*a*a*a*b', 0],
      ['user:*9999:*', 10],
      ['user:?:profile', 10],
    ];
    for (const [glob, expected] of cases) {
      const roots = await stallOf(`filter ${glob}`, async () => {
        await vscode.commands.executeCommand('cacheExplorer.filter', glob);
        return (await api.tree.getChildren()) ?? [];
      });
      if (expected === 0) {
        assert.deepEqual(roots.map(label), [`No keys match "${glob}"`], glob);
      } else {
        const shown = roots.length === 1 && roots[0].contextValue === 'group' ? ((await api.tree.getChildren(roots[0])) ?? []) : roots;
        assert.equal(shown.length, expected, glob);
      }
    }
    await vscode.commands.executeCommand('cacheExplorer.clearFilter');
  });
});
