// The spec's key shape at scale, in the real extension host: 100,000 `user:<id>:profile` entries. `user` expands to
// entries (no group per id), 1,000 at a time; pathological globs over every key come back with the right answer.
// The host's longest stall per action is printed (the bench owns the targets; this asserts behaviour).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../../src/extension';
import { cacheDir, extensionApi, keyOf, label, resetCache, waitFor } from '../helpers';
import { withLagProbe } from '../../../scripts/lagProbe';

const COUNT = 100_000;

/** Runs `body` while a 10 ms timer watches the host's event loop; prints the longest gap. */
async function stallOf<T>(what: string, body: () => Promise<T>): Promise<T> {
  const { result, maxLagMs } = await withLagProbe(body);
  console.log(`      [measured] ${what}: longest host stall ${maxLagMs.toFixed(0)} ms`);
  return result;
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

  test('after Refresh, user shows its 100,000 entries from their names; rows say reading… and keep their place as states arrive', async function () {
    this.timeout(300_000);
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    // The group shown before shows at once from memory, counting; then its count comes from the names.
    const remembered = await stallOf('the first level after Refresh', async () => (await api.tree.getChildren()) ?? []);
    assert.deepEqual(remembered.map((n) => [label(n), n.description]), [['user', 'counting…']], 'the group shown last, before the names are read');
    const roots = await stallOf('the names read again', () =>
      waitFor('the count from the names', async () => {
        const level = (await api.tree.getChildren()) ?? [];
        return level[0]?.description === COUNT.toLocaleString('en-US') && level;
      }, 60_000),
    );
    assert.deepEqual(roots.map((n) => [label(n), n.description]), [['user', COUNT.toLocaleString('en-US')]], 'the count comes from the names');
    assert.equal(roots[0].id, remembered[0].id, 'the counted group replaced the remembered one in place');
    const first = (await api.tree.getChildren(roots[0])) ?? [];
    const order = first.map((row) => row.id).join('\n');
    // How many rows are still unread at the first look depends on the machine's load (the bench times it); each
    // such row shows its key and "reading…", and no state it does not have.
    const reading = first.filter((row) => row.contextValue === 'entry.reading');
    console.log(`      [measured] rows on the first page still reading at the first look: ${reading.length} of ${first.length - 1}`);
    assert.ok(reading.every((row) => row.description === 'reading…' && keyOf(row).startsWith('user:')));
    // Until every shown row has its state, each look shows the same rows in the same order.
    await waitFor('every row on the first page to show its state', async () => {
      const [user] = (await api.tree.getChildren()) ?? [];
      const rows = (await api.tree.getChildren(user)) ?? [];
      assert.equal(rows.map((row) => row.id).join('\n'), order, 'the rows moved while states arrived');
      return rows.slice(0, 1000).every((row) => row.contextValue === 'entry.fresh' && String(row.description).startsWith('expires in'));
    }, 240_000);
  });

  test('with nothing remembered, the groups of the first names show at once, "counting…", then their counts in place', async function () {
    this.timeout(300_000);
    const [workspaceFolder] = vscode.workspace.workspaceFolders!;
    // As in a window that never showed this cache: no first level remembered.
    const scope = { workspaceFolder: workspaceFolder.uri.toString(), realPath: fs.realpathSync(cacheDir()), separator: ':' };
    await api.tree.snapshots!.remember(scope, []);
    assert.equal(await api.tree.snapshots!.groupsFor(scope), undefined, 'nothing remembered');
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    const glimpsed = await stallOf('the first level from a glimpse', async () => (await api.tree.getChildren()) ?? []);
    assert.deepEqual(glimpsed.map((n) => [label(n), n.description, n.contextValue]), [['user', 'counting…', 'group.pending']]);
    const roots = await waitFor('the count from the names', async () => {
      const level = (await api.tree.getChildren()) ?? [];
      return level[0]?.description === COUNT.toLocaleString('en-US') && level;
    }, 60_000);
    assert.equal(roots[0].id, glimpsed[0].id, 'the counted group replaced the glimpsed one in place');
  });

  test('two bursts written back to back (10,000 then 5,000 files) both show without Refresh', async function () {
    this.timeout(300_000);
    const timestamp = Math.floor(Date.now() / 1000);
    const write = async (name: string, count: number) => {
      for (let start = 0; start < count; start += 1000) {
        await Promise.all(
          Array.from({ length: Math.min(1000, count - start) }, (_, n) =>
            fs.promises.writeFile(path.join(cacheDir(), `burst:${name}${start + n}.json`), `{"timestamp":${timestamp},"data":1}`),
          ),
        );
      }
    };
    await write('a', 10_000);
    await write('b', 5_000);
    // The second burst lands while the watcher drains the first: its events may be dropped whole; the names-only
    // re-check after a flood still finds it.
    await waitFor('the burst group to count both bursts', async () => {
      const burst = ((await api.tree.getChildren()) ?? []).find((n) => label(n) === 'burst');
      return burst?.description === '15,000';
    }, 120_000);
    await Promise.all(fs.readdirSync(cacheDir()).filter((f) => f.startsWith('burst:')).map((f) => fs.promises.rm(path.join(cacheDir(), f))));
    await waitFor('the bursts to leave the tree', async () => !((await api.tree.getChildren()) ?? []).some((n) => label(n) === 'burst'), 120_000);
  });

  test('user expands to its entries in natural order, 1,000 at a time with Load more…', async function () {
    this.timeout(300_000);
    const [user] = (await api.tree.getChildren()) ?? [];
    assert.equal(label(user), 'user');
    await waitFor('the first page to show states', async () =>
      ((await api.tree.getChildren(user)) ?? []).slice(0, 1000).every((row) => row.contextValue === 'entry.fresh'), 240_000);
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
