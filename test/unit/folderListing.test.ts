// A folder's listing, patched from change batches by file name: a name that is not the engine's own spelling of its
// key is never read by key (that would read another file); the whole folder is re-read instead.
import * as assert from 'node:assert/strict';
import { fileNameToKey, type EntryInfo, type EntryName } from '../../src/engine';
import { EntryListing, type FolderListing, type ListingSource, type LoadProgress } from '../../src/extension/model/folderListing';

const info = (fileName: string, key: string): EntryInfo => ({ key, fileName, path: `/c/${fileName}`, size: 1, ttl: 60, state: 'fresh' });

/** A folder whose files the test sets; counts how it is read. */
class FakeFolder implements ListingSource {
  files = new Map<string, EntryInfo>();
  loads = 0;
  readKeys: string[] = [];

  async loadAll(_load?: LoadProgress): Promise<FolderListing> {
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

/**
 * A folder whose second load (or the one numbered `held`, from 1) waits for `release()`; `changedSets` records what
 * each load was asked to read again (sorted file names; undefined: every file).
 */
function folderHoldingSecondLoad(heldLoad = 2): {
  folder: FakeFolder;
  changedSets: Array<string[] | undefined>;
  changedOnly: boolean[];
  release: () => void;
} {
  const folder = new FakeFolder();
  const changedSets: Array<string[] | undefined> = [];
  const changedOnly: boolean[] = [];
  const loadAll = folder.loadAll.bind(folder);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  folder.loadAll = async (load: LoadProgress) => {
    changedSets.push(load.changed && [...load.changed].sort());
    changedOnly.push(load.changedOnly === true);
    if (folder.loads === heldLoad - 1) await held;
    return loadAll(load);
  };
  return { folder, changedSets, changedOnly, release };
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

  test('a full re-read asked for while states are read stops that read and lists the names at once', async () => {
    // The first load shows its names, then reads states until it is aborted (as a 100,000-entry folder would for
    // seconds); the re-read a flood of new files asks for must not wait for it.
    const folder = new FakeFolder();
    folder.files.set('a.json', info('a.json', 'a'));
    let aborted = false;
    folder.loadAll = async (load: LoadProgress) => {
      folder.loads++;
      const partial: FolderListing = { exists: true, entries: new Map(folder.files), unread: folder.files.size };
      load.progress(partial);
      if (folder.loads === 1) {
        await new Promise<void>((resolve) => load.signal.addEventListener('abort', () => resolve(), { once: true }));
        aborted = true;
        return partial;
      }
      return { exists: true, entries: new Map(folder.files), unread: 0 };
    };
    const listing = new EntryListing(folder);
    const firstComplete = listing.get();
    await listing.shown();
    folder.files.set('b.json', info('b.json', 'b'));
    const reread = listing.apply(undefined);
    assert.ok(aborted || (await Promise.race([reread.then(() => true), new Promise((r) => setTimeout(() => r(false), 1000))])), 'the re-read waited for the first load');
    assert.equal(aborted, true, 'the first load was not stopped');
    const after = await reread;
    assert.deepEqual([...after!.entries.keys()].sort(), ['a.json', 'b.json']);
    // Whoever waited for the complete first listing gets the complete newer one, not the cut-short one.
    const waited = await firstComplete;
    assert.equal(waited.unread, 0);
    assert.deepEqual([...waited.entries.keys()].sort(), ['a.json', 'b.json']);
  });

  test('a burst too big to patch has a load of its own that reads only its own files; bursts meanwhile have the next', async () => {
    // The second load (the first burst's) is held, so the next two bursts queue behind it.
    const { folder, changedSets, changedOnly, release } = folderHoldingSecondLoad();
    folder.files.set('old.json', info('old.json', 'old'));
    const listing = new EntryListing(folder);
    await listing.get();
    const burst = (from: number) => new Set(Array.from({ length: 300 }, (_, i) => `n${from + i}.json`));
    const first = listing.apply(burst(0));
    await new Promise((resolve) => setImmediate(resolve));
    void listing.apply(burst(1000));
    const last = listing.apply(burst(2000));
    release();
    await first;
    await last;
    assert.equal(changedSets[0], undefined, 'the first listing reads every file');
    assert.deepEqual(changedSets[1], [...burst(0)].sort());
    // The bursts meanwhile are read by the next load, theirs alone: the first burst's load still makes its listing
    // (its files looked up), so they are not read again. Read again, a pipeline writing without pause had each load
    // read every file written so far, and no listing came out until it stopped.
    assert.deepEqual(changedSets[2], [...burst(1000), ...burst(2000)].sort());
    assert.equal(changedSets.length, 3);
    // Every name the engine's own: the bursts' loads look their files up, without listing the folder's names again.
    assert.deepEqual(changedOnly, [false, true, true]);
    // A batch that says "everything" (the folder came back) reads everything again; a burst queued behind it joins it.
    void listing.apply(undefined);
    await listing.apply(burst(3000));
    assert.equal(changedSets.length, 4);
    assert.equal(changedSets[3], undefined);
    assert.equal(changedOnly[3], false);
  });

  test('a burst with one name that is not its key\'s spelling, or joined or cut short by one, lists the names again', async () => {
    const burst = (from: number) => new Set(Array.from({ length: 300 }, (_, i) => `n${from + i}.json`));
    // Canonical, held; then a canonical batch queues behind it, and an odd one joins the queued load.
    const joined = folderHoldingSecondLoad();
    const listing = new EntryListing(joined.folder);
    await listing.get();
    const first = listing.apply(burst(0));
    await new Promise((resolve) => setImmediate(resolve));
    void listing.apply(burst(1000));
    const last = listing.apply(new Set(['.eslintrc.json']));
    joined.release();
    await first;
    await last;
    assert.deepEqual(joined.changedOnly, [false, true, false]);
    // An odd batch's load, held; a canonical batch cuts it short: the names it had to read again are not all keys.
    const cut = folderHoldingSecondLoad();
    const other = new EntryListing(cut.folder);
    await other.get();
    const odd = other.apply(new Set([...burst(0), '.eslintrc.json']));
    await new Promise((resolve) => setImmediate(resolve));
    const after = other.apply(burst(1000));
    cut.release();
    await odd;
    await after;
    assert.deepEqual(cut.changedOnly, [false, false, false]);
  });

  test('a small batch while a load reads states cuts that load short instead of waiting for its end', async () => {
    // The first listing is held while it "reads states" (a million files take minutes): an edit must show before.
    const { folder, changedSets, changedOnly, release } = folderHoldingSecondLoad(1);
    const listing = new EntryListing(folder);
    const first = listing.get();
    await new Promise((resolve) => setImmediate(resolve));
    const edited = listing.apply(new Set(['a.json']));
    release();
    await first;
    await edited;
    assert.deepEqual(changedSets, [undefined, ['a.json']]);
    assert.deepEqual(changedOnly, [false, true]);
    assert.deepEqual(folder.readKeys, [], 'not patched by key after the whole load');
  });

  test('a burst that cuts short a re-read of every file (the folder came back) reads every file', async () => {
    const { folder, changedSets, release } = folderHoldingSecondLoad();
    const listing = new EntryListing(folder);
    await listing.get();
    void listing.apply(undefined);
    await new Promise((resolve) => setImmediate(resolve));
    const burst = listing.apply(new Set(Array.from({ length: 300 }, (_, i) => `n${i}.json`)));
    release();
    await burst;
    assert.deepEqual(changedSets, [undefined, undefined, undefined]);
  });

  test('a burst that cuts short the first listing reads its own files and those not read yet, not every file again', async () => {
    // The first listing's states are being read (it is held) when a pipeline writes 300 files.
    const { folder, changedSets, release } = folderHoldingSecondLoad(1);
    const listing = new EntryListing(folder);
    const first = listing.get();
    await new Promise((resolve) => setImmediate(resolve));
    const files = new Set(Array.from({ length: 300 }, (_, i) => `n${i}.json`));
    const burst = listing.apply(files);
    release();
    await first;
    await burst;
    assert.equal(changedSets[0], undefined, 'the first listing reads every file');
    // Its entries are read or still unread (never stale): the next load reads the unread ones and the burst's.
    assert.deepEqual(changedSets[1], [...files].sort());
  });

  test('before anything was listed, a batch reads nothing', async () => {
    const folder = new FakeFolder();
    const listing = new EntryListing(folder);
    assert.equal(await listing.apply(new Set(['a.json'])), undefined);
    assert.equal(folder.loads, 0);
  });
});
