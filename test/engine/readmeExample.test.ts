// The README's "Use the engine from Node" example, run as a user would: in a project where cache-explorer is
// installed (node_modules/cache-explorer → this repo), through the package's `exports` (`cache-explorer/engine`).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useTempFolder, repoRoot } from './helpers';

/** The first ```js block after the heading. */
function readmeExample(root: string): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use the engine from Node'));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'the README has a js example under "Use the engine from Node"');
  return match[1]!;
}

suite('README: use the engine from Node', () => {
  const temp = useTempFolder();

  test('the example runs against dist/engine.js and does what its comments say', () => {
    const root = repoRoot();
    assert.ok(fs.existsSync(path.join(root, 'dist', 'engine.js')), 'dist/engine.js is built (node esbuild.js)');
    fs.mkdirSync(path.join(temp.parent, 'node_modules'));
    fs.symlinkSync(root, path.join(temp.parent, 'node_modules', 'cache-explorer'), 'dir');
    fs.writeFileSync(path.join(temp.parent, 'example.js'), readmeExample(root));
    const run = spawnSync(process.execPath, ['example.js'], { cwd: temp.parent, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const out = run.stdout;
    assert.match(out, /duration: 120/);
    assert.match(out, /^1204$/m);
    assert.match(out, /^video_metadata fresh \d+/m);
    assert.match(out, /^stats:daily fresh \d+/m);
    assert.match(out, /removed: 0/);
    assert.match(out, /^ENOTJSON$/m);
    assert.deepEqual(fs.readdirSync(path.join(temp.parent, 'cache')).sort(), ['stats:daily.json', 'video_metadata.json']);
  });
});
