// What only the BullMQ driver can show: state that outlives a process. The shared behaviour is in
// queue.contract.test.ts.

import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createBullmqQueue } from './bullmq.driver.js';
import { defineJob, type JobDefinition, type JobQueue } from './queue.port.js';
import { obliterateRedisTestPrefix, redisTestPrefixes } from './test-utils/redis-test-prefix.js';
import { sleep, waitFor } from './test-utils/wait-for.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const redisUrl = process.env.REDIS_URL;
const IdPayload = z.object({ id: z.string() });

// Needs a Redis server, which not every machine running the unit tests has; set REDIS_URL to run these.
describe.runIf(redisUrl)('BullMQ driver', () => {
  const url = redisUrl ?? '';
  const prefixes = redisTestPrefixes();
  const opened: JobQueue[] = [];
  function open<P>(prefix: string, def: JobDefinition<P>): JobQueue {
    const queue = createBullmqQueue({ url, prefix, logger });
    queue.register(def);
    opened.push(queue);
    return queue;
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((queue) => queue.stop()));
  });
  afterAll(async () => {
    await obliterateRedisTestPrefix(url, prefixes.runPrefix);
  });

  it('runs in a worker process what a producer-only process enqueued, even after the producer stopped', async () => {
    const prefix = prefixes.next();
    const seen: unknown[] = [];
    const def = defineJob({
      name: 'metrics.poll',
      payload: IdPayload,
      async handle(payload) {
        seen.push(payload);
      },
    });
    // The HTTP API registers the definitions but never starts: it only enqueues.
    const api = open(prefix, def);
    await api.enqueue('metrics.poll', { id: 'post-1' });
    await api.stop();

    const worker = open(prefix, def);
    await worker.start();
    await waitFor(() => seen.length === 1, 5000, 'the worker to run the job');
    expect(seen).toEqual([{ id: 'post-1' }]);
  });

  it('checks the payload again in the worker: a job whose payload no longer parses is a dead letter at once', async () => {
    const prefix = prefixes.next();
    let runs = 0;
    const queue = open(
      prefix,
      defineJob({
        name: 'payout.execute',
        payload: IdPayload,
        async handle() {
          runs += 1;
        },
      }),
    );
    // As if enqueued by an older release whose payload schema differed.
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    const raw = new Queue('payout.execute', { connection, prefix });
    await raw.add('payout.execute', { payoutId: 7 }, { jobId: 'legacy-7', attempts: 5 });
    await raw.close();
    await connection.quit();

    await queue.start();
    await waitFor(async () => (await queue.deadLetters()).length === 1, 5000, 'the dead letter');
    const [letter] = await queue.deadLetters();
    expect(letter).toMatchObject({ id: 'payout.execute/legacy-7', attempts: 1, payload: { payoutId: 7 } });
    expect(letter?.error).toMatch(/^invalid payload: .*id/s);
    expect(runs).toBe(0);
  });

  it('keeps dead letters across restarts, and another process can retry them', async () => {
    const prefix = prefixes.next();
    let healthy = false;
    let succeeded = 0;
    const def = defineJob({
      name: 'webhooks.deliver',
      payload: IdPayload,
      attempts: 1,
      async handle() {
        if (!healthy) throw new Error('endpoint returned 500');
        succeeded += 1;
      },
    });
    const before = open(prefix, def);
    await before.start();
    await before.enqueue('webhooks.deliver', { id: 'w-1' }, { jobId: 'webhook-w-1' });
    await waitFor(async () => (await before.deadLetters()).length === 1, 5000, 'the dead letter');
    await before.stop();

    // An admin request lands on a process that was not running when the job failed.
    const admin = open(prefix, def);
    expect((await admin.deadLetters()).map((l) => [l.id, l.error])).toEqual([
      ['webhooks.deliver/webhook-w-1', 'endpoint returned 500'],
    ]);
    healthy = true;
    expect(await admin.retryDeadLetter('webhooks.deliver/webhook-w-1')).toBe(true);

    const worker = open(prefix, def);
    await worker.start();
    await waitFor(() => succeeded === 1, 5000, 'the retried job');
    await worker.drain?.();
    expect(await admin.deadLetters()).toEqual([]);
  });

  it('never overlaps a repeating job, even with two worker replicas', async () => {
    const prefix = prefixes.next();
    let fired = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const def = defineJob({
      name: 'ops.sweep',
      payload: z.object({}),
      repeatEveryMs: 20,
      async handle() {
        fired += 1;
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(50);
        inFlight -= 1;
      },
    });
    // Both replicas live in this process, so one counter sees the handlers of both.
    const a = open(prefix, def);
    const b = open(prefix, def);
    await Promise.all([a.start(), b.start()]);

    await waitFor(() => fired >= 4, 5000, 'four sweeps');
    expect(maxInFlight).toBe(1);
  });

  it('removes the schedule of a job that no longer repeats when a new release starts', async () => {
    const prefix = prefixes.next();
    const handle = async (): Promise<void> => {};
    const old = open(prefix, defineJob({ name: 'ops.sweep', payload: z.object({}), repeatEveryMs: 60_000, handle }));
    await old.start();
    await old.stop();
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    const raw = new Queue('ops.sweep', { connection, prefix });
    try {
      expect(await raw.getJobSchedulersCount()).toBe(1);

      const next = open(prefix, defineJob({ name: 'ops.sweep', payload: z.object({}), handle }));
      await next.start();
      expect(await raw.getJobSchedulersCount()).toBe(0);
    } finally {
      await raw.close();
      await connection.quit();
    }
  });
});
