// The shared tier (Redis) in the real extension host: `cacheExplorer.shared.url` pointing at a redis-server the
// test starts itself (child_process from the host), another Cache on another folder as "another machine".
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Cache } from '../../src/engine';
import type { CacheExplorerApi } from '../../src/extension';
import { RedisServer } from '../engine/redisServer';
import { allNodes, entries, entryPath, exists, extensionApi, keyOf, resetCache, waitFor, withSetting, writeEntry } from './helpers';
import type { CacheNode } from '../../src/extension/tree/nodes';

const PREFIX = 'cache-explorer:';

suite('Shared tier (Redis)', () => {
  let api: CacheExplorerApi;
  let redis: RedisServer;
  let otherDir: string;
  let other: Cache;

  suiteSetup(async function () {
    this.timeout(20_000);
    api = await extensionApi();
    redis = await RedisServer.start(); // fails, saying how to install it, when redis-server is not on PATH
  });

  suiteTeardown(async () => {
    await (redis as RedisServer | undefined)?.stop();
  });

  setup(async () => {
    await resetCache();
    otherDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cache-explorer-other-machine-'));
    other = new Cache({ cacheDir: otherDir, shared: { url: redis.url } });
  });

  teardown(async () => {
    other.dispose();
    await fs.rm(otherDir, { recursive: true, force: true });
    await redis.client.flushdb();
  });

  const folder = () => vscode.workspace.workspaceFolders![0];
  /** Entry nodes by key, shared-only ones (contextValue `sharedEntry.*`) included. */
  async function located(): Promise<Map<string, CacheNode>> {
    const nodes = await allNodes(api);
    return new Map(nodes.filter((n) => /^(entry|sharedEntry)\./.test(n.contextValue ?? '')).map((n) => [keyOf(n), n]));
  }
  const node = (key: string) => waitFor(`entry ${key} in the tree`, async () => (await located()).get(key), 5000);
  const description = async (key: string) => String((await node(key)).description ?? '');

  test('an entry set by another machine shows as "shared only"; Pull Shared Entries brings it here as "local + shared"', async () => {
    await other.set('team:result', { rows: [1, 2, 3] });
    await writeEntry('mine', { data: 1 });
    await withSetting('shared.url', redis.url, async () => {
      await vscode.commands.executeCommand('cacheExplorer.refresh');
      await waitFor('"team:result" marked shared only', async () => (await description('team:result')).includes('shared only'), 10_000);
      const sharedOnly = await node('team:result');
      assert.equal(sharedOnly.contextValue, 'sharedEntry.fresh');
      assert.equal(sharedOnly.command, undefined, 'no file to open yet');
      assert.deepEqual([...(await located()).keys()].sort(), ['mine', 'team:result']);
      assert.match(await description('mine'), /· local$/);
      assert.equal(await exists(entryPath('team:result')), false);

      const pulled = await vscode.commands.executeCommand('cacheExplorer.pullShared');
      assert.equal(pulled, 1);
      assert.equal(await exists(entryPath('team:result')), true);
      assert.equal(
        await fs.readFile(entryPath('team:result'), 'utf8'),
        await redis.client.get(PREFIX + 'team:result'),
        'the file is the shared entry, byte for byte (its timestamp kept)',
      );
      await waitFor('"team:result" marked local + shared', async () => (await description('team:result')).includes('local + shared'), 5000);
      assert.equal((await node('team:result')).contextValue, 'entry.fresh');
      assert.deepEqual(await api.getCache(folder())!.get('team:result'), { rows: [1, 2, 3] });
    });
    // The setting restored: no shared tier, no marks.
    await waitFor('the marks to go', async () => !(await description('mine')).includes('local'), 5000);
  });

  test('what the extension sets reaches Redis, and the other machine gets it', async () => {
    await withSetting('shared.url', redis.url, async () => {
      await api.getCache(folder())!.set('from-vscode', { ok: true });
      assert.ok(await redis.client.exists(PREFIX + 'from-vscode'));
      assert.deepEqual(await other.get('from-vscode'), { ok: true });
      await waitFor('"from-vscode" marked local + shared', async () => {
        await vscode.commands.executeCommand('cacheExplorer.refresh');
        return (await description('from-vscode')).includes('local + shared');
      });
    });
  });

  test('the shared state the status bar shows: off, connected, unreachable when Redis dies, connected again', async () => {
    assert.equal(api.getCache(folder())!.sharedState, 'off');
    await withSetting('shared.url', redis.url, async () => {
      const cache = () => api.getCache(folder())!;
      await cache().get('warm-up');
      assert.equal(cache().sharedState, 'connected');
      assert.equal(cache().sharedInfo?.url, redis.url);
      await redis.kill();
      try {
        await cache().set('while-down', 1); // completes locally
        assert.equal(await exists(entryPath('while-down')), true);
        await waitFor('the shared tier to be unreachable', () => cache().sharedState === 'unreachable', 5000);
        // Pull Shared Entries with Redis down reports the failure instead of throwing.
        assert.equal(await vscode.commands.executeCommand('cacheExplorer.pullShared'), undefined);
      } finally {
        await redis.restart();
      }
      await waitFor('the shared tier to reconnect', () => cache().sharedState === 'connected', 10_000);
    });
    assert.equal(api.getCache(folder())!.sharedState, 'off');
    // The tree still shows the entry written while Redis was down.
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    assert.ok((await entries(api)).has('while-down'));
  });
});
