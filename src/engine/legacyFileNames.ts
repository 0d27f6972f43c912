// The file names earlier versions of the engine wrote: every character outside printable ASCII, `%` and
// `< > " / \ | ? *` percent-encoded as UTF-8 (uppercase hex), `:` too on Windows, capital letters too where the
// platform usually folds case. Still read (and replaced on the next write) so nothing an earlier version wrote is lost.
import { createHash } from 'node:crypto';
import { ENTRY_EXTENSION, MAX_FILE_NAME_LENGTH, percentEncode, WINDOWS_DEVICE_STEM } from './fileNameRules';

const MAX_STEM_LENGTH = MAX_FILE_NAME_LENGTH - ENTRY_EXTENSION.length;
const HASHED_STEM_PREFIX_LENGTH = MAX_STEM_LENGTH - 2 - 24;

/** Indexed by `windows * 2 + foldsCase`, as the earlier versions chose them. */
const LEGACY_PLAIN = [
  // eslint-disable-next-line no-control-regex -- control characters are exactly what these classes exclude
  /^[^\x00-\x1f\x7f-\uffff%<>"/\\|?*]+$/,
  // eslint-disable-next-line no-control-regex -- as above
  /^[^\x00-\x1f\x7f-\uffffA-Z%<>"/\\|?*]+$/,
  // eslint-disable-next-line no-control-regex -- as above
  /^[^\x00-\x1f\x7f-\uffff%<>"/\\|?*:]+$/,
  // eslint-disable-next-line no-control-regex -- as above
  /^[^\x00-\x1f\x7f-\uffffA-Z%<>"/\\|?*:]+$/,
];

/**
 * Every name an earlier version could have written for `key`, whichever platform wrote the folder (Linux, macOS
 * or Windows rules). The key must be well-formed (the caller has checked it).
 */
export function legacyFileNamesOf(key: string): string[] {
  const names: string[] = [];
  for (const plain of LEGACY_PLAIN) {
    const name = legacyFileName(key, plain);
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

function legacyFileName(key: string, plain: RegExp): string {
  if (key.length <= MAX_STEM_LENGTH && plain.test(key) && key[0] !== '.' && key[0] !== ' ' && !WINDOWS_DEVICE_STEM.test(key)) {
    return key + ENTRY_EXTENSION;
  }
  let stem = '';
  for (const char of key) stem += plain.test(char) ? char : percentEncode(char);
  if (stem[0] === '.' || stem[0] === ' ' || WINDOWS_DEVICE_STEM.test(stem)) stem = percentEncode(stem[0]!) + stem.slice(1);
  if (stem.length <= MAX_STEM_LENGTH) return stem + ENTRY_EXTENSION;
  let cut = HASHED_STEM_PREFIX_LENGTH;
  if (stem[cut - 1] === '%') cut -= 1;
  else if (stem[cut - 2] === '%') cut -= 2;
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 24);
  return stem.slice(0, cut) + '%~' + hash + ENTRY_EXTENSION;
}
