// Measures how a cache folder treats file names: whether it folds case (macOS and Windows by default, but also WSL's
// /mnt/c, Docker Desktop mounts or a case-insensitive ext4 folder under Linux) and whether it folds the NFC and NFD
// spellings of a name into one (macOS). The platform is no guide; one temp file and two look-ups are.
import * as path from 'node:path';
import { errorCode } from './errors';
import type { FileSystem } from './fileSystem';
import { tempFileName } from './tempFiles';

export interface FolderProfile {
  /** `Probe` and `pROBE` name one file. */
  foldsCase: boolean;
  /** `é` as one code point (NFC) and as `e` + a combining accent (NFD) name one file. */
  normalises: boolean;
}

/** Answers already measured in this process, per file system and folder: a Cache made per call measures only once. */
const measured = new WeakMap<FileSystem, Map<string, FolderProfile>>();

/** The folder's profile: measured by probeFolder the first time this process asks about the folder, then remembered. */
export async function folderProfileOf(fs: FileSystem, dir: string): Promise<FolderProfile> {
  let byDir = measured.get(fs);
  if (!byDir) measured.set(fs, (byDir = new Map()));
  const known = byDir.get(dir);
  if (known) return known;
  const profile = await probeFolder(fs, dir);
  byDir.set(dir, profile);
  return profile;
}

/** The probe's name part: letters of both cases, and `é` composed, so each variant differs in one way only. */
const PROBE_NAME = 'Probe-\u00e9.json';

/**
 * Creates a temp file in `dir` (named like the cache's temp files, so a crash leaves debris cleanup() reclaims), looks
 * for it under a case variant and an NFD variant of its name, and removes it. Throws the file system's error when the
 * folder cannot be written (ENOENT when it does not exist).
 */
export async function probeFolder(fs: FileSystem, dir: string): Promise<FolderProfile> {
  const name = tempFileName(PROBE_NAME);
  const probe = path.join(dir, name);
  const created = await fs.writeNewFile(probe, Buffer.alloc(0), false);
  try {
    const caseVariant = name.replace('Probe', 'pROBE');
    const nfdVariant = name.replace('\u00e9', 'e\u0301');
    return {
      foldsCase: await isSameFile(fs, path.join(dir, caseVariant), created.ino),
      normalises: await isSameFile(fs, path.join(dir, nfdVariant), created.ino),
    };
  } finally {
    await fs.unlink(probe).catch(() => undefined);
  }
}

async function isSameFile(fs: FileSystem, variant: string, ino: number): Promise<boolean> {
  try {
    const stat = await fs.lstat(variant);
    // Some file systems report no inode numbers (0): then finding the variant at all is the answer.
    return ino === 0 || stat.ino === 0 || stat.ino === ino;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}
