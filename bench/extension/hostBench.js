// Runs inside the VS Code extension host (loaded like a tests module: the host calls run()) and measures what a
// user of a large cache waits for: activation, the view's first level, and a burst of files settling in the tree.
// Writes its figures as JSON to CACHE_EXPLORER_BENCH_OUT. Scenario (CACHE_EXPLORER_BENCH_SCENARIO): `empty` or `large`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { withLagProbe } = require('../../scripts/lagProbe');

const BURST_FILES = Number(process.env.CACHE_EXPLORER_BENCH_BURST || 10_000);
const SETTLE_TIMEOUT_MS = 60_000;

/** Resolves once `check()` is true, polling every 20 ms; rejects after the timeout. */
async function until(what, check) {
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const labelOf = (node) => (typeof node.label === 'string' ? node.label : (node.label?.label ?? ''));

/** Writes `count` entries named `burst:<i>` the way the Python tool would, as fast as the disk takes them. */
function writeBurst(dir, count) {
  const timestamp = Math.floor(Date.now() / 1000);
  for (let i = 0; i < count; i++) {
    fs.writeFileSync(path.join(dir, `burst:${i}.json`), `{"timestamp":${timestamp},"data":{"i":${i}}}`);
  }
}

async function measure() {
  const extension = vscode.extensions.getExtension('cache-explorer.cache-explorer');
  const api = await extension.activate();
  const figures = { activationMs: api.activationMs };
  if (process.env.CACHE_EXPLORER_BENCH_SCENARIO === 'empty') return figures;

  const cacheDir = path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, 'cache');
  const roots = await measureListing(api, figures, extension, cacheDir);
  if (process.env.CACHE_EXPLORER_BENCH_SCENARIO === 'listing') return figures;

  Object.assign(figures, await measureActions(api, roots));

  let refreshes = 0;
  const counting = api.tree.onDidChangeTreeData(() => refreshes++);
  let started = performance.now();
  writeBurst(cacheDir, BURST_FILES);
  const written = performance.now();
  const expected = BURST_FILES.toLocaleString('en-US');
  const { maxLagMs } = await withLagProbe(() =>
    until(`the tree to show ${expected} burst entries`, async () => {
      const group = ((await api.tree.getChildren()) ?? []).find((node) => labelOf(node) === 'burst');
      return group !== undefined && String(group.description ?? '').startsWith(expected);
    }),
  );
  figures.burstFiles = BURST_FILES;
  figures.burstWriteMs = written - started;
  figures.burstSettleMs = performance.now() - written;
  figures.burstRefreshes = refreshes;
  figures.burstMaxLagMs = maxLagMs;
  counting.dispose();

  return figures;
}

const MB = 1024 * 1024;

/** Expired entries the tree's first level counts, from its groups' descriptions ("10,000 · 2,000 expired"). */
async function expiredShown(api) {
  let expired = 0;
  for (const node of (await api.tree.getChildren()) ?? []) {
    const match = /·\s*([\d,]+) expired/.exec(String(node.description ?? ''));
    if (match) expired += Number(match[1].replace(/,/g, ''));
  }
  return expired;
}

/**
 * Opening the view on the cache: the time to its first level (names first), the time until every state is read
 * (the expired counts complete), the host's longest stall over both, and its memory once listed. Baseline, in the
 * same host: the engine's whole listing (`entries()`), which the view used to wait for before showing anything.
 */
async function measureListing(api, figures, extension, cacheDir) {
  const expectedExpired = Number(process.env.CACHE_EXPLORER_BENCH_EXPIRED);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let roots;
  const started = performance.now();
  await vscode.commands.executeCommand('cacheExplorer.refresh');
  const listing = await withLagProbe(async () => {
    const first = await withLagProbe(() => api.tree.getChildren());
    roots = first.result;
    figures.firstLevelMs = performance.now() - started;
    figures.firstLevelNodes = roots.length;
    figures.firstLevelMaxLagMs = first.maxLagMs;
    await until('every state to be read', async () => (await expiredShown(api)) === expectedExpired);
    figures.statesMs = performance.now() - started;
  });
  figures.listingMaxLagMs = listing.maxLagMs;
  global.gc?.();
  figures.hostRssMB = process.memoryUsage().rss / MB;
  figures.hostRssGrowthMB = (process.memoryUsage().rss - rssBefore) / MB;
  figures.heapUsedMB = process.memoryUsage().heapUsed / MB;
  const { Cache } = require(path.join(extension.extensionPath, 'dist', 'engine.js'));
  const baselineStarted = performance.now();
  await new Cache({ cacheDir }).entries();
  figures.wholeListingMs = performance.now() - baselineStarted;
  return roots;
}

/** Each user action on the large cache (with its huge entry): the host's longest stall while it runs (issue 17). */
async function measureActions(api, roots) {
  const figures = {};
  const group = roots.find((node) => labelOf(node) === 'stage0');
  figures.expandMaxLagMs = (await withLagProbe(() => api.tree.getChildren(group))).maxLagMs;
  figures.filterMaxLagMs = (
    await withLagProbe(async () => {
      await vscode.commands.executeCommand('cacheExplorer.filter', '*/*/*/*/*.png');
      await api.tree.getChildren();
      await vscode.commands.executeCommand('cacheExplorer.clearFilter');
      return api.tree.getChildren();
    })
  ).maxLagMs;
  const huge = ((await api.tree.getChildren()) ?? []).find((node) => node.entry?.key === 'huge:value');
  if (!huge) throw new Error('the huge entry is not at the top level');
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  figures.hoverMaxLagMs = (
    await withLagProbe(async () => {
      for (let i = 0; i < 10; i++) await api.tree.resolveTreeItem({ ...huge, tooltip: undefined }, huge);
    })
  ).maxLagMs;
  figures.hoverHeapMB = Math.max(0, process.memoryUsage().heapUsed - heapBefore) / (1024 * 1024);
  figures.openMaxLagMs = (await withLagProbe(() => vscode.commands.executeCommand('cacheExplorer.openEntry', huge))).maxLagMs;
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  return figures;
}

exports.run = async function run() {
  const figures = await measure();
  fs.writeFileSync(process.env.CACHE_EXPLORER_BENCH_OUT, JSON.stringify(figures));
};
