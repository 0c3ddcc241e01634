// The behaviour every JobQueue driver must share, written once and run against each driver (queue.contract.test.ts).
// A driver that passes these can replace the other without business code noticing.

import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { InvalidJobIdError, InvalidJobPayloadError, UnknownJobError } from '../queue.errors.js';
import { defineJob, type JobContext, type JobQueue } from '../queue.port.js';
import { gate, sleep, waitFor } from './wait-for.js';

export type MakeQueue = (opts?: { shutdownTimeoutMs?: number }) => JobQueue;

const IdPayload = z.object({ id: z.string(), priority: z.number().int().default(0) });

export function describeQueueContract(driverName: string, makeQueue: MakeQueue): void {
  describe(`JobQueue contract: ${driverName}`, () => {
    const opened: JobQueue[] = [];
    function open(opts?: { shutdownTimeoutMs?: number }): JobQueue {
      const queue = makeQueue(opts);
      opened.push(queue);
      return queue;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((queue) => queue.stop()));
    });

    async function drain(queue: JobQueue): Promise<void> {
      if (!queue.drain) throw new Error(`${driverName} driver has no drain()`);
      await queue.drain();
    }

    it('runs a job once, handing the handler the parsed payload and its context', async () => {
      const queue = open();
      const runs: { payload: unknown; ctx: JobContext }[] = [];
      queue.register(
        defineJob({
          name: 'campaign.accrue',
          payload: IdPayload,
          async handle(payload, ctx) {
            runs.push({ payload, ctx });
          },
        }),
      );
      expect(queue.driver).toBe(driverName);
      await queue.ping();
      await queue.start();

      const enqueued = await queue.enqueue('campaign.accrue', { id: 'c-1' });

      await waitFor(() => runs.length === 1, 5000, 'the job to run');
      await drain(queue);
      expect(enqueued.deduplicated).toBe(false);
      // The schema's default was applied before the handler ran: it gets the parsed value, not the raw one.
      expect(runs).toEqual([
        { payload: { id: 'c-1', priority: 0 }, ctx: { jobId: enqueued.jobId, attempt: 1, name: 'campaign.accrue' } },
      ]);
      expect(await queue.deadLetters()).toEqual([]);
    });

    it('rejects an unknown name, an invalid payload and a malformed job id at enqueue, and runs nothing', async () => {
      const queue = open();
      let runs = 0;
      queue.register(
        defineJob({
          name: 'campaign.accrue',
          payload: IdPayload,
          async handle() {
            runs += 1;
          },
        }),
      );
      await queue.start();

      await expect(queue.enqueue('campaign.nope', { id: 'c-1' })).rejects.toBeInstanceOf(UnknownJobError);
      await expect(queue.enqueue('campaign.accrue', { id: 42 })).rejects.toBeInstanceOf(InvalidJobPayloadError);
      await expect(queue.enqueue('campaign.accrue', { id: 'c-1', priority: 1.5 })).rejects.toMatchObject({
        code: 'JOB_PAYLOAD_INVALID',
        message: expect.stringContaining('priority'),
      });
      // Payloads travel as JSON on every driver, so what JSON cannot carry is refused here, not in production.
      await expect(queue.enqueue('campaign.accrue', { id: 'c-1', extra: 10n })).rejects.toBeInstanceOf(
        InvalidJobPayloadError,
      );
      for (const jobId of ['', '123', 'campaign:1', 'a/b', 'x'.repeat(201)]) {
        await expect(queue.enqueue('campaign.accrue', { id: 'c-1' }, { jobId })).rejects.toBeInstanceOf(
          InvalidJobIdError,
        );
      }

      await drain(queue);
      expect(runs).toBe(0);
    });

    it('does not enqueue a jobId twice while it waits or runs, and frees the id once the job succeeded', async () => {
      const queue = open();
      const release = gate();
      const seen: unknown[] = [];
      let running = 0;
      queue.register(
        defineJob({
          name: 'payout.execute',
          payload: IdPayload,
          async handle(payload) {
            seen.push(payload);
            running += 1;
            await release.wait();
            running -= 1;
          },
        }),
      );

      // Before start(): the first one waits.
      const first = await queue.enqueue('payout.execute', { id: 'p-1' }, { jobId: 'payout-p-1' });
      const whileWaiting = await queue.enqueue('payout.execute', { id: 'p-other' }, { jobId: 'payout-p-1' });
      expect(first).toEqual({ jobId: 'payout-p-1', deduplicated: false });
      expect(whileWaiting).toEqual({ jobId: 'payout-p-1', deduplicated: true });

      await queue.start();
      await waitFor(() => running === 1, 5000, 'the job to start');
      const whileRunning = await queue.enqueue('payout.execute', { id: 'p-other' }, { jobId: 'payout-p-1' });
      expect(whileRunning).toEqual({ jobId: 'payout-p-1', deduplicated: true });

      release.open();
      await drain(queue);
      expect(seen).toEqual([{ id: 'p-1', priority: 0 }]);

      const afterSuccess = await queue.enqueue('payout.execute', { id: 'p-2' }, { jobId: 'payout-p-1' });
      expect(afterSuccess).toEqual({ jobId: 'payout-p-1', deduplicated: false });
      await waitFor(() => seen.length === 2, 5000, 'the re-enqueued job to run');
      await drain(queue);
      expect(seen).toEqual([
        { id: 'p-1', priority: 0 },
        { id: 'p-2', priority: 0 },
      ]);
    });

    it('retries a failing handler with exponential backoff: two failures, then success on attempt 3', async () => {
      const queue = open();
      const backoffMs = 40;
      const attempts: { attempt: number; jobId: string; at: number }[] = [];
      queue.register(
        defineJob({
          name: 'ledger.reconcile',
          payload: IdPayload,
          backoffMs,
          async handle(_payload, ctx) {
            attempts.push({ attempt: ctx.attempt, jobId: ctx.jobId, at: performance.now() });
            if (ctx.attempt < 3) throw new Error(`transient failure ${ctx.attempt}`);
          },
        }),
      );
      await queue.start();

      const { jobId } = await queue.enqueue('ledger.reconcile', { id: 'l-1' });

      await waitFor(() => attempts.length === 3, 5000, 'three attempts');
      await drain(queue);
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      expect(attempts.every((a) => a.jobId === jobId)).toBe(true);
      const [a1, a2, a3] = attempts.map((a) => a.at) as [number, number, number];
      // Each wait is at least its scheduled backoff (base * 2^(n-1)), so the gaps grow: 40 ms, then 80 ms. Only
      // lower bounds: a busy machine (or Redis, which wakes blocked clients on its 100 ms tick) can add delay.
      const tolerance = 3; // timer and clock granularity
      expect(a2 - a1).toBeGreaterThanOrEqual(backoffMs - tolerance);
      expect(a3 - a2).toBeGreaterThanOrEqual(2 * backoffMs - tolerance);
      expect(await queue.deadLetters()).toEqual([]);
    });

    it('turns a job that always fails into a dead letter, holds its id, and runs it again on retryDeadLetter', async () => {
      const queue = open();
      let healthy = false;
      const runs: JobContext[] = [];
      queue.register(
        defineJob({
          name: 'payout.execute',
          payload: IdPayload,
          attempts: 3,
          backoffMs: 5,
          async handle(_payload, ctx) {
            runs.push(ctx);
            if (!healthy) throw new Error(`provider down (attempt ${ctx.attempt})`);
          },
        }),
      );
      await queue.start();
      const startedAt = Date.now();

      const { jobId } = await queue.enqueue('payout.execute', { id: 'p-9' }, { jobId: 'payout-p-9' });

      await waitFor(async () => (await queue.deadLetters()).length === 1, 5000, 'the dead letter');
      const [letter] = await queue.deadLetters();
      expect(letter).toMatchObject({
        id: `payout.execute/${jobId}`,
        name: 'payout.execute',
        payload: { id: 'p-9' },
        error: 'provider down (attempt 3)',
        attempts: 3,
      });
      expect(letter?.failedAt).toBeInstanceOf(Date);
      expect(letter?.failedAt.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3]);

      // Parked for a person: the same id is not enqueued again behind the dead letter's back.
      expect(await queue.enqueue('payout.execute', { id: 'p-9' }, { jobId: 'payout-p-9' })).toEqual({
        jobId: 'payout-p-9',
        deduplicated: true,
      });
      await drain(queue);
      expect(runs).toHaveLength(3);

      healthy = true;
      expect(await queue.retryDeadLetter(letter?.id ?? '')).toBe(true);
      await waitFor(() => runs.length === 4, 5000, 'the retried job to run');
      await drain(queue);
      // A retried dead letter starts over with a fresh set of attempts.
      expect(runs[3]).toEqual({ jobId: 'payout-p-9', attempt: 1, name: 'payout.execute' });
      expect(await queue.deadLetters()).toEqual([]);

      expect(await queue.retryDeadLetter(letter?.id ?? '')).toBe(false);
      expect(await queue.retryDeadLetter('payout.execute/no-such-job')).toBe(false);
      expect(await queue.retryDeadLetter('not-a-dead-letter-id')).toBe(false);
    });

    it('lists dead letters newest first, up to the limit, with the message of whatever the handler threw', async () => {
      const queue = open();
      queue.register(
        defineJob({
          name: 'fraud.score',
          payload: IdPayload,
          attempts: 1,
          // Not async on purpose: a synchronous throw of a non-Error must be contained too.
          handle(payload) {
            throw `cannot score ${payload.id}`;
          },
        }),
      );
      queue.register(
        defineJob({
          name: 'notifications.send',
          payload: IdPayload,
          attempts: 1,
          async handle() {
            throw new Error('smtp refused');
          },
        }),
      );
      await queue.start();

      await queue.enqueue('fraud.score', { id: 'f-1' });
      await waitFor(async () => (await queue.deadLetters()).length === 1, 5000, 'the first dead letter');
      await sleep(5); // distinct failedAt milliseconds, so "newest first" is decidable
      await queue.enqueue('notifications.send', { id: 'n-1' });
      await waitFor(async () => (await queue.deadLetters()).length === 2, 5000, 'the second dead letter');

      const letters = await queue.deadLetters();
      expect(letters.map((l) => [l.name, l.error, l.attempts])).toEqual([
        ['notifications.send', 'smtp refused', 1],
        ['fraud.score', 'cannot score f-1', 1],
      ]);
      expect((await queue.deadLetters(1)).map((l) => l.name)).toEqual(['notifications.send']);
    });

    it('runs a delayed job no earlier than its delay', async () => {
      const queue = open();
      let ranAt = 0;
      queue.register(
        defineJob({
          name: 'hold.release',
          payload: IdPayload,
          async handle() {
            ranAt = performance.now();
          },
        }),
      );
      await queue.start();
      const enqueuedAt = performance.now();

      await queue.enqueue('hold.release', { id: 'h-1' }, { delayMs: 150 });

      await waitFor(() => ranAt > 0, 5000, 'the delayed job');
      expect(ranAt - enqueuedAt).toBeGreaterThanOrEqual(150 - 3);
    });

    it('fires a repeating job on start and then on its interval, never overlapping or piling up, until stop()', async () => {
      const queue = open();
      const every = 40;
      const firstRunHeld = gate();
      const jobIds: string[] = [];
      let inFlight = 0;
      let maxInFlight = 0;
      queue.register(
        defineJob({
          name: 'ops.sweep',
          payload: z.object({}),
          repeatEveryMs: every,
          async handle(_payload, ctx) {
            jobIds.push(ctx.jobId);
            inFlight += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            if (jobIds.length === 1) await firstRunHeld.wait();
            inFlight -= 1;
          },
        }),
      );
      await queue.start();

      await waitFor(() => jobIds.length === 1, 5000, 'the first sweep, right after start()');
      await sleep(5 * every); // five ticks come due while the first sweep is still running
      expect(jobIds).toHaveLength(1);
      firstRunHeld.open();
      await drain(queue);
      // The missed ticks collapse into at most one catch-up run (plus a tick that may fall due meanwhile) instead of
      // five sweeps back to back.
      const afterCatchUp = jobIds.length;
      expect(afterCatchUp).toBeLessThanOrEqual(3);

      await waitFor(() => jobIds.length >= afterCatchUp + 2, 5000, 'two more sweeps on the interval');
      await queue.stop();
      const firedBeforeStop = jobIds.length;
      await sleep(5 * every); // nothing may fire after stop()

      expect(jobIds).toHaveLength(firedBeforeStop);
      expect(maxInFlight).toBe(1);
      expect(new Set(jobIds).size).toBe(jobIds.length);
    });

    it('stop() waits for a running handler to finish, and the queue refuses work afterwards', async () => {
      const queue = open();
      const release = gate();
      let started = false;
      let finished = false;
      queue.register(
        defineJob({
          name: 'earnings.accrue',
          payload: IdPayload,
          async handle() {
            started = true;
            await release.wait();
            finished = true;
          },
        }),
      );
      await queue.start();
      await queue.enqueue('earnings.accrue', { id: 'e-1' });
      await waitFor(() => started, 5000, 'the handler to start');

      let stopped = false;
      const stopping = queue.stop().then(() => {
        stopped = true;
      });
      await sleep(50);
      expect(stopped).toBe(false);

      release.open();
      await stopping;
      expect(finished).toBe(true);
      await expect(queue.enqueue('earnings.accrue', { id: 'e-2' })).rejects.toThrow(/stopped/);
    });

    it('stop() gives up on a handler that outlives the shutdown timeout', async () => {
      const queue = open({ shutdownTimeoutMs: 100 });
      const release = gate();
      let started = false;
      queue.register(
        defineJob({
          name: 'metrics.poll',
          payload: IdPayload,
          async handle() {
            started = true;
            await release.wait();
          },
        }),
      );
      await queue.start();
      await queue.enqueue('metrics.poll', { id: 'm-1' });
      await waitFor(() => started, 5000, 'the handler to start');

      const stopStartedAt = performance.now();
      await queue.stop();
      const took = performance.now() - stopStartedAt;
      release.open();

      expect(took).toBeGreaterThanOrEqual(100 - 3);
      expect(took).toBeLessThan(5000);
    });

    it('runs at most `concurrency` handlers of one name at once, without holding up other names', async () => {
      const queue = open();
      const release = gate();
      let inFlight = 0;
      let maxInFlight = 0;
      let done = 0;
      let otherRan = false;
      queue.register(
        defineJob({
          name: 'metrics.poll',
          payload: IdPayload,
          concurrency: 2,
          async handle() {
            inFlight += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await release.wait();
            inFlight -= 1;
            done += 1;
          },
        }),
      );
      queue.register(
        defineJob({
          name: 'notifications.send',
          payload: IdPayload,
          async handle() {
            otherRan = true;
          },
        }),
      );
      await queue.start();

      for (let i = 0; i < 5; i++) await queue.enqueue('metrics.poll', { id: `post-${i}` });
      await waitFor(() => inFlight === 2, 5000, 'two handlers running');
      await queue.enqueue('notifications.send', { id: 'n-1' });
      await waitFor(() => otherRan, 5000, 'the other job name to run while this one is saturated');
      await sleep(50); // time for a third handler to start, if the limit were broken
      expect(inFlight).toBe(2);

      release.open();
      await waitFor(() => done === 5, 5000, 'all five jobs');
      await drain(queue);
      expect(maxInFlight).toBe(2);
    });

    it('refuses definitions no driver could run, a second definition of a name, and register() after start()', async () => {
      const queue = open();
      const handle = async (): Promise<void> => {};
      const valid = { name: 'ops.sweep', payload: z.object({}), handle };
      queue.register(defineJob(valid));

      expect(() => queue.register(defineJob(valid))).toThrow(/already registered/);
      expect(() => queue.register(defineJob({ ...valid, name: 'Ops:Sweep' }))).toThrow(TypeError);
      expect(() => queue.register(defineJob({ ...valid, name: 'ops.retry', attempts: 0 }))).toThrow(TypeError);
      expect(() =>
        queue.register(defineJob({ ...valid, name: 'ops.parallel', repeatEveryMs: 1000, concurrency: 2 })),
      ).toThrow(TypeError);
      expect(() =>
        queue.register(defineJob({ name: 'ops.needs-id', payload: IdPayload, repeatEveryMs: 1000, handle })),
      ).toThrow(/rejects/);

      await queue.start();
      expect(() => queue.register(defineJob({ ...valid, name: 'ops.late' }))).toThrow(/before start/);
    });
  });
}
