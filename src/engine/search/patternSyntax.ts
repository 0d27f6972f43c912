// Parses the regular expressions Find in Values accepts: the everyday subset of JavaScript's syntax that a
// finite automaton can run in time linear in the text. Backreferences and lookaround cannot, and are refused
// with a message saying so (PatternError), rather than run with a risk of hanging.

export class PatternError extends Error {
  constructor(
    message: string,
    /** Where in the pattern, 0-based. */
    readonly index: number,
  ) {
    super(`${message} (at position ${index + 1})`);
    this.name = 'PatternError';
  }
}

/** A test on one UTF-16 code unit. */
export type CharTest = (code: number) => boolean;

export type PatternNode =
  | { type: 'char'; test: CharTest }
  | { type: 'sequence'; items: PatternNode[] }
  | { type: 'alternation'; options: PatternNode[] }
  | { type: 'repeat'; node: PatternNode; min: number; max: number }
  | { type: 'assert'; kind: 'lineStart' | 'lineEnd' | 'wordBoundary' | 'notWordBoundary' };

/** The longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 1000;
/** The largest count in `{n,m}` accepted (each repetition is a copy in the automaton). */
export const MAX_REPEAT = 1000;

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
export const isWordChar: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace: CharTest = (c) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0x3000;
const not = (test: CharTest): CharTest => (c) => !test(c);
const CLASS_ESCAPES: Record<string, CharTest> = { d: isDigit, D: not(isDigit), w: isWordChar, W: not(isWordChar), s: isSpace, S: not(isSpace) };
const CONTROL_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };

/** Folds case for a case-insensitive test: the code unit, its lower and its upper case (ASCII without strings). */
function caseless(test: CharTest): CharTest {
  return (c) => {
    if (test(c)) return true;
    if (c < 128) {
      const isUpper = c >= 65 && c <= 90;
      const isLower = c >= 97 && c <= 122;
      return (isUpper && test(c + 32)) || (isLower && test(c - 32));
    }
    const char = String.fromCharCode(c);
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    return (lower.length === 1 && test(lower.charCodeAt(0))) || (upper.length === 1 && test(upper.charCodeAt(0)));
  };
}

export function parsePattern(source: string, ignoreCase: boolean): PatternNode {
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`The pattern is longer than ${MAX_PATTERN_LENGTH} characters`, MAX_PATTERN_LENGTH);
  let pos = 0;
  const fail = (message: string, at = pos): never => {
    throw new PatternError(message, at);
  };
  const char = (test: CharTest): PatternNode => ({ type: 'char', test: ignoreCase ? caseless(test) : test });

  function alternation(): PatternNode {
    const options = [sequence()];
    while (source[pos] === '|') {
      pos++;
      options.push(sequence());
    }
    return options.length === 1 ? options[0]! : { type: 'alternation', options };
  }

  function sequence(): PatternNode {
    const items: PatternNode[] = [];
    while (pos < source.length && source[pos] !== '|' && source[pos] !== ')') items.push(quantified(atom()));
    return items.length === 1 ? items[0]! : { type: 'sequence', items };
  }

  function quantified(node: PatternNode): PatternNode {
    for (;;) {
      const start = pos;
      const c = source[pos];
      let min: number;
      let max: number;
      if (c === '*') [min, max, pos] = [0, Infinity, pos + 1];
      else if (c === '+') [min, max, pos] = [1, Infinity, pos + 1];
      else if (c === '?') [min, max, pos] = [0, 1, pos + 1];
      else if (c === '{') {
        const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(pos));
        if (!braces) return node; // a literal `{`, as JavaScript reads it
        min = Number(braces[1]);
        max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3]);
        if (max < min) fail('The numbers in {n,m} are out of order', start);
        if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) fail(`A count above ${MAX_REPEAT} in {n,m} is not supported`, start);
        pos += braces[0].length;
      } else return node;
      if (node.type === 'assert') fail('Nothing to repeat', start);
      if (source[pos] === '?') pos++; // lazy or greedy finds the same entries
      node = { type: 'repeat', node, min, max };
    }
  }

  function atom(): PatternNode {
    const start = pos;
    const c = source[pos++]!;
    switch (c) {
      case '.':
        return char((code) => code !== 10 && code !== 13 && code !== 0x2028 && code !== 0x2029);
      case '^':
        return { type: 'assert', kind: 'lineStart' };
      case '$':
        return { type: 'assert', kind: 'lineEnd' };
      case '[': {
        // Case is folded before a class is negated: with `i`, [^a] refuses both a and A.
        const { test, negated } = charClass();
        const folded = ignoreCase ? caseless(test) : test;
        return { type: 'char', test: negated ? not(folded) : folded };
      }
      case '(':
        return group(start);
      case ')':
        return fail('Unmatched )', start);
      case '*':
      case '+':
      case '?':
        return fail('Nothing to repeat', start);
      case '\\':
        return escape();
      default:
        return char(literal(c.charCodeAt(0)));
    }
  }

  function group(start: number): PatternNode {
    if (source[pos] === '?') {
      const kind = source.slice(pos, pos + 3);
      if (kind.startsWith('?:')) pos += 2;
      else if (kind === '?<=' || kind === '?<!' || kind.startsWith('?=') || kind.startsWith('?!')) {
        fail('Lookahead and lookbehind are not supported: they cannot run in linear time', start);
      } else if (kind.startsWith('?<')) {
        const name = /^\?<[A-Za-z_$][\w$]*>/.exec(source.slice(pos));
        if (!name) fail('A group name is malformed', start);
        pos += name![0].length;
      } else fail('This kind of group is not supported', start);
    }
    const inner = alternation();
    if (source[pos] !== ')') fail('Unterminated group', start);
    pos++;
    // Wrapped, so that `(^)*` repeats a group (as JavaScript allows) where a bare `^*` is refused.
    return { type: 'sequence', items: [inner] };
  }

  function escape(): PatternNode {
    const start = pos - 1;
    const c = source[pos++];
    if (c === undefined) return fail('\\ at the end of the pattern', start);
    if (c === 'b' || c === 'B') return { type: 'assert', kind: c === 'b' ? 'wordBoundary' : 'notWordBoundary' };
    if (/[1-9]/.test(c) || c === 'k') return fail('Backreferences are not supported: they cannot run in linear time', start);
    return char(escapedTest(c, start));
  }

  /** The test for `\c` (after the backslash), inside or outside a class. */
  function escapedTest(c: string, start: number): CharTest {
    if (CLASS_ESCAPES[c]) return CLASS_ESCAPES[c];
    if (CONTROL_ESCAPES[c] !== undefined) return literal(CONTROL_ESCAPES[c]);
    if (c === 'x' || c === 'u') return literal(hexCode(c, start));
    if (c === 'p' || c === 'P') return fail('Unicode property escapes are not supported', start);
    if (/[A-Za-z]/.test(c)) return fail(`\\${c} is not supported`, start);
    return literal(c.charCodeAt(0));
  }

  /** The code after `\\x` (2 hex digits) or `\\u` (4). */
  function hexCode(kind: 'x' | 'u', start: number): number {
    const hex = (kind === 'x' ? /^[0-9a-fA-F]{2}/ : /^[0-9a-fA-F]{4}/).exec(source.slice(pos));
    if (!hex) return fail(`\\${kind} needs ${kind === 'x' ? 2 : 4} hex digits`, start);
    pos += hex[0].length;
    return parseInt(hex[0], 16);
  }

  function charClass(): { test: CharTest; negated: boolean } {
    const start = pos - 1;
    const negated = source[pos] === '^';
    if (negated) pos++;
    const tests: CharTest[] = [];
    while (pos < source.length && source[pos] !== ']') {
      const low = classMember();
      if (source[pos] === '-' && source[pos + 1] !== undefined && source[pos + 1] !== ']' && typeof low === 'number') {
        pos++;
        const high = classMember();
        if (typeof high !== 'number') fail('A range cannot end in a class escape such as \\d', pos - 2);
        if ((high as number) < low) fail('A range in [] is out of order', pos - 1);
        tests.push((code) => code >= low && code <= (high as number));
      } else tests.push(typeof low === 'number' ? literal(low) : low);
    }
    if (source[pos] !== ']') fail('Unterminated [', start);
    pos++;
    return { test: (code) => tests.some((test) => test(code)), negated };
  }

  /** One member of a class: a code unit, or a class escape's test. */
  function classMember(): number | CharTest {
    const c = source[pos++]!;
    if (c !== '\\') return c.charCodeAt(0);
    const start = pos - 1;
    const e = source[pos++];
    if (e === undefined) return fail('\\ at the end of the pattern', start);
    if (e === 'b') return 8; // backspace, inside a class
    if (CLASS_ESCAPES[e]) return CLASS_ESCAPES[e];
    if (CONTROL_ESCAPES[e] !== undefined) return CONTROL_ESCAPES[e];
    if (e === 'x' || e === 'u') return hexCode(e, start);
    if (/[A-Za-z0-9]/.test(e)) return fail(`\\${e} is not supported in []`, start);
    return e.charCodeAt(0);
  }

  const tree = alternation();
  if (pos < source.length) fail('Unmatched )', pos);
  return tree;
}

function literal(code: number): CharTest {
  return (c) => c === code;
}
