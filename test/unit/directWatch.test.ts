// The system's own watch on a cache folder, on a real temp folder: what a pipeline does to the folder reaches the
// view even when VS Code's watcher loses it (an in-place rewrite, a folder removed and made again).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DirectWatch, folderIdentity } from '../../src/extension/model/directWatch';

/** Resolves once `check` holds, polling every 10 ms; fails after 2 s with `what`. */
async function eventually(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

suite('direct watch on the cache folder', () => {
  let root: string;
  let folder: string;
  let watch: DirectWatch;
  let entries: string[];
  let folderEvents: number;

  setup(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cache-explorer-watch-'));
    folder = path.join(root, 'cache');
    await fs.mkdir(folder);
    entries = [];
    folderEvents = 0;
    watch = new DirectWatch(folder, { entry: (name) => entries.push(name), folder: () => folderEvents++ });
  });

  teardown(async () => {
    watch.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  test('a file rewritten in place is reported by name; other files are not', async () => {
    await fs.writeFile(path.join(folder, 'a.json'), '{"timestamp": 1, "data": 1}');
    assert.ok(watch.arm());
    await fs.writeFile(path.join(folder, 'a.json'), '{"timestamp": 2, "data": 2}');
    await fs.writeFile(path.join(folder, 'notes.txt'), 'not an entry');
    await eventually('the rewrite', () => entries.includes('a.json'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual([...new Set(entries)], ['a.json']);
    assert.equal(folderEvents, 0);
  });

  test('the folder removed and made again: its removal is reported, and the watch set again sees the new folder', async () => {
    const before = await folderIdentity(folder);
    assert.ok(watch.arm());
    await fs.rm(folder, { recursive: true });
    await eventually('the removal', () => folderEvents > 0);
    assert.equal(await folderIdentity(folder), undefined);
    await fs.mkdir(folder);
    const after = await folderIdentity(folder);
    assert.ok(after);
    assert.notEqual(after, before, 'a folder made again is another folder');
    assert.ok(watch.arm());
    await fs.writeFile(path.join(folder, 'b.json'), '{}');
    await eventually('the file in the new folder', () => entries.includes('b.json'));
  });

  test('a link in the folder\'s place is no folder; arming on a missing folder fails without throwing', async () => {
    await fs.rm(folder, { recursive: true });
    assert.equal(watch.arm(), false);
    assert.equal(watch.armed, false);
    const elsewhere = path.join(root, 'elsewhere');
    await fs.mkdir(elsewhere);
    await fs.symlink(elsewhere, folder);
    assert.equal(await folderIdentity(folder), undefined);
  });
});
