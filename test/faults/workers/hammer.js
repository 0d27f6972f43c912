// Many writers: one of several processes hammering the same keys with set / get / delete / cleanup / clear for a
// bounded time, checking every value it reads. Ends by printing one JSON line: its counts and anything wrong.
//   node hammer.js <cacheDir> <writerId> <durationMs> <seed> <keyCount>
// Some sets go through a cache whose clock runs an hour behind, so their entries are written already expired
// and cleanup (here and in the other processes) has work to race with.
'use strict';
const { builtEngine, checkValue, makeValue, random } = require('./values');

const [dir, writer, durationText, seedText, keyCountText] = process.argv.slice(2);
const rand = random(Number(seedText));
const keyCount = Number(keyCountText);
const { Cache, StorageError } = builtEngine();
const TTL = 60;
const cache = new Cache({ cacheDir: dir, ttl: TTL, revalidateAfterMs: 50 });
const stale = new Cache({ cacheDir: dir, ttl: TTL, now: () => Date.now() - 3600_000 });
const ops = { set: 0, setExpired: 0, get: 0, hit: 0, miss: 0, delete: 0, cleanup: 0, cleanupRemoved: 0, clear: 0 };
const bad = [];
const errors = [];
let seq = 0;

async function step() {
  const key = `k:${Math.floor(rand() * keyCount)}`;
  const roll = rand();
  if (roll < 0.45) {
    const size = rand() < 0.05 ? 64 * 1024 : 16 + Math.floor(rand() * 1500);
    const value = makeValue(writer, key, seq++, size);
    if (rand() < 0.2) {
      await stale.set(key, value);
      ops.setExpired++;
    } else {
      await cache.set(key, value, rand() < 0.1 ? { ttl: 1 } : {});
    }
    ops.set++;
  } else if (roll < 0.85) {
    const value = await cache.get(key);
    ops.get++;
    if (value === undefined) ops.miss++;
    else {
      ops.hit++;
      const problem = checkValue(value, key);
      if (problem) bad.push(`get ${key}: ${problem}`);
    }
  } else if (roll < 0.95) {
    await cache.delete(key);
    ops.delete++;
  } else if (roll < 0.995) {
    ops.cleanupRemoved += (await cache.cleanup()).removed;
    ops.cleanup++;
  } else {
    await cache.clear();
    ops.clear++;
  }
}

async function main() {
  const deadline = Date.now() + Number(durationText);
  while (Date.now() < deadline) {
    try {
      await step();
    } catch (error) {
      errors.push(`${error instanceof StorageError ? error.code : 'non-StorageError'}: ${error.message}`);
      if (errors.length > 20) break;
    }
  }
  process.stdout.write(JSON.stringify({ writer, ops, bad: bad.slice(0, 20), badCount: bad.length, errors }) + '\n');
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack) + '\n');
  process.exit(3);
});
