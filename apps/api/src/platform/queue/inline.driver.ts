// In-process driver for the one-machine install (nothing set in the environment). Same semantics as BullMQ: per-name
// concurrency, retries with exponential backoff, jobId deduplication, delayed jobs, repeating jobs that never overlap
// themselves, and a dead-letter list.
//
// Everything lives in memory: waiting jobs, pending retries and dead letters are gone after a restart. That is safe
// only because of the sweeper pattern (DESIGN §6): job handlers work from database state, and a repeating sweeper
// re-enqueues whatever is due but unfinished, so a forgotten job is done on the next sweep after the restart instead
// of never. A job that is not covered by a sweeper must not rely on this driver to survive a restart.
//
// Handler errors are caught and turned into retries or dead letters; nothing a handler does can crash the process.
// Timers are unref'd so that the queue alone never keeps the process alive.

import { randomUUID } from 'node:crypto';

import { UnknownJobError } from './queue.errors.js';
import type { DeadLetter, EnqueueOptions, JobDefinition, JobQueue } from './queue.port.js';
import {
  assertDelayMs,
  assertJobId,
  backoffDelayMs,
  deadLetterId,
  DEFAULT_DEAD_LETTER_LIMIT,
  DEFAULT_MAX_DEAD_LETTERS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  errorMessage,
  type QueueLogger,
  resolveJobDefinition,
  type ResolvedJob,
  parseDeadLetterId,
  parseStoredPayload,
  settlesWithin,
  sleep,
  toWirePayload,
} from './queue.rules.js';

export type InlineQueueOptions = {
  logger: QueueLogger;
  /** How long stop() waits for running handlers before giving up on them; default 10 s. */
  shutdownTimeoutMs?: number;
  /** Dead letters kept per job name; the oldest are dropped past it. Default 1000. */
  maxDeadLetters?: number;
};

type InlineJob = {
  id: string;
  /** Already JSON round-tripped and checked by toWirePayload. */
  payload: unknown;
  /** Runs started so far; the next run is attempt `runs + 1`. */
  runs: number;
};

type Lane = {
  def: ResolvedJob;
  waiting: InlineJob[];
  delayed: Map<string, { job: InlineJob; dueAt: number; timer: NodeJS.Timeout }>;
  running: Map<string, Promise<void>>;
  /** Ids of every job that is waiting, delayed or running: the deduplication set. */
  live: Set<string>;
  /** Dead letters of this name by job id, oldest first (Map keeps insertion order). */
  dead: Map<string, DeadLetter>;
  repeatTimer: NodeJS.Timeout | undefined;
  /** Id of the current run of a repeating job while it is live, so the next tick can skip instead of overlapping. */
  repeatJobId: string | undefined;
};

type State = 'idle' | 'started' | 'stopping' | 'stopped';

const DRAIN_POLL_MS = 5;
const DRAIN_TIMEOUT_MS = 30_000;

export function createInlineQueue(options: InlineQueueOptions): JobQueue {
  const { logger } = options;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const maxDeadLetters = options.maxDeadLetters ?? DEFAULT_MAX_DEAD_LETTERS;
  const lanes = new Map<string, Lane>();
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

  function add(lane: Lane, job: InlineJob, delayMs: number): void {
    lane.live.add(job.id);
    if (delayMs > 0) {
      schedule(lane, job, delayMs);
      return;
    }
    lane.waiting.push(job);
    pump(lane);
  }

  function schedule(lane: Lane, job: InlineJob, delayMs: number): void {
    const timer = setTimeout(() => {
      lane.delayed.delete(job.id);
      lane.waiting.push(job);
      pump(lane);
    }, delayMs);
    timer.unref();
    lane.delayed.set(job.id, { job, dueAt: Date.now() + delayMs, timer });
  }

  function pump(lane: Lane): void {
    if (state !== 'started') return;
    while (lane.running.size < lane.def.concurrency) {
      const job = lane.waiting.shift();
      if (!job) return;
      job.runs += 1;
      // Started on the next microtask, so `running` already counts this job if the handler enqueues synchronously.
      const run = Promise.resolve()
        .then(() => execute(lane, job))
        .catch((err: unknown) => {
          // execute() catches handler errors itself; this only guards against a throwing logger.
          logger.error({ err, job: lane.def.name, jobId: job.id }, 'job bookkeeping failed');
          lane.live.delete(job.id);
        })
        .finally(() => {
          lane.running.delete(job.id);
          pump(lane);
        });
      lane.running.set(job.id, run);
    }
  }

  async function execute(lane: Lane, job: InlineJob): Promise<void> {
    const { def } = lane;
    const attempt = job.runs;
    const stored = parseStoredPayload(def, job.payload);
    if (!stored.ok) {
      // Retrying cannot make a payload valid: straight to the dead letters, as BullMQ does with UnrecoverableError.
      bury(lane, job, `invalid payload: ${stored.problems}`);
      return;
    }
    try {
      await def.handle(stored.payload, { jobId: job.id, attempt, name: def.name });
    } catch (err) {
      const message = errorMessage(err);
      if (attempt >= def.attempts) {
        bury(lane, job, message);
        return;
      }
      if (state !== 'started') {
        lane.live.delete(job.id);
        logger.warn({ job: def.name, jobId: job.id, attempt, err }, 'job failed during shutdown; its retry is dropped');
        return;
      }
      const delayMs = backoffDelayMs(def.backoffMs, attempt);
      logger.warn({ job: def.name, jobId: job.id, attempt, retryInMs: delayMs, err }, 'job failed; will retry');
      schedule(lane, job, delayMs);
      return;
    }
    lane.live.delete(job.id);
    logger.debug({ job: def.name, jobId: job.id, attempt }, 'job done');
  }

  function bury(lane: Lane, job: InlineJob, error: string): void {
    lane.live.delete(job.id);
    lane.dead.delete(job.id);
    lane.dead.set(job.id, {
      id: deadLetterId(lane.def.name, job.id),
      name: lane.def.name,
      payload: job.payload,
      error,
      attempts: job.runs,
      failedAt: new Date(),
    });
    logger.error({ job: lane.def.name, jobId: job.id, attempts: job.runs, error }, 'job failed for good: dead letter');
    for (const [oldest, letter] of lane.dead) {
      if (lane.dead.size <= maxDeadLetters) break;
      lane.dead.delete(oldest);
      logger.warn({ job: lane.def.name, deadLetter: letter.id }, 'dead-letter list full; oldest dropped');
    }
  }

  function tick(lane: Lane): void {
    if (state !== 'started') return;
    const previous = lane.repeatJobId;
    if (previous !== undefined && lane.live.has(previous)) {
      logger.debug({ job: lane.def.name, jobId: previous }, 'repeating job still running; tick skipped');
      return;
    }
    // Same id shape as BullMQ's job schedulers, so logs read alike on both drivers.
    const id = `repeat:${lane.def.name}:${Date.now()}`;
    try {
      // register() checked that the schema accepts {}, so this only throws if the schema itself is broken.
      const payload = toWirePayload(lane.def, {});
      lane.repeatJobId = id;
      add(lane, { id, payload, runs: 0 }, 0);
    } catch (err) {
      logger.error({ job: lane.def.name, err }, 'repeating job could not be enqueued');
    }
  }

  function isBusy(now: number): boolean {
    for (const lane of lanes.values()) {
      if (lane.waiting.length > 0 || lane.running.size > 0) return true;
      for (const { dueAt } of lane.delayed.values()) if (dueAt <= now) return true;
    }
    return false;
  }

  return {
    driver: 'inline',

    register<P>(def: JobDefinition<P>): void {
      if (state !== 'idle') throw new Error(`Job ${def.name}: register() must be called before start()`);
      const resolved = resolveJobDefinition(def);
      if (lanes.has(resolved.name)) throw new Error(`Job ${resolved.name} is already registered`);
      lanes.set(resolved.name, {
        def: resolved,
        waiting: [],
        delayed: new Map(),
        running: new Map(),
        live: new Set(),
        dead: new Map(),
        repeatTimer: undefined,
        repeatJobId: undefined,
      });
    },

    async enqueue<P>(name: string, payload: P, opts: EnqueueOptions = {}) {
      assertUsable();
      const lane = laneOf(name);
      if (opts.jobId !== undefined) assertJobId(opts.jobId);
      assertDelayMs(opts.delayMs);
      const wire = toWirePayload(lane.def, payload);
      const id = opts.jobId ?? randomUUID();
      if (lane.live.has(id)) return { jobId: id, deduplicated: true };
      if (lane.dead.has(id)) {
        logger.warn({ job: name, jobId: id }, 'enqueue skipped: this job id is a dead letter until it is retried');
        return { jobId: id, deduplicated: true };
      }
      add(lane, { id, payload: wire, runs: 0 }, opts.delayMs ?? 0);
      return { jobId: id, deduplicated: false };
    },

    async start() {
      if (state !== 'idle') throw new Error(`The job queue cannot start: it is ${state}`);
      state = 'started';
      for (const lane of lanes.values()) {
        const every = lane.def.repeatEveryMs;
        if (every !== undefined) {
          lane.repeatTimer = setInterval(() => tick(lane), every);
          lane.repeatTimer.unref();
          tick(lane);
        }
        pump(lane);
      }
    },

    stop() {
      stopping ??= (async () => {
        state = 'stopping';
        let dropped = 0;
        for (const lane of lanes.values()) {
          clearInterval(lane.repeatTimer);
          for (const { job, timer } of lane.delayed.values()) {
            clearTimeout(timer);
            lane.live.delete(job.id);
          }
          for (const job of lane.waiting) lane.live.delete(job.id);
          dropped += lane.delayed.size + lane.waiting.length;
          lane.delayed.clear();
          lane.waiting.length = 0;
        }
        if (dropped > 0)
          logger.info({ dropped }, 'job queue stopped; pending jobs dropped (the sweepers re-enqueue due work)');
        const running = [...lanes.values()].flatMap((lane) => [...lane.running.values()]);
        if (!(await settlesWithin(Promise.all(running), shutdownTimeoutMs))) {
          logger.warn({ running: running.length, shutdownTimeoutMs }, 'job handlers still running at shutdown timeout');
        }
        state = 'stopped';
      })();
      return stopping;
    },

    async deadLetters(limit = DEFAULT_DEAD_LETTER_LIMIT) {
      // Newest first within each name, so letters failing in the same millisecond stay newest first after the sort.
      const all = [...lanes.values()].flatMap((lane) => [...lane.dead.values()].reverse());
      all.sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime());
      // Copies, so a caller cannot edit the payload a retry would run with.
      return all.slice(0, Math.max(0, limit)).map((letter) => ({
        ...letter,
        payload: structuredClone(letter.payload),
        failedAt: new Date(letter.failedAt),
      }));
    },

    async retryDeadLetter(id: string) {
      assertUsable();
      const parsed = parseDeadLetterId(id);
      const lane = parsed && lanes.get(parsed.name);
      const letter = parsed && lane?.dead.get(parsed.jobId);
      if (!parsed || !lane || !letter) return false;
      lane.dead.delete(parsed.jobId);
      add(lane, { id: parsed.jobId, payload: letter.payload, runs: 0 }, 0);
      logger.info({ job: lane.def.name, jobId: parsed.jobId }, 'dead letter retried');
      return true;
    },

    async ping() {
      assertUsable();
    },

    async drain() {
      if (state !== 'started') throw new Error('drain() needs a started queue, or it would wait forever');
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while (isBusy(Date.now())) {
        if (Date.now() > deadline) throw new Error(`The job queue did not drain within ${DRAIN_TIMEOUT_MS} ms`);
        await sleep(DRAIN_POLL_MS);
      }
    },
  };
}
