// The shared-tier suites' fixture: a real redis-server per test (on a free port, killed after it) and caches on
// folders of their own, "machines", disposed and removed after the test. Call useSharedFixture() in the suite's body.
import { Cache, type CacheOptions, type SharedOptions, type SharedTierWarning } from '../../src/engine';
import { makeTempDir } from './helpers';
import { RedisServer } from './redisServer';

/** The key prefix the shared tier writes under by default. */
export const PREFIX = 'cache-explorer:';

export interface Machine {
  cache: Cache;
  /** The cache's own folder. */
  dir: string;
  /** What the cache's onDidWarn fired, in order. */
  warnings: SharedTierWarning[];
}

export interface SharedFixture {
  /** The test's Redis server; read it inside a test or hook. */
  readonly redis: RedisServer;
  /** A cache on a folder of its own sharing the test's Redis; `shared` overrides its options (`url` too). */
  machine(options?: CacheOptions, shared?: Partial<SharedOptions>): Machine;
  /** A cache on a folder of its own without a shared tier. */
  localMachine(options?: CacheOptions): Machine;
  /** Disposes `cache` after the test with the machines' caches; returns it. */
  track(cache: Cache): Cache;
}

export function useSharedFixture(): SharedFixture {
  let redis: RedisServer | undefined;
  let temps: Array<{ remove(): void }> = [];
  let caches: Cache[] = [];
  setup(async () => {
    temps = [];
    caches = [];
    redis = undefined;
    redis = await RedisServer.start();
  });
  teardown(async () => {
    caches.forEach((cache) => cache.dispose());
    temps.forEach((temp) => temp.remove());
    await redis?.stop(); // undefined when it could not start: that failure is the one to read
  });
  const track = (cache: Cache): Cache => {
    caches.push(cache);
    return cache;
  };
  const open = (options: CacheOptions): Machine => {
    const temp = makeTempDir();
    temps.push(temp);
    const cache = track(new Cache({ cacheDir: temp.dir, ...options }));
    const warnings: SharedTierWarning[] = [];
    cache.onDidWarn((warning) => warnings.push(warning as SharedTierWarning));
    return { cache, dir: temp.dir, warnings };
  };
  const server = (): RedisServer => {
    if (!redis) throw new Error('useSharedFixture: read redis inside a test or hook');
    return redis;
  };
  return {
    get redis() {
      return server();
    },
    machine: (options = {}, shared = {}) => open({ ...options, shared: { url: server().url, ...shared } }),
    localMachine: (options = {}) => open(options),
    track,
  };
}
