// Self-checking values for the fault suite: each carries who wrote it, a sequence number and a checksum, so a
// reader can tell a complete value some writer wrote from anything else (a torn, mixed or invented one).
'use strict';
const { createHash } = require('node:crypto');

function checksum(writer, key, seq, payload) {
  return createHash('sha256').update(`${writer}|${key}|${seq}|${payload}`).digest('hex').slice(0, 16);
}

/** A value for `key`; `size` is the payload's length in characters (1 MB values: 1 << 20). */
function makeValue(writer, key, seq, size) {
  const unit = `${writer}:${seq};`;
  const payload = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return { w: writer, k: key, s: seq, p: payload, c: checksum(writer, key, seq, payload) };
}

/** Undefined when `value` is a complete value written for `key`; otherwise what is wrong with it. */
function checkValue(value, key) {
  if (value === null || typeof value !== 'object') return `not an object: ${JSON.stringify(value)?.slice(0, 80)}`;
  const { w, k, s, p, c } = value;
  if (typeof w !== 'string' || typeof s !== 'number' || typeof p !== 'string') return 'missing fields';
  if (key !== undefined && k !== key) return `holds key ${JSON.stringify(k)}, read as ${JSON.stringify(key)}`;
  if (checksum(w, k, s, p) !== c) return `bad checksum (writer ${w}, seq ${s})`;
  return undefined;
}

/** The built engine, as users get it (`node esbuild.js` builds dist/engine.js). */
function builtEngine() {
  const { root } = require('../../../scripts/paths');
  return require(require('node:path').join(root, 'dist', 'engine.js'));
}

/** A small seeded random generator (mulberry32), so a failing round can be replayed from its seed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = { makeValue, checkValue, checksum, builtEngine, random };
