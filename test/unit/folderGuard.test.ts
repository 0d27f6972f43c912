// The folder guard's rule and its real-path half, on plain Node against a real temp folder (links included).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isInside, judgeCacheFolder, sameVerdict, type GuardInput } from '../../src/extension/model/folderGuard';
import { guardCacheFolder, realPathOf } from '../../src/extension/model/realPaths';

const WORKSPACE = '/home/ana/project';
const HOME = '/home/ana';

function judge(setting: string, overrides: Partial<GuardInput> = {}) {
  const input: GuardInput = {
    setting,
    source: 'workspace',
    workspaceFolder: WORKSPACE,
    realWorkspaceFolder: WORKSPACE,
    realHome: HOME,
    realTarget: path.resolve(WORKSPACE, setting),
    ...overrides,
  };
  const verdict = judgeCacheFolder(input);
  return verdict.ok ? 'ok' : verdict.refusal;
}

suite('folder guard: the rule', () => {
  test('a folder inside the workspace is a cache folder', () => {
    assert.equal(judge('cache'), 'ok');
    assert.equal(judge('data/cache'), 'ok');
    assert.equal(judge(`${WORKSPACE}/cache`), 'ok');
    assert.equal(judge('..project-cache'), 'ok', 'a name starting with two dots is still inside');
  });

  test('the workspace folder itself and its ancestors are refused, from any settings', () => {
    for (const source of ['workspace', 'user', 'default'] as const) {
      assert.equal(judge('.', { source }), 'workspaceFolder');
      assert.equal(judge('cache/..', { source }), 'workspaceFolder');
      assert.equal(judge('..', { source }), 'homeFolder');
      assert.equal(judge('../..', { source }), 'containsWorkspaceFolder');
      assert.equal(judge('/', { source }), 'fileSystemRoot');
    }
  });

  test('the home folder and folders holding it are refused', () => {
    const elsewhere = { workspaceFolder: '/srv/project', realWorkspaceFolder: '/srv/project', source: 'user' as const };
    assert.equal(judge(HOME, { ...elsewhere, realTarget: HOME }), 'homeFolder');
    assert.equal(judge('/home', { ...elsewhere, realTarget: '/home' }), 'containsHomeFolder');
  });

  test('an absolute folder outside the workspace is honoured from user settings only', () => {
    assert.equal(judge('/var/cache/pipeline', { source: 'user' }), 'ok');
    assert.equal(judge('/var/cache/pipeline', { source: 'workspace' }), 'outsideFromWorkspaceSettings');
    assert.equal(judge('../shared-cache', { source: 'user' }), 'ok');
    assert.equal(judge('../shared-cache', { source: 'workspace' }), 'outsideFromWorkspaceSettings');
    assert.equal(judge(`${HOME}/.config/Code/User`, { source: 'workspace' }), 'outsideFromWorkspaceSettings');
  });

  test('a folder named inside the workspace whose real path is outside is refused, even from user settings', () => {
    const realTarget = `${HOME}/.config/Code/User`;
    assert.equal(judge('cache', { realTarget }), 'linkLeavesWorkspace');
    assert.equal(judge('cache', { realTarget, source: 'user' }), 'linkLeavesWorkspace');
    assert.equal(judge('cache', { realTarget: HOME }), 'homeFolder');
  });

  test('real paths are compared, not the paths as opened', () => {
    // The workspace opened through a link (/tmp → /private/tmp on macOS): its cache really is inside it.
    const opened = { workspaceFolder: '/tmp/project', realWorkspaceFolder: '/private/tmp/project' };
    assert.equal(judge('cache', { ...opened, realTarget: '/private/tmp/project/cache' }), 'ok');
    assert.equal(judge('cache', { ...opened, realTarget: '/private/tmp/project' }), 'workspaceFolder');
  });

  test('two looks agree only on the same decision about the same real path', () => {
    const ok = { ok: true, realPath: '/p/cache' } as const;
    assert.equal(sameVerdict(ok, { ok: true, realPath: '/p/cache' }), true);
    assert.equal(sameVerdict(ok, { ok: true, realPath: '/p/build/cache' }), false, 'the folder moved (a link changed)');
    assert.equal(sameVerdict(ok, { ok: false, refusal: 'linkLeavesWorkspace', realPath: '/p/cache' }), false);
  });

  test('isInside is strict and never fooled by a common prefix', () => {
    assert.equal(isInside('/a/b', '/a'), true);
    assert.equal(isInside('/a', '/a'), false);
    assert.equal(isInside('/ab', '/a'), false);
    assert.equal(isInside('/', '/a'), false);
  });
});

suite('folder guard: real paths on disk', () => {
  let temp: string;
  let workspace: string;
  let outside: string;

  setup(() => {
    temp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cache-guard-test-')));
    workspace = path.join(temp, 'project');
    outside = path.join(temp, 'outside');
    fs.mkdirSync(workspace);
    fs.mkdirSync(outside);
  });
  teardown(() => fs.rmSync(temp, { recursive: true, force: true }));

  test('a folder that does not exist yet resolves to where it would be created', () => {
    assert.equal(realPathOf(path.join(workspace, 'cache', 'deep')), path.join(workspace, 'cache', 'deep'));
  });

  test('a committed `cache` link to a folder outside is refused', () => {
    fs.symlinkSync(outside, path.join(workspace, 'cache'));
    const verdict = guardCacheFolder('cache', 'default', workspace);
    assert.deepEqual(verdict, { ok: false, refusal: 'linkLeavesWorkspace', realPath: outside });
  });

  test('a dangling `cache` link is judged by where it points', () => {
    fs.symlinkSync(path.join(outside, 'not-yet'), path.join(workspace, 'cache'));
    const verdict = guardCacheFolder('cache', 'default', workspace);
    assert.deepEqual(verdict, { ok: false, refusal: 'linkLeavesWorkspace', realPath: path.join(outside, 'not-yet') });
  });

  test('a symlinked ancestor that leads outside is refused', () => {
    fs.symlinkSync(outside, path.join(workspace, 'data'));
    const verdict = guardCacheFolder('data/cache', 'workspace', workspace);
    assert.deepEqual(verdict, { ok: false, refusal: 'linkLeavesWorkspace', realPath: path.join(outside, 'cache') });
  });

  test('a `cache` link to the workspace folder itself is refused', () => {
    fs.symlinkSync('.', path.join(workspace, 'cache'));
    assert.deepEqual(guardCacheFolder('cache', 'default', workspace), { ok: false, refusal: 'workspaceFolder', realPath: workspace });
  });

  test('a link inside the workspace that stays inside is fine, and the engine gets its real path', () => {
    fs.mkdirSync(path.join(workspace, 'build', 'cache'), { recursive: true });
    fs.symlinkSync(path.join('build', 'cache'), path.join(workspace, 'cache'));
    assert.deepEqual(guardCacheFolder('cache', 'default', workspace), { ok: true, realPath: path.join(workspace, 'build', 'cache') });
  });

  test('a loop of links is an error, not a hang', () => {
    fs.symlinkSync('b', path.join(workspace, 'a'));
    fs.symlinkSync('a', path.join(workspace, 'b'));
    assert.throws(() => realPathOf(path.join(workspace, 'a')), /ELOOP|Too many symbolic links/);
    assert.deepEqual(guardCacheFolder('a', 'workspace', workspace), { ok: false, refusal: 'unresolvable', realPath: path.join(workspace, 'a') });
  });
});
