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

/** A compiled pattern; `scanner()` gives a fresh streaming matcher over it. */
export class LinearPattern {
  private readonly program: Instruction[];

  /** Throws PatternError (with the position) for syntax it does not accept. */
  constructor(
    readonly source: string,
    readonly ignoreCase = false,
  ) {
    this.program = compile(parsePattern(source, ignoreCase));
  }

  scanner(): PatternScanner {
    return new PatternScanner(this.program);
  }

  /** The first match in a whole string (a convenience over `scanner()`). */
  exec(text: string): PatternMatch | undefined {
    const scanner = this.scanner();
    return scanner.feed(text) ?? scanner.end();
  }
}

/** Feeds text in chunks; reports the leftmost match, as soon as it is settled. Once reported, feed no more. */
export class PatternScanner {
  /** Threads waiting at the current position: instruction, and where their match started. */
  private seedPcs: number[] = [];
  private seedStarts: number[] = [];
  private readonly mark: Int32Array;
  private generation = 0;
  private index = 0;
  private prev = NONE;
  /** The leftmost match found so far, returned once no thread that started before it is left. */
  private best: PatternMatch | undefined;

  constructor(private readonly program: Instruction[]) {
    this.mark = new Int32Array(program.length);
  }

  feed(text: string): PatternMatch | undefined {
    for (let i = 0; i < text.length; i++) {
      const found = this.step(text.charCodeAt(i));
      if (found) return found;
    }
    return undefined;
  }

  /** The text ended: a match that needed to see the end (`$`, `\b`) is found now. */
  end(): PatternMatch | undefined {
    return this.step(NONE) ?? this.best;
  }

  private step(c: number): PatternMatch | undefined {
    const listPcs: number[] = [];
    const listStarts: number[] = [];
    this.generation++;
    // Seeds are in order of where they started: the first to reach a match is the leftmost, and the ones after it
    // (started later) are dropped.
    for (let t = 0; t < this.seedPcs.length; t++) {
      const start = this.seedStarts[t]!;
      if (this.closure(this.seedPcs[t]!, start, c, listPcs, listStarts)) {
        this.best = { start, end: this.index };
        break;
      }
    }
    // A match may start here too, unless one already started earlier.
    if (!this.best && this.closure(0, this.index, c, listPcs, listStarts)) this.best = { start: this.index, end: this.index };
    const nextPcs: number[] = [];
    const nextStarts: number[] = [];
    if (c !== NONE) {
      for (let t = 0; t < listPcs.length; t++) {
        // Once a match is known, only threads that started before it can still give a leftmost one.
        if (this.best && listStarts[t]! >= this.best.start) continue;
        const instruction = this.program[listPcs[t]!] as Extract<Instruction, { op: 'char' }>;
        if (instruction.test(c)) {
          nextPcs.push(instruction.next);
          nextStarts.push(listStarts[t]!);
        }
      }
    }
    this.seedPcs = nextPcs;
    this.seedStarts = nextStarts;
    this.prev = c;
    this.index++;
    return this.best && nextPcs.length === 0 ? this.best : undefined;
  }

  /** Follows jumps, splits and assertions from `pc`; adds the char instructions reached. True if it reached a match. */
  private closure(pc: number, start: number, c: number, pcs: number[], starts: number[]): boolean {
    const stack = [pc];
    while (stack.length > 0) {
      const at = stack.pop()!;
      if (this.mark[at] === this.generation) continue;
      this.mark[at] = this.generation;
      const instruction = this.program[at]!;
      switch (instruction.op) {
        case 'match':
          return true;
        case 'char':
          pcs.push(at);
          starts.push(start);
          break;
        case 'jump':
          stack.push(instruction.to);
          break;
        case 'split':
          // b pushed first so that a is followed first.
          stack.push(instruction.b, instruction.a);
          break;
        case 'assert':
          if (holds(instruction.kind, this.prev, c)) stack.push(instruction.next);
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
