#!/usr/bin/env node
// What held the extension host in each stall: reads a .cpuprofile written by the probe (CACHE_EXPLORER_UI_PROBE_PROFILE,
// see probe/extension.js), which carries the stalls the probe saw on the profile's own clock, and prints for each of
// the longest the functions that ran in it (self time) and the innermost Cache Explorer function above them. Build
// without --production first for readable names (`node esbuild.js`, then the bench with --no-build).
//   node bench/ui/stalls.js <host.cpuprofile> [--top 10] [--over 100]
'use strict';
const fs = require('node:fs');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const file = args.find((a) => a.endsWith('.cpuprofile'));
if (!file) throw new Error('usage: node bench/ui/stalls.js <host.cpuprofile> [--top 10] [--over 100]');
const top = option('--top', 10);
const over = option('--over', 100);

const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const where = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
const isOurs = (n) => /\/dist\/extension\.js$/.test(n.callFrame.url);
/** The sample's stack, innermost first: its function, then up to three Cache Explorer frames above it. */
function stack(id) {
  const frames = [where(nodes.get(id))];
  for (let at = parent.get(id); at !== undefined && frames.length < 4; at = parent.get(at)) if (isOurs(nodes.get(at))) frames.push(nodes.get(at).callFrame.functionName || '(anonymous)');
  return frames.join(' < ');
}

/** The innermost frame of Cache Explorer's bundle on the sample's stack. */
function ours(id) {
  for (let at = id; at !== undefined; at = parent.get(at)) if (isOurs(nodes.get(at))) return where(nodes.get(at));
  return '(not Cache Explorer)';
}

// Each sample's time on the profile's clock (µs): startTime plus the running sum of deltas.
const times = [];
let t = profile.startTime;
for (const delta of profile.timeDeltas) times.push((t += delta));

const stalls = (profile.stalls ?? []).filter((s) => s.maxMs >= over).sort((a, b) => b.maxMs - a.maxMs).slice(0, top);
const tally = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
const fmt = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${v.toFixed(0)} ms ${k}`).join('\n      ');
console.log(`${(profile.stalls ?? []).filter((s) => s.maxMs >= over).length} stalls of ${over} ms or more in ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s profiled`);
for (const stall of stalls) {
  // The stall ended at most one probe period (100 ms) before it was recorded.
  const from = stall.endUs - (stall.maxMs + 100) * 1000;
  const self = new Map();
  const inOurs = new Map();
  const stacks = new Map();
  profile.samples.forEach((id, i) => {
    if (times[i] < from || times[i] > stall.endUs) return;
    const n = nodes.get(id);
    if (n.callFrame.functionName === '(idle)') return;
    const ms = (profile.timeDeltas[i + 1] ?? 1000) / 1000;
    tally(self, where(n), ms);
    tally(inOurs, ours(id), ms);
    tally(stacks, stack(id), ms);
  });
  console.log(`\n${stall.maxMs.toFixed(0)} ms stall, ending by +${((stall.endUs - profile.startTime) / 1e6).toFixed(2)} s`);
  console.log(`    self:\n      ${fmt(self)}`);
  console.log(`    in Cache Explorer:\n      ${fmt(inOurs)}`);
  console.log(`    stacks:\n      ${fmt(stacks)}`);
}
