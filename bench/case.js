// One benchmark case, run by bench/run.js in a fresh Node process:
//   node bench/case.js <subject> <workload> <count> [--keys <n>] [--fixture <folder> --expect <fresh>,<expired>]
// Prints one JSON line: { ok, ms, rssMB, ops, check } where `ms` covers only the measured phase and `rssMB` is the
// process's peak resident set (resourceUsage().maxRSS). Without --fixture, the case works in a fresh folder under
// os.tmpdir() and removes it at the end. A worker of the `concurrent` workload runs as
//   node bench/case.js --worker <subject> <dir> <index> <count> <bytes>   (forked, talks over IPC)
// The shared-* workloads (engine only) start a redis-server of their own for the case (bench/redis.js).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fork } = require('node:child_process');
const { subjectByName } = require('./subjects');
const { workloadByName, TTL } = require('./workloads');
const { makeValue, keyOf, writeFixture } = require('./fixtures');

const now = () => process.hrtime.bigint();
const msSince = (t0) => Number(now() - t0) / 1e6;

function option(args, name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function setAll(store, count, bytes, keyPrefix = '') {
  for (let i = 0; i < count; i++) await store.set(keyPrefix + keyOf(i), makeValue(i, bytes));
  await store.flush();
}

async function countHits(store, keys) {
  let hits = 0;
  for (const key of keys) if ((await store.get(key)) !== undefined) hits++;
  return hits;
}

function assertEqual(what, actual, expected) {
  if (actual !== expected) throw new Error(`${what}: got ${actual}, expected ${expected}`);
}

/** Runs the workload and returns { ms, check }; only the measured phase is inside `ms`. */
async function runCase(subject, w, count, dir, args) {
  const opts = { ttl: TTL };
  switch (w.id) {
    case 'set':
    case 'set-1m': {
      const store = await subject.open(dir, opts);
      const values = Array.from({ length: count }, (_, i) => makeValue(i, w.bytes));
      const t0 = now();
      for (let i = 0; i < count; i++) await store.set(keyOf(i), values[i]);
      await store.flush();
      const ms = msSince(t0);
      await store.close();
      const again = await subject.open(dir, opts);
      const hits = await countHits(again, [keyOf(0), keyOf(count - 1)]);
      await again.close();
      assertEqual('entries read back after set', hits, 2);
      return { ms };
    }
    case 'hot-get': {
      const store = await subject.open(dir, opts);
      const keys = Array.from({ length: Number(option(args, '--keys') || w.keys) }, (_, i) => keyOf(i));
      for (let i = 0; i < keys.length; i++) await store.set(keys[i], makeValue(i, w.bytes));
      await store.flush();
      for (const key of keys) await store.get(key); // warm: every key has been read once
      let misses = 0;
      const t0 = now();
      for (let i = 0; i < count; i++) if ((await store.get(keys[i % keys.length])) === undefined) misses++;
      const ms = msSince(t0);
      await store.close();
      assertEqual('hot get misses', misses, 0);
      return { ms };
    }
    case 'cold-get':
    case 'get-1m': {
      const writer = await subject.open(dir, opts);
      await setAll(writer, count, w.bytes);
      await writer.close();
      const keys = Array.from({ length: count }, (_, i) => keyOf(i));
      const t0 = now();
      const store = await subject.open(dir, opts); // a new instance: nothing in memory
      const hits = await countHits(store, keys);
      const ms = msSince(t0);
      await store.close();
      assertEqual('cold get hits', hits, count);
      return { ms };
    }
    case 'list-1k':
    case 'list-1m': {
      const fixture = option(args, '--fixture');
      const [fresh, expired] = option(args, '--expect').split(',').map(Number);
      const t0 = now();
      const store = await subject.open(fixture, opts);
      const counts = await store.list();
      const ms = msSince(t0);
      await store.close();
      assertEqual('fresh entries listed', counts.fresh, fresh);
      assertEqual('expired entries listed', counts.expired, expired);
      return { ms, check: counts };
    }
    case 'cleanup': {
      const { expired } = writeFixture(subject.format, dir, { count, bytes: w.bytes, ttl: TTL, expiredEvery: w.expiredEvery });
      const t0 = now();
      const store = await subject.open(dir, opts);
      const { removed } = await store.cleanup();
      const ms = msSince(t0);
      await store.close();
      assertEqual('expired entries removed', removed, expired);
      return { ms, check: { removed } };
    }
    case 'concurrent':
      return runConcurrent(subject, w, count, dir, opts);
    case 'shared-set':
    case 'shared-get':
      return runShared(subject, w, count, dir);
    default:
      throw new Error(`no case for workload ${w.id}`);
  }
}

/** Forks `w.processes` writers, starts them together once all are loaded, and times until the last one is done. */
async function runConcurrent(subject, w, count, dir, opts) {
  const per = Math.ceil(count / w.processes);
  const workers = [];
  for (let p = 0; p < w.processes; p++) {
    const child = fork(__filename, ['--worker', subject.name, dir, String(p), String(per), String(w.bytes)], { stdio: 'inherit' });
    workers.push(child);
  }
  const message = (child, type) =>
    new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (m.type === 'error') reject(new Error(`writer: ${m.error}`));
        else if (m.type === type) resolve(m);
        else return;
        child.off('message', onMessage);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`writer exited with ${code} before '${type}'`)));
    });
  await Promise.all(workers.map((c) => message(c, 'ready')));
  const done = Promise.all(workers.map((c) => message(c, 'done')));
  const t0 = now();
  for (const c of workers) c.send({ type: 'go' });
  await done;
  const ms = msSince(t0);
  for (const c of workers) if (c.connected) c.disconnect();
  const store = await subject.open(dir, opts);
  const keys = [];
  for (let p = 0; p < w.processes; p++) for (let i = 0; i < per; i++) keys.push(`w${p}-${keyOf(i)}`);
  const hits = await countHits(store, keys);
  await store.close();
  assertEqual('entries read back after concurrent writes', hits, keys.length);
  return { ms, ops: keys.length };
}

/** How long the shared tier may wait for Redis in the bench: a timeout would turn a measured call into a skip. */
const SHARED_TIMEOUT_MS = 5000;

/**
 * The shared-tier workloads, against a redis-server of the case's own (bench/redis.js), stopped at the end. Each
 * instance connects before the timed phase (one get of a key never set: loads the Redis client, opens the socket).
 *   shared-set: `count` sets with write-through (file, memory and Redis), then a new instance on another, empty
 *               folder must get the first and last key from Redis.
 *   shared-get: one instance sets `count` entries (through to Redis); a new instance on an empty folder gets each
 *               once: every get misses memory and disk, reads Redis and fills the folder and memory.
 * Any warning of the shared tier (timeout, refusal) fails the case.
 */
async function runShared(subject, w, count, dir) {
  const { startRedis } = require('./redis');
  const redis = await startRedis();
  try {
    const opts = { ttl: TTL, shared: { url: redis.url, timeoutMs: SHARED_TIMEOUT_MS } };
    const keys = Array.from({ length: count }, (_, i) => keyOf(i));
    const values = keys.map((_, i) => makeValue(i, w.bytes));
    const writerDir = path.join(dir, 'writer');
    const readerDir = path.join(dir, 'reader');
    fs.mkdirSync(writerDir);
    fs.mkdirSync(readerDir);
    const open = async (folder) => {
      const store = await subject.open(folder, opts);
      assertEqual('value of a key never set', await store.get('bench-connect-probe'), undefined);
      return store;
    };
    const close = async (store, what) => {
      const warnings = store.warnings();
      await store.close();
      if (warnings.length) throw new Error(`${what}: ${warnings.length} shared-tier warning(s): ${warnings[0]}`);
    };
    let ms;
    if (w.id === 'shared-set') {
      const store = await open(writerDir);
      const t0 = now();
      for (let i = 0; i < count; i++) await store.set(keys[i], values[i]);
      ms = msSince(t0);
      await close(store, 'set');
      const reader = await open(readerDir);
      const hits = await countHits(reader, [keys[0], keys[count - 1]]);
      await close(reader, 'read back');
      assertEqual('entries read back from Redis into another folder', hits, 2);
    } else {
      const writer = await open(writerDir);
      for (let i = 0; i < count; i++) await writer.set(keys[i], values[i]);
      await close(writer, 'set-up');
      const store = await open(readerDir);
      const t0 = now();
      const hits = await countHits(store, keys);
      ms = msSince(t0);
      await close(store, 'get');
      assertEqual('gets served from Redis', hits, count);
      const filled = fs.readdirSync(readerDir).filter((name) => name.endsWith('.json')).length;
      assertEqual('entries filled into the empty folder', filled, count);
    }
    return { ms };
  } finally {
    await redis.stop();
  }
}

async function worker([name, dir, index, count, bytes]) {
  const subject = subjectByName(name);
  const store = await subject.open(dir, { ttl: TTL });
  const values = Array.from({ length: Number(count) }, (_, i) => makeValue(i, Number(bytes)));
  process.send({ type: 'ready' });
  await new Promise((resolve) => process.once('message', resolve));
  for (let i = 0; i < values.length; i++) await store.set(`w${index}-${keyOf(i)}`, values[i]);
  await store.flush();
  await store.close();
  process.send({ type: 'done' });
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--worker') {
    try {
      await worker(args.slice(1));
    } catch (error) {
      process.send({ type: 'error', error: String(error && error.stack) });
      process.exitCode = 1;
    }
    return;
  }
  const [subjectName, workloadName, countArg] = args;
  const subject = subjectByName(subjectName);
  const w = workloadByName(workloadName);
  const count = Number(countArg);
  const own = !args.includes('--fixture');
  const dir = own ? fs.mkdtempSync(path.join(os.tmpdir(), `cache-bench-${subject.name}-`)) : undefined;
  let result;
  try {
    const { ms, check, ops } = await runCase(subject, w, count, dir, args);
    result = { ok: true, ms, ops: ops ?? count, check };
  } catch (error) {
    result = { ok: false, error: String((error && error.stack) || error) };
  } finally {
    if (own) fs.rmSync(dir, { recursive: true, force: true });
  }
  result.rssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Some stores keep timers or handles open; the case is over.
  process.exit(0);
}

main();
