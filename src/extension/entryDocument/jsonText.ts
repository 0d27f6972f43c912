// The text of an entry's value as documents and previews show it: the value's own JSON text from the file,
// pretty-printed token by token (numbers, strings and key order as written), read within a byte budget.
import { findDataValue, formatJsonText, headText, JsonTextError, readFileHead, compactJsonText } from '../../engine';

export type ParsedText = { ok: true; compact: string } | { ok: false; message: string };

/** Strict JSON (no comments, no trailing commas: they could not be stored); the first error with line and column. */
export function parseText(text: string): ParsedText {
  try {
    return { ok: true, compact: compactJsonText(text) };
  } catch (error) {
    if (error instanceof JsonTextError) return { ok: false, message: error.message };
    throw error;
  }
}

export type ValueText = { ok: true; text: string; fileSize: number } | { ok: false; problem: string };

/** The whole value of the entry file at `filePath`, pretty-printed from its own text. */
export async function readValueText(filePath: string): Promise<ValueText> {
  const head = await readFileHead(filePath, Number.MAX_SAFE_INTEGER);
  let text: string;
  try {
    // Strict here: a document that replaced bad bytes with U+FFFD would write them back changed.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(head.bytes);
  } catch {
    return { ok: false, problem: 'The file is not valid UTF-8.' };
  }
  const found = findDataValue(text);
  if (found?.end === undefined) return { ok: false, problem: 'The file holds no complete "data" value.' };
  try {
    return { ok: true, text: `${formatJsonText(text.slice(found.start, found.end)).text}\n`, fileSize: head.size };
  } catch (error) {
    if (error instanceof JsonTextError) return { ok: false, problem: `The value is not valid JSON: ${error.message}.` };
    throw error;
  }
}

export interface ValuePreview {
  /** The first lines of the value, pretty-printed. */
  text: string;
  /** True when the value goes on past what is shown. */
  cut: boolean;
  /** Bytes of the file read to make it. */
  bytesRead: number;
  fileSize: number;
}

/**
 * The first `maxLines` lines of the value, from at most `maxBytes` of the file: hovering or previewing a 200 MB
 * entry costs what a small one does. Undefined when the value does not start within those bytes.
 */
export async function previewValueText(filePath: string, maxBytes: number, maxLines: number): Promise<ValuePreview | undefined> {
  const head = await readFileHead(filePath, maxBytes);
  const text = headText(head);
  const found = findDataValue(text);
  if (!found) return undefined;
  const value = text.slice(found.start, found.end);
  const formatted = formatJsonText(value, { maxLines });
  return { text: formatted.text, cut: !formatted.complete || found.end === undefined, bytesRead: head.bytes.length, fileSize: head.size };
}
