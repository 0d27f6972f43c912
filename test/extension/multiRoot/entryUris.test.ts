// Entry documents name one workspace folder exactly: two folders both called `app`, a folder called `app/nested`,
// and a folder removed while its document is open.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../../src/extension';
import { entryUriFor } from '../../../src/extension/entryDocument/entryUri';
import { extensionApi, waitFor, writeEntry } from '../helpers';
import { changeFolders } from './folders';

const KEY = 'settings:theme';

suite('Entry URIs in a multi-root workspace', () => {
  let api: CacheExplorerApi;
  let base: string;
  const dirs = () => ({ one: path.join(base, 'app-one'), two: path.join(base, 'app-two'), nested: path.join(base, 'app-nested') });
  const folderAt = (dir: string) => vscode.workspace.workspaceFolders!.find((f) => f.uri.fsPath === dir)!;
  const read = async (uri: vscode.Uri) => Buffer.from(await vscode.workspace.fs.readFile(uri)).toString();

  suiteSetup(async () => {
    api = await extensionApi();
    base = path.dirname(vscode.workspace.workspaceFolders![0].uri.fsPath);
    const { one, two, nested } = dirs();
    await writeEntry(KEY, { data: { from: 'one' } }, path.join(one, 'cache'));
    await writeEntry(KEY, { data: { from: 'two' } }, path.join(two, 'cache'));
    await writeEntry(`nested/${KEY}`, { data: { from: 'nested' } }, path.join(nested, 'cache'));
    const count = vscode.workspace.workspaceFolders!.length;
    await changeFolders(count, 0, { uri: vscode.Uri.file(one), name: 'app' }, { uri: vscode.Uri.file(two), name: 'app' }, { uri: vscode.Uri.file(nested), name: 'app/nested' });
    await waitFor('the three new folders to have engines', () => [one, two, nested].every((dir) => api.getCache(vscode.Uri.file(dir))), 5000);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const keep = vscode.workspace.workspaceFolders!.filter((f) => !f.uri.fsPath.startsWith(path.join(base, 'app-')));
    const first = vscode.workspace.workspaceFolders!.findIndex((f) => f.uri.fsPath.startsWith(path.join(base, 'app-')));
    if (first >= 0) await changeFolders(first, vscode.workspace.workspaceFolders!.length - keep.length);
    for (const dir of Object.values(dirs())) await fs.rm(dir, { recursive: true, force: true });
  });

  test('two folders named app each open and save their own entry', async () => {
    const { one, two } = dirs();
    assert.equal(folderAt(one).name, folderAt(two).name, 'both folders are called app');
    const uriOne = entryUriFor(folderAt(one), KEY);
    const uriTwo = entryUriFor(folderAt(two), KEY);
    assert.notEqual(uriOne.toString(), uriTwo.toString());
    assert.equal(await read(uriOne), '{\n  "from": "one"\n}\n');
    assert.equal(await read(uriTwo), '{\n  "from": "two"\n}\n');
    const document = await vscode.workspace.openTextDocument(uriTwo);
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), '{"from": "two, edited"}');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(await document.save(), true);
    assert.deepEqual(await api.getCache(vscode.Uri.file(two))!.get(KEY), { from: 'two, edited' });
    assert.deepEqual(await api.getCache(vscode.Uri.file(one))!.get(KEY), { from: 'one' }, 'the other app folder is untouched');
  });

  test('a folder whose name extends another one\'s (app/nested) is not confused with it', async () => {
    const { nested } = dirs();
    assert.equal(await read(entryUriFor(folderAt(nested), `nested/${KEY}`)), '{\n  "from": "nested"\n}\n');
  });

  test('a document whose folder left the workspace is refused with a clear error', async () => {
    const { one } = dirs();
    const folder = folderAt(one);
    const uri = entryUriFor(folder, KEY);
    await changeFolders(folder.index, 1);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(uri)), /no longer open/);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('{"from": "lost"}'))), /no longer open/);
    assert.deepEqual(JSON.parse(await fs.readFile(path.join(one, 'cache', 'settings:theme.json'), 'utf8')).data, { from: 'one' });
  });
});
