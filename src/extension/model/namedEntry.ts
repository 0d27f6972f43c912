// An entry of a names-first listing: known by its name at first ("reading…"), its state filled in place once its file
// is read (namesFirst.ts). Its path is its folder's path and its name, put together when asked instead of stored: at a
// million entries the stored paths were a third of the listing's memory (64 of 205 bytes per entry, measured on plain
// Node) and a quarter of the time to build it, and they were what the garbage collector had to copy and mark.
import * as path from 'node:path';
import type { EntryName, EntryState } from '../../engine';
import type { FileEntry } from './listedEntry';

export class NamedEntry implements FileEntry {
  /** Not enumerable (a private field): a copy of the entry (`{ ...entry }`) carries neither the folder nor a path. */
  readonly #dir: string;
  key: string;
  readonly fileName: string;
  size = 0;
  timestamp: number | undefined = undefined;
  ttl: number;
  expiresAt: number | undefined = undefined;
  state: EntryState = 'fresh';
  problem: string | undefined = undefined;
  timestampSource: 'file' | 'mtime' | undefined = undefined;
  unread = true;

  /** Every field a read fills in is declared here, so a million entries share one object shape. */
  constructor(dir: string, { key, fileName }: EntryName, ttl: number) {
    this.#dir = dir;
    this.key = key;
    this.fileName = fileName;
    this.ttl = ttl;
  }

  get path(): string {
    return this.#dir + path.sep + this.fileName;
  }
}
