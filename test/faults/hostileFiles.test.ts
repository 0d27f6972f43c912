// Hostile files in the cache folder: empty, invalid JSON, JSON without data, a 200 MB file, a folder named x.json,
// a file that cannot be read (EACCES through the injectable fs: root ignores chmod), symlinks pointing outside cache/,
// names with bytes that are not UTF-8, a FIFO. Each is listed as unreadable with a reason; listing stays fast and
// bounded in memory; links are never followed for reading, writing or deleting.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cache, nodeFileSystem, type FileSystem } from '../../src/engine';
import { makeTempDir } from '../engine/helpers';
import { report, rssMb, scaled } from './helpers';

const HUGE = 200 * 1024 * 1024;
const OUTSIDE_ENTRY = JSON.stringify({ timestamp: Math.floor(Date.now() / 1000), data: 'outside — must never be read or touched' });

/** The real fs, except that reading the named files fails with EACCES (what chmod 000 does for a non-root user). */
function unreadableFs(names: string[]): FileSystem {
  return {
    ...nodeFileSystem,
    readFile: async (p, max) => {
      if (names.includes(path.basename(p))) throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
      return nodeFileSystem.readFile(p, max);
    },
  };
}

suite('Hostile files', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let dir: string;
  let outside: string;
  setup(() => {
    temp = makeTempDir();
    dir = path.join(temp.dir, 'cache');
    outside = path.join(temp.dir, 'outside');
    fs.mkdirSync(dir);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'target.json'), OUTSIDE_ENTRY);
  });
  teardown(() => temp.remove());

  const at = (name: string) => path.join(dir, name);
  const outsideTarget = () => path.join(outside, 'target.json');
  const assertOutsideUntouched = () => {
    assert.equal(fs.readFileSync(outsideTarget(), 'utf8'), OUTSIDE_ENTRY, 'the link target outside cache/ changed');
    assert.deepEqual(fs.readdirSync(outside), ['target.json']);
  };

  /** Every kind of hostile file; returns the names expected in the listing as unreadable. */
  function makeHostileFiles(): string[] {
    fs.writeFileSync(at('empty.json'), '');
    fs.writeFileSync(at('invalid.json'), '{"timestamp": 1700000000, "data": [1, 2,');
    fs.writeFileSync(at('nodata.json'), '{"timestamp": 1700000000, "value": 1}');
    fs.writeFileSync(at('array.json'), '[1, 2, 3]');
    fs.writeFileSync(at('bom-garbage.json'), '\ufeff\u0000\u0001');
    fs.writeFileSync(at('deep.json'), '['.repeat(1_000_000) + ']'.repeat(1_000_000));
    // 200 MB of zeros (sparse): invalid JSON, and far too big to read whole just to list it.
    fs.closeSync(fs.openSync(at('huge-zeros.json'), 'w'));
    fs.truncateSync(at('huge-zeros.json'), HUGE);
    fs.mkdirSync(at('folder.json'));
    fs.writeFileSync(at('secret.json'), JSON.stringify({ timestamp: 1, data: 'no permission' }));
    fs.symlinkSync(outsideTarget(), at('link.json'));
    fs.symlinkSync(outside, at('dirlink.json'));
    fs.symlinkSync(path.join(outside, 'missing.json'), at('dangling.json'));
    execFileSync('mkfifo', [at('fifo.json')]);
    // A name that is not UTF-8 (0xFF 0xFE): only a Buffer path can create it.
    fs.writeFileSync(Buffer.concat([Buffer.from(dir + '/'), Buffer.from([0xff, 0xfe]), Buffer.from('.json')]), OUTSIDE_ENTRY);
    return [
      'empty.json', 'invalid.json', 'nodata.json', 'array.json', 'bom-garbage.json', 'deep.json', 'huge-zeros.json',
      'folder.json', 'secret.json', 'link.json', 'dirlink.json', 'dangling.json', 'fifo.json', '\ufffd\ufffd.json',
    ];
  }

  test('each hostile file is listed as unreadable with a reason; the listing is fast and does not read the 200 MB file', async function () {
    this.timeout(30_000);
    const expected = makeHostileFiles();
    // A 200 MB entry with a valid head: listed by its head alone.
    fs.writeFileSync(at('huge-valid.json'), `{"timestamp":${Math.floor(Date.now() / 1000)},"data":"`);
    fs.truncateSync(at('huge-valid.json'), HUGE);
    const cache = new Cache({ cacheDir: dir, fs: unreadableFs(['secret.json']) });
    global.gc?.();
    const rssBefore = rssMb();
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 5);
    const started = Date.now();
    const listed = await cache.entries();
    const ms = Date.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb());
    const byName = new Map(listed.map((e) => [e.fileName, e]));
    for (const name of expected) {
      const info = byName.get(name);
      assert.ok(info, `${JSON.stringify(name)} is not listed (listed: ${[...byName.keys()].join(', ')})`);
      assert.equal(info.state, 'unreadable', `${name} is ${info.state}`);
      assert.ok(info.problem && info.problem.length > 10, `${name} has no reason`);
    }
    assert.match(byName.get('secret.json')!.problem!, /Permission denied/);
    assert.match(byName.get('link.json')!.problem!, /symbolic link/);
    assert.match(byName.get('folder.json')!.problem!, /not a regular file|folder/);
    assert.equal(byName.get('huge-valid.json')?.state, 'fresh', 'a huge entry with a valid head is listed from its head');
    assert.ok(ms < 3000, `listing took ${ms} ms`);
    assert.ok(peak - rssBefore < 64, `listing grew RSS by ${(peak - rssBefore).toFixed(0)} MB`);
    // get never throws on them and never follows the links.
    for (const name of expected) await cache.get(name.slice(0, -'.json'.length));
    assert.equal(await cache.get('link'), undefined);
    assert.equal(await cache.get('dirlink'), undefined);
    assertOutsideUntouched();
    report('hostile files', { 'files tried': expected.length + 1, 'listing ms': ms, 'listing RSS growth MB': Math.round(peak - rssBefore) });
  });

  test('links are never followed: set replaces the link, delete removes only the link, clear / cleanup keep links', async () => {
    for (const name of ['link', 'dirlink', 'dangling']) fs.symlinkSync(name === 'dirlink' ? outside : outsideTarget(), at(`${name}.json`));
    const cache = new Cache({ cacheDir: dir });
    // set writes a new file in place of the link (rename replaces the name), never through it.
    await cache.set('link', 'mine');
    assert.ok(fs.lstatSync(at('link.json')).isFile());
    assert.equal(await new Cache({ cacheDir: dir }).get('link'), 'mine');
    assertOutsideUntouched();
    fs.rmSync(at('link.json'));
    fs.symlinkSync(outsideTarget(), at('link.json'));
    // delete removes the link only.
    assert.equal(await cache.delete('link'), true);
    assert.equal(fs.existsSync(at('link.json')), false);
    assertOutsideUntouched();
    // cleanup (even asked to remove unreadable files) and clear keep links: a link is not the cache's.
    fs.symlinkSync(outsideTarget(), at('link.json'));
    const cleaned = await cache.cleanup({ removeUnreadable: true });
    assert.equal(cleaned.unreadableRemoved, 0);
    assert.deepEqual(cleaned.foreign.map((f) => f.reason), ['a symbolic link', 'a symbolic link', 'a symbolic link']);
    assert.equal(await cache.clear(), 0);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['dangling.json', 'dirlink.json', 'link.json']);
    assertOutsideUntouched();
  });

  test('clear and cleanup with every hostile file present: nothing throws, nothing outside is touched', async function () {
    this.timeout(30_000);
    makeHostileFiles();
    const cache = new Cache({ cacheDir: dir, fs: unreadableFs(['secret.json']) });
    const cleaned = await cache.cleanup();
    assert.equal(cleaned.removed, 0);
    // The cache's own unreadable files: torn or garbled writes at entry names (empty, invalid, garbage, 200 MB of zeros).
    assert.equal(cleaned.unreadable, 4);
    await cache.cleanup({ removeUnreadable: true });
    await cache.clear();
    assertOutsideUntouched();
    // What is left is what is not provably the cache's: JSON that is no entry (deep.json is a valid, deeply nested
    // array), a file it may not read, the folder,
    // the links, the FIFO and the name it cannot spell.
    assert.deepEqual(fs.readdirSync(dir).sort(), [
      'array.json', 'dangling.json', 'deep.json', 'dirlink.json', 'fifo.json', 'folder.json', 'link.json', 'nodata.json', 'secret.json', '\ufffd\ufffd.json',
    ].sort());
  });

  test(`listing ${scaled('5,000', '50,000')} files, a tenth of them hostile, stays fast and bounded`, async function () {
    this.timeout(scaled(60_000, 300_000));
    const count = scaled(5000, 50_000);
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < count; i++) {
      const text = i % 10 === 0 ? '{"timestamp":' : JSON.stringify({ timestamp: now - (i % 3) * 100_000, data: { i } });
      fs.writeFileSync(at(`bulk:${i}.json`), text);
    }
    const cache = new Cache({ cacheDir: dir });
    const rssBefore = rssMb();
    const started = Date.now();
    const listed = await cache.entries();
    const ms = Date.now() - started;
    assert.equal(listed.length, count);
    assert.equal(listed.filter((e) => e.state === 'unreadable').length, count / 10);
    assert.ok(ms < scaled(5000, 30_000), `listing ${count} files took ${ms} ms`);
    assert.ok(rssMb() - rssBefore < 200);
    report('hostile files', { 'bulk files listed': count, 'bulk listing ms': ms });
  });
});
