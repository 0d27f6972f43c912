// How the panel's analysis runs: a cancel says so and shows nothing stale; changes during a run cause exactly one
// more run after it; a run replaced by a newer one says nothing. On a real cache folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Cache } from '../../src/engine';
import type { CacheAnalysis } from '../../src/engine/analysis';
import type { AnalysisFolder } from '../../src/extension/analysis/analysisHost';
import { AnalysisRunner } from '../../src/extension/analysis/analysisRunner';
import { waitFor } from './helpers';

suite('Cache Analysis runs', () => {
  let dir: string;
  let folder: AnalysisFolder;
  let events: string[];
  let results: CacheAnalysis[];
  let snapshots: { done: number; total?: number; counted: number; resultsBefore: number }[];
  let runner: AnalysisRunner;

  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analysis-runner-'));
    const nowS = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(dir, `key${i}.json`), JSON.stringify({ timestamp: nowS, data: i }));
    folder = { id: 'test', name: 'test', workspaceUri: vscode.Uri.file(dir), cache: new Cache({ cacheDir: dir }), separator: ':' };
    events = [];
    results = [];
    snapshots = [];
    runner = new AnalysisRunner(() => folder, {
      onListing: () => events.push('listing'),
      onProgress: (done, total, snapshot) => snapshots.push({ done, total, counted: snapshot().totals.count, resultsBefore: results.length }),
      onResult: (analysis) => {
        events.push('result');
        results.push(analysis);
      },
      onCancelled: () => events.push('cancelled'),
      onError: (error) => events.push(`error: ${String(error)}`),
    }, 20);
  });

  teardown(() => {
    runner.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('Cancel stops the run: it says so, and no result comes', async () => {
    const run = runner.run();
    runner.cancel();
    await run;
    assert.deepEqual(events, ['listing', 'cancelled']);
    assert.equal(runner.isRunning, false);
  });

  test('changes while a run goes on make one more run after it, not one per change', async () => {
    const run = runner.run();
    runner.schedule();
    runner.schedule();
    runner.schedule();
    await run;
    await waitFor('the follow-up run', () => results.length === 2, 5000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(events, ['listing', 'result', 'listing', 'result']);
  });

  test('a run replaced by a newer one ends quietly; the newer one shows its result', async () => {
    const first = runner.run();
    fs.writeFileSync(path.join(dir, 'late.json'), JSON.stringify({ timestamp: Math.floor(Date.now() / 1000), data: 'late' }));
    const second = runner.run();
    await Promise.all([first, second]);
    assert.deepEqual(events, ['listing', 'listing', 'result']);
    assert.equal(results[0]!.totals.count, 51);
  });

  test('the first chart comes from the first files read, before the folder is read whole; progress knows the total', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    for (let i = 50; i < 1000; i++) fs.writeFileSync(path.join(dir, `key${i}.json`), JSON.stringify({ timestamp: nowS, data: i }));
    await runner.run();
    assert.equal(results[0]!.totals.count, 1000);
    const first = snapshots[0]!;
    assert.equal(first.resultsBefore, 0);
    assert.equal(first.total, 1000);
    assert.ok(first.done < 1000 && first.counted === first.done, `the first snapshot held ${first.counted} of ${first.done} seen`);
  });
});
