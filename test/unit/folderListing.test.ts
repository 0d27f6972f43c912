// A folder's listing, patched from change batches by file name: a name that is not the engine's own spelling of its
// key is never read by key (that would read another file); the whole folder is re-read instead.
import * as assert from 'node:assert/strict';
import { fileNameToKey, type EntryInfo, type EntryName } from '../../src/engine';
import { EntryListing, type FolderListing, type ListingSource } from '../../src/extension/model/folderListing';

const info = (fileName: string, key: string): EntryInfo => ({ key, fileName, path: `/c/${fileName}`, size: 1, ttl: 60, state: 'fresh' });

/** A folder whose files the test sets; counts how it is read. */
class FakeFolder implements ListingSource {
  files = new Map<string, EntryInfo>();
  loads = 0;
  readKeys: string[] = [];

  async loadAll(): Promise<FolderListing> {
    this.loads++;
    return { exists: true, entries: new Map(this.files) };
  }

  async readFiles(names: readonly EntryName[]): Promise<EntryInfo[]> {
    this.readKeys.push(...names.map((name) => name.key));
    return names.flatMap((name) => this.files.get(name.fileName) ?? []);
  }

  keyOf(fileName: string): string | undefined {
    return fileNameToKey(fileName, { windows: false, foldsCase: false, normalises: false });
  }
}

suite('folder listing: patched by file', () => {
  test('a changed entry file is re-read alone, by its name', async () => {
    const folder = new FakeFolder();
    folder.files.set('a.json', info('a.json', 'a'));
    const listing = new EntryListing(folder);
    await listing.get();
    folder.files.set('b.json', info('b.json', 'b'));
    const patched = await listing.apply(new Set(['b.json']));
    assert.deepEqual([...patched!.entries.keys()].sort(), ['a.json', 'b.json']);
    assert.deepEqual(folder.readKeys, ['b']);
    assert.equal(folder.loads, 1);
  });

  test('a name that is not the spelling of its key (model%3Av2.json, .eslintrc.json) makes a full re-read', async () => {
    const folder = new FakeFolder();
    const listing = new EntryListing(folder);
    await listing.get();
    folder.files.set('model%3Av2.json', { ...info('model%3Av2.json', 'model%3Av2'), state: 'unreadable' });
    folder.files.set('.eslintrc.json', { ...info('.eslintrc.json', '.eslintrc'), state: 'unreadable' });
    const patched = await listing.apply(new Set(['model%3Av2.json', '.eslintrc.json']));
    assert.deepEqual(folder.readKeys, [], 'a key was read: it names another file');
    assert.equal(folder.loads, 2);
    assert.deepEqual([...patched!.entries.keys()].sort(), ['.eslintrc.json', 'model%3Av2.json']);
  });

  test('before anything was listed, a batch reads nothing', async () => {
    const folder = new FakeFolder();
    const listing = new EntryListing(folder);
    assert.equal(await listing.apply(new Set(['a.json'])), undefined);
    assert.equal(folder.loads, 0);
  });
});
