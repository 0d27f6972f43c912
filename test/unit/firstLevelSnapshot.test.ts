// The first level remembered between windows, on a real temp folder standing for VS Code's workspace storage: what
// one window keeps, the next window shows; a different cache folder or key separator, a damaged file or no storage
// at all shows nothing remembered (the view then waits for the names, as on a first open).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { FirstLevelSnapshots, MAX_GROUPS, SNAPSHOT_FILE, type SnapshotScope } from '../../src/extension/tree/firstLevelSnapshot';

suite('first level remembered between windows', () => {
  let storage: string;
  const scope: SnapshotScope = { workspaceFolder: 'file:///work/project', realPath: '/work/project/cache', separator: ':' };

  setup(async () => {
    storage = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'cache-explorer-snapshot-')), 'workspaceStorage', 'abc');
  });

  teardown(async () => {
    await fs.rm(path.dirname(path.dirname(storage)), { recursive: true, force: true });
  });

  /** A window: remembers `groups`, then closes (its write done). */
  async function windowShowing(groups: string[], where = scope): Promise<void> {
    const snapshots = new FirstLevelSnapshots(storage);
    await snapshots.remember(where, groups);
    await snapshots.flush();
  }

  test('the next window shows the groups the last one showed, in their order', async () => {
    await windowShowing(['model:v3:', 'report:', 'user:']);
    assert.deepEqual(await new FirstLevelSnapshots(storage).groupsFor(scope), ['model:v3:', 'report:', 'user:']);
    const left = await fs.readdir(storage);
    assert.deepEqual(left, [SNAPSHOT_FILE], 'no temporary file is left beside the snapshot');
  });

  test('the latest groups win, and each workspace folder keeps its own', async () => {
    const other: SnapshotScope = { ...scope, workspaceFolder: 'file:///work/other', realPath: '/work/other/cache' };
    const snapshots = new FirstLevelSnapshots(storage);
    await snapshots.remember(scope, ['a:', 'b:']);
    await snapshots.remember(other, ['x:']);
    await snapshots.remember(scope, ['a:', 'b:', 'c:']);
    await snapshots.flush();
    const next = new FirstLevelSnapshots(storage);
    assert.deepEqual(await next.groupsFor(scope), ['a:', 'b:', 'c:']);
    assert.deepEqual(await next.groupsFor(other), ['x:']);
  });

  test('another cache folder, or keys split another way, show nothing remembered', async () => {
    await windowShowing(['a:', 'b:']);
    const next = new FirstLevelSnapshots(storage);
    assert.equal(await next.groupsFor({ ...scope, realPath: '/work/project/other-cache' }), undefined);
    assert.equal(await next.groupsFor({ ...scope, separator: '/' }), undefined);
    assert.equal(await next.groupsFor({ ...scope, workspaceFolder: 'file:///elsewhere' }), undefined);
  });

  test('a folder emptied since shows nothing remembered', async () => {
    await windowShowing(['a:', 'b:']);
    await windowShowing([]);
    assert.equal(await new FirstLevelSnapshots(storage).groupsFor(scope), undefined);
  });

  test('a damaged or foreign snapshot file is ignored, and the next write replaces it', async () => {
    await fs.mkdir(storage, { recursive: true });
    for (const text of ['{"file:///work/project": {"realPath": "/work/project/cache", "separator": ":", "groups": [', '[1,2]', 'null']) {
      await fs.writeFile(path.join(storage, SNAPSHOT_FILE), text);
      assert.equal(await new FirstLevelSnapshots(storage).groupsFor(scope), undefined, text);
    }
    const malformed = { realPath: '/work/project/cache', separator: ':', groups: ['a:', 'no-separator', 7] };
    await fs.writeFile(path.join(storage, SNAPSHOT_FILE), JSON.stringify({ [scope.workspaceFolder]: malformed }));
    assert.equal(await new FirstLevelSnapshots(storage).groupsFor(scope), undefined, 'groups that cannot be prefixes');
    await windowShowing(['a:']);
    assert.deepEqual(await new FirstLevelSnapshots(storage).groupsFor(scope), ['a:']);
  });

  test('without a workspace storage folder nothing is kept or written', async () => {
    const snapshots = new FirstLevelSnapshots(undefined);
    await snapshots.remember(scope, ['a:']);
    await snapshots.flush();
    assert.equal(await snapshots.groupsFor(scope), undefined);
    await assert.rejects(fs.stat(storage), 'no storage folder was made');
  });

  test(`keeps the first ${MAX_GROUPS} groups (the view's first page)`, async () => {
    const groups = Array.from({ length: MAX_GROUPS + 5 }, (_, i) => `g${String(i).padStart(5, '0')}:`);
    await windowShowing(groups);
    const kept = await new FirstLevelSnapshots(storage).groupsFor(scope);
    assert.deepEqual(kept, groups.slice(0, MAX_GROUPS));
  });
});
