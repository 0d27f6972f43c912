// Red team (issue 12): bad options are refused at construction with StorageError EINVALIDOPTION naming the option
// and what it accepts, instead of being taken (`concurrency: 0` made listing and clearing silently do nothing) or
// failing later with a raw TypeError.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Cache, nodeFileSystem, StorageError, type CacheOptions } from '../../src/engine';
import { useTempFolder } from '../engine/helpers';

/** [what, options, the option named, words of the accepted range] */
const BAD: [string, unknown, string, RegExp][] = [
  ['concurrency: 0', { concurrency: 0 }, 'concurrency', /integer from 1 to 4096/],
  ['concurrency: 2.5', { concurrency: 2.5 }, 'concurrency', /integer/],
  ['concurrency: NaN', { concurrency: NaN }, 'concurrency', /integer/],
  ['concurrency as a string', { concurrency: '8' }, 'concurrency', /integer/],
  ['a negative ttl', { ttl: -1 }, 'ttl', /finite number ≥ 0/],
  ['ttl: NaN', { ttl: NaN }, 'ttl', /finite number ≥ 0/],
  ['ttl: Infinity', { ttl: Infinity }, 'ttl', /finite number/],
  ['ttl as a string', { ttl: '3600' }, 'ttl', /finite number/],
  ['maxEntries: 0', { maxEntries: 0 }, 'maxEntries', /integer ≥ 1/],
  ['maxBytes: -5', { maxBytes: -5 }, 'maxBytes', /integer ≥ 1/],
  ['maxEntryBytes: 0', { maxEntryBytes: 0 }, 'maxEntryBytes', /integer from 1/],
  ['maxEntryBytes over what a Buffer holds', { maxEntryBytes: 2 ** 53 }, 'maxEntryBytes', /integer from 1/],
  ['a negative revalidateAfterMs', { revalidateAfterMs: -1 }, 'revalidateAfterMs', /≥ 0/],
  ['durable as a string', { durable: 'yes' }, 'durable', /true or false/],
  ['now as a number', { now: 5 }, 'now', /function/],
  ['an empty cacheDir', { cacheDir: '' }, 'cacheDir', /non-empty string/],
  ['cacheDir as a number', { cacheDir: 42 }, 'cacheDir', /string/],
  ['an fs without readFile', { fs: { ...nodeFileSystem, readFile: undefined } }, 'fs', /readFile/],
  ['a negative tempFileAge.maxAgeMs', { tempFileAge: { maxAgeMs: -1 } }, 'tempFileAge.maxAgeMs', /≥ 0/],
  ['shared without a url', { shared: {} }, 'shared.url', /URL/],
  ['shared.timeoutMs: 0', { shared: { url: 'redis://localhost', timeoutMs: 0 } }, 'shared.timeoutMs', /from 1/],
  ['options as null', null, 'object', /object of options/],
];

suite('Bad options', () => {
  const temp = useTempFolder();

  for (const [what, options, option, accepted] of BAD) {
    test(`${what}: EINVALIDOPTION at construction, naming ${option} and what it accepts`, () => {
      assert.throws(
        () => new Cache(options as CacheOptions),
        (error: unknown) => {
          assert.ok(error instanceof StorageError, `threw ${String(error)}`);
          assert.equal(error.code, 'EINVALIDOPTION');
          assert.ok(error.message.includes(`option ${option} `), error.message);
          assert.match(error.message, accepted);
          return true;
        },
      );
    });
  }

  test('the edges of each range are accepted, and such a cache works', async () => {
    const cache = new Cache({
      cacheDir: path.join(temp.parent, 'cache'),
      ttl: 0,
      concurrency: 1,
      maxEntries: 1,
      maxBytes: 1,
      maxEntryBytes: 1024,
      revalidateAfterMs: 0,
      durable: false,
      tempFileAge: { maxAgeMs: 0, deadWriterGraceMs: 0 },
    });
    await cache.set('a', 1, { ttl: 60 });
    await cache.set('b', 2, { ttl: 60 });
    assert.deepEqual((await cache.entries()).map((e) => e.key), ['a', 'b']);
    assert.equal(await cache.clear(), 2);
  });
});
