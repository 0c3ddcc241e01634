import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { createQueue } from './index.js';
import { closedPort } from './test-utils/closed-port.js';

const logger = pino({ level: 'silent' });

describe('createQueue', () => {
  it('picks the in-process driver when REDIS_URL is unset or empty', async () => {
    for (const redisUrl of [undefined, '']) {
      const queue = createQueue({ redisUrl, prefix: 'cr', logger });
      expect(queue.driver).toBe('inline');
      await queue.stop();
    }
  });

  it('picks BullMQ when REDIS_URL is set, and its ping() and stop() stay bounded while Redis is unreachable', async () => {
    const queue = createQueue({
      redisUrl: `redis://127.0.0.1:${await closedPort()}`,
      prefix: 'cr',
      logger,
      shutdownTimeoutMs: 200,
      pingTimeoutMs: 300,
    });
    expect(queue.driver).toBe('bullmq');

    const pingStartedAt = performance.now();
    await expect(queue.ping()).rejects.toThrow(/Redis/);
    expect(performance.now() - pingStartedAt).toBeLessThan(1000);
    const stopStartedAt = performance.now();
    await queue.stop();
    expect(performance.now() - stopStartedAt).toBeLessThan(3000);
  });
});
