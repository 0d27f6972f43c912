// Writes a cache folder the way the Python tool does (`<key>.json` holding compact `{"timestamp":…,"data":…}`), with
// synchronous calls in a process of its own: a million small files take about a minute this way, several times
// longer through promises. Run by workspace.js:  node bench/ui/writeEntries.js <cacheDir> <count> <hugeMB>
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { valueJson } = require('../fixtures');
const { keyOf, EXPIRED_EVERY, HUGE_KEY } = require('./keyMix');

const [cacheDir, countText, hugeText] = process.argv.slice(2);
const count = Number(countText);
const hugeMB = Number(hugeText);
const VALUE_BYTES = 300;
const now = Math.floor(Date.now() / 1000);

fs.mkdirSync(cacheDir, { recursive: true });
// Entries are written in index order, one file each: an interrupted writer resumes at the last file it may have
// left half written (the huge entry is written last, after every other).
const resumeAt = Math.max(0, fs.readdirSync(cacheDir).length - 1);
if (resumeAt > 0) process.stderr.write(`  resuming after ${resumeAt.toLocaleString('en-US')} files\n`);
for (let i = resumeAt; i < count; i++) {
  // A fifth of the entries is two days old: expired under the default ttl of one day.
  const timestamp = i % EXPIRED_EVERY === 0 ? now - 2 * 86_400 : now - 3_600;
  fs.writeFileSync(path.join(cacheDir, `${keyOf(i, count)}.json`), `{"timestamp":${timestamp},"data":${valueJson(i, VALUE_BYTES)}}`);
}
if (hugeMB > 0) {
  // The huge entry (issue 17), written in chunks: `{"rows":[0,1234567890,…]}`.
  const fd = fs.openSync(path.join(cacheDir, `${HUGE_KEY}.json`), 'w');
  fs.writeSync(fd, `{"timestamp":${now},"data":{"rows":[0`);
  const chunk = Buffer.from(',1234567890'.repeat(100_000));
  for (let written = 0; written < hugeMB * 2 ** 20; written += chunk.length) fs.writeSync(fd, chunk);
  fs.writeSync(fd, ']}}');
  fs.closeSync(fd);
}
