// The Redis client (ioredis), alone in a module so that builds can put it in a chunk of its own
// (dist/redisClient.js) that `sharedTier.ts` requires only when a cache is given a `shared` option.
export { Redis } from 'ioredis';
