// Duplicate Entry… and Rename Entry… in the real extension host: same value bytes and expiry under the new key,
// keys the engine refuses, and an existing key replaced only when asked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import { entryNode, entryPath, exists, extensionApi, resetCache, waitForKeys, writeEntry } from './helpers';

const EXACT = '{"timestamp":1700000000,"ttl":999999999,"data":{"big":12345678901234567890,"f":1.0}}';

suite('Manage entries: duplicate and rename', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  setup(async () => {
    await resetCache();
    await fs.writeFile(entryPath('report'), EXACT);
    await writeEntry('other', { age: 60 });
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    await waitForKeys(api, ['other', 'report']);
  });

  test('Duplicate Entry… writes the same file text under the new key and keeps the old one', async () => {
    const node = await entryNode(api, 'report');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.duplicateEntry', node, [node], { key: 'report:copy' }), 'report:copy');
    assert.equal(await fs.readFile(entryPath('report:copy'), 'utf8'), EXACT);
    assert.equal(await fs.readFile(entryPath('report'), 'utf8'), EXACT);
    await waitForKeys(api, ['other', 'report', 'report:copy']);
  });

  test('Rename Entry… moves the file text to the new key, and the tree follows', async () => {
    const node = await entryNode(api, 'report');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.renameEntry', node, [node], { key: 'renamed' }), 'renamed');
    assert.equal(await fs.readFile(entryPath('renamed'), 'utf8'), EXACT);
    assert.equal(await exists(entryPath('report')), false);
    await waitForKeys(api, ['other', 'renamed']);
  });

  test('a rename onto an existing key changes nothing unless overwrite is given', async () => {
    const node = await entryNode(api, 'report');
    const otherBefore = await fs.readFile(entryPath('other'), 'utf8');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.renameEntry', node, [node], { key: 'other' }), undefined);
    assert.equal(await fs.readFile(entryPath('other'), 'utf8'), otherBefore);
    assert.equal(await fs.readFile(entryPath('report'), 'utf8'), EXACT);
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.renameEntry', node, [node], { key: 'other', overwrite: true }), 'other');
    assert.equal(await fs.readFile(entryPath('other'), 'utf8'), EXACT);
    await waitForKeys(api, ['other']);
  });

  test('a rename or duplicate of an entry deleted meanwhile writes nothing under the new key', async () => {
    const node = await entryNode(api, 'report');
    await fs.unlink(entryPath('report'));
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.renameEntry', node, [node], { key: 'moved' }), undefined);
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.duplicateEntry', node, [node], { key: 'copied' }), undefined);
    assert.deepEqual(await fs.readdir(entryPath('report').replace(/report\.json$/, '')), ['other.json']);
  });

  test('a duplicate onto an existing key changes nothing unless overwrite is given', async () => {
    const node = await entryNode(api, 'report');
    const otherBefore = await fs.readFile(entryPath('other'), 'utf8');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.duplicateEntry', node, [node], { key: 'other' }), undefined);
    assert.equal(await fs.readFile(entryPath('other'), 'utf8'), otherBefore);
  });

  test('a key the cache cannot store is refused and nothing is written', async () => {
    const node = await entryNode(api, 'report');
    for (const key of ['', '\ud800']) {
      assert.equal(await vscode.commands.executeCommand('cacheExplorer.duplicateEntry', node, [node], { key }), undefined);
    }
    assert.deepEqual((await fs.readdir(entryPath('report').replace(/report\.json$/, ''))).sort(), ['other.json', 'report.json']);
  });

  test('a multi-selection is refused: these act on exactly one entry', async () => {
    const a = await entryNode(api, 'report');
    const b = await entryNode(api, 'other');
    assert.equal(await vscode.commands.executeCommand('cacheExplorer.renameEntry', a, [a, b], { key: 'x' }), undefined);
    await waitForKeys(api, ['other', 'report']);
  });
});
