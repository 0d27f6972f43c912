// Scans one entry file's value for a query: chunk by chunk (a large value is never loaded whole), from where its
// `data` field begins (never the `timestamp` or `ttl` around it), never following a link.
import * as fs from 'node:fs';
import type { TextDecoder } from 'node:util';
import { awaitSyncTurn } from '../concurrency';
import { DataFieldLocator } from './dataField';
import type { ChunkScanner } from './textMatcher';

/** Where a query was found in a value, with a line of context. */
export interface FoundText {
  /** Where the match is in the value's JSON text as stored (compact), in UTF-16 code units. */
  offset: number;
  length: number;
  /** The matched text, when it fits in the context window. */
  text: string;
  /** One line of the value around the match (line breaks shown as spaces). */
  context: string;
  /** Where the match starts in `context`. */
  contextOffset: number;
}

/** Characters of context kept before a match, and shown after it. */
const CONTEXT_BEFORE = 40;
const CONTEXT_AFTER = 80;
/** O_NOFOLLOW: a link in the cache folder is never followed; O_NONBLOCK: a FIFO does not hang the open. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads the file at `path` chunk by chunk (into `buffer`, decoded by `decoder`, both reused from file to file) until
 * the first match in its value; undefined when there is none, or no `data` field. Throws when the file cannot be
 * read (gone, a link, not a regular file).
 */
export async function scanValue(
  path: string,
  scanner: ChunkScanner,
  buffer: Buffer,
  decoder: TextDecoder,
  signal?: AbortSignal,
): Promise<FoundText | undefined> {
  const fd = fs.openSync(path, OPEN_FLAGS);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error('not a regular file');
    decoder.decode(); // drops what a file left off mid-character
    const locator = new DataFieldLocator();
    let inValue = false;
    /** The value text seen so far that a context could still need (the last CONTEXT_BEFORE+ characters). */
    let window = '';
    let windowStart = 0;
    let position = 0;
    for (let first = true; ; first = false) {
      if (!first) {
        await awaitSyncTurn();
        signal?.throwIfAborted();
      }
      const read = fs.readSync(fd, buffer, 0, buffer.length, null);
      position += read;
      // The size taken at the open says when the last chunk is in, without a read to find the end (a small file is
      // one read); what a writer appends after it is not searched.
      const last = read === 0 || position >= stat.size;
      let text = decoder.decode(buffer.subarray(0, read), { stream: !last });
      if (!inValue) {
        const at = locator.find(text);
        if (at < 0) {
          if (last) return undefined;
          continue;
        }
        inValue = true;
        text = text.slice(at);
      }
      window += text;
      const match = scanner.feed(text) ?? (last ? scanner.end() : undefined);
      if (match) return describe(match, window, windowStart);
      if (last) return undefined;
      const keep = Math.max(0, window.length - CONTEXT_BEFORE - 1024);
      window = window.slice(keep);
      windowStart += keep;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function describe(match: { start: number; end: number }, window: string, windowStart: number): FoundText {
  const start = match.start - windowStart;
  const end = match.end - windowStart;
  const from = Math.max(0, start - CONTEXT_BEFORE);
  const to = Math.min(window.length, Math.max(end, start) + CONTEXT_AFTER);
  const context = window.slice(from, to).replace(/[\r\n\t\u2028\u2029]/g, ' ');
  return {
    offset: match.start,
    length: match.end - match.start,
    text: start >= 0 ? window.slice(start, end) : '',
    context,
    contextOffset: Math.max(0, start - from),
  };
}
