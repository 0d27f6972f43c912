// What every file-name rule of the cache shares, earlier versions' included.

/** The longest file name we create, in UTF-8 bytes: the limit of ext4 (APFS and NTFS count 255 UTF-16 units). */
export const MAX_FILE_NAME_LENGTH = 255;
export const ENTRY_EXTENSION = '.json';
/** Windows opens a device instead of a file for these names, whatever follows the first dot. */
export const WINDOWS_DEVICE_STEM = /^(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$|clock\$) *(\.|$)/i;
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A shortened name: an encoded prefix, `%~` and 24 hex digits of the key's SHA-256; the key itself is in the file. */
export const HASHED_NAME = /%~[0-9a-f]{24}\.json$/;

/** The character's UTF-8 bytes as `%XX`, uppercase hex. */
export function percentEncode(char: string): string {
  let out = '';
  for (const byte of Buffer.from(char, 'utf8')) out += '%' + (byte < 16 ? '0' : '') + byte.toString(16).toUpperCase();
  return out;
}
