// Runs the spec's Python tool (test/engine/python/cache.py) for the interop tests, and tells which keys it shares with
// the engine in a given folder.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { keyNamesFor, type KeyNames } from '../../src/engine/fileNames';
import { nodeFileSystem } from '../../src/engine/fileSystem';
import { probeFolder } from '../../src/engine/folderProbe';
import { repoRoot } from './helpers';

export const CACHE_PY = path.join(repoRoot(), 'test', 'engine', 'python', 'cache.py');

export interface PythonResult {
  status: number;
  stdout: string;
}

const env = { ...process.env, PYTHONIOENCODING: 'utf-8' };

/** Runs `python3 cache.py --dir <dir> ...args`; throws on a crash (exit code other than 0/1). */
export function python(dir: string, ...args: string[]): PythonResult {
  const run = spawnSync('python3', [CACHE_PY, '--dir', dir, ...args], { encoding: 'utf8', env });
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) throw new Error(`cache.py ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return { status: run.status, stdout: run.stdout.trim() };
}

/** Runs many commands in one Python process (`cache.py batch`): interpreter start-up dominates otherwise. */
export function pythonMany(dir: string, commands: string[][]): PythonResult[] {
  const input = commands.map((args) => JSON.stringify(['--dir', dir, ...args])).join('\n') + '\n';
  const run = spawnSync('python3', [CACHE_PY, 'batch'], { input, encoding: 'utf8', env });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`cache.py batch failed (${run.status}): ${run.stderr}`);
  const results = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as PythonResult);
  for (const [i, result] of results.entries()) {
    if (result.status !== 0 && result.status !== 1) throw new Error(`cache.py ${commands[i]!.join(' ')} failed: ${run.stderr}`);
  }
  return results.map((r) => ({ status: r.status, stdout: r.stdout.trim() }));
}

/** What `get` printed: the value, or undefined on a miss. */
export function parseGet({ status, stdout }: PythonResult): unknown {
  return status === 1 ? undefined : JSON.parse(stdout);
}

export function assertPythonInstalled(): void {
  // Interop is a promise of the product: without python3 these tests fail rather than skip.
  assert.equal(spawnSync('python3', ['--version']).status, 0, 'python3 is needed for the interop tests');
}

/** The file names of `dir` as the engine measures it (the folder is created). */
export async function measuredNames(dir: string): Promise<KeyNames> {
  fs.mkdirSync(dir, { recursive: true });
  return keyNamesFor(await probeFolder(nodeFileSystem, dir));
}

/**
 * The keys whose file the engine and the Python tool share in this folder: all of them in a folder that keeps names
 * apart (Linux); where it folds case or Unicode, those the engine writes as plain names, one per folded spelling.
 */
export function sharedWithPython(keys: string[], names: KeyNames): string[] {
  const seen = new Set<string>();
  return keys.filter((key) => {
    const folded = names.rules.foldsCase ? key.normalize('NFC').toLowerCase() : names.rules.normalises ? key.normalize('NFC') : key;
    if (seen.has(folded) || names.fileName(key) !== `${key}.json`) return false;
    seen.add(folded);
    return true;
  });
}
