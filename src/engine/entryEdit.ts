// Rewriting an entry's fields (timestamp, ttl, stored key) while its value stays byte for byte what was stored:
// the value's JSON text is cut out of the file and spliced between the new fields, never parsed and re-serialized.
// So numbers beyond 2^53, `1.0`, key order and `"__proto__"` members survive touch, expire, setTtl and rename.
import { parseEntry, stripByteOrderMark, type EntryFields } from './entryFormat';
import { findDataValue } from './jsonText';

/** An entry file split into its fields and the exact text of its value. */
export interface EntryParts {
  /** Unix seconds: the file's own timestamp, or its mtime when it has none. */
  timestamp: number;
  /** The entry's own ttl, when it has one. */
  ttl?: number;
  /** The value's JSON text as stored. */
  dataText: string;
}

/** Splits an entry file's text; `{ problem }` when it is not a readable entry (the reason, for the error message). */
export function splitEntry(text: string, mtimeMs: number): EntryParts | { problem: string } {
  const source = stripByteOrderMark(text);
  const parsed = parseEntry(source, mtimeMs);
  if (!parsed.readable) return { problem: parsed.problem };
  const span = findDataValue(source);
  if (span?.end === undefined) return { problem: 'Not a cache entry: the object has no "data" field.' };
  return { timestamp: parsed.timestamp, ttl: parsed.ttl, dataText: source.slice(span.start, span.end) };
}

/** How each edit changes the fields; `nowS` is now in Unix seconds, `cacheTtl` the cache's ttl. */
export const EDITS = {
  /** Fresh again from now: the timestamp moves to now; value and ttl stay. */
  touch: (parts: EntryParts, nowS: number): Omit<EntryFields, 'key'> => ({ timestamp: nowS, ttl: parts.ttl }),
  /**
   * Expired from now on, so the next cleanup removes it: the timestamp moves back to one second past its ttl (the
   * entry's own, or the cache's when longer, so a reader with this cache's ttl agrees). The value and ttl stay, and
   * the view can say "expired 1 second ago". The timestamp is not kept: it is the field that expires an entry.
   */
  expire: (parts: EntryParts, nowS: number, cacheTtl: number): Omit<EntryFields, 'key'> => ({
    timestamp: Math.min(parts.timestamp, nowS - Math.max(parts.ttl ?? cacheTtl, cacheTtl) - 1),
    ttl: parts.ttl,
  }),
  /** The entry's own ttl (undefined: back to the cache's); the timestamp stays. */
  setTtl: (ttl: number | undefined) => (parts: EntryParts): Omit<EntryFields, 'key'> => ({ timestamp: parts.timestamp, ttl }),
} as const;
