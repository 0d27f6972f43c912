// The memory tier: a bounded LRU (lru-cache) of entries this process has written or read, each with the
// identity of the file it mirrors so a change by another process can be noticed.
import { LRUCache } from 'lru-cache';
import type { FileStat } from './fileSystem';

export interface MemoryEntry {
  /** The value, once parsed. */
  data: unknown;
  /** The value's JSON while not yet parsed (set() stores this; the first get parses it). */
  json?: string;
  /** Unix seconds. */
  timestamp: number;
  /** Seconds: the entry's own ttl or the cache's. */
  ttl: number;
  /** Serialized size in bytes, what `maxBytes` counts. */
  size: number;
  /** The file this value came from or went to; compared on revalidation. */
  file: FileStat;
  /** When (ms, cache clock) the file was last confirmed unchanged. */
  verifiedAt: number;
}

export interface MemoryTierOptions {
  /** Most entries kept. */
  maxEntries: number;
  /** Most bytes kept, counted as the entries' serialized JSON size. A larger single entry is not kept. */
  maxBytes: number;
}

export class MemoryTier {
  private readonly lru: LRUCache<string, MemoryEntry>;

  constructor(options: MemoryTierOptions) {
    this.lru = new LRUCache<string, MemoryEntry>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (entry) => Math.max(1, entry.size),
    });
  }

  /** Looks up and marks as recently used. */
  get(key: string): MemoryEntry | undefined {
    return this.lru.get(key);
  }

  /** Looks up without touching recency. */
  peek(key: string): MemoryEntry | undefined {
    return this.lru.peek(key);
  }

  /** Stores the entry, evicting the least recently used ones to fit; an entry over `maxBytes` replaces nothing and is not kept. */
  set(key: string, entry: MemoryEntry): void {
    this.lru.set(key, entry);
  }

  delete(key: string): boolean {
    return this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  get count(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }

  keys(): IterableIterator<string> {
    return this.lru.keys();
  }

  /** Drops the entries for which `shouldDrop` says so; returns how many. */
  prune(shouldDrop: (entry: MemoryEntry) => boolean): number {
    let dropped = 0;
    for (const [key, entry] of this.lru.entries()) {
      if (shouldDrop(entry) && this.lru.delete(key)) dropped++;
    }
    return dropped;
  }
}

/** Memory keeps the serialized form from set() and parses it on first read: set() stays cheap. */
export function valueOf(entry: MemoryEntry): unknown {
  if (entry.json !== undefined) {
    entry.data = JSON.parse(entry.json);
    entry.json = undefined;
  }
  return entry.data;
}
