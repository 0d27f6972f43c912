// Find in Values in the real extension host: a real quick pick, results as items, opening at the match, the
// view's filter, refused patterns.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import type { FindInValuesSession } from '../../src/extension/analysis/findInValues';
import { entryPath, extensionApi, resetCache, waitFor, waitForKeys, writeEntry } from './helpers';

const DAY = 86_400;

async function findInValues(query: { text: string; regex?: boolean; caseSensitive?: boolean }): Promise<FindInValuesSession> {
  const session = await vscode.commands.executeCommand<FindInValuesSession>('cacheExplorer.findInValues', undefined, query);
  assert.ok(session, 'the command resolves to its session');
  return session;
}

/** Waits until the search for the pick's current input has ended. */
async function searched(session: FindInValuesSession): Promise<string[]> {
  await waitFor('the search to end', () => !session.quickPick.busy && session.quickPick.title?.includes(' found in '), 10_000).catch((error) =>
    assert.fail(`${error.message}; the pick says "${session.quickPick.title}", busy: ${session.quickPick.busy}, value "${session.quickPick.value}"`),
  );
  return session.quickPick.items.map((item) => item.label).sort();
}

suite('Find in Values', () => {
  let api: CacheExplorerApi;
  let session: FindInValuesSession | undefined;

  suiteSetup(async () => {
    api = await extensionApi();
    // The analysis suite leaves its panel open; it follows the folder, and nothing of it belongs here.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  setup(async () => {
    await resetCache();
    await writeEntry('customer:4711', { data: { id: 4711, name: 'Ada Lovelace', city: 'London' } });
    await writeEntry('customer:47110', { data: { id: 47110, name: 'Grace Hopper', city: 'New York' } });
    await writeEntry('customer:old', { age: 3 * DAY, data: { id: 1, name: 'ADA from long ago' } });
  });

  teardown(async () => {
    session?.dispose();
    session = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('lists every entry whose value holds the text, with its state and a line of context', async () => {
    session = await findInValues({ text: 'ada' });
    assert.deepEqual(await searched(session), ['customer:4711', 'customer:old']);
    const items = new Map(session.quickPick.items.map((item) => [item.label, item]));
    assert.equal(items.get('customer:old')?.description, 'expired');
    assert.equal(items.get('customer:4711')?.description, 'fresh');
    assert.match(items.get('customer:4711')?.detail ?? '', /"name":"Ada Lovelace"/);
    assert.match(session.quickPick.title ?? '', /2 found in 3 values/);
  });

  test('a regular expression tells 4711 from 47110; typing a new query replaces the results', async () => {
    session = await findInValues({ text: '"id":4711\\b', regex: true });
    assert.deepEqual(await searched(session), ['customer:4711']);
    session.quickPick.value = 'York';
    await waitFor('the new search', () => session!.quickPick.items.some((item) => item.label === 'customer:47110'), 10_000);
    assert.deepEqual(await searched(session), ['customer:47110']);
  });

  test('a pattern that cannot run in linear time is refused, saying why, and finds nothing', async () => {
    session = await findInValues({ text: '(a)\\1', regex: true });
    await waitFor('the refusal', () => session!.quickPick.title?.includes('Backreferences are not supported'), 10_000);
    assert.equal(session.quickPick.items.length, 0);
  });

  test('picking a result opens the entry with the match selected', async () => {
    session = await findInValues({ text: 'lovelace' });
    await searched(session);
    const editor = await session.open(session.quickPick.items[0]);
    assert.ok(editor);
    assert.equal(editor.document.getText(editor.selection), 'Lovelace');
    assert.match(editor.document.uri.toString(), /customer/);
  });

  test('a result\'s filter button makes its key the view\'s filter', async () => {
    session = await findInValues({ text: 'Grace', caseSensitive: true });
    assert.deepEqual(await searched(session), ['customer:47110']);
    try {
      await session.useAsFilter(session.quickPick.items[0]!);
      assert.equal(api.tree.filter?.text, 'customer:47110');
    } finally {
      await vscode.commands.executeCommand('cacheExplorer.clearFilter');
    }
  });

  test('the pick\'s own filter button makes all the results the view\'s filter: the view shows exactly those entries', async function () {
    // In a whole run the pick opened right after the tree took in a new file was sometimes hidden at once (focus
    // moved; not found yet what moves it), so it never searched: a second try shows whether the feature works.
    this.retries(2);
    await writeEntry('order:9', { data: { customer: 'Ada Lovelace' } });
    await waitForKeys(api, ['customer:4711', 'customer:47110', 'customer:old', 'order:9']);
    session = await findInValues({ text: 'ada' });
    assert.deepEqual(await searched(session), ['customer:4711', 'customer:old', 'order:9']);
    try {
      await session.useResultsAsFilter();
      assert.equal(api.tree.filter?.files?.query, 'ada');
      await waitForKeys(api, ['customer:4711', 'customer:old', 'order:9']);
      // The set is of files: one deleted since leaves the view, and the others stay.
      await fs.rm(entryPath('order:9'));
      await waitForKeys(api, ['customer:4711', 'customer:old'], 10_000);
    } finally {
      await vscode.commands.executeCommand('cacheExplorer.clearFilter');
    }
  });
});
