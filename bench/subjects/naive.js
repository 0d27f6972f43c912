// A naive port of the spec's Python `Cache` (../shared/spec/cache-system.md) to Node: the baseline of the benchmark.
// It does what the spec describes, the plain way, with nothing slowed down on purpose:
//  - a Map as the memory tier ({timestamp, data} per key, unbounded, as the Python dict);
//  - one `<cacheDir>/<key>.json` per key holding {"timestamp": <unix s>, "data": ...}, written with one writeFile
//    (not atomic: the Python tool opens the file for writing and json.dump()s into it) and read with one readFile;
//  - expired means now - timestamp > ttl; an expired entry found by get() is dropped (memory and file);
//  - cleanup() and entries() walk readdir() and read + JSON.parse every file, one at a time, as the Python loop would.
// There is no lock: in one Node process each call's I/O is one readFile/writeFile, and dropping the spec's lock only
// makes the baseline faster. Keys are used as file names unchanged (the spec does `cache_dir / f"{key}.json"`).
'use strict';
const fsp = require('node:fs/promises');
const path = require('node:path');

class StorageError extends Error {}

const JSON_EXT = '.json';

class NaiveCache {
  constructor({ cacheDir = 'cache', ttl = 86400 } = {}) {
    this.cacheDir = cacheDir;
    this.ttl = ttl;
    /** @type {Map<string, {timestamp: number, data: unknown}>} */
    this.memory = new Map();
  }

  /** The Python constructor does cache_dir.mkdir(parents=True, exist_ok=True). */
  async init() {
    await fsp.mkdir(this.cacheDir, { recursive: true });
    return this;
  }

  fileOf(key) {
    return path.join(this.cacheDir, key + JSON_EXT);
  }

  isExpired(timestamp, now = Date.now() / 1000) {
    return now - timestamp > this.ttl;
  }

  async get(key) {
    const hit = this.memory.get(key);
    if (hit !== undefined) {
      if (!this.isExpired(hit.timestamp)) return hit.data;
      this.memory.delete(key);
    }
    const file = this.fileOf(key);
    let entry;
    try {
      entry = JSON.parse(await fsp.readFile(file, 'utf8'));
    } catch (error) {
      if (error.code === 'ENOENT') return undefined;
      throw new StorageError(`Failed to read cache entry ${key}: ${error.message}`);
    }
    if (this.isExpired(entry.timestamp)) {
      await fsp.unlink(file).catch(() => {});
      return undefined;
    }
    this.memory.set(key, entry);
    return entry.data;
  }

  async set(key, value) {
    const entry = { timestamp: Date.now() / 1000, data: value };
    this.memory.set(key, entry);
    try {
      await fsp.writeFile(this.fileOf(key), JSON.stringify(entry));
    } catch (error) {
      throw new StorageError(`Failed to write cache entry ${key}: ${error.message}`);
    }
  }

  async clear() {
    this.memory.clear();
    for (const name of await fsp.readdir(this.cacheDir)) {
      if (name.endsWith(JSON_EXT)) await fsp.unlink(path.join(this.cacheDir, name));
    }
  }

  /** Removes expired entries from memory and disk; a file that can't be read or parsed is left alone. */
  async cleanup() {
    const now = Date.now() / 1000;
    for (const [key, entry] of this.memory) {
      if (this.isExpired(entry.timestamp, now)) this.memory.delete(key);
    }
    let removed = 0;
    let kept = 0;
    let unreadable = 0;
    for (const name of await fsp.readdir(this.cacheDir)) {
      if (!name.endsWith(JSON_EXT)) continue;
      const file = path.join(this.cacheDir, name);
      let entry;
      try {
        entry = JSON.parse(await fsp.readFile(file, 'utf8'));
      } catch {
        unreadable++;
        continue;
      }
      if (this.isExpired(entry.timestamp, now)) {
        await fsp.unlink(file);
        removed++;
      } else {
        kept++;
      }
    }
    return { removed, kept, unreadable };
  }

  /** Every entry on disk with its state: readdir, then read and parse each file. */
  async entries() {
    const now = Date.now() / 1000;
    const out = [];
    for (const name of await fsp.readdir(this.cacheDir)) {
      if (!name.endsWith(JSON_EXT)) continue;
      const file = path.join(this.cacheDir, name);
      const raw = await fsp.readFile(file);
      const info = { key: name.slice(0, -JSON_EXT.length), fileName: name, size: raw.length, state: 'unreadable' };
      try {
        const entry = JSON.parse(raw.toString('utf8'));
        if (typeof entry.timestamp === 'number' && 'data' in entry) {
          info.timestamp = entry.timestamp;
          info.expiresAt = entry.timestamp + this.ttl;
          info.state = this.isExpired(entry.timestamp, now) ? 'expired' : 'fresh';
        }
      } catch {
        // not JSON: unreadable
      }
      out.push(info);
    }
    return out;
  }
}

module.exports = { NaiveCache, StorageError };
