// Red team (issue 12): the cache deletes only what is provably its own. A project's package.json, hidden JSON, folders,
// links (and what they point to), FIFOs and sockets in the cache folder survive deleteFile, clear and cleanup.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Cache } from '../../src/engine';
import { makeTempDir } from '../engine/helpers';

const ENTRY = JSON.stringify({ timestamp: Math.floor(Date.now() / 1000), data: 'someone else’s entry-shaped file' });

suite('Only the cache’s files are deleted', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let dir: string;
  let servers: net.Server[];
  setup(() => {
    temp = makeTempDir();
    dir = path.join(temp.dir, 'cache');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(temp.dir, 'outside.json'), ENTRY);
    servers = [];
  });
  teardown(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    temp.remove();
  });

  const at = (name: string) => path.join(dir, name);

  /** A UNIX socket at `name` in the cache folder (what a dev server's IPC socket looks like). */
  async function makeSocket(name: string): Promise<void> {
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(at(name), resolve));
  }

  /** Every kind of file that is not the cache's; returns their names. */
  async function makeForeignFiles(): Promise<string[]> {
    fs.writeFileSync(at('package.json'), '{"name":"app","version":"1.0.0","scripts":{}}');
    fs.writeFileSync(at('tsconfig.json'), '{"compilerOptions":{"strict":true}}');
    fs.writeFileSync(at('.eslintrc.json'), ENTRY); // hidden, even though it holds an entry's shape
    fs.writeFileSync(at('.settings.json'), '{"editor.fontSize":14}');
    fs.mkdirSync(at('folder.json'));
    fs.symlinkSync(path.join(temp.dir, 'outside.json'), at('link.json'));
    fs.symlinkSync(path.join(temp.dir, 'missing.json'), at('dangling.json'));
    execFileSync('mkfifo', [at('fifo.json')]);
    await makeSocket('socket.json');
    return ['.eslintrc.json', '.settings.json', 'dangling.json', 'fifo.json', 'folder.json', 'link.json', 'package.json', 'socket.json', 'tsconfig.json'];
  }

  function snapshot(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const name of fs.readdirSync(dir).sort()) {
      const stat = fs.lstatSync(at(name));
      result[name] = stat.isFile() ? fs.readFileSync(at(name), 'utf8') : `${stat.mode}:${stat.ino}`;
    }
    return result;
  }

  test('deleteFile refuses each foreign file with ENOTCACHEFILE and its reason; all stay byte for byte', async () => {
    const names = await makeForeignFiles();
    const cache = new Cache({ cacheDir: dir });
    const before = snapshot();
    const reasons: Record<string, RegExp> = {
      'package.json': /JSON that is not a cache entry/,
      'tsconfig.json': /JSON that is not a cache entry/,
      '.eslintrc.json': /hidden name/,
      '.settings.json': /hidden name/,
      'folder.json': /a folder/,
      'link.json': /symbolic link/,
      'dangling.json': /symbolic link/,
      'fifo.json': /special file/,
      'socket.json': /special file/,
    };
    for (const name of names) {
      await assert.rejects(cache.deleteFile(name), { code: 'ENOTCACHEFILE', message: reasons[name] }, name);
    }
    assert.deepEqual(snapshot(), before);
    assert.equal(fs.readFileSync(path.join(temp.dir, 'outside.json'), 'utf8'), ENTRY);
  });

  const EXPECTED_REASONS = {
    '.eslintrc.json': 'a hidden name',
    '.settings.json': 'a hidden name',
    'dangling.json': 'a symbolic link',
    'fifo.json': 'a special file',
    'folder.json': 'a folder',
    'link.json': 'a symbolic link',
    'package.json': 'JSON that is not a cache entry',
    'socket.json': 'a special file',
    'tsconfig.json': 'JSON that is not a cache entry',
  };

  /** The cache's own files beside the foreign ones: two entries (one expired) and a write cut off mid-file. */
  async function makeOwnFiles(cache: Cache): Promise<void> {
    await cache.set('report', { rows: 12 });
    fs.writeFileSync(at('old.json'), JSON.stringify({ timestamp: 1, data: 'expired long ago' }));
    fs.writeFileSync(at('torn.json'), '{"timestamp":1700000000,"data":{"ro');
  }

  test('clear deletes the entries and the torn write, keeps every foreign file and reports each with its reason', async () => {
    await makeForeignFiles();
    const cache = new Cache({ cacheDir: dir });
    await makeOwnFiles(cache);
    const foreignBefore = snapshot();
    for (const own of ['report.json', 'old.json', 'torn.json']) delete foreignBefore[own];
    const report = await cache.clearWithReport();
    assert.equal(report.removed, 3);
    assert.deepEqual(Object.fromEntries(report.foreign.map((f) => [f.fileName, f.reason])), EXPECTED_REASONS);
    assert.deepEqual(snapshot(), foreignBefore);
    assert.equal(await cache.clear(), 0, 'a second clear finds nothing of the cache\'s');
    assert.equal(fs.readFileSync(path.join(temp.dir, 'outside.json'), 'utf8'), ENTRY);
  });

  test('cleanup, even with removeUnreadable and everything expired, keeps every foreign file and lists it', async () => {
    await makeForeignFiles();
    await makeOwnFiles(new Cache({ cacheDir: dir }));
    const cache = new Cache({ cacheDir: dir, ttl: 60, now: () => Date.now() + 3_600_000 }); // an hour on: all expired
    const foreignBefore = snapshot();
    for (const own of ['report.json', 'old.json', 'torn.json']) delete foreignBefore[own];
    const report = await cache.cleanup({ removeUnreadable: true });
    assert.equal(report.removed, 2);
    assert.equal(report.unreadableRemoved, 1);
    assert.deepEqual(Object.fromEntries(report.foreign.map((f) => [f.fileName, f.reason])), EXPECTED_REASONS);
    assert.deepEqual(snapshot(), foreignBefore);
    assert.equal(fs.readFileSync(path.join(temp.dir, 'outside.json'), 'utf8'), ENTRY);
  });

  test('an entry-shaped package.json (with "data") in a project folder is an entry; without "data" it never goes', async () => {
    fs.writeFileSync(at('package.json'), '{"name":"app","data":{"note":"looks like an entry"}}');
    fs.writeFileSync(at('composer.json'), '{"name":"app","require":{}}');
    const cache = new Cache({ cacheDir: dir });
    // The rule is the content: an object with "data" at an entry name is what the Python tool writes for key "package".
    assert.equal(await cache.clear(), 1);
    assert.deepEqual(fs.readdirSync(dir), ['composer.json']);
  });
});
