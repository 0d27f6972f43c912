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
  const gc = watchGarbageCollection();
  const write = (line) => fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
  write({ t: Date.now(), pid: process.pid, start: true });
  const stalls = profileIfAsked(context);
  traceIfAsked(write);
  const timer = setInterval(() => {
    // A stall's end on the profile's clock (monotonic, in µs), so a profile can show what ran in it.
    const gcMs = gc.take();
    if (stalls && delay.max / 1e6 >= 50) stalls.push({ endUs: Number(process.hrtime.bigint() / 1000n), maxMs: delay.max / 1e6, gcMs });
    const { rss, heapUsed } = process.memoryUsage();
    // The histogram's figures are in nanoseconds and include the sampling resolution itself.
    write({ t: Date.now(), pid: process.pid, maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6, gcMs, rssMB: rss / 2 ** 20, heapMB: heapUsed / 2 ** 20 });
    delay.reset();
  }, SAMPLE_MS);
  context.subscriptions.push({ dispose: () => (clearInterval(timer), delay.disable(), gc.stop()) });
};

/**
 * The longest garbage collection since the last `take()`, in ms: a stall of as long is the collector's (a heap
 * grown to gigabytes), not a step of Cache Explorer's that the CPU profile would name.
 */
function watchGarbageCollection() {
  const { PerformanceObserver } = require('node:perf_hooks');
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    take: () => {
      const ms = longest;
      longest = 0;
      return ms;
    },
    stop: () => observer.disconnect(),
  };
}

/**
 * With CACHE_EXPLORER_UI_PROBE_PROFILE set to a folder, profiles the host's CPU (every 1 ms) from activation (or
 * CACHE_EXPLORER_UI_PROBE_PROFILE_DELAY seconds after it: a late case, such as the burst) for
 * CACHE_EXPLORER_UI_PROBE_PROFILE_SECONDS (60) and writes `host-<pid>.cpuprofile` there: what held the host during
 * a stall (with the probe's stalls of 50 ms or more: `node bench/ui/stalls.js <file>` shows what ran in each).
 */
function profileIfAsked(context) {
  const dir = process.env.CACHE_EXPLORER_UI_PROBE_PROFILE;
  if (!dir) return undefined;
  const stalls = [];
  const seconds = Number(process.env.CACHE_EXPLORER_UI_PROBE_PROFILE_SECONDS || 60);
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  let stopped = false;
  // At the time asked, or when the host shuts down before it (the harness closes each session as soon as its cases
  // end): a profile cut short is written all the same. A session on the host's own thread answers synchronously.
  const stop = () => {
    if (stopped) return;
    stopped = true;
    const file = (ext) => require('node:path').join(dir, `host-${process.pid}.${ext}`);
    session.post('Profiler.stop', (error, result) => {
      if (!error) fs.writeFileSync(file('cpuprofile'), JSON.stringify({ ...result.profile, stalls }));
      if (!heap) return session.disconnect();
      session.post('HeapProfiler.stopSampling', (heapError, sampled) => {
        if (!heapError) fs.writeFileSync(file('heapprofile'), JSON.stringify(sampled.profile));
        session.disconnect();
      });
    });
  };
  // With CACHE_EXPLORER_UI_PROBE_HEAP set too: where the objects still alive at the end were allocated (a sample
  // every 64 KB), to tell what a heap of gigabytes holds (`node bench/ui/heap.js <file>`).
  // With CACHE_EXPLORER_UI_PROBE_HEAP=all: every allocation sampled, collected since or not (where garbage comes from).
  const heap = Boolean(process.env.CACHE_EXPLORER_UI_PROBE_HEAP);
  const collected = process.env.CACHE_EXPLORER_UI_PROBE_HEAP === 'all';
  const sampling = { samplingInterval: 65536, includeObjectsCollectedByMajorGC: collected, includeObjectsCollectedByMinorGC: collected };
  const sampleHeap = (then) => (heap ? session.post('HeapProfiler.enable', () => session.post('HeapProfiler.startSampling', sampling, then)) : then());
  const start = () =>
    sampleHeap(() => session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 1000 }, () =>
        session.post('Profiler.start', () => {
          const timer = setTimeout(stop, seconds * 1000);
          context.subscriptions.push({ dispose: () => (clearTimeout(timer), stop()) });
          process.once('exit', stop);
        }),
      ),
    ));
  setTimeout(start, Number(process.env.CACHE_EXPLORER_UI_PROBE_PROFILE_DELAY || 0) * 1000);
  return stalls;
}

/**
 * With CACHE_EXPLORER_UI_PROBE_TRACE, also logs each folder's model at work (not part of any API: private fields, read
 * by the bench alone): each batch the watcher hands the listing (`apply`, rows: its files, -1 for a re-read; ms: until
 * its listing is made) and each load (`load`, `load changed` for a batch's own; ms: until it resolves).
 */
function traceListings(tree, write) {
  for (const folder of tree.folders?.all?.() ?? []) {
    const listing = folder.listing;
    if (!listing || listing.traced) continue;
    listing.traced = true;
    const timed = (name, rows, promise) => {
      const t = Date.now();
      const done = () => write({ t, pid: process.pid, trace: name, ms: Date.now() - t, rows });
      promise.then(done, done);
      return promise;
    };
    const apply = listing.apply.bind(listing);
    listing.apply = (fileNames) => timed('apply', fileNames ? fileNames.size : -1, apply(fileNames));
    const source = listing.source;
    const loadAll = source.loadAll.bind(source);
    source.loadAll = (load) => timed(load.changedOnly ? 'load changed' : 'load', load.changed ? load.changed.size : -1, loadAll(load));
    traceEvents(folder, write);
  }
}

/**
 * The file events the folder's watcher took in, per second (`events`, rows: how many; `direct` when the system's own
 * watch was set), and each re-check of its names after a flood (`recheck`, ms: until taken in).
 */
function traceEvents(folder, write) {
  const watcher = folder.watcher;
  if (!watcher || watcher.traced) return;
  watcher.traced = true;
  let count = 0;
  const add = watcher.add.bind(watcher);
  watcher.add = (fileName) => (count++, add(fileName));
  const timer = setInterval(() => {
    if (count > 0) write({ t: Date.now(), pid: process.pid, trace: watcher.direct?.armed ? 'events direct' : 'events', ms: 0, rows: count });
    count = 0;
  }, 1000);
  timer.unref?.();
  const recheck = folder.recheckNames.bind(folder);
  folder.recheckNames = () => {
    const t = Date.now();
    const done = () => write({ t, pid: process.pid, trace: 'recheck', ms: Date.now() - t, rows: 0 });
    const result = recheck();
    result.then(done, done);
    return result;
  };
}

/**
 * With CACHE_EXPLORER_UI_PROBE_TRACE set, logs each request for a level of the tree: when the host received it and
 * how long Cache Explorer took to answer (`{ t, pid, trace: 'roots' | 'children of <label>', ms, rows }`), to tell,
 * for a slow first row or expand, the host's share from the window's.
 */
function traceIfAsked(write) {
  if (!process.env.CACHE_EXPLORER_UI_PROBE_TRACE) return;
  const vscode = require('vscode');
  const wrap = () => {
    const tree = vscode.extensions.getExtension('cache-explorer.cache-explorer')?.exports?.tree;
    if (!tree) return false;
    const getChildren = tree.getChildren.bind(tree);
    tree.getChildren = async (node) => {
      // A folder's model may be made after the tree: traced once it is asked for.
      traceListings(tree, write);
      const t = Date.now();
      const children = await getChildren(node);
      write({ t, pid: process.pid, trace: node ? `children of ${node.label}` : 'roots', ms: Date.now() - t, rows: children.length });
      return children;
    };
    // When the tree told the window to ask again: the whole tree (rows -1) or some rows in place.
    const labels = (nodes) => nodes.slice(0, 3).map((node) => (typeof node.label === 'string' ? node.label : node.label?.label)).join(', ');
    // The folders' models made at activation (the status bar's first listing) are traced from the start.
    traceListings(tree, write);
    tree.onDidChangeTreeData((nodes) =>
      write({ t: Date.now(), pid: process.pid, trace: nodes ? `changed ${labels(nodes)}` : 'changed', ms: 0, rows: nodes ? nodes.length : -1 }),
    );
    return true;
  };
  const timer = setInterval(() => wrap() && clearInterval(timer), 20);
}
