// Turns a value into the exact JSON text Python's `json.dumps(value, separators=(",", ":"), ensure_ascii=False)`
// writes for the value `json.loads` reads back from it, refusing anything JSON would silently change.
import { StorageError } from './errors';

/** Thrown (as StorageError ENOTJSON) with the path of the first offending part, e.g. `value.items[2]`. */
function refuse(path: string, what: string, key?: string): never {
  throw new StorageError('ENOTJSON', `Cannot store ${path}: ${what} has no JSON form (JSON.stringify would drop or alter it).`, key);
}

/**
 * Serializes `value` compactly, in one pass that is also its only snapshot: each getter is read once and each
 * `toJSON` called once (with the property name, as JSON.stringify does; its result is taken as it is, its own
 * `toJSON` not called again), so what is checked is exactly what is written. Accepts null, booleans, strings, finite
 * numbers, arrays and plain (or null-prototype) objects. Refuses undefined, functions, symbols, BigInt, NaN/±Infinity,
 * cycles, array holes, Map/Set/class instances, symbol keys, nesting past MAX_DEPTH, and a getter or `toJSON` that
 * throws: JSON.stringify would turn them into null or `{}` or throw, and the value read back would not be the value
 * stored.
 */
export function toJson(value: unknown, key?: string): string {
  const serializer = new Serializer(key);
  try {
    return serializer.write(value, '');
  } catch (error) {
    if (error instanceof StorageError) throw error;
    // A getter or toJSON threw (or a Proxy trap): the path is where it happened.
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError('ENOTJSON', `Cannot store ${serializer.path()}: a getter or toJSON threw (${reason}).`, key, { cause: error });
  }
}

/**
 * Deepest nesting of arrays and objects accepted. Python's json (the spec's tool) cannot read a file nested about
 * 990 deep (RecursionError), and a recursive walk overflows the stack a few thousand deep: refuse, don't crash.
 */
export const MAX_DEPTH = 900;

/** A key that needs no escaping inside JSON quotes (the common case, written without a JSON.stringify call). */
const PLAIN_KEY = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Writes a value tree as JSON text, one pass, no closures (it is the hot path of every set). The path of the node
 * being written is kept as a stack of property names and indexes, turned into text (`value.items[2]`) only when
 * something is refused or throws: a valid value builds no path strings.
 */
class Serializer {
  /** Objects and arrays from the root down to the node being written (cycle detection). */
  private readonly onPath = new Set<object>();
  /** Property names and indexes from the root down to the node being written (left as they are when user code throws). */
  private readonly steps: (string | number)[] = [];

  constructor(private readonly key: string | undefined) {}

  /** The JSON text of `value`, found under the property `name` (an index for arrays) of its holder. */
  write(value: unknown, name: string | number): string {
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') value = toJSON.call(value, typeof name === 'number' ? String(name) : name);
    }
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'number':
        if (!Number.isFinite(value)) this.refuse(String(value));
        return pythonNumber(value);
      case 'undefined':
      case 'function':
      case 'symbol':
      case 'bigint':
        return this.refuse(`a ${typeof value}`);
    }
    if (value === null) return 'null';
    const object = value as object;
    const onPath = this.onPath;
    if (onPath.has(object)) this.refuse('a circular reference');
    if (onPath.size >= MAX_DEPTH) refuse('value', `a value nested deeper than ${MAX_DEPTH} levels`, this.key);
    onPath.add(object);
    const text = Array.isArray(object) ? this.writeArray(object) : this.writeObject(object);
    onPath.delete(object);
    return text;
  }

  private writeArray(array: unknown[]): string {
    const steps = this.steps;
    const length = array.length;
    let text = '[';
    for (let i = 0; i < length; i++) {
      steps.push(i);
      if (!(i in array)) this.refuse('an array hole');
      text += (i > 0 ? ',' : '') + this.write(array[i], i);
      steps.pop();
    }
    return text + ']';
  }

  private writeObject(object: object): string {
    const prototype = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      this.refuse(`a ${(object as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain'} object`);
    }
    // JSON.stringify drops symbol-keyed properties without a word.
    const symbols = Object.getOwnPropertySymbols(object);
    if (symbols.length > 0 && symbols.some((s) => Object.prototype.propertyIsEnumerable.call(object, s))) {
      this.refuse('an object with symbol keys');
    }
    const steps = this.steps;
    const names = Object.keys(object);
    let text = '{';
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      steps.push(name);
      // One read of each property: a getter runs once, and what it gave is what is checked and written.
      const member = (object as Record<string, unknown>)[name];
      text += (i > 0 ? ',"' : '"') + (PLAIN_KEY.test(name) ? name : JSON.stringify(name).slice(1, -1)) + '":' + this.write(member, name);
      steps.pop();
    }
    return text + '}';
  }

  /** Where the node being written is: `value.items[2]`. */
  path(): string {
    let path = 'value';
    for (const step of this.steps) path += typeof step === 'number' ? `[${step}]` : `.${step}`;
    return path;
  }

  private refuse(what: string): never {
    return refuse(this.path(), what, this.key);
  }
}

/** JS writes 0.00001 and 1e-7 where Python writes 1e-05 and 1e-07; every other finite number prints alike. */
function differsInPython(n: number): boolean {
  return n !== 0 && n > -1e-4 && n < 1e-4;
}

/** Python's `repr(float)`: scientific notation below 1e-4, with at least two exponent digits. */
export function pythonNumber(n: number): string {
  if (!differsInPython(n)) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  const digits = exponent.slice(1);
  return `${mantissa}e-${digits.length < 2 ? '0' + digits : digits}`;
}
