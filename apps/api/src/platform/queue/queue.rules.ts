// What both drivers must agree on, in one place: which names and ids are allowed, the defaults of a definition,
// how a payload travels (JSON) and is checked, how dead letters are named. A rule that lived in one driver only
// would let a job work on one machine and fail in production.

import type { Logger } from 'pino';
import { prettifyError, type ZodType } from 'zod';

import { InvalidJobIdError, InvalidJobPayloadError } from './queue.errors.js';
import type { JobContext, JobDefinition } from './queue.port.js';

/** The slice of a pino logger the queue uses, so callers can hand in a child logger. */
export type QueueLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;
export const DEFAULT_CONCURRENCY = 1;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** Per job name. Past it the oldest dead letters are dropped: the sweeper still re-enqueues work that is due. */
export const DEFAULT_MAX_DEAD_LETTERS = 1000;
export const DEFAULT_DEAD_LETTER_LIMIT = 100;

// Dots separate words ('ledger.reconcile'); no ':' because BullMQ builds Redis keys from it, no '/' because a
// dead letter id is '<name>/<job id>'.
const JOB_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;
const MAX_JOB_NAME_LENGTH = 100;
// BullMQ refuses custom ids that look like integers or contain ':'; the same rule on the inline driver keeps an id
// that works on one machine from failing in production.
const JOB_ID = /^[A-Za-z0-9._-]{1,200}$/;
const ONLY_DIGITS = /^[0-9]+$/;

/** A definition with its defaults applied and its payload type erased, as the drivers store it. */
export type ResolvedJob = {
  name: string;
  payload: ZodType<unknown>;
  handle(payload: unknown, ctx: JobContext): Promise<void>;
  attempts: number;
  backoffMs: number;
  concurrency: number;
  repeatEveryMs: number | undefined;
};

/** Applies the defaults and throws a TypeError for a definition no driver could run as written. */
export function resolveJobDefinition<P>(def: JobDefinition<P>): ResolvedJob {
  const { name } = def;
  if (typeof name !== 'string' || name.length > MAX_JOB_NAME_LENGTH || !JOB_NAME.test(name)) {
    throw new TypeError(
      `Job name ${JSON.stringify(name)} must be lowercase dotted words such as 'ledger.reconcile' (at most ${MAX_JOB_NAME_LENGTH} characters)`,
    );
  }
  const attempts = def.attempts ?? DEFAULT_ATTEMPTS;
  const backoffMs = def.backoffMs ?? DEFAULT_BACKOFF_MS;
  const concurrency = def.concurrency ?? DEFAULT_CONCURRENCY;
  const { repeatEveryMs } = def;
  assertInteger(name, 'attempts', attempts, 1);
  assertInteger(name, 'backoffMs', backoffMs, 0);
  assertInteger(name, 'concurrency', concurrency, 1);
  if (repeatEveryMs !== undefined) {
    assertInteger(name, 'repeatEveryMs', repeatEveryMs, 1);
    // A repeating job is a sweeper: two sweeps at once would race each other for the same rows.
    if (concurrency !== 1) throw new TypeError(`Job ${name}: a repeating job runs one at a time (concurrency 1)`);
    if (!def.payload.safeParse({}).success) {
      throw new TypeError(`Job ${name}: a repeating job is enqueued with {} as its payload, which its schema rejects`);
    }
  }
  return {
    name,
    payload: def.payload,
    // The payload reaching here has been parsed by def.payload, so it is a P.
    handle: (payload, ctx) => def.handle(payload as P, ctx),
    attempts,
    backoffMs,
    concurrency,
    repeatEveryMs,
  };
}

function assertInteger(job: string, field: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new TypeError(`Job ${job}: ${field} must be an integer >= ${min}, got ${String(value)}`);
  }
}

export function assertJobId(jobId: string): void {
  if (typeof jobId !== 'string' || !JOB_ID.test(jobId) || ONLY_DIGITS.test(jobId))
    throw new InvalidJobIdError(String(jobId));
}

export function assertDelayMs(delayMs: number | undefined): void {
  if (delayMs === undefined) return;
  if (!Number.isSafeInteger(delayMs) || delayMs < 0) {
    throw new RangeError(`delayMs must be an integer >= 0, got ${String(delayMs)}`);
  }
}

/**
 * The payload as the handler will see it: after a JSON round trip (what BullMQ stores in Redis, and what the inline
 * driver imitates so that a Date or a class instance fails here on both drivers, not in production only), checked
 * against the schema. Throws InvalidJobPayloadError.
 */
export function toWirePayload(job: ResolvedJob, payload: unknown): unknown {
  let wire: unknown;
  try {
    const json = JSON.stringify(payload);
    if (json === undefined) throw new TypeError('the payload has no JSON form');
    wire = JSON.parse(json);
  } catch (err) {
    throw new InvalidJobPayloadError(job.name, `not JSON-serialisable (${errorMessage(err)})`);
  }
  const checked = job.payload.safeParse(wire);
  if (!checked.success) throw new InvalidJobPayloadError(job.name, prettifyError(checked.error));
  return wire;
}

/** Re-checks a stored payload right before the handler runs: the schema may have changed since it was enqueued. */
export function parseStoredPayload(
  job: ResolvedJob,
  stored: unknown,
): { ok: true; payload: unknown } | { ok: false; problems: string } {
  const checked = job.payload.safeParse(stored);
  if (!checked.success) return { ok: false, problems: prettifyError(checked.error) };
  return { ok: true, payload: checked.data };
}

/** The wait after failed attempt n (1-based): base * 2^(n-1), the same curve as BullMQ's 'exponential' backoff. */
export function backoffDelayMs(backoffMs: number, failedAttempt: number): number {
  return Math.round(backoffMs * 2 ** (failedAttempt - 1));
}

export function deadLetterId(name: string, jobId: string): string {
  return `${name}/${jobId}`;
}

/** Null for anything that is not '<valid name>/<non-empty id>'. */
export function parseDeadLetterId(id: string): { name: string; jobId: string } | null {
  if (typeof id !== 'string') return null;
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return null;
  const name = id.slice(0, slash);
  if (!JOB_NAME.test(name)) return null;
  return { name, jobId: id.slice(slash + 1) };
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

/** Resolves after `ms` without keeping the process alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Whether `promise` settled within `ms`. Never rejects. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Settles like `promise`, or rejects with `message` after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
