import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from './errors/app-error.js';

/**
 * Named limits for expensive or abusable actions. `points` per `durationSeconds`; once spent the key is blocked
 * for `blockSeconds`. Keys are per IP and per account, so one attacker cannot lock everyone out from one IP and
 * a botnet cannot brute-force one account (ASVS 6.3.1).
 */
export const rateLimits = {
  'sign-up:ip': { points: 10, durationSeconds: 3600, blockSeconds: 3600 },
  'login:ip': { points: 60, durationSeconds: 900, blockSeconds: 900 },
  'login:account': { points: 10, durationSeconds: 900, blockSeconds: 900 },
  'password-reset:ip': { points: 10, durationSeconds: 3600, blockSeconds: 3600 },
  'password-reset:account': { points: 3, durationSeconds: 3600, blockSeconds: 3600 },
  'mfa:account': { points: 6, durationSeconds: 300, blockSeconds: 600 },
  'mfa:ip': { points: 60, durationSeconds: 900, blockSeconds: 900 },
  /** Each OIDC sign-in start stores a row and calls the provider's discovery; bounded like password log-ins. */
  'oidc:ip': { points: 60, durationSeconds: 900, blockSeconds: 900 },
  // Expensive per request: image decoding and re-encoding, markdown rendering, post parsing and dedup writes.
  'upload:account': { points: 60, durationSeconds: 3600, blockSeconds: 600 },
  'brief-preview:account': { points: 300, durationSeconds: 600, blockSeconds: 300 },
  'submission:account': { points: 60, durationSeconds: 3600, blockSeconds: 600 },
} as const;
export type RateLimitName = keyof typeof rateLimits;

export type RateLimiter = {
  /** Spends one point; throws RATE_LIMITED (with Retry-After) when the key has none left. */
  consume(name: RateLimitName, key: string): Promise<void>;
  /** True when the key is currently blocked, without spending a point. */
  isBlocked(name: RateLimitName, key: string): Promise<boolean>;
  reset(name: RateLimitName, key: string): Promise<void>;
  close(): Promise<void>;
};

/** Redis-backed when REDIS_URL is set (shared by every API replica), in memory otherwise. */
export function createRateLimiter(opts: { redisUrl?: string; prefix: string }): RateLimiter {
  const redis = opts.redisUrl
    ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false })
    : null;
  const limiters = new Map<RateLimitName, RateLimiterAbstract>();
  const limiter = (name: RateLimitName) => {
    let l = limiters.get(name);
    if (!l) {
      const { points, durationSeconds, blockSeconds } = rateLimits[name];
      const common = {
        keyPrefix: `${opts.prefix}:rl:${name}`,
        points,
        duration: durationSeconds,
        blockDuration: blockSeconds,
      };
      l = redis
        ? new RateLimiterRedis({ ...common, storeClient: redis, useRedisPackage: false })
        : new RateLimiterMemory(common);
      limiters.set(name, l);
    }
    return l;
  };
  return {
    async consume(name, key) {
      try {
        await limiter(name).consume(key);
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
          throw Object.assign(
            new AppError('RATE_LIMITED', `Too many attempts. Try again in ${formatWait(retryAfterSeconds)}.`, {
              retryAfterSeconds,
            }),
            { retryAfterSeconds },
          );
        }
        throw error;
      }
    },
    async isBlocked(name, key) {
      const res = await limiter(name).get(key);
      return res !== null && res.remainingPoints <= 0 && res.msBeforeNext > 0;
    },
    async reset(name, key) {
      await limiter(name).delete(key);
    },
    async close() {
      await redis?.quit().catch(() => undefined);
    },
  };
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
