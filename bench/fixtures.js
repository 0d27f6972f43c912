// Values and on-disk fixtures for the benchmark.
//  - makeValue(i, bytes): a JSON value of about `bytes` bytes (records of mixed fields, like a pipeline's results).
//  - writeFixture(format, dir, opts): writes `count` entries straight to disk in a subject's own file format,
//    with chosen timestamps (so expired entries exist without waiting), and returns what a listing must find.
// Formats: 'spec' (the Python tool's `<key>.json` = {"timestamp": s, "data": ...}, written json.dumps-style),
// 'node-persist' (sha256(key) files of {key, value, ttl: expiry ms}), 'flat-cache' (one flatted file).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');

const TEXT = 'processed frame batch with detector output and scores';

function record(j) {
  return { n: j, label: `label-${j}`, score: Math.round((j * 1000) / 7) / 1000, ok: j % 3 !== 0, text: TEXT };
}

const templates = new Map();

/** The part of a value that does not depend on the entry: records enough to reach `bytes` once serialized. */
function template(bytes) {
  let t = templates.get(bytes);
  if (t) return t;
  const records = [];
  const base = { name: 'result', createdAt: '2024-02-07T10:00:00Z', records };
  let size = JSON.stringify({ id: 0, ...base }).length;
  while (size < bytes) {
    const r = record(records.length);
    const s = JSON.stringify(r).length + 1;
    if (size + s > bytes && records.length > 0) {
      // Pad the last stretch with a string so the size lands close to the target.
      base.pad = 'x'.repeat(Math.max(0, bytes - size - 9));
      break;
    }
    records.push(r);
    size += s;
  }
  t = { base, json: JSON.stringify(base).slice(1), py: pyDumps(base).slice(1) };
  templates.set(bytes, t);
  return t;
}

/**
 * A value of about `bytes` bytes of JSON. Values of one size are equal but for `id`, and never share objects
 * (flat-cache's flatted format would write a shared object once).
 */
function makeValue(i, bytes) {
  const base = template(bytes).base;
  return { id: i, ...base, records: base.records.map((r) => ({ ...r })) };
}

/** JSON text of makeValue(i, bytes), without re-serializing the shared part. */
function valueJson(i, bytes) {
  return `{"id":${i},${template(bytes).json}`;
}

/** What Python's json.dumps writes by default (separators ", " and ": "). */
function pyDumps(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyDumps).join(', ')}]`;
  return `{${Object.keys(v)
    .map((k) => `${JSON.stringify(k)}: ${pyDumps(v[k])}`)
    .join(', ')}}`;
}

function valuePy(i, bytes) {
  return `{"id": ${i}, ${template(bytes).py}`;
}

function keyOf(i) {
  return `entry-${String(i).padStart(7, '0')}`;
}

/**
 * Writes `count` entries of `bytes` each in `format` into `dir`. Every `expiredEvery`-th entry (i % n === 0) is
 * written `ttl + 3600` s in the past, so it is expired; the rest are written now. 0 means none expired.
 * Returns { fresh, expired }.
 */
function writeFixture(format, dir, { count, bytes, ttl, expiredEvery = 0 }) {
  fs.mkdirSync(dir, { recursive: true });
  const nowS = Math.floor(Date.now() / 1000);
  const isExpired = (i) => expiredEvery > 0 && i % expiredEvery === 0;
  let expired = 0;
  if (format === 'spec') {
    for (let i = 0; i < count; i++) {
      const ts = isExpired(i) ? nowS - ttl - 3600 : nowS;
      if (isExpired(i)) expired++;
      fs.writeFileSync(path.join(dir, `${keyOf(i)}.json`), `{"timestamp": ${ts}, "data": ${valuePy(i, bytes)}}`);
    }
  } else if (format === 'node-persist') {
    for (let i = 0; i < count; i++) {
      const expiresMs = (isExpired(i) ? nowS - 3600 : nowS + ttl) * 1000;
      if (isExpired(i)) expired++;
      const key = keyOf(i);
      const file = createHash('sha256').update(key).digest('hex');
      fs.writeFileSync(path.join(dir, file), `{"key":${JSON.stringify(key)},"value":${valueJson(i, bytes)},"ttl":${expiresMs}}`);
    }
  } else if (format === 'flat-cache') {
    const flatted = require(require.resolve('flatted', { paths: [path.dirname(require.resolve('flat-cache'))] }));
    const items = [];
    for (let i = 0; i < count; i++) {
      const expires = (isExpired(i) ? nowS - 3600 : nowS + ttl) * 1000;
      if (isExpired(i)) expired++;
      items.push({ key: keyOf(i), value: makeValue(i, bytes), expires });
    }
    fs.writeFileSync(path.join(dir, 'bench'), flatted.stringify(items));
  } else {
    throw new Error(`no fixture writer for format ${format}`);
  }
  return { fresh: count - expired, expired };
}

module.exports = { makeValue, valueJson, pyDumps, keyOf, writeFixture };
