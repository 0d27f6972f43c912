// What the user sees, timed inside the page: a watcher armed before an action records the first moment the DOM
// shows what the case waits for (a MutationObserver, so no polling interval is added to the figure), and the
// action's own input event (mousedown, mousemove) marks the start. Both are wall-clock ms in the page's clock
// (performance.timeOrigin + timestamp), comparable with the probe's Date.now() on the same machine.
/* global window, document, MutationObserver -- the functions given to page.evaluate run in the page */
'use strict';

/**
 * What to wait for: elements matching `selector` (inside the view pane whose header says `pane`, when given),
 * one of which has a `.label-name` in `labels`, a `.label-description` matching `description`, and text matching
 * `text` (each only when given).
 * @typedef {{ pane?: string, selector: string, labels?: string[], description?: string, text?: string }} Sight
 */

/** Starts watching for `sight` under `name`, and (when given) for the first `eventType` event after now: the action. */
async function arm(page, name, sight, eventType) {
  await page.evaluate(
    ([name, sight, eventType]) => {
      const bench = (window.__uiBench ??= { seen: {}, started: {}, check: {} });
      const now = () => performance.timeOrigin + performance.now();
      delete bench.seen[name];
      delete bench.started[name];
      const watching = Boolean(sight);
      sight ??= {};
      const description = sight.description === undefined ? undefined : new RegExp(sight.description);
      const text = sight.text === undefined ? undefined : new RegExp(sight.text);
      const scope = () => {
        if (sight.pane === undefined) return document;
        const header = [...document.querySelectorAll('.pane-header')].find((h) => h.textContent.includes(sight.pane));
        return header?.closest('.pane');
      };
      const visible = () => {
        for (const element of scope()?.querySelectorAll(sight.selector) ?? []) {
          const label = element.querySelector('.label-name')?.textContent ?? '';
          const detail = element.querySelector('.label-description')?.textContent ?? '';
          if (sight.labels && !sight.labels.includes(label)) continue;
          if (description && !description.test(detail)) continue;
          if (text && !text.test(element.textContent)) continue;
          return true;
        }
        return false;
      };
      const check = () => {
        if (bench.seen[name] === undefined && bench.started[name] !== undefined && visible()) {
          bench.seen[name] = now();
          observer.disconnect();
        }
      };
      const observer = new MutationObserver(check);
      bench.check[name] = check;
      // Without a sight, only the action's time is wanted (what follows is seen elsewhere, e.g. in a webview).
      if (watching) observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      if (eventType) window.addEventListener(eventType, (e) => (bench.started[name] ??= performance.timeOrigin + e.timeStamp), { capture: true, once: true });
    },
    [name, sight, eventType],
  );
}

/** For an action not started by an input event in the page (files written by the harness): when it started. */
async function markStarted(page, name, epochMs) {
  await page.evaluate(
    ([name, t]) => {
      window.__uiBench.started[name] = t;
      window.__uiBench.check[name](); // it may already show: then it took no longer than this
    },
    [name, epochMs],
  );
}

/** When the action armed under `name` happened (epoch ms), or undefined. */
const startedAt = (page, name) => page.evaluate((name) => window.__uiBench.started[name], name);

/** What a case waited for did not show in time: when the wait began, so the host's figures over it can be kept. */
class NotSeenError extends Error {
  constructor(name, from, timeoutMs) {
    super(`${name}: not shown within ${timeoutMs / 1000} s`);
    this.from = from;
    this.timeoutMs = timeoutMs;
  }
}

/** Resolves { from, to, ms } once the armed sight has been seen; rejects with NotSeenError after `timeoutMs`. */
async function seen(page, name, timeoutMs) {
  try {
    const handle = await page.waitForFunction((name) => window.__uiBench.seen[name], name, { timeout: timeoutMs, polling: 100 });
    await handle.dispose();
  } catch (error) {
    if (error?.name === 'TimeoutError') throw new NotSeenError(name, await startedAt(page, name), timeoutMs);
    throw error;
  }
  const { from, to } = await page.evaluate((name) => ({ from: window.__uiBench.started[name], to: window.__uiBench.seen[name] }), name);
  return { from, to, ms: to - from };
}

module.exports = { arm, markStarted, seen, startedAt, NotSeenError };
