// Crash mid-write: writes entries as fast as it can (small values and 1 MB ones, new keys and rewrites) until the
// parent kills it with SIGKILL. Prints `ok <key> <seq>` on stdout after each set resolves (stdout to a pipe is
// synchronous on POSIX, so a printed line is never lost with the process).
//   node killedWriter.js <cacheDir> <round> <seed>
'use strict';
const { builtEngine, makeValue, random } = require('./values');

const [dir, roundText, seedText] = process.argv.slice(2);
const round = Number(roundText);
const rand = random(Number(seedText));
const { Cache } = builtEngine();
const cache = new Cache({ cacheDir: dir });
const MB = 1 << 20;
const IN_FLIGHT = 4;

let seq = 0;
function nextWrite() {
  const n = seq++;
  const roll = rand();
  // New keys for most small values; a small pool of keys rewritten again and again; a few 1 MB values.
  if (roll < 0.1) return { key: `big:${Math.floor(rand() * 6)}`, size: MB, seq: round * 1e6 + n };
  if (roll < 0.4) return { key: `hot:${Math.floor(rand() * 20)}`, size: 16 + Math.floor(rand() * 400), seq: round * 1e6 + n };
  return { key: `r${round}:n${n}`, size: 16 + Math.floor(rand() * 2000), seq: round * 1e6 + n };
}

async function lane() {
  for (;;) {
    const { key, size, seq: s } = nextWrite();
    await cache.set(key, makeValue('killed', key, s, size));
    process.stdout.write(`ok ${key} ${s}\n`);
  }
}

process.stdout.write('ready\n');
for (let i = 0; i < IN_FLIGHT; i++) {
  lane().catch((error) => {
    process.stderr.write(`set failed: ${error.stack}\n`);
    process.exit(3);
  });
}
