// Shared by the fault suite: the soak switch, the worker scripts (plain CommonJS beside this file's source,
// loading the built engine), child processes with their output collected, and a recursive folder listing.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../engine/helpers';

/** `CACHE_EXPLORER_SOAK=1`: the long form; sizes and rounds scale by this. */
export const SOAK = process.env.CACHE_EXPLORER_SOAK === '1' || process.env.CACHE_EXPLORER_SOAK === 'true';

/** `short` in the short form, `soak` in the long one. */
export function scaled<T>(short: T, soak: T): T {
  return SOAK ? soak : short;
}

type Figures = Map<string, Record<string, number | string>>;
const shared = globalThis as { cacheExplorerFaultFigures?: Figures };

/**
 * Figures each test reports, printed once at the end of the run (kill rounds, files checked, …). Each test file is
 * bundled with its own copy of this module, so they share one map through globalThis.
 */
const figures: Figures = shared.cacheExplorerFaultFigures ?? (shared.cacheExplorerFaultFigures = new Map());
if (figures.size === 0 && !process.listeners('exit').some((l) => l.name === 'printFaultFigures')) process.on('exit', printFaultFigures);

export function report(name: string, values: Record<string, number | string>): void {
  figures.set(name, { ...figures.get(name), ...values });
}

function printFaultFigures(): void {
  if (figures.size === 0) return;
  console.log(`\nfault suite figures (${SOAK ? 'soak' : 'short form'}):`);
  for (const [name, values] of figures) {
    console.log(`  ${name}: ${Object.entries(values).map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`).join(', ')}`);
  }
}

export function workerPath(name: string): string {
  return path.join(repoRoot(), 'test', 'faults', 'workers', name);
}

/** Fails early with a clear message when the engine has not been built (`node esbuild.js`). */
export function assertEngineBuilt(): void {
  const built = path.join(repoRoot(), 'dist', 'engine.js');
  if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`node esbuild.js\` first`);
}

export interface Child {
  process: ChildProcess;
  /** Resolves with stdout once the process exits (whatever the exit code), with the code or signal. */
  done: Promise<{ stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }>;
}

export function startWorker(script: string, args: (string | number)[], onLine?: (line: string) => void): Child {
  const child = spawn(process.execPath, [workerPath(script), ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!onLine) return;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    lines.forEach(onLine);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ stdout, stderr, code, signal })),
  );
  return { process: child, done };
}

/** The last stdout line of a worker that ended normally, parsed. */
export async function workerResult<T>(child: Child): Promise<T> {
  const { stdout, stderr, code } = await child.done;
  if (code !== 0) throw new Error(`worker exited with ${code}: ${stderr}`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}

/** Every path below `dir`, relative, without following links. */
export function listRecursive(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort();
}

/** Resident memory now, in MB. */
export function rssMb(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}
