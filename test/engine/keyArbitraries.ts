// Keys a pipeline really uses, for the property tests against the Python tool: letters of many scripts, emoji,
// combining marks, NFC and NFD spellings of one word, capitals, spaces and `:`. Every one is a name the Python tool
// can write safely on Linux (no separator, control character, leading dot or `%` escape), short enough for its temp file.
import * as fc from 'fast-check';

const FRAGMENTS = [
  'Café', 'caf\u00e9', 'cafe\u0301', 'Menu', 'ключ', 'Ключ', 'unicode_', '日本語', 'キー', 'emoji', '🎬', '👩‍👩‍👧', '🇯🇵',
  'naïve', 'résumé', 'ΣΊΣΥΦΟΣ', 'σίσυφος', 'عربى', 'עברית', 'हिन्दी', '한국어', 'ä', 'a\u0308', 'Ω', 'İstanbul', 'straße',
  'ǅ', 'ﬁ', 'Report', 'REPORT', 'report', 'x', ' ', ' ', ':', ':', '-', '_', '.', '0', '42', '100%', 'e\u0301\u0323',
];
/** What the Python tool cannot write as a plain name (or that the engine must encode to stay unambiguous). */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const NOT_PLAIN = /^\.|[\x00-\x1f\x7f-\x9f/\\]|%([0-9A-Fa-f]{2}|~)/;

const fromFragments = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
const graphemes = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });

export const pythonKey = fc
  .oneof({ arbitrary: fromFragments, weight: 3 }, { arbitrary: graphemes, weight: 1 })
  .filter((key) => !NOT_PLAIN.test(key) && Buffer.byteLength(key, 'utf8') <= 150 && Buffer.from(key, 'utf8').toString('utf8') === key);
