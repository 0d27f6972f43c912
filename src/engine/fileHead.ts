// Reads at most N bytes from the start of one entry file, safely: the file is opened without following a link
// (O_NOFOLLOW) and without blocking on a FIFO (O_NONBLOCK), and must be a regular file once open. A hover or a
// preview never loads a 200 MB value whole; the result says whether it was cut.
import { constants, promises as fs } from 'node:fs';
import { StorageError } from './errors';

export interface FileHead {
  /** The bytes read (at most the limit). */
  bytes: Buffer;
  /** The file's size when it was opened. */
  size: number;
  /** True when the file holds more than was read. */
  truncated: boolean;
  /** The file's modification time, in ms. */
  mtimeMs: number;
}

const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** The first `maxBytes` bytes of a regular file. Throws StorageError EISDIR/EUNKNOWN for anything else, ENOENT-style errors as Node raises them. */
export async function readFileHead(filePath: string, maxBytes: number): Promise<FileHead> {
  const handle = await fs.open(filePath, FLAGS);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new StorageError(stat.isDirectory() ? 'EISDIR' : 'EUNKNOWN', `${filePath} is not a regular file.`);
    }
    const want = Math.max(0, Math.min(maxBytes, stat.size));
    const bytes = Buffer.alloc(want);
    let filled = 0;
    while (filled < want) {
      const { bytesRead } = await handle.read(bytes, filled, want - filled, filled);
      if (bytesRead === 0) break; // the file shrank since fstat
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled), size: stat.size, truncated: stat.size > filled, mtimeMs: stat.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** The bytes as text; a multi-byte character cut at the end of a head becomes U+FFFD rather than an error. */
export function headText(head: FileHead): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(head.bytes);
}
