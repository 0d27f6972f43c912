// The workloads: what each case does, at which size, and what it is compared with.
// `count` is the full size, `quick` the size for `npm run bench -- --quick`. `bytes` is the JSON size of one value.
// `fixture` workloads read entries written straight to disk (fixtures.js) in the subject's own format; the same
// files serve every subject that reads the spec's format (engine and naive port).
'use strict';

const TTL = 86400;
const KB = 1024;
const MB = 1024 * 1024;

/** 5000 → 5k, 200000 → 200k, 600 → 600. */
function k(n) {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

const WORKLOADS = [
  {
    id: 'set',
    title: (n) => `set ${k(n)} (200 B values)`,
    count: 5000,
    quick: 100,
    bytes: 200,
    unit: 'sets',
  },
  {
    id: 'hot-get',
    title: (n, keys) => `hot get ${k(n)} over ${k(keys)} keys (200 B)`,
    count: 200_000,
    quick: 5000,
    keys: 1000,
    quickKeys: 100,
    bytes: 200,
    unit: 'gets',
    alsoVs: 'lru-cache',
  },
  {
    id: 'cold-get',
    title: (n) => `cold get ${k(n)} (new instance, keys on disk only, 200 B)`,
    count: 5000,
    quick: 100,
    bytes: 200,
    unit: 'gets',
  },
  {
    id: 'list-1k',
    variant: '20k',
    skipInQuick: true, // the 100k row below carries the target; --quick must stay under a minute
    title: (n) => `list ${k(n)} entries with state (1 KB values)`,
    count: 20_000,
    quick: 500,
    bytes: KB,
    expiredEvery: 4,
    fixture: true,
    unit: 'entries',
  },
  {
    id: 'list-1k',
    variant: '100k',
    title: (n) => `list ${k(n)} entries with state (1 KB values)`,
    count: 100_000,
    quick: 2000,
    bytes: KB,
    expiredEvery: 4,
    fixture: true,
    unit: 'entries',
    rss: true,
  },
  {
    id: 'list-1m',
    title: (n) => `list ${k(n)} entries with state (1 MB values)`,
    count: 2000,
    quick: 20,
    bytes: MB,
    expiredEvery: 4,
    fixture: true,
    unit: 'entries',
  },
  {
    id: 'cleanup',
    title: (n) => `cleanup ${k(n)}, half expired (1 KB values)`,
    count: 20_000,
    quick: 500,
    bytes: KB,
    expiredEvery: 2,
    unit: 'entries',
  },
  {
    id: 'set-1m',
    title: (n) => `set ${k(n)} (1 MB values)`,
    count: 200,
    quick: 5,
    bytes: MB,
    unit: 'sets',
  },
  {
    id: 'get-1m',
    title: (n) => `cold get ${k(n)} (1 MB values)`,
    count: 200,
    quick: 5,
    bytes: MB,
    unit: 'gets',
  },
  {
    id: 'concurrent',
    title: (n) => `4 processes writing concurrently, ${k(n)} sets in all (200 B)`,
    count: 5000,
    quick: 200,
    processes: 4,
    bytes: 200,
    unit: 'sets',
  },
  // The shared tier (issue 8): the engine with `shared: { url }` against a redis-server of its own (bench/redis.js),
  // started by each case; only the engine has a shared tier. `vsLocal` names the local-only engine row of the same
  // run that the report compares it with (same count, same values).
  {
    id: 'shared-set',
    title: (n) => `set ${k(n)} with write-through to Redis (200 B)`,
    count: 5000,
    quick: 100,
    bytes: 200,
    unit: 'sets',
    needsRedis: true,
    subjects: ['engine'],
    vsLocal: 'set',
  },
  {
    id: 'shared-get',
    title: (n) => `get ${k(n)} from Redis, cold local (new instance, empty folder, 200 B)`,
    count: 5000,
    quick: 100,
    bytes: 200,
    unit: 'gets',
    needsRedis: true,
    subjects: ['engine'],
    vsLocal: 'cold-get',
  },
];

/** Unique name of a workload row, e.g. `list-1k:100k`. */
function caseName(w) {
  return w.variant ? `${w.id}:${w.variant}` : w.id;
}

function workloadByName(name) {
  const w = WORKLOADS.find((x) => caseName(x) === name);
  if (!w) throw new Error(`unknown workload ${name}`);
  return w;
}

module.exports = { WORKLOADS, TTL, KB, MB, caseName, workloadByName, k };
