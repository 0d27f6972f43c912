// Add Entry…: asks for a key (refused with the engine's reason when it cannot be stored; a warning when it exists),
// then opens a new entry document holding `{}`, or the clipboard's text when that is JSON. Nothing is written until
// the user saves: the save goes through the entry file system, which stores the text exactly (setJsonText).
import * as vscode from 'vscode';
import { formatJsonText, type Cache } from '../../engine';
import { entryUri } from '../entryDocument/entryUri';
import { parseText } from '../entryDocument/jsonText';
import { newEntryDrafts } from '../entryDocument/newEntryDrafts';
import type { CacheFolder } from '../model/cacheFolder';
import type { CacheFolders } from '../model/cacheFolders';
import type { CommandDeps } from './commandDeps';
import { registerCommand, trustedFor } from './commandSupport';
import { keyProblem } from './copyCommands';
import { foldersFrom } from './targets';

/** The last argument may be `{ key: 'new' }` to skip the input box (scripts and tests); menus never pass it. */
function keyOptionFrom(args: readonly unknown[]): string | undefined {
  const last = args.at(-1);
  const key = typeof last === 'object' && last !== null ? (last as { key?: unknown }).key : undefined;
  return typeof key === 'string' ? key : undefined;
}

async function pickFolder(target: unknown, folders: CacheFolders): Promise<CacheFolder | undefined> {
  const candidates = foldersFrom(target, folders);
  if (candidates.length <= 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((folder) => ({ label: folder.name, description: folder.realPath, folder })),
    { placeHolder: vscode.l10n.t('Add the entry to which cache folder?') },
  );
  return picked?.folder;
}

async function askKey(cache: Cache): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Add Entry'),
    prompt: vscode.l10n.t('The new entry’s key'),
    validateInput: async (text) => {
      const problem = keyProblem(cache, text);
      if (problem) return problem;
      if (await cache.entry(text).catch(() => undefined)) {
        return { message: vscode.l10n.t('"{0}" already has an entry: it opens instead.', text), severity: vscode.InputBoxValidationSeverity.Warning };
      }
      return undefined;
    },
  });
}

/**
 * In a browser (code-server, vscode.dev) reading the clipboard may wait on a permission prompt, or fail: the new
 * document starts from `{}` rather than stay empty that long.
 */
const CLIPBOARD_WAIT_MS = 1000;

async function clipboardText(): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(''), CLIPBOARD_WAIT_MS)));
  try {
    return await Promise.race([Promise.resolve(vscode.env.clipboard.readText()).catch(() => ''), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The clipboard's text, pretty-printed, when it is strict JSON; else `{}`. */
async function startingText(): Promise<string> {
  const clipboard = await clipboardText();
  return clipboard.trim() !== '' && parseText(clipboard).ok ? formatJsonText(clipboard).text : '{}';
}

export function registerAddEntry({ folders, log }: CommandDeps): vscode.Disposable {
  return registerCommand('cacheExplorer.addEntry', log, async (...args) => {
    if (!trustedFor('Add Entry', log)) return undefined;
    const folder = await pickFolder(args[0], folders);
    if (!folder) return undefined;
    const cache = folder.cacheForDeleting();
    const key = keyOptionFrom(args) ?? (await askKey(cache));
    if (key === undefined) return undefined;
    const problem = keyProblem(cache, key);
    if (problem) {
      void vscode.window.showErrorMessage(problem);
      return undefined;
    }
    const uri = entryUri(folder, key);
    if (await cache.entry(key)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('"{0}" already has an entry; it is opened instead.', key));
      await vscode.window.showTextDocument(uri, { preview: false });
      return uri;
    }
    newEntryDrafts.add(uri);
    const editor = await vscode.window.showTextDocument(uri, { preview: false });
    const text = await startingText();
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), text));
    log.info(vscode.l10n.t('Add Entry: "{0}" opened in {1}; saving creates it', key, folder.realPath));
    return uri;
  });
}
