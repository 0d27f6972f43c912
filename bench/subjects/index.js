// The subjects of the benchmark behind one interface, so every case drives them the same way:
//   const s = await subject.open(dir, { ttl })    set up a store in `dir` (a fresh instance: nothing in memory)
//   await s.set(key, value); await s.get(key)      one awaited call each (lru-cache's sync calls are awaited too)
//   await s.flush()                                make writes durable where the store batches them (flat-cache)
//   await s.list()    -> { fresh, expired, unreadable }   every entry on disk with its state
//   await s.cleanup() -> { removed }                      delete expired entries
//   await s.close()
// The engine alone also takes `open(dir, { ttl, shared })` for the shared-tier workloads (see workloads.js).
// `format` names the on-disk layout fixtures are written in (see fixtures.js); `na` maps a workload to the reason
// the subject can't run it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
// run.js snapshots dist/engine.js at the start of a run (a rebuild mid-run must not mix two engines in one table).
const ENGINE_FILE = process.env.BENCH_ENGINE_FILE || path.join(ROOT, 'dist', 'engine.js');

function countStates(list) {
  const counts = { fresh: 0, expired: 0, unreadable: 0 };
  for (const e of list) counts[e.state] = (counts[e.state] || 0) + 1;
  return counts;
}

const engine = {
  name: 'engine',
  title: 'Cache Explorer engine (dist/engine.js)',
  format: 'spec',
  na: {},
  available() {
    if (!fs.existsSync(ENGINE_FILE)) return 'dist/engine.js is missing (node esbuild.js)';
    const mod = require(ENGINE_FILE);
    if (typeof mod.Cache !== 'function') return 'dist/engine.js does not export Cache yet';
    return true;
  },
  // `shared` ({ url, … }): the shared tier on Redis (the shared-* workloads); `warnings()` lists its warnings.
  async open(dir, { ttl, shared }) {
    const { Cache } = require(ENGINE_FILE);
    const cache = new Cache({ cacheDir: dir, ttl, ...(shared ? { shared } : {}) });
    const warnings = [];
    if (shared) cache.onDidWarn((warning) => warnings.push(warning.message));
    return {
      warnings: () => warnings,
      set: (k, v) => cache.set(k, v),
      get: (k) => cache.get(k),
      flush: async () => {},
      async list() {
        const result = await cache.entries();
        if (Array.isArray(result)) return countStates(result);
        const counts = { fresh: 0, expired: 0, unreadable: 0 };
        for await (const e of result) counts[e.state]++;
        return counts;
      },
      async cleanup() {
        const report = await cache.cleanup();
        return { removed: report.removed };
      },
      async close() {
        if (typeof cache.close === 'function') await cache.close();
        else if (typeof cache.dispose === 'function') await cache.dispose();
      },
    };
  },
};

const naive = {
  name: 'naive',
  title: 'naive port of the spec (bench/subjects/naive.js)',
  format: 'spec',
  na: {},
  available: () => true,
  async open(dir, { ttl }) {
    const { NaiveCache } = require('./naive');
    const cache = await new NaiveCache({ cacheDir: dir, ttl }).init();
    return {
      set: (k, v) => cache.set(k, v),
      get: (k) => cache.get(k),
      flush: async () => {},
      list: async () => countStates(await cache.entries()),
      async cleanup() {
        const report = await cache.cleanup();
        return { removed: report.removed };
      },
      close: async () => {},
    };
  },
};

const MEMORY_ONLY = 'memory only: no disk';
const lruCache = {
  name: 'lru-cache',
  title: 'lru-cache (memory only: the ceiling for hot gets)',
  format: null,
  na: {
    set: MEMORY_ONLY,
    'cold-get': MEMORY_ONLY,
    'list-1k': MEMORY_ONLY,
    'list-1m': MEMORY_ONLY,
    cleanup: MEMORY_ONLY,
    'set-1m': MEMORY_ONLY,
    'get-1m': MEMORY_ONLY,
    concurrent: MEMORY_ONLY,
  },
  available: () => true,
  async open() {
    const { LRUCache } = require('lru-cache');
    const cache = new LRUCache({ max: 100_000 });
    return {
      set: (k, v) => {
        cache.set(k, v);
      },
      get: (k) => cache.get(k),
      flush: async () => {},
      close: async () => {},
    };
  },
};

const NO_TTL = 'no TTL, so no entry state to list or expire';
const cacache = {
  name: 'cacache',
  title: 'cacache (content-addressed; JSON.stringify/parse around it; memoized gets)',
  format: null,
  na: { 'list-1k': NO_TTL, 'list-1m': NO_TTL, cleanup: NO_TTL },
  available: () => true,
  async open(dir) {
    const cacache = require('cacache');
    // Its own memo map: cacache's default memo holds 500 entries, fewer than the hot-get workload's 1k keys.
    const memoize = new Map();
    return {
      set: (k, v) => cacache.put(dir, k, JSON.stringify(v)),
      async get(k) {
        try {
          const { data } = await cacache.get(dir, k, { memoize });
          return JSON.parse(data.toString('utf8'));
        } catch (error) {
          if (error.code === 'ENOENT') return undefined;
          throw error;
        }
      },
      flush: async () => {},
      close: async () => {
        memoize.clear();
      },
    };
  },
};

const nodePersist = {
  name: 'node-persist',
  title: 'node-persist (file per key, no memory tier; writeQueue off)',
  format: 'node-persist',
  na: {},
  available: () => true,
  async open(dir, { ttl }) {
    const storage = require('node-persist');
    // writeQueue off: with it on, a write awaited right after another waits for the queue's 1 s timer.
    const store = storage.create({ dir, ttl: ttl * 1000, writeQueue: false, expiredInterval: 0 });
    await store.init();
    return {
      set: (k, v) => store.setItem(k, v),
      get: (k) => store.getItem(k),
      flush: async () => {},
      async list() {
        const now = Date.now();
        const counts = { fresh: 0, expired: 0, unreadable: 0 };
        for (const datum of await store.data()) {
          if (datum.ttl && datum.ttl < now) counts.expired++;
          else counts.fresh++;
        }
        return counts;
      },
      async cleanup() {
        const before = fs.readdirSync(dir).length;
        await store.removeExpiredItems();
        return { removed: before - fs.readdirSync(dir).length };
      },
      close: async () => {
        store.stopExpiredKeysInterval?.();
        store.stopWriteQueueInterval?.();
      },
    };
  },
};

const flatCache = {
  name: 'flat-cache',
  title: 'flat-cache (one flatted file for all keys: set() in memory, one save() at the end)',
  format: 'flat-cache',
  na: {
    'list-1m': 'one file for every entry: 2 GB of text is past V8\'s string limit',
    concurrent: 'one file: concurrent writers overwrite each other (last save() wins)',
  },
  available: () => true,
  async open(dir, { ttl }) {
    const { FlatCache } = require('flat-cache');
    const cache = new FlatCache({ cacheDir: dir, cacheId: 'bench', ttl: ttl * 1000 });
    cache.load();
    return {
      set: (k, v) => {
        cache.setKey(k, v);
      },
      get: (k) => cache.getKey(k),
      flush: async () => {
        cache.save();
      },
      async list() {
        // cache.items drops expired entries, so read the store itself to see them with their expiry.
        const now = Date.now();
        const counts = { fresh: 0, expired: 0, unreadable: 0 };
        for (const map of cache.cache.store) {
          for (const item of map.values()) {
            if (item.expires && item.expires < now) counts.expired++;
            else counts.fresh++;
          }
        }
        return counts;
      },
      async cleanup() {
        const before = cache.cache.size;
        cache.cache.checkExpiration();
        const removed = before - cache.cache.size;
        cache.save(true);
        return { removed };
      },
      close: async () => {},
    };
  },
};

const SUBJECTS = [engine, naive, lruCache, cacache, nodePersist, flatCache];

function subjectByName(name) {
  const s = SUBJECTS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown subject ${name}`);
  return s;
}

module.exports = { SUBJECTS, subjectByName, ENGINE_FILE, ROOT };
