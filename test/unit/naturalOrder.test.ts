// The tree's key order, as VS Code's Explorer orders file names: numbers by value, case and accents ignored.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareNatural, foldKey, naturalSortKey, sortNatural, sortNaturalInSlices } from '../../src/extension/keys/naturalOrder';

const sorted = (keys: string[]) => sortNatural(keys, (key) => key);

suite('natural key order', () => {
  test('digit runs compare as numbers: user:9 before user:10, and ids of 6 digits before ids of 7', () => {
    assert.deepEqual(sorted(['user:10', 'user:9', 'user:100', 'user:1']), ['user:1', 'user:9', 'user:10', 'user:100']);
    assert.deepEqual(sorted(['1000000', '100001', '100000', '1000001']), ['100000', '100001', '1000000', '1000001']);
  });

  test('numbers longer than 2^53 still order by value', () => {
    assert.deepEqual(sorted(['id:12345678901234567891', 'id:12345678901234567890', 'id:9']), [
      'id:9',
      'id:12345678901234567890',
      'id:12345678901234567891',
    ]);
  });

  test('case and accents are ignored first, then the exact text breaks the tie, so the order is total', () => {
    assert.deepEqual(sorted(['b', 'Été', 'a', 'ete', 'A']), ['A', 'a', 'b', 'ete', 'Été']);
    assert.deepEqual(sorted(['x01', 'x1', 'x001']), ['x1', 'x01', 'x001']);
  });

  test('any keys: the order is a total order and sortNatural agrees with compareNatural', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'B', 'é', '0', '1', '9', ':', '_') })), (keys) => {
        const result = sorted(keys);
        for (let i = 1; i < result.length; i++) assert.ok(compareNatural(result[i - 1], result[i]) <= 0);
        for (const a of keys) {
          for (const b of keys) assert.equal(Math.sign(compareNatural(a, b)) + Math.sign(compareNatural(b, a)), 0);
        }
        assert.deepEqual([...result].sort(), [...keys].sort(), 'nothing lost or added');
      }),
    );
  });

  test('the sort key compares as compareNatural does, pair by pair, numbers of any length and leading zeros included', () => {
    const bySortKey = (a: string, b: string) => {
      const [ka, kb] = [naturalSortKey(foldKey(a)), naturalSortKey(foldKey(b))];
      return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
    };
    // Digits and zeros often, next to the characters just below and above the digits ('/' and ':'), and runs longer
    // than 8 digits (a length past one character of the key).
    const unit = fc.constantFrom('0', '0', '0', '1', '5', '9', '/', ':', 'a', 'Z', 'é', '\u00ff');
    const key = fc.oneof(fc.string({ unit, maxLength: 12 }), fc.string({ unit: fc.constantFrom('0', '1', '9', ':'), minLength: 8, maxLength: 40 }));
    fc.assert(
      fc.property(key, key, (a, b) => {
        assert.equal(Math.sign(bySortKey(a, b)), Math.sign(compareNatural(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }),
      { numRuns: 20_000 },
    );
  });

  test('sorting in slices (a million keys keep the host answering) gives the same order as sortNatural', async () => {
    const keys = Array.from({ length: 9000 }, (_, i) => `${['user', 'User', 'été'][i % 3]}:${(i * 7919) % 9000}:${i % 7 ? 'profile' : ''}`);
    assert.deepEqual(await sortNaturalInSlices(keys, (key) => key), sorted(keys));
  });
});
