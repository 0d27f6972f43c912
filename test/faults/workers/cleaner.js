// Many writers, the cleanup race: runs cleanup() in a loop for a bounded time. Ends with one JSON line.
//   node cleaner.js <cacheDir> <durationMs>
'use strict';
const { builtEngine } = require('./values');

const [dir, durationText] = process.argv.slice(2);
const { Cache } = builtEngine();
const cache = new Cache({ cacheDir: dir, ttl: 60 });

(async () => {
  const deadline = Date.now() + Number(durationText);
  let runs = 0;
  let removed = 0;
  const errors = [];
  while (Date.now() < deadline) {
    try {
      removed += (await cache.cleanup()).removed;
    } catch (error) {
      errors.push(`${error.code}: ${error.message}`);
      if (errors.length > 20) break;
    }
    runs++;
  }
  process.stdout.write(JSON.stringify({ runs, removed, errors }) + '\n');
})();
