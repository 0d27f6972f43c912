// Matches keys against a glob (`*` any run of characters, `?` one character) without regular expressions built from
// user text: a backtracking RegExp such as `^.*/.*/.*/.*\.png$` can take seconds on one key. This is the greedy
// segment algorithm: the pattern is split at `*` into segments; the first must match at the start, the last at the
// end, and each one between at its leftmost place after the previous one (leftmost is always safe, since a `*`
// follows it). Each segment is found with a bit-parallel Shift-And scan, so one match costs O(key length × ⌈pattern
// length / 32⌉) steps, whatever the pattern: no input makes it slower than a few passes over the key.

/** A compiled segment: its length, and for each character the positions it may match (`?` matches any). */
interface Segment {
  length: number;
  /** Words of the bit masks: `words` 32-bit words per character. */
  words: number;
  /** Bit i set: a character not listed in `masks` may stand at position i (a `?`). */
  anyMask: Uint32Array;
  masks: Map<number, Uint32Array>;
  /** The same masks for character codes below 128, by code: no map lookup for the common case. */
  ascii: Array<Uint32Array | undefined>;
}

function maskOf(segment: Segment, code: number): Uint32Array {
  return (code < 128 ? segment.ascii[code] : segment.masks.get(code)) ?? segment.anyMask;
}

function compileSegment(text: string): Segment {
  const length = text.length;
  const words = Math.max(1, Math.ceil(length / 32));
  const anyMask = new Uint32Array(words);
  const masks = new Map<number, Uint32Array>();
  for (let i = 0; i < length; i++) {
    if (text[i] === '?') anyMask[i >>> 5] |= 1 << (i & 31);
  }
  for (let i = 0; i < length; i++) {
    if (text[i] === '?') continue;
    const code = text.charCodeAt(i);
    let mask = masks.get(code);
    if (!mask) {
      mask = Uint32Array.from(anyMask);
      masks.set(code, mask);
    }
    mask[i >>> 5] |= 1 << (i & 31);
  }
  const ascii: Array<Uint32Array | undefined> = new Array(128).fill(undefined);
  for (const [code, mask] of masks) if (code < 128) ascii[code] = mask;
  return { length, words, anyMask, masks, ascii };
}

/** Whether the segment matches the subject at exactly `at`. O(segment length). */
function matchesAt(segment: Segment, subject: string, at: number): boolean {
  if (at < 0 || at + segment.length > subject.length) return false;
  for (let i = 0; i < segment.length; i++) {
    const mask = maskOf(segment, subject.charCodeAt(at + i));
    if ((mask[i >>> 5] & (1 << (i & 31))) === 0) return false;
  }
  return true;
}

/**
 * The index just past the leftmost match of the segment that starts at or after `from` and ends at or before `end`,
 * or -1. Shift-And: bit i of the state says "the segment's first i+1 characters match the text ending here".
 */
function findSegment(segment: Segment, subject: string, from: number, end: number): number {
  if (segment.length === 0) return from;
  const { words, length } = segment;
  const state = new Uint32Array(words);
  const lastWord = (length - 1) >>> 5;
  const lastBit = 1 << ((length - 1) & 31);
  for (let i = from; i < end; i++) {
    const mask = maskOf(segment, subject.charCodeAt(i));
    // state = ((state << 1) | 1) & mask, across words.
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const next = state[w] >>> 31;
      state[w] = ((state[w] << 1) | carry) & mask[w];
      carry = next;
    }
    if (state[lastWord] & lastBit) return i + 1;
  }
  return -1;
}

export class GlobMatcher {
  private readonly segments: Segment[];
  private readonly hasStar: boolean;

  /** `pattern` is matched as given (the caller folds case first when it wants case-insensitive matching). */
  constructor(pattern: string) {
    const parts = pattern.split('*');
    this.hasStar = parts.length > 1;
    this.segments = parts.map(compileSegment);
  }

  matches(subject: string): boolean {
    const segments = this.segments;
    const first = segments[0];
    if (!this.hasStar) return first.length === subject.length && matchesAt(first, subject, 0);
    const last = segments[segments.length - 1];
    const tailStart = subject.length - last.length;
    if (tailStart < first.length || !matchesAt(first, subject, 0) || !matchesAt(last, subject, tailStart)) return false;
    let from = first.length;
    for (let s = 1; s < segments.length - 1; s++) {
      from = findSegment(segments[s], subject, from, tailStart);
      if (from < 0) return false;
    }
    return true;
  }
}
