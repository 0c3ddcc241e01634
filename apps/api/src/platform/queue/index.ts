import { createBullmqQueue } from './bullmq.driver.js';
import { createInlineQueue } from './inline.driver.js';
import type { JobQueue } from './queue.port.js';
import type { QueueLogger } from './queue.rules.js';

export type { DeadLetter, EnqueueOptions, JobContext, JobDefinition, JobQueue } from './queue.port.js';
export { defineJob } from './queue.port.js';
export {
  InvalidJobIdError,
  InvalidJobPayloadError,
  QueueError,
  type QueueErrorCode,
  UnknownJobError,
} from './queue.errors.js';
export type { QueueLogger } from './queue.rules.js';
export { createInlineQueue, type InlineQueueOptions } from './inline.driver.js';
export { createBullmqQueue, type BullmqQueueOptions } from './bullmq.driver.js';

export type CreateQueueOptions = {
  /** REDIS_URL: set → BullMQ on that Redis; unset or empty → the in-process queue. */
  redisUrl?: string | undefined;
  /** Redis key prefix (BullMQ driver only). */
  prefix: string;
  logger: QueueLogger;
  shutdownTimeoutMs?: number;
  /** BullMQ driver only: ping() fails when Redis does not answer within this. */
  pingTimeoutMs?: number;
};

/** The one place that picks the driver; everything above the port is the same on both. */
export function createQueue({
  redisUrl,
  prefix,
  logger,
  shutdownTimeoutMs,
  pingTimeoutMs,
}: CreateQueueOptions): JobQueue {
  if (redisUrl) return createBullmqQueue({ url: redisUrl, prefix, logger, shutdownTimeoutMs, pingTimeoutMs });
  return createInlineQueue({ logger, shutdownTimeoutMs });
}
