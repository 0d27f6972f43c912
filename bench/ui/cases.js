// The cases: what a user does in one session, in order, each timed from the user's action to what they wait for in
// the DOM, with the extension host's longest stall and memory over the same window (from the probe). The harness
// knows only the keys it wrote and VS Code's DOM, nothing of how Cache Explorer works inside.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { arm, markStarted, seen, startedAt } = require('./pageClock');
const { topLevelNames, userCount, HUGE_KEY, USER_GROUP } = require('./keyMix');
const { chooseCommand } = require('../../scripts/palette');

const PANE = 'Cache Entries';
const LEVEL_1 = '.monaco-list-row[aria-level="1"]';
const BURST_FILES = 10_000;
const WAIT_MS = 420_000;
/** A stall longer than this is one a user notices (the project's standard for every user action). */
const STALL_MS = 100;

const fmt = (n) => n.toLocaleString('en-US');
/** The panels and Find in Values are measured where issue 15 asks: from 100,000 entries up. */
const LARGE = (workspace) => workspace.count >= 100_000;
/** Found in exactly one value (each value's `id` is its entry's index), so the search reads every value. */
const FIND_QUERY = '"id":4711,';
/** Issue 17's glob that once held the host for seconds (a backtracking regular expression built from it). */
const PATHOLOGICAL_GLOB = '*/*/*/*/*.png';
const row = (page, label) =>
  page.locator('.pane', { has: page.locator('.pane-header', { hasText: PANE }) }).locator(LEVEL_1, { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });

/**
 * Clicks (or points at) the middle of what `locator` shows, as a person would, without Playwright's wait for the
 * element to hold still: on a loaded machine a badge or a re-render kept that wait from ending for 30 s.
 */
async function pointAt(page, locator, { click = true } = {}) {
  await locator.waitFor({ timeout: WAIT_MS });
  const box = await locator.boundingBox();
  if (!box) throw new Error('the element has no box on the page');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await (click ? page.mouse.click(x, y) : page.mouse.move(x, y));
}

/**
 * Points at (or clicks) the 200 MB entry's row and waits for `sight`. The window stays open one second more, since the
 * memory a read of the whole value would take shows within the next samples.
 */
async function atHugeEntry(session, name, sight, { click }) {
  const { page } = session;
  await arm(page, name, sight, click ? 'mousedown' : 'mousemove');
  await pointAt(page, row(page, HUGE_KEY), { click });
  const window = await seen(page, name, WAIT_MS);
  await new Promise((r) => setTimeout(r, 1000));
  return sample(session, { ...window, to: window.to + 1000 });
}

/**
 * Once the host is quiet, runs the command titled `title` from the palette; its Enter key starts the case `name`'s
 * clock (what follows is timed by the caller: a webview, or the host settling, which the DOM cannot show).
 */
async function commandFromQuiet(session, name, title) {
  await session.probe.quiet({ timeoutMs: WAIT_MS });
  await chooseCommand(session.page, title);
  await arm(session.page, name, undefined, 'keydown');
  await session.page.keyboard.press('Enter');
}

const ACTIVITY_BAR = '.activitybar .action-item';
/** Long enough for a window to have written what it keeps between sessions (what Cache Explorer keeps: within 2 s). */
const REMEMBERED_MS = 3000;

/**
 * Once the window has loaded, clicks Cache Explorer's icon and times the first level-1 row named after a key prefix
 * the workspace holds, then (from the same click) the first such row that shows a count, and the host settling.
 */
async function clickToFirstRow(session, workspace, name) {
  const { page } = session;
  const icon = page.locator(`${ACTIVITY_BAR} a[aria-label^="Cache Explorer"]`);
  // The window has finished loading, as far as the host can tell: the user clicks now (or after a minute anyway).
  const quietBeforeClick = await session.probe.quiet({ timeoutMs: 60_000 }).then(() => true, () => false);
  const labels = topLevelNames(workspace.count);
  await arm(page, name, { pane: PANE, selector: LEVEL_1, labels }, 'mousedown');
  await arm(page, `${name}-counted`, { pane: PANE, selector: LEVEL_1, labels, description: '^\\d' }, 'mousedown');
  await pointAt(page, icon);
  const window = await seen(page, name, WAIT_MS);
  traceIfAsked(session, name, window);
  const counted = await seen(page, `${name}-counted`, WAIT_MS);
  // What a user of this view waits for next: the host settling (states read, counts filled in).
  await session.probe.quiet({ timeoutMs: WAIT_MS });
  const settled = session.probe.window(window.from, Date.now());
  return sample(session, window, { countedMs: counted.ms, settledMs: Date.now() - window.from, settledRssMB: settled.rssPeakMB, quietBeforeClick });
}

/** With CACHE_EXPLORER_UI_PROBE_TRACE: when the host got each tree request since `window.from`, and its answer time. */
function traceIfAsked(session, name, window) {
  if (!process.env.CACHE_EXPLORER_UI_PROBE_TRACE) return;
  const asked = session.probe.traces(window.from).filter((trace) => trace.at >= -1000);
  console.log(`  ${name}: shown at ${window.ms.toFixed(0)} ms; host answers ${JSON.stringify(asked)}`);
}

/** The probe's figures over a seen window, as one case's sample. */
function sample(session, { from, to, ms }, extra = {}) {
  return { ms, ...session.probe.window(from, to), ...extra };
}

const CASES = [
  {
    id: 'first-row',
    title: 'click on the activity-bar icon → first tree row',
    applies: () => true,
    targets: { stallMs: STALL_MS },
    run: (session, workspace) => clickToFirstRow(session, workspace, 'first-row'),
  },
  {
    id: 'reopen',
    title: 'window reopened, click on the activity-bar icon → first tree row',
    applies: () => true,
    targets: { stallMs: STALL_MS },
    async run(session, workspace) {
      // The window closes once its view has shown the cache (the case before), with the Explorer in the side bar
      // again, so the click is what opens the view, as in the first case.
      await session.probe.quiet({ timeoutMs: WAIT_MS });
      await new Promise((r) => setTimeout(r, REMEMBERED_MS));
      const { page } = session;
      await pointAt(page, page.locator(`${ACTIVITY_BAR} a[aria-label^="Explorer"]`));
      await page.locator('.pane-header', { hasText: 'Outline' }).waitFor({ timeout: WAIT_MS });
      await session.reload();
      if (await page.locator('.pane-header', { hasText: PANE }).count()) throw new Error('the view was already open after the reload');
      return clickToFirstRow(session, workspace, 'reopen');
    },
  },
  {
    id: 'expand',
    title: `expand the ${fmt(USER_GROUP)}-entry group → its first child row`,
    applies: (workspace) => userCount(workspace.count) === USER_GROUP,
    targets: { stallMs: STALL_MS },
    async run(session) {
      const { page } = session;
      const group = row(page, 'user');
      await arm(page, 'expand', { pane: PANE, selector: '.monaco-list-row[aria-level="2"]' }, 'mousedown');
      await pointAt(page, group);
      const window = await seen(page, 'expand', WAIT_MS);
      traceIfAsked(session, 'expand', window);
      await session.probe.quiet({ timeoutMs: WAIT_MS });
      // Collapsed again, so the rows after it stay in sight for the next cases.
      await pointAt(page, group);
      await session.probe.quiet({ timeoutMs: WAIT_MS });
      return sample(session, window);
    },
  },
  {
    id: 'hover',
    title: 'hover the 200 MB entry → its tooltip',
    applies: (workspace) => workspace.hugeMB > 0,
    targets: { stallMs: STALL_MS, rssGrowthMB: 64 },
    async run(session) {
      const sight = { selector: '.workbench-hover, .monaco-hover', text: HUGE_KEY };
      const result = await atHugeEntry(session, 'hover', sight, { click: false });
      await session.page.mouse.move(700, 880);
      return result;
    },
  },
  {
    id: 'open',
    title: 'click the 200 MB entry → its read-only preview says so',
    applies: (workspace) => workspace.hugeMB > 0,
    targets: { stallMs: STALL_MS, rssGrowthMB: 64 },
    async run(session) {
      const { page } = session;
      const result = await atHugeEntry(session, 'open', { selector: '.notification-toast', text: 'opened read-only' }, { click: true });
      await chooseCommand(page, 'Notifications: Clear All Notifications');
      await page.keyboard.press('Enter');
      await chooseCommand(page, 'View: Close All Editors');
      await page.keyboard.press('Enter');
      return result;
    },
  },
  {
    id: 'filter',
    title: `Filter… with the glob ${PATHOLOGICAL_GLOB} → the view says nothing matches`,
    applies: () => true,
    targets: { stallMs: STALL_MS },
    async run(session) {
      const { page } = session;
      await chooseCommand(page, 'Cache Explorer: Filter…');
      await page.keyboard.press('Enter');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: WAIT_MS });
      await input.fill(PATHOLOGICAL_GLOB);
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: WAIT_MS });
      await arm(page, 'filter', { pane: PANE, selector: LEVEL_1, text: 'No keys match' }, 'keydown');
      await page.keyboard.press('Enter');
      const window = await seen(page, 'filter', WAIT_MS);
      const result = sample(session, window);
      await chooseCommand(page, 'Cache Explorer: Clear Filter');
      await page.keyboard.press('Enter');
      await row(page, 'user').waitFor({ timeout: WAIT_MS });
      return result;
    },
  },
  {
    id: 'refresh',
    title: 'Refresh → the host is quiet again (names and states read again)',
    applies: () => true,
    targets: { stallMs: STALL_MS },
    async run(session) {
      const { page } = session;
      await commandFromQuiet(session, 'refresh', 'Cache Explorer: Refresh');
      // Nothing new to see (the same rows come back), so what counts is the host's longest stall over the re-read:
      // the window runs until the host has been quiet for a second again, and at least 2 s (the re-read's start).
      await new Promise((r) => setTimeout(r, 2000));
      await session.probe.quiet({ timeoutMs: WAIT_MS });
      await row(page, 'user').waitFor({ timeout: WAIT_MS });
      const from = await startedAt(page, 'refresh');
      const to = Date.now();
      return sample(session, { from, to, ms: to - from });
    },
  },
  {
    id: 'burst',
    title: `${fmt(BURST_FILES)} new files written → the tree counts them`,
    applies: () => true,
    targets: { ms: 2000, stallMs: STALL_MS },
    async run(session, workspace) {
      const { page } = session;
      await arm(page, 'burst', { pane: PANE, selector: LEVEL_1, labels: ['burst'], description: `^${fmt(BURST_FILES)}(?![\\d,])` });
      const timestamp = Math.floor(Date.now() / 1000);
      const files = Array.from({ length: BURST_FILES }, (_, i) => path.join(workspace.cacheDir, `burst:${i}.json`));
      try {
        const firstWrite = Date.now();
        files.forEach((file, i) => fs.writeFileSync(file, `{"timestamp":${timestamp},"data":{"i":${i}}}`));
        const written = Date.now();
        await markStarted(page, 'burst', written);
        const window = await seen(page, 'burst', WAIT_MS);
        traceIfAsked(session, 'burst', { ...window, from: firstWrite });
        return sample(session, { ...window, from: firstWrite }, { ms: window.ms, writeMs: written - firstWrite });
      } finally {
        for (const file of files) fs.rmSync(file, { force: true });
      }
    },
  },
  {
    id: 'analysis',
    title: 'Cache Analysis → first chart drawn',
    applies: LARGE,
    targets: { stallMs: STALL_MS },
    async run(session) {
      const { page } = session;
      await commandFromQuiet(session, 'analysis', 'Cache Explorer: Cache Analysis');
      // The chart is drawn in the webview's own frames, which the workbench's DOM cannot observe: Playwright polls
      // them (a few ms of resolution), timed against the Enter key's event in the page.
      const chart = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame').locator('svg rect').first();
      await chart.waitFor({ state: 'attached', timeout: WAIT_MS });
      const to = Date.now();
      const from = await startedAt(page, 'analysis');
      return sample(session, { from, to, ms: to - from });
    },
  },
  {
    id: 'find',
    title: `Find in Values, a text in 1 value → first result / whole search`,
    applies: LARGE,
    targets: { stallMs: STALL_MS },
    async run(session) {
      const { page } = session;
      await page.keyboard.press('Escape');
      await session.probe.quiet({ timeoutMs: WAIT_MS });
      await chooseCommand(page, 'Cache Explorer: Find in Values');
      await page.keyboard.press('Enter');
      const input = page.locator('.quick-input-widget input');
      await page.locator('.quick-input-title', { hasText: 'Find in Values' }).waitFor({ timeout: WAIT_MS });
      await arm(page, 'find-first', { selector: '.quick-input-list .monaco-list-row' }, 'input');
      await arm(page, 'find-all', { selector: '.quick-input-title', text: ' found in [\\d,]+ values' }, 'input');
      await input.fill(FIND_QUERY);
      const first = await seen(page, 'find-first', WAIT_MS);
      const all = await seen(page, 'find-all', WAIT_MS);
      await page.keyboard.press('Escape');
      return sample(session, all, { firstMs: first.ms });
    },
  },
];

module.exports = { CASES, STALL_MS };
