// Files a removal left aside when its process died (.cache-aside.<pid>.<random>/<name>): the next cleanup or clear puts
// them back, unless a newer file took the name meanwhile; a live owner's folder is left to its owner.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listDir, makeCache, readText, useTempFolder, writeText } from './helpers';

const DEAD_PID = 999_999_999; // beyond any pid_max: no such process
const entry = (data: string, timestamp = 1_700_000_000) => JSON.stringify({ timestamp, data });

suite('Files left aside by a removal that died', () => {
  const temp = useTempFolder();
  let dir = '';
  let aside = '';
  setup(() => {
    dir = temp.cacheDir;
    aside = path.join(dir, `.cache-aside.${DEAD_PID}.deadbeef`);
    fs.mkdirSync(aside, { recursive: true });
  });

  test('cleanup puts a parked file back under its name, and removes the aside folder', async () => {
    writeText(aside, 'k.json', entry('parked'));
    writeText(aside, 'a:b.json', entry('parked too'));
    const { cache } = makeCache(dir);
    await cache.cleanup();
    assert.deepEqual(listDir(dir), ['a:b.json', 'k.json']);
    assert.equal(await cache.get('k'), 'parked');
    assert.equal(await cache.get('a:b'), 'parked too');
  });

  test('a newer file at the name wins: the parked one goes', async () => {
    writeText(aside, 'k.json', entry('parked, older'));
    writeText(dir, 'k.json', entry('written after it was parked'));
    const { cache } = makeCache(dir);
    await cache.clear();
    assert.deepEqual(listDir(dir), [], 'clear then removed the entry, and nothing is left aside');
    writeText(aside, 'k.json', entry('parked, older'));
    writeText(dir, 'k.json', entry('written after it was parked'));
    await cache.cleanup();
    assert.equal(readText(dir, 'k.json'), entry('written after it was parked'));
    assert.deepEqual(listDir(dir), ['k.json']);
  });

  test('the aside folder of a live process is left to it', async () => {
    const live = path.join(dir, `.cache-aside.${process.pid}.0badf00d`);
    fs.renameSync(aside, live);
    writeText(live, 'k.json', entry('being checked by its owner'));
    const { cache } = makeCache(dir);
    await cache.cleanup();
    assert.deepEqual(fs.readdirSync(live), ['k.json']);
    assert.equal(fs.existsSync(path.join(dir, 'k.json')), false);
  });
});
