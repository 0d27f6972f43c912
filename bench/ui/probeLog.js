// Reads the probe's samples (probe/extension.js) and answers what a case needs: the host's longest stall and its
// memory over a window of wall-clock time.
'use strict';
const fs = require('node:fs');

/** The probe writes a line every 100 ms; a stall is reported by the first line written after it ends. */
const SAMPLE_MS = 100;

class ProbeLog {
  constructor(file) {
    this.file = file;
  }

  /** Every line so far (a line being written is skipped), of every host the session has had. */
  lines() {
    if (!fs.existsSync(this.file)) return [];
    const out = [];
    for (const line of fs.readFileSync(this.file, 'utf8').split('\n')) {
      try {
        if (line) out.push(JSON.parse(line));
      } catch {
        // the probe is appending this line right now
      }
    }
    return out;
  }

  /** The lines of the newest extension host (a reloaded window starts a new one): its start line, then its samples. */
  samples() {
    const lines = this.lines();
    const pid = lines.filter((s) => s.start).pop()?.pid;
    return lines.filter((s) => s.pid === undefined || s.pid === pid);
  }

  /** The newest host's trace lines (CACHE_EXPLORER_UI_PROBE_TRACE), times relative to `from` (epoch ms). */
  traces(from) {
    return this.samples().filter((s) => s.trace !== undefined).map(({ t, trace, ms, rows }) => ({ at: t - from, trace, ms, rows }));
  }

  /** Every extension host's pid the session has had. */
  pids() {
    return this.lines().filter((s) => s.start).map((s) => s.pid);
  }

  /** The newest extension host's pid, once its probe has started. */
  pid() {
    return this.samples().find((s) => s.start)?.pid;
  }

  /**
   * Over [from, to] (epoch ms): the longest event-loop stall, the longest garbage collection, the worst 99th
   * percentile of a sample, the RSS just before `from`, the peak RSS and heap inside the window. Samples up to one
   * period after `to` count: they report what happened before they were written.
   */
  window(from, to) {
    const all = this.samples().filter((s) => !s.start && s.trace === undefined);
    const inside = all.filter((s) => s.t > from && s.t <= to + SAMPLE_MS);
    const before = all.filter((s) => s.t <= from).pop() ?? inside[0];
    const max = (xs, f) => (xs.length ? Math.max(...xs.map(f)) : undefined);
    return {
      stallMs: max(inside, (s) => s.maxMs),
      // Reported by the line after the collection's end (the observer's callback runs later), so a window's own
      // collections may show one line late: the window's samples run one period past `to` for that too.
      gcMs: max(inside, (s) => s.gcMs ?? 0),
      p99Ms: max(inside, (s) => s.p99Ms),
      rssBeforeMB: before?.rssMB,
      rssPeakMB: max(inside, (s) => s.rssMB),
      rssGrowthMB: before && inside.length ? Math.max(0, max(inside, (s) => s.rssMB) - before.rssMB) : undefined,
    };
  }

  /**
   * Resolves once the host has had no stall over `stallMs` for `quietMs` (the view has finished its work, as far as
   * anyone outside can tell); rejects after `timeoutMs`.
   */
  async quiet({ stallMs = 50, quietMs = 1000, timeoutMs = 180_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const recent = this.samples().filter((s) => !s.start && s.t > Date.now() - quietMs);
      const covered = recent.length >= Math.floor(quietMs / SAMPLE_MS) - 2;
      if (covered && recent.every((s) => s.maxMs <= stallMs)) return;
      if (Date.now() > deadline) throw new Error(`the extension host did not go quiet within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
  }
}

module.exports = { ProbeLog, SAMPLE_MS };
