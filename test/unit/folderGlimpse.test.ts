// A glimpse of a folder's first names: entries known by name only, none for a folder small enough to list at once,
// and the groups they make are the folder's groups. A real temp folder, on plain Node.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cache } from '../../src/engine';
import { glimpseOf } from '../../src/extension/model/folderGlimpse';
import { levelOf } from '../../src/extension/tree/levels';
import type { ViewSettings } from '../../src/extension/settings';

const settings: ViewSettings = { sortBy: 'key', groupBy: 'prefix', keySeparator: ':' };

suite('a glimpse of the first names', () => {
  let dir: string;
  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-explorer-glimpse-'));
  });
  teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (keys: string[]) => {
    for (const key of keys) fs.writeFileSync(path.join(dir, `${key}.json`), '{"timestamp":1700000000,"data":1}');
  };

  test('of a folder with more names than the glimpse: that many entries, unread, with their files', async () => {
    const keys = Array.from({ length: 600 }, (_, i) => `${['model', 'run', 'user'][i % 3]}:${i}`);
    write(keys);
    const cache = new Cache({ cacheDir: dir });
    const glimpse = await glimpseOf(cache, 200);
    assert.equal(glimpse?.length, 200);
    for (const entry of glimpse!) {
      assert.ok(keys.includes(entry.key), entry.key);
      assert.equal(entry.unread, true, 'known by name only');
      assert.equal(entry.path, path.join(cache.dir, `${entry.key}.json`));
    }
    // Names in hash order: 200 of 600 hold every one of three even groups.
    const { groups } = await levelOf(glimpse!, '', settings, 1700000000);
    assert.deepEqual(groups.map((g) => g.prefix), ['model:', 'run:', 'user:']);
  });

  test('of a folder that fits in the glimpse, or is missing: none (its names come as fast)', async () => {
    write(['a:1', 'a:2']);
    assert.equal(await glimpseOf(new Cache({ cacheDir: dir }), 200), undefined);
    assert.equal(await glimpseOf(new Cache({ cacheDir: path.join(dir, 'missing') }), 200), undefined);
  });
});
