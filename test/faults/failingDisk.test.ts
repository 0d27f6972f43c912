// A failing disk through the engine's injectable file system: ENOSPC, EACCES, EIO and EMFILE on write, rename, read
// and unlink, against every cache method (a matrix), then random faults under a random workload. Each fault gives a
// StorageError with the injected code (or, for reads while listing and for EACCES, an unreadable entry); the previous
// file stays intact; memory matches disk afterwards; the next operation after the fault clears works.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cache, nodeFileSystem, StorageError, type FileSystem } from '../../src/engine';
import { FaultyFileSystem, useTempFolder, ManualClock } from '../engine/helpers';
import { report, scaled } from './helpers';
import { random } from './workers/values';

const OPERATIONS = ['writeNewFile', 'rename', 'readFile', 'unlink'] as const;
const CODES = ['ENOSPC', 'EACCES', 'EIO', 'EMFILE'] as const;
type Method = 'set' | 'get' | 'has' | 'peek' | 'delete' | 'clear' | 'cleanup' | 'entries' | 'getOrSet';
const METHODS: Record<Method, (cache: Cache) => Promise<unknown>> = {
  set: (c) => c.set('k', { v: 2 }),
  get: (c) => c.get('cold'),
  has: (c) => c.has('cold'),
  peek: (c) => c.peek('k'),
  delete: (c) => c.delete('k'),
  clear: (c) => c.clear(),
  cleanup: (c) => c.cleanup(),
  entries: (c) => c.entries(),
  getOrSet: (c) => c.getOrSet('missing', () => ({ v: 3 })),
};
const KEYS = ['k', 'cold', 'old', 'missing'];

/** Reads that fail while listing make that file unreadable instead of failing the call; so does EACCES anywhere. */
function faultIsAbsorbed(operation: string, code: string, method: Method): boolean {
  return operation === 'readFile' && (method === 'entries' || method === 'cleanup' || code === 'EACCES');
}

suite('Failing disk', () => {
  const temp = useTempFolder();

  test(`matrix: ${OPERATIONS.length} operations × ${CODES.length} errors × ${Object.keys(METHODS).length} methods`, async () => {
    let combos = 0;
    let injected = 0;
    let rejected = 0;
    let absorbed = 0;
    for (const operation of OPERATIONS) {
      for (const code of CODES) {
        for (const [method, call] of Object.entries(METHODS) as [Method, (c: Cache) => Promise<unknown>][]) {
          const where = `${code} on ${operation} during ${method}`;
          const dir = path.join(temp.parent, `${operation}-${code}-${method}`, 'cache');
          const clock = new ManualClock(Date.now());
          const writer = new Cache({ cacheDir: dir, now: clock.now });
          await writer.set('k', { v: 1 });
          await writer.set('cold', { v: 'cold' });
          await new Cache({ cacheDir: dir, now: () => clock.ms - 2 * 86400_000 }).set('old', { v: 'old' });
          const before = new Map(fs.readdirSync(dir).map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));
          const faulty = new FaultyFileSystem(operation, code);
          faulty.armed = false;
          // A frozen clock: memory is trusted without looking at the disk, so a stale memory value would show.
          const cache = new Cache({ cacheDir: dir, now: clock.now, fs: faulty });
          assert.deepEqual(await cache.get('k'), { v: 1 });
          const callsBefore = faulty.calls[operation] ?? 0;
          faulty.armed = true;
          const outcome = await call(cache).then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          );
          faulty.armed = false;
          const hits = (faulty.calls[operation] ?? 0) - callsBefore;
          injected += hits;
          combos++;
          if ('error' in outcome) {
            const error = outcome.error as StorageError;
            assert.ok(hits > 0, `${where}: failed without touching the fault: ${error}`);
            assert.ok(error instanceof StorageError, `${where}: threw ${String(error)}, not a StorageError`);
            assert.equal(error.code, code, `${where}: code ${error.code}`);
            assert.ok(error.cause, `${where}: no cause`);
            assert.ok(!faultIsAbsorbed(operation, code, method), `${where}: should have been absorbed`);
            rejected++;
            // The files the call would have replaced or removed are as they were.
            for (const [name, text] of before) {
              assert.equal(fs.readFileSync(path.join(dir, name), 'utf8'), text, `${where}: ${name} changed`);
            }
            const temps = fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));
            assert.deepEqual(temps, [], `${where}: temp file left`);
            // Cleanup and clear move a file aside before deleting it; when they cannot delete, they link it back
            // under its name, and a name left in the aside folder is only a second name of that same file.
            for (const aside of fs.readdirSync(dir).filter((n) => n.startsWith('.cache-aside.'))) {
              for (const name of fs.readdirSync(path.join(dir, aside))) {
                const second = fs.statSync(path.join(dir, aside, name)).ino;
                assert.equal(second, fs.statSync(path.join(dir, name)).ino, `${where}: ${aside}/${name} is not back at its name`);
              }
            }
          } else {
            assert.ok(hits === 0 || faultIsAbsorbed(operation, code, method), `${where}: the fault was swallowed`);
            if (hits > 0) absorbed++;
            if (hits > 0 && method === 'entries') {
              assert.ok((outcome.value as { state: string }[]).every((e) => e.state === 'unreadable'), `${where}: not listed as unreadable`);
            }
          }
          // Memory matches disk: what this cache answers is what a fresh cache reads from the files.
          for (const key of KEYS) {
            const fromDisk = await new Cache({ cacheDir: dir, now: clock.now }).get(key);
            assert.deepEqual(await cache.get(key), fromDisk, `${where}: memory and disk disagree on ${key}`);
          }
          // The next operation works.
          await cache.set('k', { v: 'after' });
          assert.deepEqual(await new Cache({ cacheDir: dir, now: clock.now }).get('k'), { v: 'after' });
          assert.equal((await cache.entries()).find((e) => e.key === 'k')?.state, 'fresh');
          assert.equal(await cache.delete('k'), true);
        }
      }
    }
    report('failing disk', { 'matrix cells': combos, 'faults injected (matrix)': injected, 'StorageErrors with the right code': rejected, 'absorbed as unreadable': absorbed });
  });

  test('random faults under a random workload: memory always matches disk', async function () {
    this.timeout(scaled(30_000, 300_000));
    const seed = Number(process.env.CACHE_EXPLORER_FAULT_SEED ?? Date.now() % 1e9);
    const rand = random(seed);
    const dir = path.join(temp.parent, 'random', 'cache');
    let injected = 0;
    let failing = false;
    const maybeFail = (operation: string) => {
      if (failing && rand() < 0.3) {
        injected++;
        const code = CODES[Math.floor(rand() * CODES.length)]!;
        throw Object.assign(new Error(`${code}: injected fault in ${operation}`), { code });
      }
    };
    const flaky: FileSystem = {
      ...nodeFileSystem,
      writeNewFile: async (p, d, durable) => (maybeFail('writeNewFile'), nodeFileSystem.writeNewFile(p, d, durable)),
      rename: async (a, b) => (maybeFail('rename'), nodeFileSystem.rename(a, b)),
      readFile: async (p, max) => (maybeFail('readFile'), nodeFileSystem.readFile(p, max)),
      unlink: async (p) => (maybeFail('unlink'), nodeFileSystem.unlink(p)),
    };
    const clock = new ManualClock(Date.now());
    const cache = new Cache({ cacheDir: dir, now: clock.now, fs: flaky, ttl: 100 });
    const keys = Array.from({ length: 20 }, (_, i) => `key:${i}`);
    const steps = scaled(2000, 30_000);
    let errors = 0;
    for (let step = 0; step < steps; step++) {
      const key = keys[Math.floor(rand() * keys.length)]!;
      const roll = rand();
      failing = true;
      try {
        if (roll < 0.4) await cache.set(key, { step });
        else if (roll < 0.7) await cache.get(key);
        else if (roll < 0.85) await cache.delete(key);
        else if (roll < 0.93) await cache.cleanup();
        else if (roll < 0.96) await cache.clear();
        else clock.advanceSeconds(30);
      } catch (error) {
        assert.ok(error instanceof StorageError && (CODES as readonly string[]).includes(error.code), `step ${step} (seed ${seed}): ${String(error)}`);
        errors++;
      } finally {
        failing = false;
      }
      const fromDisk = await new Cache({ cacheDir: dir, now: clock.now, ttl: 100 }).get(key);
      assert.deepEqual(await cache.get(key), fromDisk, `step ${step} (seed ${seed}): memory and disk disagree on ${key}`);
    }
    report('failing disk', { 'random steps': steps, 'random faults injected': injected, 'random StorageErrors': errors, seed });
  });
});
