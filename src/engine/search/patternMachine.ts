// Runs a parsed pattern as a Thompson automaton over a stream of text (Pike's simulation): each character is
// looked at once, against at most one thread per instruction, so the time is linear in the text whatever the
// pattern (no backtracking), and the text can arrive in chunks of any size.
import { isWordChar, PatternError, parsePattern, type CharTest, type PatternNode } from './patternSyntax';

type AssertKind = Extract<PatternNode, { type: 'assert' }>['kind'];

type Instruction =
  | { op: 'char'; test: CharTest; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'jump'; to: number }
  | { op: 'assert'; kind: AssertKind; next: number }
  | { op: 'match' };

/** The most instructions a pattern may compile to (`{n,m}` copies its operand). */
export const MAX_PROGRAM_SIZE = 20_000;

/** Marks "no character": before the text's start, or after its end. */
const NONE = -1;

export interface PatternMatch {
  /** Offsets in the whole text fed, in UTF-16 code units; `end` is exclusive. */
  start: number;
  end: number;
}

function compile(tree: PatternNode): Instruction[] {
  const program: Instruction[] = [];
  const emit = (instruction: Instruction): number => {
    if (program.length >= MAX_PROGRAM_SIZE) throw new PatternError('The pattern is too large to run (too many repetitions)', 0);
    program.push(instruction);
    return program.length - 1;
  };
  // Each emit* leaves the program so that the fragment's end falls through to the next instruction emitted.
  const emitNode = (node: PatternNode): void => {
    switch (node.type) {
      case 'char':
        emit({ op: 'char', test: node.test, next: program.length + 1 });
        return;
      case 'assert':
        emit({ op: 'assert', kind: node.kind, next: program.length + 1 });
        return;
      case 'sequence':
        node.items.forEach(emitNode);
        return;
      case 'alternation': {
        const jumps: Instruction[] = [];
        node.options.forEach((option, i) => {
          if (i < node.options.length - 1) {
            const split = emit({ op: 'split', a: 0, b: 0 }) as number;
            (program[split] as { a: number }).a = program.length;
            emitNode(option);
            const jump = { op: 'jump', to: 0 } as Instruction;
            emit(jump);
            jumps.push(jump);
            (program[split] as { b: number }).b = program.length;
          } else emitNode(option);
        });
        for (const jump of jumps) (jump as { to: number }).to = program.length;
        return;
      }
      case 'repeat': {
        for (let i = 0; i < node.min; i++) emitNode(node.node);
        if (node.max === Infinity) {
          const split = emit({ op: 'split', a: 0, b: 0 });
          (program[split] as { a: number }).a = program.length;
          emitNode(node.node);
          emit({ op: 'jump', to: split });
          (program[split] as { b: number }).b = program.length;
        } else {
          const splits: number[] = [];
          for (let i = node.min; i < node.max; i++) {
            const split = emit({ op: 'split', a: program.length + 1, b: 0 });
            splits.push(split);
            emitNode(node.node);
          }
          for (const split of splits) (program[split] as { b: number }).b = program.length;
        }
        return;
      }
    }
  };
  emitNode(tree);
  emit({ op: 'match' });
  return program;
}

/**
 * The ASCII characters a match can begin with, when that does not depend on what comes before (no assertion and
 * no empty match at the start); undefined otherwise. With no thread alive, the scanner skips every other character
 * without stepping the automaton: most of a value is skipped that way.
 */
function startSet(program: Instruction[]): Uint8Array | undefined {
  const seen = new Set<number>();
  const chars: CharTest[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (seen.has(at)) continue;
    seen.add(at);
    const instruction = program[at]!;
    if (instruction.op === 'match' || instruction.op === 'assert') return undefined;
    if (instruction.op === 'char') chars.push(instruction.test);
    else if (instruction.op === 'jump') stack.push(instruction.to);
    else stack.push(instruction.b, instruction.a);
  }
  const set = new Uint8Array(128);
  for (let code = 0; code < 128; code++) set[code] = chars.some((test) => test(code)) ? 1 : 0;
  return set;
}

/** A compiled pattern; `scanner()` gives a fresh streaming matcher over it. */
export class LinearPattern {
  private readonly program: Instruction[];
  private readonly starts: Uint8Array | undefined;

  /** Throws PatternError (with the position) for syntax it does not accept. */
  constructor(
    readonly source: string,
    readonly ignoreCase = false,
  ) {
    this.program = compile(parsePattern(source, ignoreCase));
    this.starts = startSet(this.program);
  }

  scanner(): PatternScanner {
    return new PatternScanner(this.program, this.starts);
  }

  /** The first match in a whole string (a convenience over `scanner()`). */
  exec(text: string): PatternMatch | undefined {
    const scanner = this.scanner();
    return scanner.feed(text) ?? scanner.end();
  }
}

/** Feeds text in chunks; reports the leftmost match, as soon as it is settled. Once reported, feed no more. */
export class PatternScanner {
  // Thread lists as typed arrays, allocated once: instruction and where its match started. Each instruction is in
  // a list at most once (the generation mark), so a list never holds more than the program's length.
  private seedPcs: Int32Array;
  private seedStarts: Float64Array;
  private seedCount = 0;
  private listPcs: Int32Array;
  private listStarts: Float64Array;
  private listCount = 0;
  private readonly stack: Int32Array;
  private readonly mark: Int32Array;
  private generation = 0;
  private index = 0;
  private prev = NONE;
  /** The leftmost match found so far, returned once no thread that started before it is left. */
  private best: PatternMatch | undefined;

  constructor(
    private readonly program: Instruction[],
    private readonly starts: Uint8Array | undefined,
  ) {
    const size = program.length;
    this.seedPcs = new Int32Array(size);
    this.seedStarts = new Float64Array(size);
    this.listPcs = new Int32Array(size);
    this.listStarts = new Float64Array(size);
    this.stack = new Int32Array(2 * size + 2);
    this.mark = new Int32Array(size);
  }

  feed(text: string): PatternMatch | undefined {
    const starts = this.starts;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // Nothing alive and no match can begin with this character: skip it without stepping.
      if (starts && this.seedCount === 0 && !this.best && c < 128 && starts[c] === 0) {
        this.prev = c;
        this.index++;
        continue;
      }
      const found = this.step(c);
      if (found) return found;
    }
    return undefined;
  }

  /** The text ended: a match that needed to see the end (`$`, `\b`) is found now. */
  end(): PatternMatch | undefined {
    return this.step(NONE) ?? this.best;
  }

  private step(c: number): PatternMatch | undefined {
    this.listCount = 0;
    this.generation++;
    // Seeds are in order of where they started: the first to reach a match is the leftmost, and the ones after it
    // (started later) are dropped.
    for (let t = 0; t < this.seedCount; t++) {
      const start = this.seedStarts[t]!;
      if (this.closure(this.seedPcs[t]!, start, c)) {
        this.best = { start, end: this.index };
        break;
      }
    }
    // A match may start here too, unless one already started earlier.
    if (!this.best && this.closure(0, this.index, c)) this.best = { start: this.index, end: this.index };
    // The list becomes the next seeds: swap the buffers rather than allocate.
    [this.seedPcs, this.listPcs] = [this.listPcs, this.seedPcs];
    [this.seedStarts, this.listStarts] = [this.listStarts, this.seedStarts];
    const count = this.listCount;
    let next = 0;
    if (c !== NONE) {
      for (let t = 0; t < count; t++) {
        const start = this.seedStarts[t]!;
        // Once a match is known, only threads that started before it can still give a leftmost one.
        if (this.best && start >= this.best.start) continue;
        const instruction = this.program[this.seedPcs[t]!] as Extract<Instruction, { op: 'char' }>;
        if (instruction.test(c)) {
          this.seedPcs[next] = instruction.next;
          this.seedStarts[next] = start;
          next++;
        }
      }
    }
    this.seedCount = next;
    this.prev = c;
    this.index++;
    return this.best && next === 0 ? this.best : undefined;
  }

  /** Follows jumps, splits and assertions from `pc`; lists the char instructions reached. True if it reached a match. */
  private closure(pc: number, start: number, c: number): boolean {
    const stack = this.stack;
    let top = 0;
    stack[top++] = pc;
    while (top > 0) {
      const at = stack[--top]!;
      if (this.mark[at] === this.generation) continue;
      this.mark[at] = this.generation;
      const instruction = this.program[at]!;
      switch (instruction.op) {
        case 'match':
          return true;
        case 'char':
          this.listPcs[this.listCount] = at;
          this.listStarts[this.listCount] = start;
          this.listCount++;
          break;
        case 'jump':
          stack[top++] = instruction.to;
          break;
        case 'split':
          // b pushed first so that a is followed first.
          stack[top++] = instruction.b;
          stack[top++] = instruction.a;
          break;
        case 'assert':
          if (holds(instruction.kind, this.prev, c)) stack[top++] = instruction.next;
          break;
      }
    }
    return false;
  }
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function holds(kind: AssertKind, prev: number, next: number): boolean {
  switch (kind) {
    case 'lineStart':
      return prev === NONE || isLineBreak(prev);
    case 'lineEnd':
      return next === NONE || isLineBreak(next);
    case 'wordBoundary':
      return (prev !== NONE && isWordChar(prev)) !== (next !== NONE && isWordChar(next));
    case 'notWordBoundary':
      return (prev !== NONE && isWordChar(prev)) === (next !== NONE && isWordChar(next));
  }
}
