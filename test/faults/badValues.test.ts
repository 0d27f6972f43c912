// Bad values: each is either refused with StorageError ENOTJSON before anything is written (memory and disk as they
// were), or written and read back exactly (by a fresh cache, from the file). Which one, for each, is asserted here
// and listed in the README's Guarantees.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cache, StorageError } from '../../src/engine';
import { useTempFolder } from '../engine/helpers';
import { report } from './helpers';

function deep(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { d: value };
  return value;
}

function cyclic(): unknown {
  const a: Record<string, unknown> = { name: 'a' };
  a.self = { back: a };
  return a;
}

function selfToJson(): unknown {
  const value = { rows: 1, toJSON: (): unknown => value };
  return value;
}

function endlessToJson(): unknown {
  return { toJSON: endlessToJson };
}

const REFUSED: [string, () => unknown][] = [
  ['undefined', () => undefined],
  ['a function', () => () => 1],
  ['a symbol', () => Symbol('s')],
  ['a BigInt', () => 10n ** 30n],
  ['a BigInt inside an object', () => ({ n: 1n })],
  ['a cycle', cyclic],
  ['NaN', () => NaN],
  ['Infinity inside an array', () => [1, -Infinity]],
  ['undefined inside an object', () => ({ a: 1, b: undefined })],
  ['an array hole', () => [1, , 3]], // eslint-disable-line no-sparse-arrays
  ['a Map', () => new Map([[1, 2]])],
  ['a class instance', () => new (class Point { x = 1 })()],
  ['an object with a symbol key', () => ({ [Symbol('hidden')]: 1, shown: 2 })],
  ['a toJSON that returns undefined', () => ({ toJSON: () => undefined })],
  ['a toJSON that returns its own object (JSON.stringify would write {})', selfToJson],
  ['an endless chain of toJSON results', endlessToJson],
  ['a toJSON in an array that returns NaN', () => [1, { toJSON: () => NaN }]],
  ['a nested toJSON that returns a BigInt', () => ({ n: { toJSON: () => 1n } })],
  ['a toJSON that throws', () => ({ toJSON: () => { throw new Error('no JSON today'); } })],
  ['a getter that throws', () => ({ get boom(): never { throw new TypeError('exploded'); } })],
  ['a getter that returns Infinity', () => ({ get v() { return Infinity; } })],
  ['an object nested 901 deep (past MAX_DEPTH: the Python tool could not read it)', () => deep(901)],
  ['an object nested 10,000 deep', () => deep(10_000)],
  ['an object nested 1,000,000 deep', () => deep(1_000_000)],
];

const WRITTEN_EXACTLY: [string, () => unknown][] = [
  ['null', () => null],
  ['strings with lone surrogates', () => ['\ud800', 'a\udfffb', '\udc00\ud800', { '\ud83d': '\ude00' }]],
  ['NUL and control characters', () => '\0\x01\x1f\u2028\u2029\x7f'],
  ['an object nested 900 deep (MAX_DEPTH)', () => deep(900)],
  ['a __proto__ key', () => JSON.parse('{"__proto__": {"polluted": true}, "x": 1}')],
  ['the largest and smallest numbers', () => [Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, 1e-7, -0.000123]],
  ['a 5 MB string', () => 'x'.repeat(5 * 1024 * 1024)],
];

/** Stored, but read back as JSON makes them: documented, not "exact". */
const WRITTEN_AS_JSON: [string, () => unknown, unknown][] = [
  ['-0', () => -0, 0],
  ['a Date (its toJSON)', () => new Date(0), '1970-01-01T00:00:00.000Z'],
  ['an object with null prototype', () => Object.assign(Object.create(null), { a: 1 }), { a: 1 }],
  ['a toJSON given the property name, as JSON.stringify does', () => ({ a: { toJSON: (name: string) => `under ${name}` } }), { a: 'under a' }],
  ['Dates nested in an array in an object', () => ({ when: [new Date(0)] }), { when: ['1970-01-01T00:00:00.000Z'] }],
];

suite('Bad values', () => {
  let refusedCount = 0;
  let exactCount = 0;
  suiteTeardown(() => report('bad values', { 'refused with ENOTJSON': refusedCount, 'read back exactly': exactCount, 'read back as JSON has it': WRITTEN_AS_JSON.length }));
  const temp = useTempFolder();
  let dir = '';
  setup(() => (dir = temp.cacheDir));

  for (const [what, make] of REFUSED) {
    test(`${what}: refused with ENOTJSON before anything is written`, async () => {
      const cache = new Cache({ cacheDir: dir });
      await cache.set('k', 'before');
      const file = path.join(dir, 'k.json');
      const before = fs.readFileSync(file, 'utf8');
      await assert.rejects(cache.set('k', make()), (e: unknown) => e instanceof StorageError && e.code === 'ENOTJSON');
      await assert.rejects(cache.set('new', make()), (e: unknown) => e instanceof StorageError && e.code === 'ENOTJSON');
      await assert.rejects(cache.getOrSet('other', make), (e: unknown) => e instanceof StorageError && e.code === 'ENOTJSON');
      assert.equal(fs.readFileSync(file, 'utf8'), before);
      assert.deepEqual(fs.readdirSync(dir), ['k.json']);
      assert.equal(await cache.get('k'), 'before');
      assert.equal(await cache.get('new'), undefined);
      refusedCount++;
    });
  }

  for (const [what, make] of WRITTEN_EXACTLY) {
    test(`${what}: written and read back exactly`, async function () {
      this.timeout(20_000);
      const cache = new Cache({ cacheDir: dir });
      await cache.set('k', make());
      assert.deepEqual(await cache.get('k'), make(), 'from memory');
      assert.deepEqual(await new Cache({ cacheDir: dir }).get('k'), make(), 'from the file');
      assert.equal((await cache.entries())[0]?.state, 'fresh');
      exactCount++;
    });
  }

  for (const [what, make, readsBack] of WRITTEN_AS_JSON) {
    test(`${what}: written; reads back as JSON has it`, async () => {
      const cache = new Cache({ cacheDir: dir });
      await cache.set('k', make());
      assert.deepEqual(await cache.get('k'), readsBack, 'from memory');
      assert.deepEqual(await new Cache({ cacheDir: dir }).get('k'), readsBack, 'from the file');
    });
  }

  test('a getter that changes between reads is read once: memory and file hold that one snapshot', async () => {
    let reads = 0;
    const value = {
      get count() {
        reads++;
        return reads === 1 ? 1 : NaN; // a second look would find NaN, which JSON.stringify writes as null
      },
      nested: { get label() { return reads === 1 ? 'first' : 'later'; } },
    };
    const cache = new Cache({ cacheDir: dir });
    await cache.set('k', value);
    assert.equal(reads, 1, 'the getter was read more than once');
    assert.deepEqual(await cache.get('k'), { count: 1, nested: { label: 'first' } }, 'from memory');
    assert.deepEqual(await new Cache({ cacheDir: dir }).get('k'), { count: 1, nested: { label: 'first' } }, 'from the file');
    let produced = 0;
    const viaGetOrSet = await cache.getOrSet('g', () => ({ get n() { return ++produced; } }));
    assert.deepEqual(viaGetOrSet, { n: 1 });
    assert.equal(produced, 1);
  });

  test('a file nested 1,000,000 deep written by someone else: listed and read without a crash', async () => {
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'deep.json'), `{"timestamp":${Math.floor(Date.now() / 1000)},"data":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`);
    const cache = new Cache({ cacheDir: dir });
    const value = await cache.get('deep').catch((error: unknown) => error);
    // (Not printed: String() of a value this deep would itself overflow the stack.)
    assert.ok(value === undefined || Array.isArray(value) || value instanceof StorageError, `get gave a ${typeof value}`);
    assert.equal((await cache.entries()).length, 1);
  });
});
