// The entry file format: `{"timestamp":<unix s>,"ttl":<s, only when per-entry>,"key":<only for shortened names>,"data":<value>}`.
// We write it compactly with `timestamp` first so listing finds it in a file's first bytes; we read it forgivingly.
import { pythonNumber } from './jsonValue';

export interface EntryFields {
  /** Unix seconds, possibly fractional. */
  timestamp: number;
  /** Per-entry time to live in seconds, when the entry has its own. */
  ttl?: number;
  /** The full key, written only when the file name had to be shortened. */
  key?: string;
}

export type TimestampSource = 'file' | 'mtime';

/** What reading an entry file told us. `data` is present only when the whole file was parsed. */
export type ParsedEntry =
  | (EntryFields & { readable: true; timestampSource: TimestampSource; data?: unknown; hasData: boolean })
  | { readable: false; problem: string; key?: string };

/** The text of an entry file; `dataJson` is the value already serialized by `toJson`. */
export function serializeEntry(fields: EntryFields, dataJson: string): string {
  let text = '{"timestamp":' + pythonNumber(fields.timestamp);
  if (fields.ttl !== undefined) text += ',"ttl":' + pythonNumber(fields.ttl);
  if (fields.key !== undefined) text += ',"key":' + JSON.stringify(fields.key);
  return text + ',"data":' + dataJson + '}';
}

/** Parses a whole entry file (compact or pretty). `mtimeMs` stands in for a missing timestamp. */
export function parseEntry(text: string, mtimeMs: number): ParsedEntry {
  const source = stripByteOrderMark(text);
  if (source.trim() === '') return { readable: false, problem: 'The file is empty.' };
  let root: unknown;
  try {
    root = JSON.parse(source);
  } catch (error) {
    return { readable: false, problem: `The file is not valid JSON (${(error as Error).message}).` };
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    return { readable: false, problem: `Not a cache entry: the file holds ${describe(root)}, not an object with "data".` };
  }
  const record = root as Record<string, unknown>;
  const fields = readFields(record, mtimeMs);
  if ('problem' in fields) return fields;
  if (!Object.prototype.hasOwnProperty.call(record, 'data')) {
    return { readable: false, problem: 'Not a cache entry: the object has no "data" field.', key: fields.key };
  }
  return readableEntry(fields, true, record.data);
}

/**
 * Reads the fields before `data` from the first bytes of a file too big to parse whole.
 * Returns undefined when the head does not settle the timestamp (e.g. `data` comes first and is long).
 */
export function parseEntryHead(head: string, mtimeMs: number): ParsedEntry | undefined {
  const scan = scanHead(stripByteOrderMark(head));
  if (scan.error) return { readable: false, problem: `The file is not valid JSON (${scan.error}).` };
  if (scan.notObject) return { readable: false, problem: 'Not a cache entry: the file does not hold a JSON object.' };
  const timestampKnown = 'timestamp' in scan.members;
  // Without a timestamp, we can only fall back to the mtime once we know no timestamp follows.
  if (!timestampKnown && !scan.closed) return undefined;
  const fields = readFields(scan.members, mtimeMs);
  if ('problem' in fields) return fields;
  if (scan.closed && !scan.sawData) {
    return { readable: false, problem: 'Not a cache entry: the object has no "data" field.', key: fields.key };
  }
  return readableEntry(fields, scan.sawData);
}

/**
 * The readable result, built field by field: an object spread (`{ ...fields, … }`) here made listing 100k entries
 * peak ~45 MB higher (V8 keeps such objects in a slower, larger form, and they outlive young-generation GCs).
 */
function readableEntry(
  fields: EntryFields & { timestampSource: TimestampSource },
  hasData: boolean,
  data?: unknown,
): ParsedEntry {
  return {
    timestamp: fields.timestamp,
    timestampSource: fields.timestampSource,
    ttl: fields.ttl,
    key: fields.key,
    readable: true,
    hasData,
    data,
  };
}

function readFields(
  record: Record<string, unknown>,
  mtimeMs: number,
): (EntryFields & { timestampSource: TimestampSource }) | { readable: false; problem: string; key?: string } {
  const key = typeof record.key === 'string' ? record.key : undefined;
  const raw = record.timestamp;
  let timestamp: number | undefined;
  let timestampSource: TimestampSource = 'file';
  if (raw === undefined || raw === null) {
    timestamp = mtimeMs / 1000;
    timestampSource = 'mtime';
  } else {
    timestamp = toUnixSeconds(raw);
    if (timestamp === undefined) {
      return { readable: false, problem: `The timestamp ${truncate(JSON.stringify(raw))} is neither a number nor an ISO-8601 date.`, key };
    }
  }
  // A malformed per-entry ttl is ignored (the cache's ttl applies), as the Python tool ignores the field.
  const ttl = typeof record.ttl === 'number' && Number.isFinite(record.ttl) && record.ttl >= 0 ? record.ttl : undefined;
  return { timestamp, timestampSource, ttl, key };
}

/** Seconds from integer/float seconds, milliseconds, microseconds, numeric strings or ISO-8601 strings. */
export function toUnixSeconds(raw: unknown): number | undefined {
  if (typeof raw === 'string') {
    const trimmed = raw.trim();
    if (trimmed === '') return undefined;
    const numeric = Number(trimmed);
    if (Number.isFinite(numeric)) return toUnixSeconds(numeric);
    const ms = Date.parse(trimmed);
    return Number.isNaN(ms) ? undefined : ms / 1000;
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return undefined;
  // Seconds stay below 1e11 until the year 5138; larger numbers are finer units.
  const magnitude = Math.abs(raw);
  if (magnitude >= 1e17) return raw / 1e9;
  if (magnitude >= 1e14) return raw / 1e6;
  if (magnitude >= 1e11) return raw / 1e3;
  return raw;
}

export interface HeadScan {
  members: Record<string, unknown>;
  sawData: boolean;
  /** The object's closing brace was reached. */
  closed: boolean;
  notObject?: boolean;
  error?: string;
}

/** The top-level fields we care about whose values are scalars, up to where the head ends. */
const SCALAR_FIELDS = new Set(['timestamp', 'ttl', 'key']);

/** The top-level shape of a JSON object's first bytes: the scalar fields before `data`, whether `data` began, errors. */
export function scanHead(text: string): HeadScan {
  const result: HeadScan = { members: {}, sawData: false, closed: false };
  let i = skipSpace(text, 0);
  if (i >= text.length) return result;
  if (text[i] !== '{') return { ...result, notObject: true };
  i = skipSpace(text, i + 1);
  if (text[i] === '}') return { ...result, closed: true };
  while (i < text.length) {
    const nameEnd = endOfString(text, i);
    if (nameEnd === undefined) return result;
    if (nameEnd < 0) return { ...result, error: `unexpected ${JSON.stringify(text[i])} where a field name belongs` };
    const name = JSON.parse(text.slice(i, nameEnd)) as string;
    i = skipSpace(text, nameEnd);
    if (i >= text.length) return result;
    if (text[i] !== ':') return { ...result, error: `expected ":" after ${JSON.stringify(name)}` };
    i = skipSpace(text, i + 1);
    const valueEnd = endOfValue(text, i);
    if (valueEnd === undefined) {
      if (name === 'data') result.sawData = true;
      return result;
    }
    if (valueEnd < 0) return { ...result, error: `malformed value of ${JSON.stringify(name)}` };
    if (name === 'data') result.sawData = true;
    else if (SCALAR_FIELDS.has(name)) {
      try {
        result.members[name] = JSON.parse(text.slice(i, valueEnd));
      } catch {
        return { ...result, error: `malformed value of ${JSON.stringify(name)}` };
      }
    }
    i = skipSpace(text, valueEnd);
    if (i >= text.length) return result;
    if (text[i] === '}') return { ...result, closed: true };
    if (text[i] !== ',') return { ...result, error: `expected "," or "}" after ${JSON.stringify(name)}` };
    i = skipSpace(text, i + 1);
  }
  return result;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** Index after the string starting at i; undefined when the text ends first; -1 when no string starts there. */
function endOfString(text: string, i: number): number | undefined {
  if (text[i] !== '"') return -1;
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return undefined;
}

/** Index after the JSON value starting at i (brackets are matched, not validated); undefined when the text ends first. */
function endOfValue(text: string, i: number): number | undefined {
  if (i >= text.length) return undefined;
  const first = text[i];
  if (first === '"') return endOfString(text, i);
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '"') {
        const end = endOfString(text, j);
        if (end === undefined) return undefined;
        j = end - 1;
      } else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return undefined;
  }
  let j = i;
  while (j < text.length && /[-+.\w]/.test(text[j]!)) j++;
  if (j === i) return -1;
  return j < text.length ? j : undefined;
}

export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

function truncate(text: string): string {
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}
