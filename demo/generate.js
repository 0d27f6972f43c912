#!/usr/bin/env node
// (Re)generates demo/cache/ with one entry in every state Cache Explorer shows, as the Python tool would write them:
// fresh and expired entries, `:` namespaces, an ISO-8601 and a millisecond timestamp, a per-entry ttl, a corrupt file.
//   node demo/generate.js [--dir <folder>]   (default: demo/cache)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const HOUR = 3600;
const DAY = 24 * HOUR;

function parseArgs(argv) {
  const i = argv.indexOf('--dir');
  return { dir: i >= 0 ? path.resolve(argv[i + 1]) : path.join(__dirname, 'cache') };
}

/** Entries relative to now (seconds); the default TTL is one day. */
function demoEntries(now) {
  return {
    'features:users': { timestamp: now - 2 * HOUR, data: { rows: 1204, columns: ['id', 'name', 'signup_date'], source: 'users.csv' } },
    'features:orders': { timestamp: now - 20 * HOUR, data: { rows: 88213, columns: ['order_id', 'user_id', 'total'], source: 'orders.parquet' } },
    'features:sessions': { timestamp: now - 3 * DAY, data: { rows: 5120, columns: ['session_id', 'duration_s'] } },
    'model:v3:metrics': { timestamp: now - 30 * 60, data: { accuracy: 0.914, f1: 0.887, epochs: 12 } },
    'model:v3:params': { timestamp: now - 5 * HOUR, data: { learning_rate: 0.003, layers: [256, 128, 10], dropout: 0.2 } },
    'model:v2:metrics': { timestamp: now - 9 * DAY, data: { accuracy: 0.861, f1: 0.842, epochs: 8 } },
    video_metadata: { timestamp: now - 4 * HOUR, data: { duration: 120, resolution: '1920x1080', format: 'MP4' } },
    api_response: { timestamp: now - 50 * 60, ttl: HOUR, data: { status: 200, items: [{ id: 1, title: 'first' }, { id: 2, title: 'second' }] } },
    process_result: { timestamp: now - 26 * HOUR, data: { result: 'processed_data', metadata: { timestamp: '2024-02-07' } } },
    'report:iso-timestamp': { timestamp: new Date((now - 6 * HOUR) * 1000).toISOString(), data: { written_by: 'a tool that stores ISO-8601 timestamps' } },
    'report:ms-timestamp': { timestamp: (now - 90 * 60) * 1000, data: { written_by: 'a tool that stores milliseconds' } },
  };
}

function main() {
  const { dir } = parseArgs(process.argv.slice(2));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const now = Math.floor(Date.now() / 1000);
  const entries = demoEntries(now);
  for (const [key, entry] of Object.entries(entries)) {
    fs.writeFileSync(path.join(dir, `${key}.json`), JSON.stringify(entry));
  }
  // Cut off mid-write by some other tool: must show as unreadable, never crash anything.
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"timestamp": 1700000000, "data": {"rows": [1, 2,');
  console.log(`demo cache: ${Object.keys(entries).length + 1} files in ${path.relative(process.cwd(), dir) || dir}`);
}

main();
