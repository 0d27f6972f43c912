// The file system half of the folder guard: where a path really is, links resolved, even before it exists.
// Synchronous on purpose: a few lstat/readlink calls, and every caller (the API's getCache included) can then ask
// the guard before touching the folder, without a window in which an unguarded engine exists.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { judgeCacheFolder, type GuardVerdict, type SettingSource } from './folderGuard';

/** As many links as the kernel follows before ELOOP. */
const MAX_LINKS = 40;

/**
 * The real path of `target`, or of where it would be once created: the deepest existing ancestor resolved, and a
 * dangling link followed to where it points (a committed `cache` link to a folder that does not exist yet still
 * leads there).
 */
export function realPathOf(target: string, links = 0): string {
  try {
    return fs.realpathSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  const parent = path.dirname(target);
  if (parent === target) return target;
  const realParent = realPathOf(parent, links);
  const here = path.join(realParent, path.basename(target));
  let link: string;
  try {
    link = fs.readlinkSync(here);
  } catch {
    return here; // not there yet (or not a link): this is where it would be created
  }
  if (links >= MAX_LINKS) throw Object.assign(new Error(`Too many symbolic links: ${target}`), { code: 'ELOOP' });
  return realPathOf(path.resolve(realParent, link), links + 1);
}

/** Judges the configured cache folder of one workspace folder against what is on disk now. */
export function guardCacheFolder(setting: string, source: SettingSource, workspaceFolder: string): GuardVerdict {
  const configured = path.resolve(workspaceFolder, setting);
  try {
    return judgeCacheFolder({
      setting,
      source,
      workspaceFolder,
      realWorkspaceFolder: realPathOf(workspaceFolder),
      realHome: realPathOf(os.homedir()),
      realTarget: realPathOf(configured),
    });
  } catch {
    return { ok: false, refusal: 'unresolvable', realPath: configured };
  }
}
