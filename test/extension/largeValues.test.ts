// A large value costs what a small one does: hovering reads a bounded head, opening shows a read-only preview of
// its first lines, and only an explicit action opens the whole value. The host's longest stall and its memory
// growth while hovering a 200 MB entry are measured and printed (the bench owns the targets; this asserts behaviour).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { CacheExplorerApi } from '../../src/extension';
import { entryNode, entryPath, extensionApi, resetCache, waitFor, withSetting, writeEntry } from './helpers';

const MB = 1024 * 1024;

/** Writes `{"timestamp":…,"data":{"rows":[0,1,2,…]}}` of about `bytes` bytes, in chunks (never one huge string). */
function writeLargeEntry(key: string, bytes: number): void {
  const fd = fs.openSync(entryPath(key), 'w');
  try {
    fs.writeSync(fd, `{"timestamp":${Math.floor(Date.now() / 1000)},"data":{"rows":[0`);
    const chunk = Buffer.from(',1234567890'.repeat(100_000));
    for (let written = 0; written < bytes; written += chunk.length) fs.writeSync(fd, chunk);
    fs.writeSync(fd, ']}}');
  } finally {
    fs.closeSync(fd);
  }
}

async function measured<T>(what: string, body: () => Promise<T>): Promise<T> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const heapBefore = process.memoryUsage().heapUsed;
  try {
    return await body();
  } finally {
    histogram.disable();
    const growth = (process.memoryUsage().heapUsed - heapBefore) / MB;
    console.log(`      [measured] ${what}: longest host stall ${(histogram.max / 1e6).toFixed(0)} ms, heap growth ${growth.toFixed(1)} MB`);
  }
}

suite('Large values', () => {
  let api: CacheExplorerApi;

  suiteSetup(async () => {
    api = await extensionApi();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a 200 MB entry is listed, hovered and opened from bounded reads', async function () {
    this.timeout(120_000);
    await resetCache();
    writeLargeEntry('huge:value', 200 * MB);
    await writeEntry('small:value', { data: { rows: [1, 2] } });
    await vscode.commands.executeCommand('cacheExplorer.refresh');
    const node = await measured('listing with a 200 MB entry', () =>
      waitFor('the 200 MB entry listed as fresh', async () => {
        const found = await entryNode(api, 'huge:value');
        return found.contextValue === 'entry.fresh' && found;
      }, 20_000),
    );
    const item = await measured('hovering the 200 MB entry', async () => {
      let last: vscode.TreeItem | undefined;
      // Hovering again and again must not add up.
      for (let i = 0; i < 10; i++) last = await api.tree.resolveTreeItem({ ...node, tooltip: undefined } as vscode.TreeItem, node);
      return last;
    });
    const tooltip = (item?.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /"rows": \[\n\s+0,\n\s+1234567890,/, 'the tooltip shows the first lines of the value');
    assert.match(tooltip, /First lines of the value only \(200\.\d MB in all\)/, 'and says the value goes on');
    const uri = await measured('opening the 200 MB entry', async () => vscode.commands.executeCommand<vscode.Uri>('cacheExplorer.openEntry', node));
    assert.equal(uri.scheme, 'cache-entry-preview', 'a large value opens as a preview');
    const document = vscode.window.activeTextEditor!.document;
    assert.match(document.lineAt(0).text, /^\/\/ Read-only preview of "huge:value" \(200\.\d MB\)\. Only its first lines are shown\.$/);
    assert.ok(document.getText().length < 1 * MB, 'the preview holds a bounded part of the value');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('{}'))), /read-only/i);
    fs.rmSync(entryPath('huge:value'));
  });

  test('over maxEditableSize a value opens read-only; Open Whole Value for Editing opens all of it, editable', async () => {
    await resetCache();
    const rows = Array.from({ length: 400 }, (_, i) => i);
    await writeEntry('medium:value', { data: { rows } });
    await withSetting('maxEditableSize', 1000, async () => {
      const node = await waitFor('the entry', async () => {
        const found = await entryNode(api, 'medium:value');
        return found.contextValue === 'entry.fresh' && found;
      });
      const preview = await vscode.commands.executeCommand<vscode.Uri>('cacheExplorer.openEntry', node);
      assert.equal(preview.scheme, 'cache-entry-preview');
      assert.match(vscode.window.activeTextEditor!.document.lineAt(0).text, /It is shown whole\.$/);
      const whole = await vscode.commands.executeCommand<vscode.Uri>('cacheExplorer.openWholeEntry', preview);
      assert.equal(whole.scheme, 'cache-entry');
      const document = vscode.window.activeTextEditor!.document;
      assert.equal(document.uri.toString(), whole.toString());
      assert.deepEqual(JSON.parse(document.getText()), { rows });
      // Without the explicit action, the editable form of a large value is refused rather than loaded.
      const plain = whole.with({ query: whole.query.replace(/&?whole=1/, '') });
      await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(plain)), /maxEditableSize/);
    });
  });

  test('a large entry clicked while it still says "reading…" opens as a preview, not as a refused document', async () => {
    // In a folder of a million entries the states take minutes to read; an entry is clickable from its name on,
    // while its listed size is still 0. (Made here from a read node: the same row, as it stood before its read.)
    await resetCache();
    await writeEntry('medium:value', { data: { rows: Array.from({ length: 400 }, (_, i) => i) } });
    await withSetting('maxEditableSize', 1000, async () => {
      const read = await waitFor('the entry', async () => {
        const found = await entryNode(api, 'medium:value');
        return found.contextValue === 'entry.fresh' && found;
      });
      // A copy of its entry as listed by name (its path is put together when asked, so it is carried by name here).
      const listed = (read as unknown as { entry: { path: string } }).entry;
      const unread = Object.assign(Object.create(Object.getPrototypeOf(read)), read, { entry: { ...listed, path: listed.path, size: 0, unread: true } });
      const preview = await vscode.commands.executeCommand<vscode.Uri>('cacheExplorer.openEntry', unread);
      assert.equal(preview?.scheme, 'cache-entry-preview');
    });
  });
});
