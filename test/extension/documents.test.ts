import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import { parseText } from '../../src/extension/entryDocument/jsonText';
import { entryNode, entryPath, extensionApi, readEntryFile, resetCache, waitFor, writeEntry } from './helpers';

suite('Entry documents', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  let key: string;
  let run = 0;

  setup(async () => {
    await resetCache();
    // A key of its own per test: a document VS Code still holds from an earlier test cannot interfere.
    key = `doc:edit-${++run}`;
    await writeEntry(key, { age: 100, data: { rows: 3, source: 'users.csv' } });
    await writeEntry('doc:own-ttl', { age: 100, ttl: 600, data: { status: 200 } });
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function open(key: string): Promise<vscode.TextDocument> {
    // Listed while the test was still writing it, an entry can show as unreadable for one batch.
    const node = await waitFor(`${key} fresh in the tree`, async () => {
      const found = await entryNode(api, key);
      return found.contextValue === 'entry.fresh' && found;
    });
    await vscode.commands.executeCommand('cacheExplorer.openEntry', node);
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.uri.scheme, 'cache-entry');
    return document!;
  }

  async function replaceText(document: vscode.TextDocument, text: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
  }

  test('a valid edit, saved, is written to the entry file and the tree', async () => {
    const document = await open(key);
    const before = (await readEntryFile(key)).timestamp;
    await replaceText(document, '{ "rows": 4, "source": "users.csv", "checked": true }');
    assert.equal(await document.save(), true);
    const written = await readEntryFile(key);
    assert.deepEqual(written.data, { rows: 4, source: 'users.csv', checked: true });
    assert.ok(written.timestamp >= before, 'saving writes a new timestamp');
    await waitFor('the entry fresh in the tree', async () => (await entryNode(api, key)).contextValue === 'entry.fresh');
  });

  test('an entry with its own ttl keeps it when saved', async () => {
    const document = await open('doc:own-ttl');
    await replaceText(document, '{"status": 404}');
    assert.equal(await document.save(), true);
    const written = await readEntryFile('doc:own-ttl');
    assert.deepEqual(written.data, { status: 404 });
    assert.equal(written.ttl, 600);
  });

  test('invalid JSON is refused on save and the file stays as it was', async () => {
    const document = await open(key);
    const before = await fs.readFile(entryPath(key), 'utf8');
    await replaceText(document, '{\n  "rows": 4,\n}\n');
    assert.equal(await document.save(), false);
    assert.equal(document.isDirty, true, 'the edit is kept so it can be fixed');
    assert.equal(await fs.readFile(entryPath(key), 'utf8'), before);
  });

  test('the save error names the problem with its line and column', () => {
    assert.deepEqual(parseText('{\n  "rows": 4,\n}\n'), { ok: false, message: 'A trailing comma is not allowed in JSON at line 3, column 1' });
    assert.deepEqual(parseText('{"a": 1} // note'), { ok: false, message: 'Comments are not allowed in JSON at line 1, column 10' });
    assert.deepEqual(parseText('[1, "two", null]'), { ok: true, compact: '[1,"two",null]' });
  });

  /** The data member's bytes in the entry file, as the Python tool would read them. */
  async function dataBytes(key: string): Promise<string> {
    const text = await fs.readFile(entryPath(key), 'utf8');
    return text.slice(text.indexOf('"data":') + '"data":'.length, -1);
  }

  const EXACT = '{"id":12345678901234567890,"ratio":1.0,"zero":-0,"huge":1e400,"__proto__":{"x":1},"z":1,"a":"caf\\u00e9","u":"é","note":"old"}';

  test('the document shows the value as written and saves exactly what was edited: big ids, 1.0, -0, 1e400, __proto__', async () => {
    await fs.writeFile(entryPath(key), `{"timestamp":${Math.floor(Date.now() / 1000) - 100},"data":${EXACT}}`);
    const document = await waitFor('the rewritten value in its document', async () => {
      const opened = await open(key);
      return opened.getText().includes('12345678901234567890') && opened;
    });
    assert.equal(
      document.getText(),
      '{\n  "id": 12345678901234567890,\n  "ratio": 1.0,\n  "zero": -0,\n  "huge": 1e400,\n  "__proto__": {\n    "x": 1\n  },\n' +
        '  "z": 1,\n  "a": "caf\\u00e9",\n  "u": "é",\n  "note": "old"\n}\n',
    );
    // A change that leaves the value as it was (whitespace) writes the same bytes.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 1), '   ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(await document.save(), true);
    assert.equal(await dataBytes(key), EXACT);
    // Editing one member changes that member only.
    const text = document.getText();
    const start = text.indexOf('"old"');
    const change = new vscode.WorkspaceEdit();
    change.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(start + 5)), '"new"');
    assert.ok(await vscode.workspace.applyEdit(change));
    assert.equal(await document.save(), true);
    assert.equal(await dataBytes(key), EXACT.replace('"old"', '"new"'));
  });

  test('an open document follows a change made on disk by another process', async () => {
    const document = await open(key);
    await writeEntry(key, { data: { rows: 99 } });
    await waitFor('the document to show the new value', () => document.getText() === '{\n  "rows": 99\n}\n', 3000);
  });
});
