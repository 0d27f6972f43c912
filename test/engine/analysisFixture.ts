// A cache folder with known sizes and expiries, written file by file, for the analysis and value-search tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { keyToFileName } from '../../src/engine';

/** Now, in unix seconds, for every fixture: the tests pass it to the cache's clock and the analysis. */
export const NOW_S = 1_700_000_000;
/** The cache's default ttl in the fixture: one hour. */
export const FIXTURE_TTL = 3600;

export interface FixtureEntry {
  key: string;
  /** The exact file text. */
  text: string;
  /** Its size in bytes. */
  size: number;
}

/** The text of a readable entry written `ageS` seconds before NOW_S, with an optional ttl of its own. */
export function entryText(ageS: number, value: unknown, ttl?: number): string {
  return JSON.stringify({ timestamp: NOW_S - ageS, ...(ttl === undefined ? {} : { ttl }), data: value });
}

/** Writes each `[key, text]` as the engine would name it; returns them with their sizes. */
export function writeEntries(dir: string, entries: [key: string, text: string][]): FixtureEntry[] {
  fs.mkdirSync(dir, { recursive: true });
  return entries.map(([key, text]) => {
    fs.writeFileSync(path.join(dir, keyToFileName(key)), text);
    return { key, text, size: Buffer.byteLength(text) };
  });
}

export function sizeOf(entries: FixtureEntry[], ...keys: string[]): number {
  return keys.reduce((sum, key) => sum + entries.find((entry) => entry.key === key)!.size, 0);
}
