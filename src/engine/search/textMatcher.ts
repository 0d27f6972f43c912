// What Find in Values looks for: plain text (a substring, case-insensitive unless asked) or a linear-time
// pattern; both scan text fed in chunks and report the first match's offsets.
import { LinearPattern, type PatternMatch } from './patternMachine';

export interface ValueQuery {
  text: string;
  /** Read `text` as a regular expression (the linear-time subset; PatternError otherwise). */
  regex?: boolean;
  caseSensitive?: boolean;
}

export interface ChunkScanner {
  /** The first match so far, in offsets of all text fed; once one is returned, feed no more. */
  feed(text: string): PatternMatch | undefined;
  end(): PatternMatch | undefined;
}

export interface TextMatcher {
  scanner(): ChunkScanner;
}

/** Lower case without changing the length (a few characters lower to two code units: those stay as they are). */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let folded = '';
  for (const char of text) {
    const one = char.toLowerCase();
    folded += one.length === char.length ? one : char;
  }
  return folded;
}

class SubstringScanner implements ChunkScanner {
  /** The end of the text already fed that a match could still start in. */
  private tail = '';
  private fed = 0;

  constructor(
    private readonly needle: string,
    private readonly fold: boolean,
  ) {}

  feed(text: string): PatternMatch | undefined {
    const haystack = this.tail + (this.fold ? foldCase(text) : text);
    const at = haystack.indexOf(this.needle);
    const base = this.fed - this.tail.length;
    this.fed += text.length;
    if (at >= 0) return { start: base + at, end: base + at + this.needle.length };
    this.tail = haystack.slice(Math.max(0, haystack.length - this.needle.length + 1));
    return undefined;
  }

  end(): PatternMatch | undefined {
    return undefined;
  }
}

/** Throws PatternError for a regular expression outside the supported subset, and Error for an empty query. */
export function compileQuery(query: ValueQuery): TextMatcher {
  if (query.text === '') throw new Error('Type something to find.');
  if (query.regex) {
    const pattern = new LinearPattern(query.text, !query.caseSensitive);
    return { scanner: () => pattern.scanner() };
  }
  const fold = !query.caseSensitive;
  const needle = fold ? foldCase(query.text) : query.text;
  return { scanner: () => new SubstringScanner(needle, fold) };
}
