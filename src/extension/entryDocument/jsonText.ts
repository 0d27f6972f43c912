// The text form of a value in an entry document, and parsing it back with positions a person can find.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

export function valueToText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export type ParsedText = { ok: true; value: unknown } | { ok: false; message: string };

/** Strict JSON (no comments, no trailing commas: they could not be stored); the first error with line and column. */
export function parseText(text: string): ParsedText {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length === 0) return { ok: true, value };
  const { error, offset } = errors[0];
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  return { ok: false, message: `${describe(printParseErrorCode(error))} at line ${line}, column ${column}` };
}

/** `PropertyNameExpected` → "Property name expected". */
function describe(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
