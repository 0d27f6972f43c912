// One cache folder's key ↔ file-name mapping, measured lazily: once per folder and process (folderProbe.ts), at the
// first operation that needs it. Until the folder exists there is nothing to measure and the platform's guess serves;
// a write creates the folder first, so what it writes is named by the measured rules.
import { keyNamesFor, type KeyNames } from './fileNames';
import type { FileSystem } from './fileSystem';
import { folderProfileOf, type FolderProfile } from './folderProbe';

export class FolderNames {
  /** The folder's names, once its profile is known (measured or given). */
  private names: KeyNames | undefined;
  /** The measurement under way, shared by every caller until it ends. */
  private pending: { forWrite: boolean; promise: Promise<KeyNames> } | undefined;

  constructor(
    private readonly fs: FileSystem,
    private readonly dir: string,
    profile: FolderProfile | undefined,
  ) {
    if (profile) this.names = keyNamesFor(profile);
  }

  /** The measured names (or the guess, while the folder cannot be measured); `forWrite` creates the folder to measure it. */
  measured(forWrite = false): Promise<KeyNames> {
    if (this.names) return Promise.resolve(this.names);
    // Every caller waits on the one promise of the measurement under way, so they resume in call order and the
    // operations on a key still take its lock in the order they were called.
    const pending = this.pending;
    if (pending && (pending.forWrite || !forWrite)) return pending.promise;
    const next = {
      forWrite,
      promise: this.measure(forWrite).then((names) => {
        if (this.pending === next) this.pending = undefined;
        if (names) this.names = names;
        return this.current();
      }),
    };
    this.pending = next;
    return next.promise;
  }

  /** The measured names, or the platform's guess while the folder cannot be measured. */
  current(): KeyNames {
    return this.names ?? keyNamesFor();
  }

  /** Measures the folder; `forWrite` creates it first when it does not exist yet. */
  private async measure(forWrite: boolean): Promise<KeyNames | undefined> {
    const measured = await this.measureFolder();
    if (measured || !forWrite) return measured;
    // No folder yet: create it to measure it (a failure here is the write's to report).
    return (await this.fs.mkdir(this.dir).then(() => true, () => false)) ? this.measureFolder() : undefined;
  }

  private async measureFolder(): Promise<KeyNames | undefined> {
    try {
      return keyNamesFor(await folderProfileOf(this.fs, this.dir));
    } catch {
      // No folder yet (ENOENT), or one we cannot write (read-only, full): guess for now, measure again next time.
      return undefined;
    }
  }
}
