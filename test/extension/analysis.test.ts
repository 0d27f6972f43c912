// Cache Analysis in the real extension host: exact figures, live updates, bad files, and what each button does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CacheAnalysis } from '../../src/engine/analysis';
import type { CacheExplorerApi } from '../../src/extension';
import type { AnalysisPanel } from '../../src/extension/analysis/analysisPanel';
import { cacheDir, entryPath, exists, extensionApi, resetCache, waitFor, waitForKeys, withSetting, writeEntry } from './helpers';

const DAY = 86_400;

async function sizeOf(...keys: string[]): Promise<number> {
  const sizes = await Promise.all(keys.map(async (key) => (await fs.stat(entryPath(key))).size));
  return sizes.reduce((a, b) => a + b, 0);
}

async function openAnalysis(): Promise<AnalysisPanel> {
  const panel = await vscode.commands.executeCommand<AnalysisPanel>('cacheExplorer.analyze');
  assert.ok(panel, 'the command resolves to its panel');
  return panel;
}

/** The next complete analysis for which `check` holds (the current one counts). */
async function analysisWhere(panel: AnalysisPanel, what: string, check: (analysis: CacheAnalysis) => boolean, timeoutMs = 10_000): Promise<CacheAnalysis> {
  return waitFor(what, () => panel.latest && check(panel.latest) && panel.latest, timeoutMs);
}

suite('Cache Analysis panel', () => {
  let api: CacheExplorerApi;
  let panel: AnalysisPanel | undefined;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  setup(async () => {
    await resetCache();
    await writeEntry('model:v3:metrics', { age: 60, data: 'm'.repeat(100) });
    await writeEntry('model:v3:weights', { age: 60, data: 'w'.repeat(3000), ttl: 7 * DAY });
    await writeEntry('model:v2:metrics', { age: 2 * DAY, data: 'o'.repeat(50) });
    await writeEntry('report:2024', { age: 0, data: 'r'.repeat(400) });
    await fs.writeFile(path.join(cacheDir(), 'half-written.json'), '{"timestamp": 1, "data": [1,');
  });

  teardown(() => {
    panel?.dispose();
    panel = undefined;
  });

  test('shows the folder\'s exact figures: totals, namespaces, timeline, biggest, unreadable', async () => {
    panel = await openAnalysis();
    const analysis = await analysisWhere(panel, 'the first analysis', () => true);
    const all = await sizeOf('model:v3:metrics', 'model:v3:weights', 'model:v2:metrics', 'report:2024', 'half-written');
    assert.equal(analysis.totals.count, 5);
    assert.equal(analysis.totals.bytes, all);
    assert.deepEqual(analysis.totals.expired, { count: 1, bytes: await sizeOf('model:v2:metrics') });
    assert.deepEqual(analysis.totals.unreadable, { count: 1, bytes: await sizeOf('half-written') });
    const model = analysis.namespaces.children.find((c) => c.name === 'model');
    assert.equal(model?.bytes, await sizeOf('model:v3:metrics', 'model:v3:weights', 'model:v2:metrics'));
    assert.deepEqual(analysis.timeline.week, { count: 1, bytes: await sizeOf('model:v3:weights') });
    assert.equal(analysis.biggest[0]!.key, 'model:v3:weights');
    assert.deepEqual(analysis.unreadable.map((g) => [g.reason, g.count]), [['The file is not valid JSON.', 1]]);
    assert.equal(analysis.folder, cacheDir());
  });

  test('follows the folder: a file written by another process shows in a new analysis on its own', async () => {
    panel = await openAnalysis();
    await analysisWhere(panel, 'the first analysis', (a) => a.totals.count === 5);
    await writeEntry('report:2025', { age: 0, data: 'n'.repeat(1000) });
    const after = await analysisWhere(panel, 'an analysis with the new entry', (a) => a.totals.count === 6);
    assert.equal(after.biggest.find((e) => e.key === 'report:2025')?.size, await sizeOf('report:2025'));
  });

  test('the ttl setting is followed: entries judged by the new ttl', async () => {
    panel = await openAnalysis();
    await analysisWhere(panel, 'the first analysis', (a) => a.totals.expired.count === 1);
    await withSetting('ttl', 30, async () => {
      // 30 s: every entry without its own ttl (written 60 s or more ago) has expired, except report:2024.
      const analysis = await analysisWhere(panel!, 'an analysis with the shorter ttl', (a) => a.ttl === 30);
      assert.equal(analysis.totals.expired.count, 2);
    });
  });

  test('Clean Up on the expired recommendation removes the expired entry, and the analysis follows', async () => {
    panel = await openAnalysis();
    const analysis = await analysisWhere(panel, 'the first analysis', () => true);
    const index = analysis.recommendations.findIndex((r) => r.kind === 'expired');
    assert.ok(index >= 0, 'an expired entry is worth a recommendation');
    await panel.runRecommendation(index);
    assert.equal(await exists(entryPath('model:v2:metrics')), false);
    assert.equal(await exists(entryPath('model:v3:metrics')), true);
    await analysisWhere(panel, 'an analysis without expired entries', (a) => a.totals.expired.count === 0);
  });

  test('Show on a namespace without ttls filters the view to it', async () => {
    await writeEntry('report:big', { age: 0, data: 'b'.repeat(20_000) });
    panel = await openAnalysis();
    const analysis = await analysisWhere(panel, 'an analysis with report:big', (a) => a.totals.count === 6);
    const index = analysis.recommendations.findIndex((r) => r.kind === 'namespaceWithoutTtl');
    assert.ok(index >= 0, JSON.stringify(analysis.recommendations.map((r) => r.kind)));
    try {
      await panel.runRecommendation(index);
      assert.equal(api.tree.filter?.text, 'report:*');
      await waitForKeys(api, ['report:2024', 'report:big']);
    } finally {
      await vscode.commands.executeCommand('cacheExplorer.clearFilter');
    }
  });

  test('the unreadable files\' recommendation says since when (the oldest one\'s mtime); Show filters the view to them', async () => {
    const oldest = new Date(Date.now() - 3 * DAY * 1000);
    oldest.setMilliseconds(0);
    await fs.utimes(path.join(cacheDir(), 'half-written.json'), oldest, oldest);
    await fs.writeFile(path.join(cacheDir(), 'empty.json'), '');
    panel = await openAnalysis();
    const analysis = await analysisWhere(panel, 'an analysis with both unreadable files', (a) => a.totals.unreadable.count === 2);
    const index = analysis.recommendations.findIndex((r) => r.kind === 'unreadable');
    const recommendation = analysis.recommendations[index];
    assert.ok(recommendation?.kind === 'unreadable', JSON.stringify(analysis.recommendations.map((r) => r.kind)));
    assert.equal(recommendation.since, oldest.getTime());
    try {
      await panel.runRecommendation(index);
      assert.equal(api.tree.filter?.state?.kind, 'unreadable');
      await waitForKeys(api, ['empty', 'half-written']);
    } finally {
      await vscode.commands.executeCommand('cacheExplorer.clearFilter');
    }
  });

  test('Open on the dominant entry opens its value; a link the analysis did not list opens nothing', async () => {
    panel = await openAnalysis();
    const analysis = await analysisWhere(panel, 'the first analysis', () => true);
    const index = analysis.recommendations.findIndex((r) => r.kind === 'dominantEntry');
    assert.ok(index >= 0, 'weights holds most of the bytes');
    const editor = (await panel.runRecommendation(index)) as vscode.TextEditor;
    assert.match(editor.document.getText(), /w{3000}/);
    const refused = await panel.open({ key: 'elsewhere', path: path.join(os.tmpdir(), 'elsewhere.json'), state: 'fresh' });
    assert.equal(refused, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('an unreadable file listed by the analysis opens as its raw file', async () => {
    panel = await openAnalysis();
    const analysis = await analysisWhere(panel, 'the first analysis', () => true);
    const example = analysis.unreadable[0]!.examples[0]!;
    const editor = await panel.open({ key: example.key, path: example.path, state: example.state });
    assert.equal(editor?.document.uri.fsPath, path.join(cacheDir(), 'half-written.json'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('exports the analysis as Markdown and as JSON', async () => {
    panel = await openAnalysis();
    await analysisWhere(panel, 'the first analysis', () => true);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'analysis-export-'));
    try {
      const markdown = await panel.export('markdown', vscode.Uri.file(path.join(dir, 'a.md')));
      assert.match(await fs.readFile(markdown!.fsPath, 'utf8'), /^\| model:v3 \| 2 \| /m);
      const json = await panel.export('json', vscode.Uri.file(path.join(dir, 'a.json')));
      assert.equal(JSON.parse(await fs.readFile(json!.fsPath, 'utf8')).totals.count, 5);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test('the command run again shows the same panel, not a second one', async () => {
    panel = await openAnalysis();
    assert.equal(await openAnalysis(), panel);
  });
});
