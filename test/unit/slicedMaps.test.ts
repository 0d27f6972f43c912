// Whole-listing copies in slices: the same entries, in the same order, and the event loop turns while a big one is made.
import * as assert from 'node:assert/strict';
import { copyInSlices, keySetInSlices } from '../../src/extension/model/slicedMaps';

suite('copies of a listing in slices', () => {
  test('a copy holds the same entries in the same order, and is a new map', async () => {
    const map = new Map(Array.from({ length: 10_000 }, (_, i) => [`k${i}.json`, { i }] as const));
    const copy = await copyInSlices(map);
    assert.notEqual(copy, map);
    assert.deepEqual([...copy], [...map]);
    assert.deepEqual([...(await keySetInSlices(map))], [...map.keys()]);
  });

  test('copying a million entries lets the event loop turn', async () => {
    const map = new Map(Array.from({ length: 1_000_000 }, (_, i) => [i, i]));
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    try {
      await copyInSlices(map);
      await keySetInSlices(map);
    } finally {
      clearInterval(ticking);
    }
    assert.ok(turns > 2, `the event loop turned ${turns} times while a million entries were copied twice`);
  });
});
