// The optional shared tier: Redis behind the file tier, so several machines (or folders) reuse each other's entries.
// Key layout: `<prefix><cache key>` → the entry's JSON text, byte for byte what its file holds, with an `EX` of
// its remaining time to live. Every call is bounded by `timeoutMs`; a failure is a warning, never an error of the
// cache operation, and the tier reconnects (and, after a timeout, probes) by itself.
import type { Redis as RedisClient } from 'ioredis';
import { StorageError } from './errors';

export interface SharedOptions {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS). */
  url: string;
  /** Put before every key in Redis; `clear()` removes only keys under it. Default `cache-explorer:`. */
  prefix?: string;
  /** The most any operation waits for Redis before carrying on with the local tiers alone. Default 500 ms. */
  timeoutMs?: number;
  /** While unreachable after a timeout, how often the tier pings Redis to notice it is back. Default 1000 ms. */
  probeIntervalMs?: number;
}

export const DEFAULT_SHARED_PREFIX = 'cache-explorer:';
export const DEFAULT_SHARED_TIMEOUT_MS = 500;

/** `off`: no shared tier configured. `connecting`: not used yet, or first connection in progress. */
export type SharedState = 'off' | 'connecting' | 'connected' | 'unreachable';

export type SharedOperation = 'get' | 'set' | 'delete' | 'clear' | 'list' | 'pull' | 'fill';

/** What the `onDidWarn` event carries: a StorageError (`ESHARED`, or the file error of a fill) naming what failed. */
export class SharedTierWarning extends StorageError {
  constructor(
    /** The cache operation whose shared part failed. */
    readonly operation: SharedOperation,
    /** `timeout`: Redis did not answer in time; `unreachable`: no connection; `refused`: Redis answered with an error. */
    readonly reason: 'timeout' | 'unreachable' | 'refused' | 'local',
    message: string,
    key?: string,
    cause?: unknown,
  ) {
    super('ESHARED', message, key, { cause });
  }
}

/** Batch size for SCAN (COUNT) and for UNLINK/GETRANGE batches. */
const BATCH = 500;
/** Bytes of a value fetched to list it (our writer puts every field but `data` first). */
const HEAD_BYTES = 4096;

/** The URL with its password (if any) replaced by `***`; safe to log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^/@:]*:)[^@/]*@/, '$1***@');
  }
}

interface Failure {
  reason: 'timeout' | 'unreachable' | 'refused';
  message: string;
  cause?: unknown;
}

export class SharedTier {
  readonly prefix: string;
  readonly timeoutMs: number;
  /** The URL without its password. */
  readonly displayUrl: string;
  private readonly url: string;
  private readonly probeIntervalMs: number;
  private client: RedisClient | undefined;
  private currentState: SharedState = 'connecting';
  private probe: NodeJS.Timeout | undefined;
  private disposed = false;
  /** What made the tier unreachable, repeated in the warnings of the operations skipped meanwhile. */
  private lastFailure: string | undefined;

  constructor(
    options: SharedOptions,
    private readonly warn: (warning: SharedTierWarning) => void,
    private readonly stateChanged: (state: SharedState) => void,
  ) {
    this.displayUrl = redactUrl(String(options.url));
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new StorageError('EINVALIDURL', `The shared tier's URL ${JSON.stringify(this.displayUrl)} is not a valid URL (expected redis://host:port).`);
    }
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
      throw new StorageError('EINVALIDURL', `The shared tier's URL must start with redis:// or rediss://, not ${JSON.stringify(parsed.protocol + '//')}.`);
    }
    if (!parsed.hostname) throw new StorageError('EINVALIDURL', `The shared tier's URL ${JSON.stringify(this.displayUrl)} names no host.`);
    const db = parsed.pathname.replace(/^\//, '');
    if (db !== '' && !/^\d+$/.test(db)) {
      throw new StorageError('EINVALIDURL', `The shared tier's URL path must be a database number, not ${JSON.stringify(parsed.pathname)}.`);
    }
    this.url = options.url;
    this.prefix = options.prefix ?? DEFAULT_SHARED_PREFIX;
    if (typeof this.prefix !== 'string' || this.prefix === '') {
      throw new StorageError('EINVALIDURL', 'The shared tier needs a non-empty key prefix: clear() removes every key under it.');
    }
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SHARED_TIMEOUT_MS;
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) {
      throw new StorageError('EINVALIDURL', `The shared tier's timeoutMs must be a positive number, not ${String(options.timeoutMs)}.`);
    }
    this.probeIntervalMs = options.probeIntervalMs ?? 1000;
  }

  get state(): SharedState {
    return this.currentState;
  }

  /** The entry's JSON text, or undefined when Redis has none (or could not answer: a warning says so). */
  async get(key: string, operation: SharedOperation = 'get'): Promise<string | undefined> {
    const result = await this.attempt(operation, key, (client) => client.get(this.prefix + key));
    return result.ok ? (result.value ?? undefined) : undefined;
  }

  /** Stores the entry's text with an expiry in whole seconds (at least 1). False when it did not reach Redis. */
  async set(key: string, text: Buffer | string, expireSeconds: number): Promise<boolean> {
    const seconds = Math.max(1, Math.ceil(expireSeconds));
    const result = await this.attempt('set', key, (client) => client.set(this.prefix + key, text, 'EX', seconds));
    return result.ok;
  }

  /** True when Redis had the key. */
  async delete(key: string): Promise<boolean> {
    const result = await this.attempt('delete', key, (client) => client.unlink(this.prefix + key));
    return result.ok && result.value > 0;
  }

  /** Removes every key under the prefix (SCAN + UNLINK in batches; never FLUSHDB). Returns how many. */
  async clear(): Promise<number> {
    let removed = 0;
    try {
      await this.scan('clear', async (keys) => {
        removed += await this.call('clear', undefined, (client) => client.unlink(...keys));
      });
    } catch (error) {
      this.report(error as SharedTierWarning);
    }
    return removed;
  }

  /**
   * Calls `page` with each batch of cache keys under the prefix and their values' heads (first 4 KiB) and sizes.
   * Throws a SharedTierWarning when Redis cannot be read (explicit listings fail loudly).
   */
  async list(page: (batch: Array<{ key: string; head: string; size: number }>) => Promise<void>): Promise<void> {
    await this.scan('list', async (redisKeys) => {
      const rows = await this.call('list', undefined, async (client) => {
        const pipeline = client.pipeline();
        for (const redisKey of redisKeys) pipeline.getrange(redisKey, 0, HEAD_BYTES - 1).strlen(redisKey);
        const replies = (await pipeline.exec()) ?? [];
        return redisKeys.map((redisKey, i) => ({
          key: redisKey.slice(this.prefix.length),
          head: String(replies[2 * i]?.[1] ?? ''),
          size: Number(replies[2 * i + 1]?.[1] ?? 0),
        }));
      });
      // A key that expired between SCAN and GETRANGE reads as empty: drop it.
      await page(rows.filter((row) => row.size > 0));
    });
  }

  /** Closes the connection; the tier does nothing after. */
  dispose(): void {
    this.disposed = true;
    this.stopProbe();
    this.client?.disconnect();
    this.client = undefined;
  }

  /** A warning for a failure outside Redis itself (e.g. writing a fetched entry to disk). */
  report(warning: SharedTierWarning): void {
    this.warn(warning);
  }

  private async scan(operation: SharedOperation, batch: (redisKeys: string[]) => Promise<void>): Promise<void> {
    const match = escapeGlob(this.prefix) + '*';
    let cursor = '0';
    do {
      const [next, keys] = await this.call(operation, undefined, (client) => client.scan(cursor, 'MATCH', match, 'COUNT', BATCH));
      cursor = next;
      if (keys.length) await batch(keys);
    } while (cursor !== '0');
  }

  /** Runs a command within the deadline; on failure warns and returns `{ ok: false }`. */
  private async attempt<T>(operation: SharedOperation, key: string | undefined, command: (client: RedisClient) => Promise<T>) {
    try {
      return { ok: true as const, value: await this.call(operation, key, command) };
    } catch (error) {
      this.report(error as SharedTierWarning);
      return { ok: false as const };
    }
  }

  /** Runs a command within `timeoutMs`, or throws a SharedTierWarning. */
  private async call<T>(operation: SharedOperation, key: string | undefined, command: (client: RedisClient) => Promise<T>): Promise<T> {
    if (this.disposed) throw this.warning(operation, key, { reason: 'unreachable', message: 'the cache was disposed' });
    if (this.currentState === 'unreachable') {
      // Known down: skip at once instead of making every local operation wait; reconnects and probes bring it back.
      const last = this.lastFailure === undefined ? '' : ` (last error: ${this.lastFailure})`;
      throw this.warning(operation, key, { reason: 'unreachable', message: `Redis is unreachable${last}; skipped` });
    }
    const client = this.connect();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject({ reason: 'timeout', message: `no answer within ${this.timeoutMs} ms` } satisfies Failure), this.timeoutMs);
    });
    const work = (async () => {
      await this.whenReady(client);
      return command(client);
    })();
    work.catch(() => undefined); // a late failure after the deadline has nowhere to go
    try {
      const value = await Promise.race([work, deadline]);
      this.setState('connected');
      return value;
    } catch (error) {
      const failure = toFailure(error);
      // A reply error (OOM, READONLY, NOAUTH on a command…) means Redis is there but refuses: stay connected.
      // Unless the connection itself failed (credentials refused at connect): then it is unreachable until fixed.
      if (failure.reason !== 'refused' || client.status !== 'ready') {
        this.lastFailure = failure.message;
        this.markUnreachable();
      }
      throw this.warning(operation, key, failure);
    } finally {
      clearTimeout(timer);
    }
  }

  private warning(operation: SharedOperation, key: string | undefined, failure: Failure): SharedTierWarning {
    const subject = key === undefined ? '' : ` key ${JSON.stringify(key)}`;
    const message = `Shared tier ${this.displayUrl}: ${operation}${subject} failed (${failure.reason}: ${failure.message}); the local tiers carried on.`;
    return new SharedTierWarning(operation, failure.reason, message, key, failure.cause);
  }

  /** Resolves once the connection is ready; rejects at once when the client is between reconnects. */
  private whenReady(client: RedisClient): Promise<void> {
    if (client.status === 'ready') return Promise.resolve();
    if (client.status === 'reconnecting' || client.status === 'end' || client.status === 'close') {
      return Promise.reject({ reason: 'unreachable', message: `no connection (${client.status})` } satisfies Failure);
    }
    return new Promise((resolve, reject) => {
      const done = (error?: Failure) => {
        client.off('ready', onReady);
        client.off('error', onError);
        client.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      // A reply error here is the connection's AUTH/SELECT/ready check refused (e.g. a wrong password).
      const onError = (error: Error) => done(isReplyError(error) ? toFailure(error) : { reason: 'unreachable', message: error.message, cause: error });
      const onClose = () => done({ reason: 'unreachable', message: 'connection closed' });
      client.on('ready', onReady);
      client.on('error', onError);
      client.on('close', onClose);
    });
  }

  /** Creates the client on first use: the Redis library is loaded here, and only here. */
  private connect(): RedisClient {
    if (this.client) return this.client;
    // A require (not an import) so that bundles can keep the client in its own chunk, loaded only now.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Redis } = require('./redisClient') as typeof import('./redisClient');
    const client = new Redis(this.url, {
      // Commands fail at once while disconnected instead of piling up and replaying stale writes later.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: this.timeoutMs,
      connectTimeout: Math.max(this.timeoutMs, 2000),
      // Reconnect forever, backing off to one attempt a second.
      retryStrategy: (times) => Math.min(100 * times, 1000),
      autoResubscribe: false,
    });
    client.on('ready', () => {
      this.stopProbe();
      this.lastFailure = undefined;
      this.setState('connected');
    });
    // Without a listener ioredis prints every connection error; the operations' warnings say what matters.
    client.on('error', () => undefined);
    client.on('close', () => {
      if (!this.disposed) this.setState('unreachable');
    });
    this.client = client;
    return client;
  }

  /** After a timeout the socket may still be open (a stopped or overloaded server): ping until it answers. */
  private markUnreachable(): void {
    this.setState('unreachable');
    if (this.probe || this.disposed) return;
    this.probe = setInterval(() => {
      const client = this.client;
      if (!client || client.status !== 'ready') return; // ioredis reconnects and fires `ready` itself
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(reject, this.timeoutMs)));
      Promise.race([client.ping(), timeout]).then(
        () => {
          clearTimeout(timer);
          this.stopProbe();
          this.setState('connected');
        },
        () => clearTimeout(timer),
      );
    }, this.probeIntervalMs);
    this.probe.unref();
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = undefined;
  }

  private setState(state: SharedState): void {
    if (this.currentState === state || this.disposed) return;
    this.currentState = state;
    this.stateChanged(state);
  }
}

function toFailure(error: unknown): Failure {
  if (error && typeof error === 'object' && 'reason' in error && 'message' in error) return error as Failure;
  const message = error instanceof Error ? error.message : String(error);
  // ioredis: reply errors are `ReplyError`s; its own command timeout says "Command timed out".
  if (isReplyError(error)) {
    // NOAUTH / WRONGPASS (Redis 6+) / "invalid password" (older): say so plainly; Redis never echoes the password.
    if (/^(NOAUTH|WRONGPASS)\b|invalid password/i.test(message)) {
      return { reason: 'refused', message: `authentication refused, check the user and password of the URL: ${message}`, cause: error };
    }
    return { reason: 'refused', message, cause: error };
  }
  if (/timed out/i.test(message)) return { reason: 'timeout', message, cause: error };
  return { reason: 'unreachable', message, cause: error };
}

function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}

/** Escapes Redis glob characters so the prefix matches literally in SCAN MATCH. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
