// Set Expiry…, Mark Fresh and Expire Now in the real extension host: on one entry, a multi-selection, a group, bad
// durations, an entry deleted meanwhile; the value bytes stay and the tree follows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import { entryNode, entryPath, extensionApi, label, readEntryFile, resetCache, waitFor, waitForKeys, writeEntry } from './helpers';

const DAY = 86400;
/** A value a JSON round trip would change: it must come out of every edit byte for byte. */
const EXACT_DATA = '{"big":12345678901234567890,"f":1.0}';

async function stateOf(api: CacheExplorerApi, key: string): Promise<string | undefined> {
  return (await entryNode(api, key)).contextValue;
}

suite('Manage entries: expiry', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  setup(async () => {
    await resetCache();
    await writeEntry('model:a', { age: 60 });
    await writeEntry('model:b', { age: 2 * DAY });
    await fs.writeFile(entryPath('exact'), `{"timestamp":${Math.floor(Date.now() / 1000) - 2 * DAY},"data":${EXACT_DATA}}`);
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    await waitForKeys(api, ['exact', 'model:a', 'model:b']);
  });

  test('Set Expiry… writes the entry own ttl, keeps timestamp and value bytes, and the tree turns it fresh', async () => {
    const node = await entryNode(api, 'exact', 'entry.expired');
    const before = await readEntryFile('exact');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.setExpiry', node, [node], { duration: '3d' }), 1);
    const text = await fs.readFile(entryPath('exact'), 'utf8');
    assert.equal(text, `{"timestamp":${before.timestamp},"ttl":259200,"data":${EXACT_DATA}}`);
    await waitFor('the tree to show it fresh', async () => (await stateOf(api, 'exact')) === 'entry.fresh');
  });

  test("Set Expiry… to the folder's default drops the entry own ttl", async () => {
    await writeEntry('own', { age: 60, ttl: 30 });
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    // Listed from its name at once, expired once its file is read.
    const node = await entryNode(api, 'own', 'entry.expired');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.setExpiry', node, [node], { duration: 'default' }), 1);
    assert.equal((await readEntryFile('own')).ttl, undefined);
    await waitFor('the tree to show it fresh', async () => (await stateOf(api, 'own')) === 'entry.fresh');
  });

  test('Set Expiry… refuses abc and -5m, changing nothing', async () => {
    const node = await entryNode(api, 'model:a');
    const before = await fs.readFile(entryPath('model:a'), 'utf8');
    for (const duration of ['abc', '-5m', '0s']) {
      assert.equal(await vscode.commands.executeCommand('cacheExplorer.setExpiry', node, [node], { duration }), undefined, duration);
    }
    assert.equal(await fs.readFile(entryPath('model:a'), 'utf8'), before);
  });

  test('Set Expiry… on a group sets every entry under it, and only those', async () => {
    const group = (await api.tree.getChildren())?.find((n) => label(n) === 'model');
    const exactBefore = await fs.readFile(entryPath('exact'), 'utf8');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.setExpiry', group, { duration: '7d' }), 2);
    assert.equal((await readEntryFile('model:a')).ttl, 7 * DAY);
    assert.equal((await readEntryFile('model:b')).ttl, 7 * DAY);
    assert.equal(await fs.readFile(entryPath('exact'), 'utf8'), exactBefore);
    await waitFor('model:b fresh', async () => (await stateOf(api, 'model:b')) === 'entry.fresh');
  });

  test('Mark Fresh on a multi-selection moves each timestamp to now, keeping value bytes', async () => {
    const exact = await entryNode(api, 'exact');
    const old = await entryNode(api, 'model:b');
    const start = Date.now() / 1000;
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.markFresh', exact, [exact, old]), 2);
    for (const key of ['exact', 'model:b']) assert.ok((await readEntryFile(key)).timestamp >= start - 1, key);
    assert.match(await fs.readFile(entryPath('exact'), 'utf8'), new RegExp(`,"data":${EXACT_DATA.replace(/[.]/g, '\\.')}}$`));
    await waitFor('both fresh', async () => (await stateOf(api, 'exact')) === 'entry.fresh' && (await stateOf(api, 'model:b')) === 'entry.fresh');
  });

  test('Expire Now turns a fresh entry expired, and Clean Up Expired then removes it', async () => {
    const node = await entryNode(api, 'model:a', 'entry.fresh');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.expireNow', node, [node]), 1);
    await waitFor('the tree to show it expired', async () => (await stateOf(api, 'model:a')) === 'entry.expired');
    assert.deepEqual((await readEntryFile('model:a')).data, { key: 'model:a' });
    await vscode.commands.executeCommand('cacheExplorer.cleanupExpired');
    await waitForKeys(api, []);
  });

  test('an entry deleted by another process meanwhile is reported, not recreated; the others are still changed', async () => {
    const gone = await entryNode(api, 'model:a');
    const other = await entryNode(api, 'model:b');
    await fs.unlink(entryPath('model:a'));
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.markFresh', gone, [gone, other]), 1);
    await assert.rejects(fs.stat(entryPath('model:a')), /ENOENT/);
    await waitFor('model:b fresh', async () => (await stateOf(api, 'model:b')) === 'entry.fresh');
  });

  test('an entry another process deletes while the Set Expiry… quick pick is open is not recreated; nothing else changes', async () => {
    const node = await entryNode(api, 'model:a');
    const others = async () => Promise.all(['model:b', 'exact'].map((key) => fs.readFile(entryPath(key), 'utf8')));
    const before = await others();
    // The real command, as the context menu runs it: it waits in its quick pick for the user.
    const running = Promise.resolve(vscode.commands.executeCommand<number | undefined>('cacheExplorer.setExpiry', node, [node]));
    let settled = false;
    void running.finally(() => (settled = true));
    await fs.unlink(entryPath('model:a'));
    // The user picks the first choice, "1 hour", once the quick pick is there (accepting before it shows does nothing).
    await waitFor('the quick pick to take the choice', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((resolve) => setTimeout(resolve, 100));
      return settled;
    }, 10_000);
    assert.equal(await running, 0, 'nothing was changed');
    await assert.rejects(fs.stat(entryPath('model:a')), /ENOENT/);
    assert.deepEqual(await others(), before);
    await waitForKeys(api, ['exact', 'model:b']);
  });

  test('a file that is not the engine spelling of its key is left alone', async () => {
    await fs.writeFile(entryPath('exact').replace('exact.json', 'model%3av2.json'), '{"timestamp":1,"data":1}');
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    const node = await entryNode(api, 'model%3av2');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.markFresh', node, [node]), 0);
    assert.equal(await fs.readFile(entryPath('exact').replace('exact.json', 'model%3av2.json'), 'utf8'), '{"timestamp":1,"data":1}');
  });
});
