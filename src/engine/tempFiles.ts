// Names of the temp files that atomic writes go through: `.<entry file name>.<pid>.<random>.tmp`.
// The leading dot hides them and the `.tmp` ending keeps them out of every `*.json` listing, ours and Python's.
import { randomBytes } from 'node:crypto';

const TEMP_NAME = /^\..*\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** Keeps a temp name within 255 bytes whatever the entry name's length (names may hold multi-byte characters). */
const MAX_NAME_PART_BYTES = 200;

export function tempFileName(fileName: string, pid: number = process.pid): string {
  return `.${leadingBytes(fileName, MAX_NAME_PART_BYTES)}.${pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** The longest start of `text` within `max` UTF-8 bytes, never cutting a character in two. */
function leadingBytes(text: string, max: number): string {
  if (text.length * 3 <= max) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > max) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/** The writer's process id when `name` is one of our (or the Python tool's) temp files. */
export function tempFileWriterPid(name: string): number | undefined {
  const match = TEMP_NAME.exec(name);
  return match ? Number(match[1]) : undefined;
}

export interface TempFileAge {
  /** Temp files older than this are left over from a crash, whoever wrote them. */
  maxAgeMs: number;
  /** A temp file whose writer is gone is reclaimed sooner, after this grace (it may come from another pid namespace). */
  deadWriterGraceMs: number;
}

export const DEFAULT_TEMP_FILE_AGE: TempFileAge = { maxAgeMs: 10 * 60_000, deadWriterGraceMs: 60_000 };

/** Whether a temp file can no longer become an entry and may be deleted. */
export function isStaleTempFile(ageMs: number, writerAlive: boolean, age: TempFileAge = DEFAULT_TEMP_FILE_AGE): boolean {
  return ageMs > age.maxAgeMs || (!writerAlive && ageMs > age.deadWriterGraceMs);
}
