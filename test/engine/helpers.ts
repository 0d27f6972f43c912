// Shared test fixtures: a real temp folder per test, a hand-driven clock, and a file system that fails on cue.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cache, type CacheOptions } from '../../src/engine';
import { nodeFileSystem, type FileSystem } from '../../src/engine/fileSystem';
import { root } from '../../scripts/paths';

/** A fresh folder under the OS temp dir; `remove()` deletes it. */
export function makeTempDir(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-engine-test-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fresh temp folder for each test, made and removed by setup/teardown hooks it registers in the calling suite:
 * `parent` is the folder, `cacheDir` the cache folder inside it (not created, as the engine creates it lazily).
 */
export function useTempFolder(): { readonly parent: string; readonly cacheDir: string } {
  let temp: ReturnType<typeof makeTempDir> | undefined;
  setup(() => {
    temp = makeTempDir();
  });
  teardown(() => temp?.remove());
  const current = () => {
    if (!temp) throw new Error('useTempFolder: read parent/cacheDir inside a test or hook');
    return temp.dir;
  };
  return {
    get parent() {
      return current();
    },
    get cacheDir() {
      return path.join(current(), 'cache');
    },
  };
}

/** The profile of an ordinary Linux folder (case kept, Unicode kept as written), for tests that count file operations. */
export const LINUX_FOLDER = { foldsCase: false, normalises: false } as const;

/** A clock the test moves by hand, starting at a round time. */
export class ManualClock {
  constructor(public ms = 1_700_000_000_000) {}
  readonly now = (): number => this.ms;
  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** A cache over `dir` with a manual clock unless told otherwise. */
export function makeCache(dir: string, options: CacheOptions = {}): { cache: Cache; clock: ManualClock } {
  const clock = new ManualClock();
  const cache = new Cache({ cacheDir: dir, now: clock.now, ...options });
  return { cache, clock };
}

export type FaultyOperation = 'writeNewFile' | 'rename' | 'readFile' | 'unlink' | 'readdir' | 'lstat' | 'link' | 'mkdir';

/** The real file system, except that the named operation fails with `code` while `armed` is true. */
export class FaultyFileSystem implements FileSystem {
  armed = true;
  calls: Record<string, number> = {};
  constructor(
    private readonly operation: FaultyOperation,
    private readonly code: string,
    private readonly real: FileSystem = nodeFileSystem,
  ) {}

  private async maybeFail(operation: FaultyOperation): Promise<void> {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    if (this.armed && operation === this.operation) {
      throw Object.assign(new Error(`${this.code}: injected fault in ${operation}`), { code: this.code });
    }
  }

  mkdir: FileSystem['mkdir'] = async (p) => (await this.maybeFail('mkdir'), this.real.mkdir(p));
  readdir: FileSystem['readdir'] = async (p) => (await this.maybeFail('readdir'), this.real.readdir(p));
  readFile: FileSystem['readFile'] = async (p, max) => (await this.maybeFail('readFile'), this.real.readFile(p, max));
  writeNewFile: FileSystem['writeNewFile'] = async (p, data, durable) => {
    await this.maybeFail('writeNewFile');
    return this.real.writeNewFile(p, data, durable);
  };
  rename: FileSystem['rename'] = async (a, b) => (await this.maybeFail('rename'), this.real.rename(a, b));
  link: FileSystem['link'] = async (a, b) => (await this.maybeFail('link'), this.real.link(a, b));
  unlink: FileSystem['unlink'] = async (p) => (await this.maybeFail('unlink'), this.real.unlink(p));
  lstat: FileSystem['lstat'] = async (p) => (await this.maybeFail('lstat'), this.real.lstat(p));
  rmdir: FileSystem['rmdir'] = (p) => this.real.rmdir!(p);
  syncDirectory: FileSystem['syncDirectory'] = (p) => this.real.syncDirectory(p);
  isProcessAlive: FileSystem['isProcessAlive'] = (pid) => this.real.isProcessAlive(pid);
}

/** Names in the folder, sorted; [] when it does not exist. */
export function listDir(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

export function readText(dir: string, name: string): string {
  return fs.readFileSync(path.join(dir, name), 'utf8');
}

export function writeText(dir: string, name: string, text: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}

/** Sets a file's mtime `seconds` into the past. */
export function age(dir: string, name: string, seconds: number): void {
  const when = new Date(Date.now() - seconds * 1000);
  fs.utimesSync(path.join(dir, name), when, when);
}

/** The repository root, as every script finds it (scripts/paths.js). */
export function repoRoot(): string {
  return root;
}
