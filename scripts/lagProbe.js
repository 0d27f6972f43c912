// How long a process's event loop stopped answering while some work ran: a timer ticks every `tickMs` and the
// largest gap beyond the tick is the longest stall. Shared by the extension host's tests and its benchmark.
'use strict';

/**
 * Runs `body` under the probe; resolves with its result and the longest stall in ms.
 * @template T
 * @param {() => Promise<T>} body
 * @param {number} [tickMs]
 * @returns {Promise<{ result: T; maxLagMs: number }>}
 */
async function withLagProbe(body, tickMs = 10) {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - tickMs);
    last = now;
  }, tickMs);
  try {
    const result = await body();
    // A body that blocked and then finished before the next tick: let that overdue tick run and record the gap.
    await new Promise((resolve) => setTimeout(resolve, 2 * tickMs));
    return { result, maxLagMs: worst };
  } finally {
    clearInterval(timer);
  }
}

module.exports = { withLagProbe };
