// Turns a value into the exact JSON text Python's `json.dumps(value, separators=(",", ":"), ensure_ascii=False)`
// writes for the value `json.loads` reads back from it, refusing anything JSON would silently change.
import { StorageError } from './errors';

/** Thrown (as StorageError ENOTJSON) with the path of the first offending part, e.g. `value.items[2]`. */
function refuse(path: string, what: string, key?: string): never {
  throw new StorageError('ENOTJSON', `Cannot store ${path}: ${what} has no JSON form (JSON.stringify would drop or alter it).`, key);
}

/**
 * Serializes `value` compactly. Accepts null, booleans, strings, finite numbers, arrays and plain objects
 * (and objects with `toJSON`, e.g. Date, whose result is checked the same way). Refuses undefined, functions,
 * symbols, BigInt, NaN/±Infinity, cycles, array holes, Map/Set/class instances: JSON.stringify would turn
 * them into null or `{}` or throw, and the value read back would not be the value stored.
 */
export function toJson(value: unknown, key?: string): string {
  const needsPythonNumbers = new Checker(key).check(value);
  return needsPythonNumbers ? stringifyWithPythonNumbers(value) : JSON.stringify(value);
}

/**
 * Deepest nesting of arrays and objects accepted. Python's json (the spec's tool) cannot read a file nested about
 * 990 deep (RecursionError), and JSON.stringify overflows the stack a few thousand deep: refuse, don't crash.
 */
export const MAX_DEPTH = 900;

/**
 * Validates a value tree. The path of the node being checked is kept as a stack of property names and indexes,
 * turned into text (`value.items[2]`) only when something is refused: checking a valid value builds no strings.
 */
class Checker {
  /** Objects and arrays from the root down to the node being checked (cycle detection). */
  private readonly onPath = new Set<object>();
  private depth = 0;
  /** Property names and indexes from the root down to the node being checked. */
  private readonly steps: (string | number)[] = [];

  constructor(private readonly key: string | undefined) {}

  /** Returns true when some number is formatted differently by JS and Python. */
  check(value: unknown): boolean {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return false;
      case 'number':
        if (!Number.isFinite(value)) this.refuse(String(value));
        return differsInPython(value);
      case 'undefined':
      case 'function':
      case 'symbol':
      case 'bigint':
        return this.refuse(`a ${typeof value}`);
    }
    if (value === null) return false;
    const object = value as object;
    if (this.onPath.has(object)) this.refuse('a circular reference');
    if (this.depth >= MAX_DEPTH) refuse('value', `a value nested deeper than ${MAX_DEPTH} levels`, this.key);
    if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
      return this.check((object as { toJSON(k: string): unknown }).toJSON(''));
    }
    this.depth++;
    this.onPath.add(object);
    const steps = this.steps;
    let differs = false;
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        steps.push(i);
        if (this.check(object[i])) differs = true;
        steps.pop();
      }
    } else {
      const prototype = Object.getPrototypeOf(object);
      if (prototype !== Object.prototype && prototype !== null) {
        this.refuse(`a ${object.constructor?.name ?? 'non-plain'} object`);
      }
      // JSON.stringify drops symbol-keyed properties without a word.
      const symbols = Object.getOwnPropertySymbols(object);
      if (symbols.length > 0 && symbols.some((s) => Object.prototype.propertyIsEnumerable.call(object, s))) {
        this.refuse('an object with symbol keys');
      }
      for (const name of Object.keys(object)) {
        steps.push(name);
        if (this.check((object as Record<string, unknown>)[name])) differs = true;
        steps.pop();
      }
    }
    this.depth--;
    this.onPath.delete(object);
    return differs;
  }

  private refuse(what: string): never {
    let path = 'value';
    for (const step of this.steps) path += typeof step === 'number' ? `[${step}]` : `.${step}`;
    return refuse(path, what, this.key);
  }
}

/** JS writes 0.00001 and 1e-7 where Python writes 1e-05 and 1e-07; every other finite number prints alike. */
function differsInPython(n: number): boolean {
  return n !== 0 && n > -1e-4 && n < 1e-4;
}

/** Python's `repr(float)`: scientific notation below 1e-4, with at least two exponent digits. */
export function pythonNumber(n: number): string {
  if (!differsInPython(n)) return JSON.stringify(n);
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  const digits = exponent.slice(1);
  return `${mantissa}e-${digits.length < 2 ? '0' + digits : digits}`;
}

/** The slow path, taken only when a tiny number is present. Input is already validated. */
function stringifyWithPythonNumbers(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return pythonNumber(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
  }
  const object = value as object;
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    return stringifyWithPythonNumbers((object as { toJSON(k: string): unknown }).toJSON(''));
  }
  if (Array.isArray(object)) return '[' + object.map(stringifyWithPythonNumbers).join(',') + ']';
  const members: string[] = [];
  for (const name of Object.keys(object)) {
    members.push(JSON.stringify(name) + ':' + stringifyWithPythonNumbers((object as Record<string, unknown>)[name]));
  }
  return '{' + members.join(',') + '}';
}
