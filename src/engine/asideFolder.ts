// Where a file is moved while the cache decides whether to delete it (fileTier.ts, removeIfUnchanged): a private
// hidden folder inside the cache folder, `.cache-aside.<pid>.<random>`, one per FileTier, holding the file under its
// own name. Because the name is kept, whoever finds the folder of a process that died mid-way can put every file back
// (a parked file may be the newest value of its key: someone's acknowledged write). The folder exists only while a
// removal is in progress.
import { randomBytes } from 'node:crypto';

const ASIDE_FOLDER = /^\.cache-aside\.(\d+)\.[0-9a-f]{8}$/;

/** A fresh aside folder name for this process. */
export function asideFolderName(pid: number = process.pid): string {
  return `.cache-aside.${pid}.${randomBytes(4).toString('hex')}`;
}

/** The owner's process id when `name` is an aside folder's name. */
export function asideFolderOwnerPid(name: string): number | undefined {
  const match = ASIDE_FOLDER.exec(name);
  return match ? Number(match[1]) : undefined;
}
