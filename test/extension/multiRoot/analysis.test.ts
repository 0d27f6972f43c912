// Cache Analysis in a multi-root workspace: the folder node's button analyses that folder only, each in its own panel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisPanel } from '../../../src/extension/analysis/analysisPanel';
import { entryPath, extensionApi, label, waitFor, writeEntry } from '../helpers';

suite('Cache Analysis per workspace folder', () => {
  const panels: AnalysisPanel[] = [];
  const written: string[] = [];

  // The folders are shared with the suites that follow: leave them as they were.
  teardown(async () => {
    panels.splice(0).forEach((panel) => panel.dispose());
    await Promise.all(written.splice(0).map((file) => fs.rm(file, { force: true })));
  });

  test('the button on a folder node analyses that folder, and the other folder gets a panel of its own', async () => {
    const api = await extensionApi();
    const alpha = vscode.workspace.workspaceFolders!.find((f) => f.name === 'alpha')!;
    const alphaCache = path.join(alpha.uri.fsPath, 'cache');
    for (const [key, data] of [['only:in-alpha', 'a'.repeat(500)], ['also:in-alpha', 'b']]) {
      await writeEntry(key!, { data }, alphaCache);
      written.push(entryPath(key!, alphaCache));
    }
    const inAlphaNow = (await fs.readdir(alphaCache)).filter((name) => name.endsWith('.json')).length;
    const betaNode = await waitFor('the beta folder node', async () => ((await api.tree.getChildren()) ?? []).find((node) => label(node) === 'beta'));
    const alphaPanel = await vscode.commands.executeCommand<AnalysisPanel>('cacheExplorer.analyze', alpha.uri);
    const betaPanel = await vscode.commands.executeCommand<AnalysisPanel>('cacheExplorer.analyze', betaNode);
    panels.push(alphaPanel, betaPanel);
    assert.notEqual(alphaPanel, betaPanel);
    assert.equal(alphaPanel.folder.name, 'alpha');
    assert.equal(betaPanel.folder.name, 'beta');
    const inAlpha = await waitFor('the analysis of alpha', () => alphaPanel.latest, 10_000);
    assert.equal(inAlpha.totals.count, inAlphaNow);
    assert.equal(inAlpha.biggest[0]!.key, 'only:in-alpha');
    const inBeta = await waitFor('the analysis of beta', () => betaPanel.latest, 10_000);
    assert.equal(inBeta.biggest.some((entry) => entry.key.endsWith('in-alpha')), false);
  });
});
