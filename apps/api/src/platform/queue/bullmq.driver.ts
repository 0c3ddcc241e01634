// BullMQ driver for production (REDIS_URL set): jobs survive restarts and workers scale out over replicas.
//
// One BullMQ Queue (and, once started, one Worker) per job name rather than one queue of named jobs, because
// concurrency is per name: a BullMQ worker's concurrency covers its whole queue, so a shared queue would let a burst
// of one job starve the others and make `concurrency` meaningless. It also keeps a name's failed set (its dead
// letters) and its repeat schedule separate, and lets an operator pause one kind of job.
//
// Mapping of the port onto BullMQ:
// - retries: `attempts` + `backoff: { type: 'exponential', delay: backoffMs }` (BullMQ waits delay * 2^(n-1) after
//   failed attempt n, the port's curve);
// - deduplication: the caller's jobId is the BullMQ job id. Completed jobs are removed at once (removeOnComplete), so
//   an id is held only while the job is waiting, delayed, active, or failed for good (a dead letter);
// - dead letters: the failed set, i.e. jobs that used up their attempts, or whose payload no longer parses
//   (UnrecoverableError: retrying cannot fix it). Kept up to `maxDeadLetters` per name;
// - repeating jobs: `upsertJobScheduler(name, { every })`, plus a global concurrency of 1 on that queue so a slow
//   sweep is never overlapped by the next one, even with several worker replicas;
// - concurrency otherwise is per worker process: N replicas run up to N * concurrency handlers of one name. Handlers
//   get exclusivity from the database (conditional updates, locks), not from the queue.
//
// Connections: one ioredis client shared by every Queue (commands); each Worker duplicates it for its blocking
// reads. `maxRetriesPerRequest: null` is what BullMQ requires: commands wait out a Redis restart instead of failing.

import { randomUUID } from 'node:crypto';

import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';

import { UnknownJobError } from './queue.errors.js';
import type { DeadLetter, EnqueueOptions, JobDefinition, JobQueue } from './queue.port.js';
import {
  assertDelayMs,
  assertJobId,
  deadLetterId,
  DEFAULT_DEAD_LETTER_LIMIT,
  DEFAULT_MAX_DEAD_LETTERS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  errorMessage,
  parseDeadLetterId,
  parseStoredPayload,
  type QueueLogger,
  resolveJobDefinition,
  type ResolvedJob,
  settlesWithin,
  sleep,
  toWirePayload,
  withTimeout,
} from './queue.rules.js';

export type BullmqQueueOptions = {
  /** redis:// or rediss:// URL. */
  url: string;
  /** Namespaces every Redis key of this queue (BullMQ's `prefix`), e.g. 'cr'. Tests use a unique one per run. */
  prefix: string;
  logger: QueueLogger;
  /** How long stop() waits for running handlers before abandoning them (BullMQ then retries them); default 10 s. */
  shutdownTimeoutMs?: number;
  /** Dead letters kept per job name; the oldest are dropped past it. Default 1000. */
  maxDeadLetters?: number;
  /** ping() fails when Redis does not answer within this; default 2 s. */
  pingTimeoutMs?: number;
};

type Lane = {
  def: ResolvedJob;
  queue: Queue;
  worker: Worker | undefined;
};

type State = 'idle' | 'started' | 'stopping' | 'stopped';

const DEFAULT_PING_TIMEOUT_MS = 2000;
const DRAIN_POLL_MS = 10;
const DRAIN_TIMEOUT_MS = 30_000;
// ioredis reports every failed reconnect; one line per interval is enough to see an outage in the logs.
const CONNECTION_ERROR_LOG_INTERVAL_MS = 10_000;

export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const { url, prefix, logger } = options;
  if (!prefix) throw new TypeError('createBullmqQueue: prefix must not be empty');
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const maxDeadLetters = options.maxDeadLetters ?? DEFAULT_MAX_DEAD_LETTERS;
  const pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;

  const connection = new Redis(url, { maxRetriesPerRequest: null });
  let lastConnectionErrorAt = 0;
  connection.on('error', (err: Error) => {
    const now = Date.now();
    if (now - lastConnectionErrorAt < CONNECTION_ERROR_LOG_INTERVAL_MS) return;
    lastConnectionErrorAt = now;
    logger.error({ err: errorMessage(err) }, 'redis connection error (queue)');
  });

  const lanes = new Map<string, Lane>();
  /** Handlers running in this process, so stop() can wait for them with a bound. */
  const running = new Set<Promise<void>>();
  let state: State = 'idle';
  let stopping: Promise<void> | undefined;

  function laneOf(name: string): Lane {
    const lane = lanes.get(name);
    if (!lane) throw new UnknownJobError(name);
    return lane;
  }

  function assertUsable(): void {
    if (state === 'stopping' || state === 'stopped') throw new Error('The job queue has been stopped');
  }

  async function runJob(lane: Lane, job: Job): Promise<void> {
    const { def } = lane;
    const jobId = job.id ?? '';
    const attempt = job.attemptsMade + 1;
    const stored = parseStoredPayload(def, job.data);
    if (!stored.ok) {
      logger.error({ job: def.name, jobId, attempt, problems: stored.problems }, 'invalid payload: dead letter');
      throw new UnrecoverableError(`invalid payload: ${stored.problems}`);
    }
    try {
      await def.handle(stored.payload, { jobId, attempt, name: def.name });
    } catch (err) {
      // The job's own options, not today's definition: it may have been enqueued by an older release.
      if (attempt >= (job.opts.attempts ?? 1)) {
        logger.error({ job: def.name, jobId, attempts: attempt, err }, 'job failed for good: dead letter');
      } else {
        logger.warn({ job: def.name, jobId, attempt, err }, 'job failed; will retry');
      }
      // BullMQ stores `message` as the failed reason, which becomes DeadLetter.error: make sure there is one.
      throw err instanceof Error && err.message ? err : new Error(errorMessage(err));
    }
    logger.debug({ job: def.name, jobId, attempt }, 'job done');
  }

  function startWorker(lane: Lane): Worker {
    const worker = new Worker(
      lane.def.name,
      async (job: Job) => {
        const run = runJob(lane, job);
        running.add(run);
        try {
          await run;
        } finally {
          running.delete(run);
        }
      },
      { connection, prefix, concurrency: lane.def.concurrency },
    );
    // An EventEmitter 'error' without a listener would throw and take the process down.
    worker.on('error', (err: Error) =>
      logger.error({ job: lane.def.name, err: errorMessage(err) }, 'queue worker error'),
    );
    return worker;
  }

  function toDeadLetter(lane: Lane, job: Job): DeadLetter {
    return {
      id: deadLetterId(lane.def.name, job.id ?? ''),
      name: lane.def.name,
      payload: job.data,
      error: job.failedReason ?? '',
      attempts: job.attemptsMade,
      failedAt: new Date(job.finishedOn ?? job.timestamp),
    };
  }

  async function isBusy(): Promise<boolean> {
    for (const lane of lanes.values()) {
      // Due delayed jobs first: one promoted to waiting between the two reads is then still seen by the second.
      if ((await lane.queue.getDelayedCount(Date.now() + 1)) > 0) return true;
      const counts = await lane.queue.getJobCounts('waiting', 'prioritized', 'active');
      if (Object.values(counts).some((n) => n > 0)) return true;
    }
    return false;
  }

  return {
    driver: 'bullmq',

    register<P>(def: JobDefinition<P>): void {
      if (state !== 'idle') throw new Error(`Job ${def.name}: register() must be called before start()`);
      const resolved = resolveJobDefinition(def);
      if (lanes.has(resolved.name)) throw new Error(`Job ${resolved.name} is already registered`);
      const queue = new Queue(resolved.name, {
        connection,
        prefix,
        defaultJobOptions: {
          attempts: resolved.attempts,
          backoff: { type: 'exponential', delay: resolved.backoffMs },
          removeOnComplete: true,
          removeOnFail: { count: maxDeadLetters },
        },
      });
      queue.on('error', (err: Error) => logger.error({ job: resolved.name, err: errorMessage(err) }, 'queue error'));
      lanes.set(resolved.name, { def: resolved, queue, worker: undefined });
    },

    async enqueue<P>(name: string, payload: P, opts: EnqueueOptions = {}) {
      assertUsable();
      const lane = laneOf(name);
      if (opts.jobId !== undefined) assertJobId(opts.jobId);
      assertDelayMs(opts.delayMs);
      const wire = toWirePayload(lane.def, payload);
      const jobId = opts.jobId ?? randomUUID();
      if (opts.jobId !== undefined) {
        // BullMQ ignores an add whose id exists, but does not say so; this read tells the caller. Two producers
        // racing on one id may both hear `false`, yet only one job is added: the add itself is atomic.
        const existing = await lane.queue.getJob(jobId);
        if (existing) {
          if ((await existing.getState()) === 'failed') {
            logger.warn({ job: name, jobId }, 'enqueue skipped: this job id is a dead letter until it is retried');
          }
          return { jobId, deduplicated: true };
        }
      }
      await lane.queue.add(name, wire, { jobId, ...(opts.delayMs ? { delay: opts.delayMs } : {}) });
      return { jobId, deduplicated: false };
    },

    async start() {
      if (state !== 'idle') throw new Error(`The job queue cannot start: it is ${state}`);
      state = 'started';
      for (const lane of lanes.values()) {
        const { def, queue } = lane;
        if (def.repeatEveryMs !== undefined) {
          await queue.setGlobalConcurrency(1);
          await queue.upsertJobScheduler(def.name, { every: def.repeatEveryMs }, { name: def.name, data: {} });
        } else {
          // A schedule left by an older release whose definition no longer repeats would otherwise fire forever.
          await queue.removeJobScheduler(def.name);
        }
        lane.worker = startWorker(lane);
      }
    },

    stop() {
      stopping ??= (async () => {
        state = 'stopping';
        const workers = [...lanes.values()].flatMap((lane) => (lane.worker ? [lane.worker] : []));
        // Stop fetching first, then wait for our own handlers with a bound: Worker.close() alone would wait forever
        // for a handler that never returns.
        await Promise.all(workers.map((worker) => worker.pause(true)));
        const finished = await settlesWithin(Promise.all([...running]), shutdownTimeoutMs);
        if (!finished) {
          logger.warn(
            { running: running.size, shutdownTimeoutMs },
            'job handlers still running at shutdown timeout; BullMQ will retry them once their lock expires',
          );
        }
        const closing = (async () => {
          await Promise.all(workers.map((worker) => worker.close(!finished)));
          await Promise.all([...lanes.values()].map((lane) => lane.queue.close()));
          await connection.quit();
        })();
        // With Redis down, closing waits on reconnects; give it the same bound, then drop the socket.
        if (!(await settlesWithin(closing, shutdownTimeoutMs))) logger.warn('queue connections did not close in time');
        if (connection.status !== 'end') connection.disconnect();
        state = 'stopped';
      })();
      return stopping;
    },

    async deadLetters(limit = DEFAULT_DEAD_LETTER_LIMIT) {
      if (limit <= 0) return [];
      const perName = await Promise.all(
        [...lanes.values()].map(async (lane) => {
          const jobs = await lane.queue.getFailed(0, limit - 1);
          return jobs.map((job) => toDeadLetter(lane, job));
        }),
      );
      return perName
        .flat()
        .sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime())
        .slice(0, limit);
    },

    async retryDeadLetter(id: string) {
      assertUsable();
      const parsed = parseDeadLetterId(id);
      const lane = parsed && lanes.get(parsed.name);
      if (!parsed || !lane) return false;
      const job = await lane.queue.getJob(parsed.jobId);
      if (!job || (await job.getState()) !== 'failed') return false;
      try {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } catch (err) {
        // Someone else retried or removed it between our read and the retry.
        if ((await job.getState()) !== 'failed') return false;
        throw err;
      }
      logger.info({ job: lane.def.name, jobId: parsed.jobId }, 'dead letter retried');
      return true;
    },

    async ping() {
      assertUsable();
      // A connection that already failed answers at once; the first connect gets the timeout to finish.
      if (connection.status === 'reconnecting' || connection.status === 'end' || connection.status === 'close') {
        throw new Error(`Redis is not reachable (connection ${connection.status})`);
      }
      // With maxRetriesPerRequest null a command waits for Redis to come back, so a health check needs its own bound.
      await withTimeout(connection.ping(), pingTimeoutMs, `Redis did not answer PING within ${pingTimeoutMs} ms`);
    },

    async drain() {
      if (state !== 'started') throw new Error('drain() needs a started queue, or it would wait forever');
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while (await isBusy()) {
        if (Date.now() > deadline) throw new Error(`The job queue did not drain within ${DRAIN_TIMEOUT_MS} ms`);
        await sleep(DRAIN_POLL_MS);
      }
    },
  };
}
