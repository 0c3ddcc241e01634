// Job queue port (DESIGN §6). Two interchangeable drivers sit behind it: the in-process queue of the one-machine
// install and BullMQ on Redis for production, chosen once by REDIS_URL (see index.ts). Business code registers the
// same job definitions on either and never asks which one it got.
//
// Rules every job follows, whatever the driver:
// - Jobs carry ids, never state. The payload travels as JSON (Dates become strings, bigint is refused), so it is
//   validated after a JSON round trip on enqueue, and again before the handler runs.
// - Handlers re-read the database, re-check state and are idempotent: any job may run more than once (a retry after
//   a crash, a stalled job taken over by another worker, a dead letter retried by hand).
// - A repeating "sweeper" re-enqueues work that is due but stuck, so a lost enqueue (the in-process queue forgets
//   its jobs on restart) delays work but never loses it.

import type { ZodType } from 'zod';

export type JobContext = {
  /** The id of this job: the caller's `jobId` when one was given, else generated. Stable across retries. */
  jobId: string;
  /** 1-based: 1 on the first run, 2 on the first retry, ... */
  attempt: number;
  name: string;
};

export type JobDefinition<P> = {
  /** Lowercase dotted words, e.g. 'ledger.reconcile' or 'metrics.poll-post'. Unique per queue. */
  name: string;
  /** Validated on enqueue AND before the handler runs; the handler receives the parsed value (defaults applied). */
  payload: ZodType<P>;
  handle(payload: P, ctx: JobContext): Promise<void>;
  /** Total runs before the job becomes a dead letter; default 5. */
  attempts?: number;
  /** Base of the exponential backoff, default 1000: after failed attempt n the job waits base * 2^(n-1) ms. */
  backoffMs?: number;
  /** Handlers of this name running at once in one process (default 1). Replicas of the worker multiply it. */
  concurrency?: number;
  /**
   * Makes it a repeating job (the sweeper pattern): it runs on start() and then every `repeatEveryMs`, with `{}` as
   * its payload (so the schema must accept `{}`), and never overlaps itself, not even across worker replicas.
   */
  repeatEveryMs?: number;
};

export type DeadLetter = {
  /** `<job name>/<job id>`: job ids are only unique per name. Pass it to retryDeadLetter. */
  id: string;
  name: string;
  payload: unknown;
  /** The message of the error thrown by the last attempt. */
  error: string;
  attempts: number;
  failedAt: Date;
};

export type EnqueueOptions = {
  /**
   * Deduplication key and job id. While a job with this id is waiting, delayed (including between retries) or
   * running, enqueueing it again adds nothing and answers `deduplicated: true`. A dead letter holds its id too, until
   * it is retried: a job that failed for good is parked for a person to look at, not silently re-run by the next
   * sweep. Once a job has succeeded, its id is free again.
   * Allowed characters: A-Z a-z 0-9 . _ - (at most 200, not only digits), the same on every driver.
   */
  jobId?: string;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
};

export type JobQueue = {
  readonly driver: 'inline' | 'bullmq';
  /** Before start(). Throws on a second definition with the same name or on invalid options. */
  register<P>(def: JobDefinition<P>): void;
  /**
   * Throws UnknownJobError for a name that was not registered, InvalidJobPayloadError for a payload its schema
   * rejects, InvalidJobIdError for a malformed jobId. Works before start(): a process that only produces jobs (the
   * HTTP API in production) registers the definitions and never starts.
   */
  enqueue<P>(name: string, payload: P, opts?: EnqueueOptions): Promise<{ jobId: string; deduplicated: boolean }>;
  /** Starts the workers and the repeating schedules. Once per queue. */
  start(): Promise<void>;
  /**
   * Graceful: stops taking jobs, waits for running handlers (up to the driver's shutdown timeout, after which they
   * are abandoned and will be retried), then closes connections. The queue cannot be used afterwards.
   */
  stop(): Promise<void>;
  /** Newest first. */
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /** Puts a dead letter back in the queue with a fresh set of attempts; false when there is no such dead letter. */
  retryDeadLetter(id: string): Promise<boolean>;
  /** Throws when the backend is unreachable (for /readyz). */
  ping(): Promise<void>;
  /** Test helper: resolves when no job is waiting, delayed-and-due, or running. */
  drain?(): Promise<void>;
};

/** Identity at runtime; it exists so a definition is type-checked against its own payload schema. */
export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}
