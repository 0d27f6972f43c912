// Many writers: reads every `*.json` in the folder raw (readFileSync + JSON.parse) in a loop, as an outside tool
// would, and counts any file that does not parse as a complete entry: a torn file. Ends with one JSON line.
//   node rawWatcher.js <cacheDir> <durationMs>
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { checkValue } = require('./values');

const [dir, durationText] = process.argv.slice(2);
const deadline = Date.now() + Number(durationText);
let scans = 0;
let filesRead = 0;
const torn = [];

while (Date.now() < deadline) {
  let names = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    // The folder may not exist yet.
  }
  scans++;
  for (const name of names) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    let text;
    try {
      text = fs.readFileSync(path.join(dir, name), 'utf8');
    } catch (error) {
      if (error.code === 'ENOENT') continue; // deleted or cleared meanwhile
      throw error;
    }
    filesRead++;
    try {
      const entry = JSON.parse(text);
      if (typeof entry.timestamp !== 'number' || !('data' in entry)) throw new Error('not a complete entry');
      const problem = checkValue(entry.data);
      if (problem) throw new Error(problem);
    } catch (error) {
      torn.push(`${name} (${text.length} bytes): ${error.message}`);
    }
  }
}
process.stdout.write(JSON.stringify({ scans, filesRead, tornCount: torn.length, torn: torn.slice(0, 20) }) + '\n');
