// A value's own JSON text, handled as text: validated as strict JSON, compacted and pretty-printed token by token,
// never parsed into JS values and serialized back. So what a user did not edit keeps its exact form: numbers beyond
// 2^53 (`12345678901234567890`), `1.0` (a float for Python), `-0`, `1e400`, key order and `"__proto__"` members.
// One linear pass, no recursion: any size or depth of input costs no stack.
import { StorageError } from './errors';
import { MAX_DEPTH } from './jsonValue';

export type JsonToken = '{' | '}' | '[' | ']' | ':' | ',' | 'string' | 'number' | 'literal';

/** A syntax error at an offset of the text; `line` and `column` count from 1, columns in UTF-16 code units. */
export class JsonTextError extends StorageError {
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super('ENOTJSON', `${reason} at line ${line}, column ${column}`);
  }
}

/** Returned by a visitor to stop the walk early (a preview has enough lines). */
export const STOP = Symbol('stop');

type Visitor = (token: JsonToken, start: number, end: number, depth: number) => void | typeof STOP;

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS = ['true', 'false', 'null'];

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function fail(text: string, offset: number, reason: string): never {
  const { line, column } = positionOf(text, offset);
  throw new JsonTextError(reason, offset, line, column);
}

/** The end of the string token starting at `start` (a `"`), checking escapes, control characters and surrogates. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    if (i >= text.length) fail(text, text.length, 'Unexpected end of text in a string');
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) fail(text, i, 'A control character must be escaped in a string');
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(text, i, 'Invalid \\u escape');
        i += 6;
        continue;
      }
      if (next === undefined || !ESCAPES.has(next)) fail(text, i, 'Invalid escape in a string');
      i += 2;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) fail(text, i, 'A lone surrogate cannot be stored as UTF-8');
      i += 2;
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) fail(text, i, 'A lone surrogate cannot be stored as UTF-8');
    i++;
  }
}

/**
 * Walks the tokens of one strict JSON value (RFC 8259: no comments, no trailing commas, nothing after the value),
 * calling `visit` with each token and the depth it sits at (containers: the depth outside them). Throws
 * JsonTextError at the first problem; tokens before it have been visited (a preview of a cut-off head uses that).
 */
export function walkJson(text: string, visit: Visitor, from = 0): void {
  /** Open containers, innermost last: true for an object. */
  const stack: boolean[] = [];
  /** What may come next: a value, an object key (or `}` right after `{`), `:`, or `,`/close. */
  let expect: 'value' | 'firstValue' | 'key' | 'firstKey' | 'colon' | 'after' = 'value';
  let i = from;
  for (;;) {
    while (i < text.length && WHITESPACE.has(text.charCodeAt(i))) i++;
    if (i >= text.length) {
      if (stack.length === 0 && expect === 'after') return;
      fail(text, i, stack.length || expect !== 'value' ? 'Unexpected end of text' : 'Value expected');
    }
    const c = text[i];
    if (c === '/') fail(text, i, 'Comments are not allowed in JSON');
    if (stack.length === 0 && expect === 'after') fail(text, i, 'End of text expected');
    if ((c === '}' && expect === 'key') || (c === ']' && expect === 'value' && stack[stack.length - 1] === false)) {
      fail(text, i, 'A trailing comma is not allowed in JSON');
    }
    const depth = stack.length;
    const inObject = stack[depth - 1] === true;
    let token: JsonToken;
    let end = i + 1;
    if (expect === 'colon') {
      if (c !== ':') fail(text, i, 'Colon expected');
      token = ':';
      expect = 'value';
    } else if (expect === 'after') {
      if (c === ',') {
        token = ',';
        expect = inObject ? 'key' : 'value';
      } else if (c === (inObject ? '}' : ']')) {
        token = c as '}' | ']';
        stack.pop();
        expect = 'after';
      } else {
        fail(text, i, inObject ? 'Comma or } expected' : 'Comma or ] expected');
      }
    } else if (expect === 'key' || expect === 'firstKey') {
      if (c === '}' && expect === 'firstKey') {
        token = '}';
        stack.pop();
        expect = 'after';
      } else if (c === '"') {
        token = 'string';
        end = stringEnd(text, i);
        expect = 'colon';
      } else {
        fail(text, i, 'Property name expected');
      }
    } else if (c === ']' && expect === 'firstValue') {
      token = ']';
      stack.pop();
      expect = 'after';
    } else if (c === '{' || c === '[') {
      if (depth >= MAX_DEPTH) fail(text, i, `Nested deeper than ${MAX_DEPTH} levels`);
      token = c;
      stack.push(c === '{');
      expect = c === '{' ? 'firstKey' : 'firstValue';
    } else if (c === '"') {
      token = 'string';
      end = stringEnd(text, i);
      expect = 'after';
    } else {
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(text);
      if (number) {
        token = 'number';
        end = i + number[0].length;
      } else {
        const literal = LITERALS.find((word) => text.startsWith(word, i));
        if (!literal) fail(text, i, 'Value expected');
        token = 'literal';
        end = i + literal.length;
      }
      const next = text.charCodeAt(end);
      // `01`, `1.`, `truex`: a value must end where JSON says it does.
      if (end < text.length && !WHITESPACE.has(next) && !',]}:'.includes(text[end])) fail(text, end, 'Invalid number or literal');
      expect = 'after';
    }
    if (visit(token, i, end, token === '}' || token === ']' ? stack.length : depth) === STOP) return;
    i = end;
  }
}

/**
 * The value compacted as the Python tool writes it (`separators=(",", ":")`): whitespace between tokens removed,
 * every token kept byte for byte. Throws JsonTextError (a StorageError, ENOTJSON) with line and column.
 */
export function compactJsonText(text: string): string {
  const parts: string[] = [];
  let runStart = -1;
  let runEnd = -1;
  walkJson(text, (_token, start, end) => {
    if (start !== runEnd) {
      if (runStart >= 0) parts.push(text.slice(runStart, runEnd));
      runStart = start;
    }
    runEnd = end;
  });
  parts.push(text.slice(runStart, runEnd));
  return parts.length === 1 ? parts[0] : parts.join('');
}

/** Compacted, validated JSON text: Cache stores it as it is instead of serializing a value. Make one with validJsonText. */
export class ValidJsonText {
  private constructor(readonly text: string) {}

  /** @internal */
  static of(text: string): ValidJsonText {
    return new ValidJsonText(compactJsonText(text));
  }
}

/** Validates and compacts `text` (see compactJsonText); throws JsonTextError. */
export function validJsonText(text: string): ValidJsonText {
  return ValidJsonText.of(text);
}

export interface FormatOptions {
  /** Spaces per level. Default 2. */
  indent?: number;
  /** Stop after this many lines (a preview); the text may then be cut off anywhere. */
  maxLines?: number;
}

/** What formatJsonText produced: the text, and whether it stopped before the end of the value. */
export interface Formatted {
  text: string;
  complete: boolean;
}

/**
 * Pretty-prints the value the way `JSON.stringify(value, null, 2)` lays it out, but from its tokens: every number,
 * string and key is kept as written. With `maxLines`, stops there, and a cut-off or invalid text is formatted up
 * to where it ends (`complete: false`); without it, invalid text throws JsonTextError.
 */
export function formatJsonText(text: string, options: FormatOptions = {}): Formatted {
  const unit = ' '.repeat(options.indent ?? 2);
  const maxLines = options.maxLines ?? Infinity;
  const out: string[] = [];
  let lines = 1;
  let justOpened = false;
  const newline = (depth: number) => {
    lines++;
    out.push('\n' + unit.repeat(depth));
  };
  let stopped = false;
  const visit: Visitor = (token, start, end, depth) => {
    const empty = justOpened && (token === '}' || token === ']');
    if (justOpened && !empty) newline(depth);
    justOpened = false;
    if ((token === '}' || token === ']') && !empty) newline(depth);
    if (lines > maxLines) {
      stopped = true;
      return STOP;
    }
    if (token === ',') {
      out.push(',');
      newline(depth);
    } else if (token === ':') {
      out.push(': ');
    } else {
      out.push(text.slice(start, end));
      if (token === '{' || token === '[') justOpened = true;
    }
    return undefined;
  };
  if (options.maxLines === undefined) {
    walkJson(text, visit);
    return { text: out.join(''), complete: true };
  }
  try {
    walkJson(text, visit);
  } catch (error) {
    if (!(error instanceof JsonTextError)) throw error;
    stopped = true;
  }
  const formatted = out.join('');
  // A newline opened for a line past the limit is dropped with it.
  return { text: stopped ? formatted.replace(/\n[ ]*$/, '') : formatted, complete: !stopped };
}

/**
 * Where the `data` member's value sits in an entry file's text (`{"timestamp":…,"data":<here>}`): its start, and
 * its end when the text holds all of it. The last `data` member wins, as for JSON.parse. Undefined when the text
 * is not an object or has no `data` member (as far as it goes). Works on a head of the file too.
 */
export function findDataValue(text: string): { start: number; end?: number } | undefined {
  let found: { start: number; end?: number } | undefined;
  /** At depth 1: the next string is a member name (after `{` or `,`). */
  let expectName = false;
  let memberIsData = false;
  let inData = false;
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  try {
    walkJson(
      text,
      (token, start, end, depth) => {
        if (depth === 0) {
          if (token !== '{') return STOP; // not an entry object
          expectName = true;
          return undefined;
        }
        if (depth !== 1) return undefined;
        if (inData) {
          // The close of the data container, or a scalar data value, ends it.
          if (token !== '{' && token !== '[') {
            found!.end = end;
            inData = false;
          }
          return undefined;
        }
        if (token === ',') expectName = true;
        else if (token === 'string' && expectName) {
          // Escapes such as `"d\u0061ta"` name it too.
          memberIsData = JSON.parse(text.slice(start, end)) === 'data';
          expectName = false;
        } else if (token !== ':' && memberIsData) {
          found = { start };
          memberIsData = false;
          inData = token === '{' || token === '[';
          if (!inData) found.end = end;
        }
        return undefined;
      },
      from,
    );
  } catch (error) {
    if (!(error instanceof JsonTextError)) throw error;
  }
  return found;
}
