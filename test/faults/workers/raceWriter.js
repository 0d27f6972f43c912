// Many writers, the cleanup race: for each of its keys, writes an already expired entry, then soon after rewrites
// it fresh; once the fresh set has resolved nobody but cleanup touches the key, so the fresh file must still be
// there (and fresh) a moment later. Other processes run cleanup() in a loop meanwhile. Ends with one JSON line.
//   node raceWriter.js <cacheDir> <durationMs> <seed> <keyCount>
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { builtEngine, makeValue, random } = require('./values');

const [dir, durationText, seedText, keyCountText] = process.argv.slice(2);
const rand = random(Number(seedText));
const { Cache, keyToFileName } = builtEngine();
const TTL = 60;
const fresh = new Cache({ cacheDir: dir, ttl: TTL });
const old = new Cache({ cacheDir: dir, ttl: TTL, now: () => Date.now() - 3600_000 });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let cycles = 0;
let transient = 0;
const lost = [];

function readSeq(key) {
  return JSON.parse(fs.readFileSync(path.join(dir, keyToFileName(key)), 'utf8')).data.s;
}

async function lane(key) {
  const deadline = Date.now() + Number(durationText);
  for (let seq = 0; Date.now() < deadline; seq++) {
    await old.set(key, makeValue('race', key, seq * 2, 64));
    await sleep(rand() * 4);
    await fresh.set(key, makeValue('race', key, seq * 2 + 1, 64));
    await sleep(5 + rand() * 30);
    let held;
    try {
      held = readSeq(key);
    } catch {
      // A cleanup may be between parking the file and putting it back: look again a moment later.
      await sleep(50);
      try {
        held = readSeq(key);
        transient++;
      } catch (error) {
        lost.push(`${key}: the fresh entry is gone (${error.code ?? error.message})`);
      }
    }
    if (held !== undefined && held !== seq * 2 + 1) lost.push(`${key}: holds seq ${held}, wrote ${seq * 2 + 1}`);
    cycles++;
  }
}

Promise.all(Array.from({ length: Number(keyCountText) }, (_, i) => lane(`race:${i}`))).then(
  () => process.stdout.write(JSON.stringify({ cycles, transient, lostCount: lost.length, lost: lost.slice(0, 20) }) + '\n'),
  (error) => {
    process.stderr.write(String(error && error.stack) + '\n');
    process.exit(3);
  },
);
