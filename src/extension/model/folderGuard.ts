// The folder guard's rule, pure (no file system, no vscode): given where the `cacheExplorer.folder` setting points
// and where that really is on disk, may Cache Explorer read and delete there? A cache folder is refused when
// deleting "every entry" in it could take the project, the user's home or the whole disk with it.
import * as path from 'node:path';

/** Where the setting's value came from: only the user's own settings may point outside the workspace folder. */
export type SettingSource = 'user' | 'workspace' | 'default';

/** Why a folder is refused; the adapter turns each into a sentence (refusalMessage.ts). */
export type Refusal =
  | 'fileSystemRoot'
  | 'homeFolder'
  | 'containsHomeFolder'
  | 'workspaceFolder'
  | 'containsWorkspaceFolder'
  | 'linkLeavesWorkspace'
  | 'outsideFromWorkspaceSettings'
  /** The real path could not be resolved (a loop of links, no permission): set by realPaths.ts. */
  | 'unresolvable';

export interface GuardInput {
  /** The setting's value, as written (relative to the workspace folder, or absolute). */
  setting: string;
  source: SettingSource;
  /** The workspace folder as opened. */
  workspaceFolder: string;
  /** The workspace folder's real path (links resolved). */
  realWorkspaceFolder: string;
  /** The user's home folder's real path. */
  realHome: string;
  /** The configured folder's real path: where it is, or where it would be created (see realPaths.ts). */
  realTarget: string;
}

export type GuardVerdict =
  | { readonly ok: true; readonly realPath: string }
  | { readonly ok: false; readonly refusal: Refusal; readonly realPath: string };

/** The configured folder before links are resolved: relative values are taken from the workspace folder. */
export function configuredPath(setting: string, workspaceFolder: string): string {
  return path.resolve(workspaceFolder, setting);
}

/** `child` lies strictly below `parent` (both absolute and normalised). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function isFileSystemRoot(folder: string): boolean {
  return path.parse(folder).root === folder;
}

/** Two looks at the folder agree: the same decision about the same real path (else it moved, or a link changed). */
export function sameVerdict(a: GuardVerdict, b: GuardVerdict): boolean {
  return a.ok === b.ok && a.realPath === b.realPath && (a.ok || b.ok || a.refusal === b.refusal);
}

export function judgeCacheFolder(input: GuardInput): GuardVerdict {
  const refusal = refusalOf(input);
  return refusal ? { ok: false, refusal, realPath: input.realTarget } : { ok: true, realPath: input.realTarget };
}

function refusalOf({ setting, source, workspaceFolder, realWorkspaceFolder, realHome, realTarget }: GuardInput): Refusal | undefined {
  // Places no cache may ever be, whoever configured them: Clear All there would delete the user's own files.
  if (isFileSystemRoot(realTarget)) return 'fileSystemRoot';
  if (realTarget === realHome) return 'homeFolder';
  if (realTarget === realWorkspaceFolder) return 'workspaceFolder';
  if (isInside(realWorkspaceFolder, realTarget)) return 'containsWorkspaceFolder';
  if (isInside(realHome, realTarget)) return 'containsHomeFolder';
  const meantInside = isInside(configuredPath(setting, workspaceFolder), workspaceFolder);
  // A folder named inside the workspace must really be there: the repository controls its own links.
  if (meantInside) return isInside(realTarget, realWorkspaceFolder) ? undefined : 'linkLeavesWorkspace';
  // Outside the workspace only by the user's own choice, never by a setting the repository ships.
  return source === 'user' ? undefined : 'outsideFromWorkspaceSettings';
}
