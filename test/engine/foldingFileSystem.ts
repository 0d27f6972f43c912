// A case-preserving file system that folds names, as APFS, NTFS, WSL's /mnt/c or a casefold ext4 folder do, over the
// real one: a name opens whichever file in its folder has the same folded name. This kernel has neither casefold ext4
// nor vfat, so the engine's folder probe and file names are run against this instead (real files underneath).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem, type FileSystem } from '../../src/engine/fileSystem';

export const foldCase = (name: string): string => name.toLowerCase();
export const foldUnicode = (name: string): string => name.normalize('NFC');

export class FoldingFileSystem implements FileSystem {
  constructor(
    private readonly fold: (name: string) => string,
    private readonly real: FileSystem = nodeFileSystem,
  ) {}

  /** The path of the existing file this name opens here, or the name itself when none does. */
  private resolve(p: string): string {
    const dir = path.dirname(p);
    const wanted = this.fold(path.basename(p));
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return p;
    }
    const found = names.find((name) => this.fold(name) === wanted);
    return found === undefined ? p : path.join(dir, found);
  }

  private exists(p: string): boolean {
    return this.resolve(p) !== p || fs.existsSync(p);
  }

  mkdir: FileSystem['mkdir'] = (p) => this.real.mkdir(p);
  readdir: FileSystem['readdir'] = (p) => this.real.readdir(p);
  readFile: FileSystem['readFile'] = (p, max) => this.real.readFile(this.resolve(p), max);
  writeNewFile: FileSystem['writeNewFile'] = async (p, data, durable) => {
    if (this.exists(p)) throw Object.assign(new Error(`EEXIST: ${p}`), { code: 'EEXIST' });
    return this.real.writeNewFile(p, data, durable);
  };
  rename: FileSystem['rename'] = async (from, to) => {
    const source = this.resolve(from);
    const target = this.resolve(to);
    // The new spelling replaces the old one, as on APFS and NTFS.
    if (target !== to && target !== source) await this.real.unlink(target);
    await this.real.rename(source, to);
  };
  link: FileSystem['link'] = async (from, to) => {
    if (this.exists(to)) throw Object.assign(new Error(`EEXIST: ${to}`), { code: 'EEXIST' });
    return this.real.link(this.resolve(from), to);
  };
  unlink: FileSystem['unlink'] = (p) => this.real.unlink(this.resolve(p));
  lstat: FileSystem['lstat'] = (p) => this.real.lstat(this.resolve(p));
  syncDirectory: FileSystem['syncDirectory'] = (p) => this.real.syncDirectory(p);
  isProcessAlive: FileSystem['isProcessAlive'] = (pid) => this.real.isProcessAlive(pid);
}

/** Writes `<key>.json` as the Python tool does (temp file, then replace), through the given file system. */
export async function writeLikePython(fileSystem: FileSystem, dir: string, key: string, entry: object): Promise<void> {
  await fileSystem.mkdir(dir);
  const temp = path.join(dir, `.${key}.json.999.0a1b2c3d.tmp`);
  await fileSystem.writeNewFile(temp, Buffer.from(JSON.stringify(entry)), false);
  await fileSystem.rename(temp, path.join(dir, `${key}.json`));
}
