// A probe in the extension host's own process, loaded beside Cache Explorer by the UI benchmark (bench/ui/run.js),
// so that the product carries no measuring code. Every SAMPLE_MS it appends one JSON line to the file named by
// CACHE_EXPLORER_UI_PROBE_OUT: the wall-clock time, the longest event-loop delay and its 99th percentile since the
// previous line (perf_hooks.monitorEventLoopDelay), and the process's RSS and heap. A stall delays the line that
// reports it, so a line's `t` is when the stall ended: the harness attributes it to the window ending at `t`. Each
// line names its host's pid: a reloaded window has a new host, and the harness reads the newest one's lines.
'use strict';
const fs = require('node:fs');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const SAMPLE_MS = 100;

exports.activate = function activate(context) {
  const out = process.env.CACHE_EXPLORER_UI_PROBE_OUT;
  if (!out) return;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const write = (line) => fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
  write({ t: Date.now(), pid: process.pid, start: true });
  const timer = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    // The histogram's figures are in nanoseconds and include the sampling resolution itself.
    write({ t: Date.now(), pid: process.pid, maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6, rssMB: rss / 2 ** 20, heapMB: heapUsed / 2 ** 20 });
    delay.reset();
  }, SAMPLE_MS);
  context.subscriptions.push({ dispose: () => (clearInterval(timer), delay.disable()) });
};
