// When and how the cache uses its optional shared tier (sharedTier.ts, the Redis client): local writes go through to
// Redis, a local miss is filled from a fresh Redis entry (file and memory, keeping its timestamp), `pullShared` copies
// what the folder lacks, `sharedEntries` lists Redis. The tier itself only talks to Redis; this module decides, and
// turns a failure of the shared part into a warning (`onDidWarn`), never into an error of the cache operation.
// Without a `shared` option every method here is a no-op (or refuses, for the shared-only ones) and Redis is never loaded.
import type { CacheCore } from './cacheCore';
import { ChangeEmitter, type Disposable } from './changeEmitter';
import { forEachLimited } from './concurrency';
import { parseEntry, parseEntryHead } from './entryFormat';
import { StorageError, toStorageError } from './errors';
import { isExpired } from './expiry';
import { fileNameIn, isShortenedFileName } from './fileNames';
import type { FileStat } from './fileSystem';
import { SharedTier, SharedTierWarning, type SharedOptions, type SharedState } from './sharedTier';
import type { EntryState, PullOptions, PullReport, SharedEntryInfo } from './types';

/** A shared entry's text, judged: its state, and when readable its value, timestamp and ttl. */
interface SharedJudgement {
  state: EntryState;
  timestamp?: number;
  ttl: number;
  data?: unknown;
  keyStored?: boolean;
}

type FillOutcome = 'pulled' | 'expired' | 'unreadable' | 'failed';

export class SharedPolicy {
  private readonly tier: SharedTier | undefined;
  private readonly warnings = new ChangeEmitter<StorageError>();
  private readonly states = new ChangeEmitter<SharedState>();

  /** Throws StorageError EINVALIDURL for a malformed `options.url` (at construction, as the cache's options). */
  constructor(
    options: SharedOptions | undefined,
    private readonly core: CacheCore,
  ) {
    this.tier = options
      ? new SharedTier(options, (warning) => this.warnings.fire(warning), (state) => this.states.fire(state))
      : undefined;
  }

  readonly onDidWarn = (listener: (warning: StorageError) => void): Disposable => this.warnings.event(listener);

  readonly onDidChangeState = (listener: (state: SharedState) => void): Disposable => this.states.event(listener);

  get state(): SharedState {
    return this.tier?.state ?? 'off';
  }

  get info(): { url: string; prefix: string; timeoutMs: number } | undefined {
    return this.tier && { url: this.tier.displayUrl, prefix: this.tier.prefix, timeoutMs: this.tier.timeoutMs };
  }

  /** After a local write, under the key's lock so Redis sees this process's writes in order; bounded by its timeout. */
  async writeThrough(key: string, bytes: Buffer, ttl: number): Promise<void> {
    if (this.tier) await this.tier.set(key, bytes, ttl);
  }

  /** True when Redis held the key. */
  async delete(key: string): Promise<boolean> {
    return this.tier ? this.tier.delete(key) : false;
  }

  /** Removes only our prefix's keys (SCAN + UNLINK), never the whole database; undefined without a shared tier. */
  async clear(): Promise<number | undefined> {
    return this.tier?.clear();
  }

  /** `has`, after the local tiers missed: whether Redis holds a fresh entry for the key (what `get` would fill). */
  async has(key: string): Promise<boolean> {
    if (!this.tier) return false;
    const text = await this.tier.get(key);
    return text !== undefined && this.judge(key, text).state === 'fresh';
  }

  /**
   * The third tier of `get`, after the local ones missed: a fresh Redis entry fills the file and memory tiers, keeping
   * its own timestamp. Call under the key's lock; `generation` is the cache's when the read began.
   */
  async fill(key: string, generation: number): Promise<unknown> {
    if (!this.tier) return undefined;
    const text = await this.tier.get(key);
    if (text === undefined) return undefined;
    return (await this.fillFrom(key, text, generation)).data;
  }

  /**
   * Every entry of the shared tier under the prefix, judged from the head of its value, sorted by key.
   * Throws StorageError ESHARED when there is no shared tier or Redis cannot be read.
   */
  async entries(): Promise<SharedEntryInfo[]> {
    const tier = this.required();
    const infos: SharedEntryInfo[] = [];
    const nowMs = this.core.now();
    await tier.list(async (batch) => {
      for (const { key, head, size } of batch) infos.push(this.infoOf(tier.prefix, key, head, size, nowMs));
    });
    return infos.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * Copies every fresh shared entry that the cache folder lacks (or has older) into it, keeping its timestamp.
   * Throws StorageError ESHARED when there is no shared tier or Redis cannot be read.
   */
  async pull(options: PullOptions = {}): Promise<PullReport> {
    const tier = this.required();
    const core = this.core;
    const infos = await this.entries();
    await core.folderNames(true);
    const report: PullReport = { total: infos.length, pulled: 0, upToDate: 0, expired: 0, unreadable: 0, failed: 0 };
    let done = 0;
    options.onProgress?.(0, infos.length);
    await forEachLimited(infos, core.concurrency, async (info) => {
      if (info.state === 'unreadable' || fileNameIn(core.currentNames(), info.key) === undefined) report.unreadable++;
      else if (info.state === 'expired') report.expired++;
      else {
        const fileName = core.fileNameOf(info.key);
        const outcome = await core.locks.run(fileName, async () => {
          const local = await core.readKey(info.key, false).catch(() => undefined);
          if (local?.info.timestamp !== undefined && local.info.state !== 'unreadable' && local.info.timestamp >= info.timestamp!) {
            return 'upToDate' as const;
          }
          const text = await tier.get(info.key, 'pull');
          if (text === undefined) return 'expired' as const; // gone since it was listed
          return (await this.fillFrom(info.key, text, core.generation())).outcome;
        });
        report[outcome]++;
      }
      done++;
      if (done % 50 === 0) options.onProgress?.(done, infos.length);
    });
    options.onProgress?.(infos.length, infos.length);
    return report;
  }

  dispose(): void {
    this.tier?.dispose();
    this.warnings.dispose();
    this.states.dispose();
  }

  private judge(key: string, text: string): SharedJudgement {
    const parsed = parseEntry(text, NaN);
    // No timestamp of its own (there is no file mtime to stand in) or another key's entry: not usable.
    if (!parsed.readable || parsed.timestampSource !== 'file' || (parsed.key !== undefined && parsed.key !== key)) {
      return { state: 'unreadable', ttl: this.core.ttl };
    }
    const ttl = parsed.ttl ?? this.core.ttl;
    const state = isExpired(parsed.timestamp, ttl, this.core.now()) ? 'expired' : 'fresh';
    return { state, timestamp: parsed.timestamp, ttl, data: parsed.data, keyStored: parsed.key !== undefined };
  }

  /**
   * Writes a shared entry's text, byte for byte (so its timestamp is kept), to its file and fills memory.
   * Call under the key's lock. `data` is the value whenever the entry is fresh, even if the file could not be written.
   */
  private async fillFrom(key: string, text: string, generation: number): Promise<{ outcome: FillOutcome; data?: unknown }> {
    const core = this.core;
    const judged = this.judge(key, text);
    if (judged.state !== 'fresh') return { outcome: judged.state === 'expired' ? 'expired' : 'unreadable' };
    // Cleared since this read began: answer, but don't bring the entry back.
    if (generation !== core.generation()) return { outcome: 'failed', data: judged.data };
    // The same name as a local set, measured in the folder the write creates; a shortened name holds its key.
    const fileName = (await core.folderNames(true)).fileName(key);
    const bytes = Buffer.from(isShortenedFileName(fileName) && !judged.keyStored ? withStoredKey(text, key) : text, 'utf8');
    let file: FileStat;
    try {
      file = await core.files.write(fileName, bytes);
      await core.removeOlderFiles(key);
    } catch (error) {
      if ((error as { landed?: boolean }).landed) core.memory.delete(key);
      const cause = toStorageError(error, 'copy the shared entry to the cache folder', key);
      this.tier?.report(new SharedTierWarning('fill', 'local', cause.message, key, cause));
      return { outcome: 'failed', data: judged.data };
    }
    core.memory.set(key, {
      data: judged.data,
      timestamp: judged.timestamp!,
      ttl: judged.ttl,
      size: bytes.length,
      file,
      verifiedAt: core.now(),
    });
    core.changes.fire({ type: 'set', key });
    return { outcome: 'pulled', data: judged.data };
  }

  private infoOf(prefix: string, key: string, head: string, size: number, nowMs: number): SharedEntryInfo {
    const whole = Buffer.byteLength(head, 'utf8') >= size;
    const parsed = whole ? parseEntry(head, NaN) : parseEntryHead(head, NaN);
    const base = { key, redisKey: prefix + key, size, ttl: this.core.ttl };
    if (!parsed || !parsed.readable || parsed.timestampSource !== 'file') {
      const problem = !parsed
        ? 'The timestamp is not in the first 4 KiB of the value.'
        : parsed.readable
          ? 'The entry has no timestamp.'
          : parsed.problem;
      return { ...base, state: 'unreadable', problem };
    }
    const ttl = parsed.ttl ?? this.core.ttl;
    const state = isExpired(parsed.timestamp, ttl, nowMs) ? 'expired' : 'fresh';
    return { ...base, ttl, timestamp: parsed.timestamp, expiresAt: parsed.timestamp + ttl, state };
  }

  private required(): SharedTier {
    if (!this.tier) throw new StorageError('ESHARED', 'This cache has no shared tier: pass the `shared` option (a Redis URL).');
    return this.tier;
  }
}

/** The entry text with `"key"` added first, for a shortened file name, whose key cannot be read from the name. */
function withStoredKey(text: string, key: string): string {
  const open = text.indexOf('{');
  return text.slice(0, open + 1) + '"key":' + JSON.stringify(key) + ',' + text.slice(open + 1);
}
