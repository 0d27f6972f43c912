// Reads a sampled heap profile written by the probe (CACHE_EXPLORER_UI_PROBE_HEAP) and prints where the objects still
// alive at its end were allocated (with CACHE_EXPLORER_UI_PROBE_HEAP=all: every object allocated while it ran,
// collected since or not): the functions whose allocations hold the most (self), and the call paths above them.
//   node bench/ui/heap.js <host-PID.heapprofile> [--top N]
'use strict';
const fs = require('node:fs');

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/ui/heap.js <file.heapprofile> [--top N]');
const topAt = process.argv.indexOf('--top');
const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
const root = JSON.parse(fs.readFileSync(file, 'utf8')).head;

const where = (frame) => `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
const bySite = new Map();
let total = 0;
const walk = (node, path) => {
  const site = where(node.callFrame);
  const here = [...path, site];
  if (node.selfSize) {
    total += node.selfSize;
    const row = bySite.get(site) ?? { bytes: 0, paths: new Map() };
    row.bytes += node.selfSize;
    const caller = here.slice(-6, -1).reverse().join(' ← ');
    row.paths.set(caller, (row.paths.get(caller) ?? 0) + node.selfSize);
    bySite.set(site, row);
  }
  for (const child of node.children) walk(child, here);
};
walk(root, []);
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
console.log(`${mb(total)} sampled (alive at the end; allocated in all, with CACHE_EXPLORER_UI_PROBE_HEAP=all)`);
for (const [site, row] of [...bySite].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top)) {
  console.log(`\n${mb(row.bytes).padStart(9)}  ${site}`);
  for (const [caller, bytes] of [...row.paths].sort((a, b) => b[1] - a[1]).slice(0, 3)) console.log(`           ${mb(bytes).padStart(9)} ← ${caller}`);
}
