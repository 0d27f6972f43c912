// The entry edits as locked read-modify-writes: touch, expire and setTtl rewrite one key's file, copy and rename
// write another key's, each under the keys' locks, atomically, with the value spliced through byte for byte
// (entryEdit.ts does the splicing). Every rewrite drops memory's copy and the key's earlier-named files, and goes
// through to the shared tier like a set.
import type { CacheCore } from './cacheCore';
import { splitEntry, type EntryParts } from './entryEdit';
import { serializeEntry, type EntryFields } from './entryFormat';
import { StorageError, toStorageError } from './errors';
import { isShortenedFileName, keyNamesFor } from './fileNames';
import type { FileStat } from './fileSystem';
import type { SharedPolicy } from './sharedPolicy';

/** How an edit changes the fields, given the entry's parts and now in Unix seconds (see EDITS in entryEdit.ts). */
export type FieldsEdit = (parts: EntryParts, nowS: number) => Omit<EntryFields, 'key'>;

export class EntryEdits {
  constructor(
    private readonly core: CacheCore,
    private readonly shared: SharedPolicy,
  ) {}

  /** The key's file rewritten with `edit`'s fields around its stored value text; fires a `set` change. */
  async edit(key: string, edit: FieldsEdit): Promise<void> {
    const core = this.core;
    keyNamesFor().fileName(key); // refuses an invalid key before anything is touched
    await core.folderNames(true);
    const fileName = core.fileNameOf(key);
    await core.locks.run(fileName, async () => {
      const { parts } = await this.readParts(key);
      await this.writeParts(key, fileName, edit(parts, core.now() / 1000), parts.dataText);
    });
    core.changes.fire({ type: 'set', key });
  }

  /** Copies the entry to the key `to` and, for a `move` (rename), removes the original; under both keys' locks. */
  async copy(from: string, to: string, overwrite: boolean, move: boolean): Promise<void> {
    const core = this.core;
    keyNamesFor().fileName(to); // refuses an invalid key before anything is touched
    await core.folderNames(true);
    const fromName = core.fileNameOf(from);
    const toName = core.fileNameOf(to);
    if (fromName === toName) {
      throw new StorageError('EEXIST', `The keys ${JSON.stringify(from)} and ${JSON.stringify(to)} are one entry in this folder.`, to);
    }
    // Both locks, always in the same order, so renames a→b and b→a cannot wait on each other.
    const [first, second] = [fromName, toName].sort();
    const source = await core.locks.run(first!, () =>
      core.locks.run(second!, async () => {
        const read = await this.readParts(from);
        if (!overwrite && (await core.readKey(to, false))) {
          throw new StorageError('EEXIST', `The key ${JSON.stringify(to)} already has an entry; pass overwrite to replace it.`, to);
        }
        await this.writeParts(to, toName, { timestamp: read.parts.timestamp, ttl: read.parts.ttl }, read.parts.dataText);
        if (move) await this.removeMoved(from, read);
        return read;
      }),
    );
    core.changes.fire({ type: 'set', key: to });
    if (move) core.changes.fire({ type: 'delete', key: from, fileName: source.fileName });
  }

  /** The second half of rename: the old file goes, if it is still the one copied. */
  private async removeMoved(from: string, read: { fileName: string; stat: FileStat }): Promise<void> {
    const core = this.core;
    const removed = await core.files.removeIfUnchanged(read.fileName, read.stat).catch((error) => {
      throw toStorageError(error, 'remove the renamed entry', from);
    });
    core.memory.delete(from);
    if (!removed) {
      throw new StorageError('EUNKNOWN', `The entry ${JSON.stringify(from)} was rewritten by another process during the rename: the new key holds the value read before, and ${JSON.stringify(from)} keeps the newer one.`, from);
    }
    await core.removeOlderFiles(from);
    await this.shared.delete(from);
  }

  /** The key's file (current or earlier name) split into fields and value text; call under the key's lock. */
  private async readParts(key: string): Promise<{ fileName: string; stat: FileStat; parts: EntryParts }> {
    const read = await this.core.readKey(key, false);
    const missing = () => new StorageError('ENOENT', `The cache has no entry for the key ${JSON.stringify(key)}.`, key);
    if (!read) throw missing();
    const unreadable = (problem: string | undefined) =>
      new StorageError('EUNREADABLE', `The entry for the key ${JSON.stringify(key)} cannot be read: ${problem ?? 'unknown problem'}`, key);
    if (read.info.state === 'unreadable') throw unreadable(read.info.problem);
    const content = await this.core.files.read(read.info.fileName).catch((error) => {
      throw toStorageError(error, 'read the cache entry', key);
    });
    if (!content) throw missing();
    const parts = splitEntry(content.bytes.toString('utf8'), content.stat.mtimeMs);
    if ('problem' in parts) throw unreadable(parts.problem);
    return { fileName: read.info.fileName, stat: content.stat, parts };
  }

  /** Writes the key's file atomically from fields and value text, then drops memory's copy and earlier names' files. */
  private async writeParts(key: string, fileName: string, fields: Omit<EntryFields, 'key'>, dataText: string): Promise<void> {
    const core = this.core;
    const text = serializeEntry({ ...fields, key: isShortenedFileName(fileName) ? key : undefined }, dataText);
    const bytes = Buffer.from(text, 'utf8');
    try {
      await core.files.write(fileName, bytes);
    } catch (error) {
      if ((error as { landed?: boolean }).landed) core.memory.delete(key);
      throw toStorageError(error, 'write the cache entry', key);
    }
    core.memory.delete(key);
    await core.removeOlderFiles(key);
    await this.shared.writeThrough(key, bytes, fields.ttl ?? core.ttl);
  }
}
