import { pino } from 'pino';
import { afterAll, describe } from 'vitest';

import { createBullmqQueue } from './bullmq.driver.js';
import { createInlineQueue } from './inline.driver.js';
import { describeQueueContract } from './test-utils/queue-contract.js';
import { obliterateRedisTestPrefix, redisTestPrefixes } from './test-utils/redis-test-prefix.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const redisUrl = process.env.REDIS_URL;

describeQueueContract('inline', (opts) => createInlineQueue({ logger, ...opts }));

// BullMQ needs a Redis server, which not every machine running the unit tests has; set REDIS_URL to include it.
// The inline driver above runs the same contract everywhere.
describe.runIf(redisUrl)('with Redis', () => {
  const url = redisUrl ?? '';
  const prefixes = redisTestPrefixes();
  afterAll(async () => {
    await obliterateRedisTestPrefix(url, prefixes.runPrefix);
  });

  describeQueueContract('bullmq', (opts) => createBullmqQueue({ url, prefix: prefixes.next(), logger, ...opts }));
});
