// Listing a cache folder in two steps, so a view can show a huge folder before it has read it: first the names
// (one readdir, no file opened), then each file judged from its head, streamed in batches as they are read.
// `Cache.entries()` is the stream collected and sorted.
import { awaitSyncTurn, forEachLimited } from './concurrency';
import { ENTRY_EXTENSION, type KeyNames } from './fileNames';
import type { DirEntry } from './fileSystem';
import { tempFileWriterPid } from './tempFiles';
import type { EntryInfo } from './types';

/** One file the listing shows, known from its name alone. */
export interface EntryName {
  /**
   * The key its name spells in this folder. For a name the cache never writes (another tool's `*.json`) and for a
   * shortened name (its full key is inside the file) it is the name without `.json`; reading the file tells.
   */
  key: string;
  /** The file's name in the cache folder: the entry's identity. */
  fileName: string;
  /** Why the file is unreadable, when its name and kind alone say so (a folder, a name that is not UTF-8): never opened. */
  problem?: string;
}

export interface StreamOptions {
  /** Stops the stream: no batch is yielded after it is aborted (files being read finish, unread ones are not opened). */
  signal?: AbortSignal;
  /** Most entries per yielded batch. Default 256. */
  batchSize?: number;
  /** The names to read, from `entryNames()`; default: the folder's names now. */
  names?: readonly EntryName[];
  /**
   * Files read at once; default the cache's `concurrency`. A view that reads in the background while it shows what
   * it has asks for few: each reader in flight takes its turn of the event loop before other work gets one.
   */
  concurrency?: number;
}

export const DEFAULT_BATCH_SIZE = 256;

/**
 * The names of a folder listing that the listing shows, each with its key: every non-hidden-temp `*.json` that is
 * not a folder (links, special files and other tools' names too: they show as unreadable), plus `*.json` folders
 * and names that are not UTF-8 with why. Temp files and names without `.json` are not entries. A key's file under an
 * earlier version's name is left out when its current name is there too (what `get` reads). Decodes in slices of
 * `perStep`: a million names take about a second, which must not hold the event loop.
 */
export async function entryNamesOf(dirEntries: readonly DirEntry[], names: KeyNames, perStep = NAMES_PER_STEP): Promise<EntryName[]> {
  const listed: EntryName[] = [];
  const older: Array<EntryName & { decodedKey: string }> = [];
  for (let i = 0; i < dirEntries.length; i++) {
    if (i % perStep === 0) await awaitSyncTurn();
    const { name, kind, undecodable } = dirEntries[i]!;
    if (!name.endsWith(ENTRY_EXTENSION) || tempFileWriterPid(name) !== undefined) continue;
    const bare = name.slice(0, -ENTRY_EXTENSION.length);
    const problem = undecodable ? UNDECODABLE : kind === 'directory' ? FOLDER : undefined;
    if (problem) {
      listed.push({ key: bare, fileName: name, problem });
      continue;
    }
    const decoded = names.decode(name);
    if (!decoded) listed.push({ key: bare, fileName: name });
    else if (decoded.current) listed.push({ key: decoded.key, fileName: name });
    else older.push({ key: decoded.key, fileName: name, decodedKey: decoded.key });
  }
  if (older.length === 0) return listed;
  // Only now the set of keys listed (a million keys in a Set took ~0.6 s): names an earlier version wrote are rare.
  const current = new Set<string>();
  for (let i = 0; i < listed.length; i++) {
    if (i % NAMES_PER_STEP === 0) await awaitSyncTurn();
    current.add(listed[i]!.key);
  }
  for (const { decodedKey, ...name } of older) if (!current.has(decodedKey)) listed.push(name);
  return listed;
}

/** Names decoded between two looks at the slice's budget (a glimpse decodes its few thousand in one: ~3 ms). */
const NAMES_PER_STEP = 1024;

const UNDECODABLE = 'The file name is not valid UTF-8 (shown with \ufffd for the odd bytes), so it cannot be opened by name.';
const FOLDER = 'It is a folder, not a file; the cache never deletes folders.';

/** How the stream reads one file (undefined: it vanished), and what it lists for a name judged by its name alone. */
export interface EntryReading {
  read(fileName: string): Promise<EntryInfo | undefined>;
  unreadable(name: EntryName & { problem: string }): EntryInfo;
  /** Files read at once. */
  concurrency: number;
}

/**
 * Reads `names` and yields their infos in batches of up to `batchSize`, in no particular order, as they are read.
 * File reads go through the file system's sliced synchronous calls, so the event loop turns at least every 8 ms.
 * A file that vanished since its name was read is left out. Ends early, yielding nothing more, once `signal` aborts.
 */
export async function* streamEntryInfos(
  names: readonly EntryName[],
  reading: EntryReading,
  { signal, batchSize = DEFAULT_BATCH_SIZE, concurrency = reading.concurrency }: Omit<StreamOptions, 'names'> = {},
): AsyncGenerator<EntryInfo[]> {
  const size = Math.max(1, Math.floor(batchSize));
  for (let start = 0; start < names.length; start += size) {
    if (signal?.aborted) return;
    const batch: EntryInfo[] = [];
    await forEachLimited(names.slice(start, start + size), Math.max(1, Math.floor(concurrency)), async (name) => {
      if (signal?.aborted) return;
      if (name.problem !== undefined) {
        batch.push(reading.unreadable({ ...name, problem: name.problem }));
        return;
      }
      const info = await reading.read(name.fileName);
      if (info) batch.push(info);
    });
    if (signal?.aborted) return;
    if (batch.length > 0) yield batch;
  }
}
