// Maps cache keys to file names in one cache folder and back. The rule (see docs/key-mapping.md):
//  - a key the Python tool can store safely in this folder is its own file name plus `.json`, Unicode and capitals
//    included, exactly as the Python tool writes `cache_dir / f"{key}.json"`: one file per key for both;
//  - any other key is percent-encoded: only the characters that are unsafe here become UTF-8 `%XX` (uppercase hex),
//    and `%` itself, so an encoded name always holds an escape and a plain name never does;
//  - a name that would pass 255 bytes keeps an encoded prefix, then `%~` and a hash; the full key goes inside the file.
// What is safe depends on the folder, measured by folderProbe.ts: where it folds case, only the lowercase spelling of
// a key is plain (`Report` is encoded, so it never shares `report`'s file); where it normalises Unicode, only the NFC
// spelling is. Names earlier versions wrote (legacyFileNames.ts) still decode to their key.
import { createHash } from 'node:crypto';
import { StorageError } from './errors';
import {
  ENTRY_EXTENSION,
  HASHED_NAME,
  LONE_SURROGATE,
  MAX_FILE_NAME_LENGTH,
  percentEncode,
  WINDOWS_DEVICE_STEM,
} from './fileNameRules';
import { legacyFileNamesOf } from './legacyFileNames';

export { ENTRY_EXTENSION, MAX_FILE_NAME_LENGTH } from './fileNameRules';

const MAX_STEM_LENGTH = MAX_FILE_NAME_LENGTH - ENTRY_EXTENSION.length;
const HASH_MARKER = '%~';
const HASH_LENGTH = 24;
const HASHED_STEM_PREFIX_LENGTH = MAX_STEM_LENGTH - HASH_MARKER.length - HASH_LENGTH;

/** What a key's verbatim name must not contain (`%` only where it would read as an escape): the fast common case. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this class finds
const UNSAFE_ANYWHERE = /[\x00-\x1f\x7f-\x9f/\\]|%([0-9A-Fa-f]{2}|~)/;
const WINDOWS_RESERVED = /[<>:"|?*]/;
const ASCII_CAPITAL = /[A-Z]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_OR_SEPARATOR = /[\x00-\x1f\x7f-\x9f/\\]/;
const ESCAPE = /%[0-9A-Fa-f]{2}/;
const STRICT_ESCAPES = /%[0-9A-F]{2}/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** How a cache folder treats names; measure it with probeFolder (folderProbe.ts). */
export interface FileNameOptions {
  /** Windows rules: `< > : " | ? *`, device names and a leading space are encoded. Default: whether we run on Windows. */
  windows?: boolean;
  /** The folder treats `Foo.json` and `foo.json` as one file. Default: a guess from the platform (macOS, Windows). */
  foldsCase?: boolean;
  /** The folder treats the NFC and NFD spellings of a name as one file. Default: a guess from the platform (macOS). */
  normalises?: boolean;
}

export type FolderRules = Required<FileNameOptions>;

/** A key's file, as decoded from a name found in the folder. */
export interface DecodedName {
  key: string;
  /** The name this version writes for the key; false for a name an earlier version wrote (or another spelling of it). */
  current: boolean;
}

/** The file names of one folder's keys, under that folder's rules. */
export class KeyNames {
  constructor(readonly rules: FolderRules) {}

  /**
   * The file name (one path component, never `.`/`..`, never hidden) that stores `key` in this folder.
   * Throws StorageError `EINVALIDKEY` for an empty key or one with unpaired UTF-16 surrogates (they have no UTF-8 form).
   */
  fileName(key: string): string {
    if (typeof key !== 'string' || key.length === 0) {
      throw new StorageError('EINVALIDKEY', 'A cache key must be a non-empty string.', String(key));
    }
    if (this.isVerbatim(key)) return key + ENTRY_EXTENSION;
    if (LONE_SURROGATE.test(key)) {
      throw new StorageError('EINVALIDKEY', 'A cache key must be well-formed Unicode (it has an unpaired surrogate).', key);
    }
    const stem = this.encodeStem(key);
    if (Buffer.byteLength(stem, 'utf8') <= MAX_STEM_LENGTH) return stem + ENTRY_EXTENSION;
    return shortenedStem(stem, key) + ENTRY_EXTENSION;
  }

  /**
   * The key whose file this name is, this version's name or an earlier one's; undefined for names the cache never
   * writes (foreign files, temp files) and shortened names, whose full key is stored inside the file.
   */
  keyOf(fileName: string): string | undefined {
    return this.decode(fileName)?.key;
  }

  decode(fileName: string): DecodedName | undefined {
    if (!fileName.endsWith(ENTRY_EXTENSION) || HASHED_NAME.test(fileName)) return undefined;
    const stem = fileName.slice(0, -ENTRY_EXTENSION.length);
    if (stem.length === 0) return undefined;
    if (!ESCAPE.test(stem)) return this.decodeVerbatim(stem);
    const key = decodeEscapes(stem);
    if (key === undefined) return undefined;
    if (this.fileName(key) === fileName) return { key, current: true };
    return this.olderFileNames(key).includes(fileName) ? { key, current: false } : undefined;
  }

  /**
   * The names earlier versions wrote for `key` that are still its file here: read when the current name is missing,
   * removed when the key is written. Never the current name, and never a name this folder would confuse with
   * another key's file (a capital letter left plain, where the folder folds case).
   */
  olderFileNames(key: string): string[] {
    const current = this.fileName(key);
    return legacyFileNamesOf(key).filter(
      (name) =>
        name !== current &&
        !(this.rules.foldsCase && ASCII_CAPITAL.test(name.replace(STRICT_ESCAPES, ''))) &&
        !(this.rules.windows && WINDOWS_RESERVED.test(name)),
    );
  }

  /** Whether `fileName` is this version's or an earlier version's name for `key`. */
  isNameOf(key: string, fileName: string): boolean {
    return this.fileName(key) === fileName || this.olderFileNames(key).includes(fileName);
  }

  /** Whether the key is its own file name here: what the Python tool writes, where that is safe. */
  private isVerbatim(key: string): boolean {
    if (key[0] === '.' || UNSAFE_ANYWHERE.test(key)) return false;
    const { windows, foldsCase, normalises } = this.rules;
    if (windows && (key[0] === ' ' || WINDOWS_RESERVED.test(key) || WINDOWS_DEVICE_STEM.test(key))) return false;
    if (PRINTABLE_ASCII.test(key)) return key.length <= MAX_STEM_LENGTH && !(foldsCase && ASCII_CAPITAL.test(key));
    if (Buffer.byteLength(key, 'utf8') > MAX_STEM_LENGTH || LONE_SURROGATE.test(key)) return false;
    if (normalises && key !== key.normalize('NFC')) return false;
    if (foldsCase) {
      for (const char of key) if (!isCaseStable(char)) return false;
    }
    return true;
  }

  /** A plain name found in the folder: its key, if this version would write it so. */
  private decodeVerbatim(stem: string): DecodedName | undefined {
    // A normalising folder may list a name in another form than it was written (HFS+ stores NFD).
    const key = this.rules.normalises ? stem.normalize('NFC') : stem;
    if (this.isVerbatim(key)) return { key, current: true };
    // Where case is folded, `Report.json` (the Python tool's spelling) is the one file that `report` reads here.
    if (this.rules.foldsCase) {
      const lower = key.toLowerCase();
      if (lower !== key && this.isVerbatim(lower)) return { key: lower, current: false };
    }
    return undefined;
  }

  private encodeStem(key: string): string {
    const { windows, foldsCase, normalises } = this.rules;
    let stem = '';
    for (const char of key) {
      const keep =
        char !== '%' &&
        !CONTROL_OR_SEPARATOR.test(char) &&
        !(windows && WINDOWS_RESERVED.test(char)) &&
        // Where names are normalised, an encoded name stays ASCII: no escape's hex digit can compose with a mark.
        (char.charCodeAt(0) < 0x80 ? !(foldsCase && ASCII_CAPITAL.test(char)) : !normalises && (!foldsCase || isCaseStable(char)));
      stem += keep ? char : percentEncode(char);
    }
    // A leading `.` would hide the file (and `.`/`..` are not files); on Windows a leading space is trimmed by
    // some tools and a device stem opens a device: both are escaped at their first character.
    if (stem[0] === '.' || (windows && (stem[0] === ' ' || WINDOWS_DEVICE_STEM.test(stem)))) {
      const first = String.fromCodePoint(stem.codePointAt(0)!);
      stem = percentEncode(first) + stem.slice(first.length);
    }
    return stem;
  }
}

/**
 * A character the folder keeps apart from every other one though it folds case: it is its own lowercase, and no
 * other character shares its uppercase (`ß`, `ı`, `ς`, `ſ` and the Kelvin sign do; they are encoded).
 */
function isCaseStable(char: string): boolean {
  return char.toLowerCase() === char && char.toUpperCase().toLowerCase() === char;
}

/** Decodes `%XX` escapes (uppercase hex only, as we write them); undefined when an escape or the UTF-8 is invalid. */
function decodeEscapes(stem: string): string | undefined {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = stem.indexOf('%'); i !== -1; i = stem.indexOf('%', start)) {
    const hex = stem.slice(i + 1, i + 3);
    if (!/^[0-9A-F]{2}$/.test(hex)) return undefined;
    parts.push(Buffer.from(stem.slice(start, i), 'utf8'), Buffer.from([parseInt(hex, 16)]));
    start = i + 3;
  }
  parts.push(Buffer.from(stem.slice(start), 'utf8'));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(parts));
  } catch {
    return undefined;
  }
}

/** Cuts the encoded stem to fit, never inside an escape or a character, and appends the key's hash. */
function shortenedStem(stem: string, key: string): string {
  let cut = 0;
  let bytes = 0;
  while (cut < stem.length) {
    const token = stem[cut] === '%' ? stem.slice(cut, cut + 3) : String.fromCodePoint(stem.codePointAt(cut)!);
    const size = Buffer.byteLength(token, 'utf8');
    if (bytes + size > HASHED_STEM_PREFIX_LENGTH) break;
    bytes += size;
    cut += token.length;
  }
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  return stem.slice(0, cut) + HASH_MARKER + hash;
}

const onWindows = process.platform === 'win32';
const onMac = process.platform === 'darwin';

/** The rules with every option filled in: given ones as they are, the rest guessed from the platform. */
export function folderRules(options: FileNameOptions = {}): FolderRules {
  return {
    windows: options.windows ?? onWindows,
    foldsCase: options.foldsCase ?? (onWindows || onMac),
    normalises: options.normalises ?? onMac,
  };
}

const namesByRules = new Map<string, KeyNames>();

/** The (shared) KeyNames for these rules. */
export function keyNamesFor(options: FileNameOptions = {}): KeyNames {
  const rules = folderRules(options);
  const id = `${+rules.windows}${+rules.foldsCase}${+rules.normalises}`;
  let names = namesByRules.get(id);
  if (!names) namesByRules.set(id, (names = new KeyNames(rules)));
  return names;
}

/**
 * The file name that stores `key` in a folder with these rules (default: guessed from the platform; a Cache measures
 * its folder instead). Throws StorageError `EINVALIDKEY` for an empty key or one with unpaired surrogates.
 */
export function keyToFileName(key: string, options: FileNameOptions = {}): string {
  return keyNamesFor(options).fileName(key);
}

/**
 * The key whose file this is (this version's name or an earlier one's), or undefined when the name is not one the
 * cache writes (foreign files, temp files, and shortened names, whose full key is stored inside the file).
 */
export function fileNameToKey(fileName: string, options: FileNameOptions = {}): string | undefined {
  return keyNamesFor(options).keyOf(fileName);
}

/** Whether the name is a shortened (hashed) entry name, whose key must be read from the file. */
export function isShortenedFileName(fileName: string): boolean {
  return HASHED_NAME.test(fileName);
}

/** The key's file name in a folder with these names, or undefined for a key the cache refuses (EINVALIDKEY). */
export function fileNameIn(names: KeyNames, key: string): string | undefined {
  try {
    return names.fileName(key);
  } catch {
    return undefined;
  }
}
