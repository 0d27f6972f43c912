// Whole-listing passes in slices: the same result as the plain pass, in the same order, and the event loop turns
// while a big one runs.
import * as assert from 'node:assert/strict';
import { copyInSlices, filterInSlices, mapInSlices, setInSlices } from '../../src/extension/model/slicedPasses';

suite('passes over a listing in slices', () => {
  test('a copy holds the same entries in the same order, and is a new map', async () => {
    const map = new Map(Array.from({ length: 10_000 }, (_, i) => [`k${i}.json`, { i }] as const));
    const copy = await copyInSlices(map);
    assert.notEqual(copy, map);
    assert.deepEqual([...copy], [...map]);
    assert.deepEqual([...(await setInSlices(map.keys(), (key) => key))], [...map.keys()]);
  });

  test('map and filter give what Array.prototype.map and filter give, index included', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => `Key${(i * 7919) % 10_007}`);
    assert.deepEqual(await mapInSlices(items, (item, i) => `${i}:${item.toLowerCase()}`), items.map((item, i) => `${i}:${item.toLowerCase()}`));
    assert.deepEqual(await filterInSlices(items, (item, i) => i % 3 === 0 || item.endsWith('7')), items.filter((item, i) => i % 3 === 0 || item.endsWith('7')));
  });

  test('passes over a million entries let the event loop turn', async () => {
    const map = new Map(Array.from({ length: 1_000_000 }, (_, i) => [i, i]));
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    try {
      await copyInSlices(map);
      await setInSlices(map.keys(), (key) => key);
    } finally {
      clearInterval(ticking);
    }
    assert.ok(turns > 2, `the event loop turned ${turns} times while a million entries were copied twice`);
  });
});
