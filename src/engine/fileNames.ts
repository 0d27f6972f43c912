// Maps cache keys to file names in the cache folder and back. The rule (see docs/key-mapping.md):
//  - a plain key is its own file name plus `.json`, as the Python tool writes `cache_dir / f"{key}.json"`;
//  - any other character is percent-encoded as UTF-8 bytes with uppercase hex (`/` → `%2F`, `é` → `%C3%A9`);
//  - a name that would pass 255 bytes keeps an encoded prefix, then `%~` and a hash; the full key goes inside the file.
// Where the file system folds case (macOS, Windows) capital letters are encoded as well, so `Foo` and `foo` never
// share one file there; on Linux they stay plain, so the Python tool's `Report.json` is the engine's `Report`.
// Non-ASCII is always encoded: macOS also folds Unicode normalization, so `é` has two spellings but one file.
import { createHash } from 'node:crypto';
import { StorageError } from './errors';

/** The longest file name we create, in bytes: the limit of ext4, APFS and NTFS. Encoded names are ASCII. */
export const MAX_FILE_NAME_LENGTH = 255;
export const ENTRY_EXTENSION = '.json';
const MAX_STEM_LENGTH = MAX_FILE_NAME_LENGTH - ENTRY_EXTENSION.length;
/** Marks a shortened name; `%` is otherwise always followed by two hex digits, so it can't be confused. */
const HASH_MARKER = '%~';
const HASH_LENGTH = 24;
const HASHED_STEM_PREFIX_LENGTH = MAX_STEM_LENGTH - HASH_MARKER.length - HASH_LENGTH;

/**
 * Plain-key patterns: printable ASCII except `%` (our escape) and the characters Windows forbids in names;
 * without `:` on Windows, and without capitals where case is folded. Indexed by `windows * 2 + foldsCase`.
 */
const PLAIN_KEY_PATTERNS = [
  // eslint-disable-next-line no-control-regex -- control characters are exactly what these classes exclude
  /^[^\x00-\x1f\x7f-\uffff%<>"/\\|?*]+$/,
  // eslint-disable-next-line no-control-regex -- as above
  /^[^\x00-\x1f\x7f-\uffffA-Z%<>"/\\|?*]+$/,
  // eslint-disable-next-line no-control-regex -- as above
  /^[^\x00-\x1f\x7f-\uffff%<>"/\\|?*:]+$/,
  // eslint-disable-next-line no-control-regex -- as above
  /^[^\x00-\x1f\x7f-\uffffA-Z%<>"/\\|?*:]+$/,
];
/** Windows opens a device instead of a file for these names, whatever follows the first dot. */
const WINDOWS_DEVICE_STEM = /^(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$|clock\$) *(\.|$)/i;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const HASHED_NAME = /%~[0-9a-f]{24}\.json$/;

export interface FileNameOptions {
  /** Encode `:` too (it names an alternate data stream on NTFS). Default: whether we run on Windows. */
  windows?: boolean;
  /**
   * Encode capital letters too, because the file system treats `Foo.json` and `foo.json` as one file.
   * Default: on macOS and Windows, whose file systems fold case unless set up otherwise.
   */
  foldsCase?: boolean;
}

const onWindows = process.platform === 'win32';
const foldsCaseByDefault = onWindows || process.platform === 'darwin';

function plainKeyPattern(options: FileNameOptions): RegExp {
  const windows = options.windows ?? onWindows;
  const foldsCase = options.foldsCase ?? foldsCaseByDefault;
  return PLAIN_KEY_PATTERNS[Number(windows) * 2 + Number(foldsCase)]!;
}

/**
 * The file name (one path component, never `.`/`..`, never hidden) that stores `key`.
 * Throws StorageError `EINVALIDKEY` for an empty key or one with unpaired UTF-16 surrogates (they have no UTF-8 form).
 */
export function keyToFileName(key: string, options: FileNameOptions = {}): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StorageError('EINVALIDKEY', 'A cache key must be a non-empty string.', String(key));
  }
  const plain = plainKeyPattern(options);
  if (isPlainKey(key, plain)) return key + ENTRY_EXTENSION;
  if (LONE_SURROGATE.test(key)) {
    throw new StorageError('EINVALIDKEY', 'A cache key must be well-formed Unicode (it has an unpaired surrogate).', key);
  }
  const stem = encodeStem(key, plain);
  if (stem.length <= MAX_STEM_LENGTH) return stem + ENTRY_EXTENSION;
  return shortenedStem(stem, key) + ENTRY_EXTENSION;
}

/**
 * The key whose file this is, or undefined when the name is not one `keyToFileName` produces
 * (foreign files, temp files, and shortened names, whose full key is stored inside the file).
 */
export function fileNameToKey(fileName: string, options: FileNameOptions = {}): string | undefined {
  if (!fileName.endsWith(ENTRY_EXTENSION) || isShortenedFileName(fileName)) return undefined;
  const key = decodeStem(fileName.slice(0, -ENTRY_EXTENSION.length));
  if (key === undefined || key.length === 0) return undefined;
  // Only the canonical spelling counts: `%2f.json` or `Foo.json` are not names we write.
  return keyToFileName(key, options) === fileName ? key : undefined;
}

/** Whether the name is a shortened (hashed) entry name, whose key must be read from the file. */
export function isShortenedFileName(fileName: string): boolean {
  return HASHED_NAME.test(fileName);
}

function isPlainKey(key: string, plain: RegExp): boolean {
  return (
    key.length <= MAX_STEM_LENGTH &&
    plain.test(key) &&
    key[0] !== '.' &&
    key[0] !== ' ' &&
    !WINDOWS_DEVICE_STEM.test(key)
  );
}

function encodeStem(key: string, plain: RegExp): string {
  let stem = '';
  for (const char of key) {
    stem += plain.test(char) ? char : percentEncode(char);
  }
  // A leading `.` would hide the file (and `.`/`..` are not files); a leading space is trimmed by some tools;
  // a device stem is escaped at its first letter so Windows sees an ordinary name.
  if (stem[0] === '.' || stem[0] === ' ' || WINDOWS_DEVICE_STEM.test(stem)) {
    stem = percentEncode(stem[0]!) + stem.slice(1);
  }
  return stem;
}

function percentEncode(char: string): string {
  let out = '';
  for (const byte of Buffer.from(char, 'utf8')) out += '%' + (byte < 16 ? '0' : '') + byte.toString(16).toUpperCase();
  return out;
}

function decodeStem(stem: string): string | undefined {
  if (!stem.includes('%')) return stem;
  const bytes: number[] = [];
  for (let i = 0; i < stem.length; i++) {
    const code = stem.charCodeAt(i);
    if (code === 0x25 /* % */) {
      const hex = stem.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      return undefined; // our names are ASCII
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

function shortenedStem(stem: string, key: string): string {
  let cut = HASHED_STEM_PREFIX_LENGTH;
  // Never cut inside a `%XX` escape.
  if (stem[cut - 1] === '%') cut -= 1;
  else if (stem[cut - 2] === '%') cut -= 2;
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  return stem.slice(0, cut) + HASH_MARKER + hash;
}
