// A cleaner killed at one step of cleanup: runs cleanup() on a cache folder whose entry `k` it judges expired, while
// "another process" rewrites `k` fresh just before the cleaner moves it aside (the race cleanup must survive). The
// file system is the real one, counting calls; right after call number <killAt> the process SIGKILLs itself.
// Prints `rewritten` once the fresh rewrite landed, and `{"completed":true,"calls":N}` when cleanup finished first.
//   node killedCleaner.js <cacheDir> <killAt> <freshEntryText>
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { builtEngine } = require('./values');

const [dir, killAtText, freshText] = process.argv.slice(2);
const killAt = Number(killAtText);
const { Cache, nodeFileSystem } = builtEngine();

let calls = 0;
function step(result) {
  if (++calls === killAt) process.kill(process.pid, 'SIGKILL');
  return result;
}

/** Another writer's acknowledged set of `k`: a whole new file renamed over the name, as the engine and Python write. */
function rewriteFresh(target) {
  const temp = path.join(dir, `.other-writer-${process.pid}.partial`);
  fs.writeFileSync(temp, freshText);
  fs.renameSync(temp, target);
  // The other writer's set has resolved: from now on the fresh value must survive. (stdout to a pipe is synchronous.)
  process.stdout.write('rewritten\n');
}

const counting = {};
for (const [name, call] of Object.entries(nodeFileSystem)) {
  counting[name] = typeof call !== 'function' ? call : async (...args) => {
    // The race: the fresh rewrite lands between the cleaner's judging `k` and moving it aside.
    if (name === 'rename' && args[0] === path.join(dir, 'k.json')) {
      rewriteFresh(args[0]);
    }
    return step(await call(...args));
  };
}
counting.isProcessAlive = nodeFileSystem.isProcessAlive;

// An hour from now: the entry written "now" by the parent counts as expired (ttl 60 s).
const cache = new Cache({ cacheDir: dir, ttl: 60, fs: counting, now: () => Date.now() + 3_600_000 });
cache.cleanup().then(
  () => process.stdout.write(JSON.stringify({ completed: true, calls }) + '\n'),
  (error) => {
    process.stderr.write(String(error && error.stack));
    process.exit(2);
  },
);
