// Errors that enqueue() throws on both drivers. They are caller bugs (a job that was never registered, a payload
// that does not match its schema), so they are thrown, not returned: the request that tried to enqueue fails loudly
// instead of losing the job silently.

export type QueueErrorCode =
  /** enqueue() named a job that was not registered on this queue. */
  | 'JOB_UNKNOWN'
  /** enqueue() got a payload its schema rejects, or one that does not survive a JSON round trip. */
  | 'JOB_PAYLOAD_INVALID'
  /** enqueue() got a jobId outside A-Z a-z 0-9 . _ - (1 to 200 characters, not only digits). */
  | 'JOB_ID_INVALID';

export class QueueError extends Error {
  override readonly name: string = 'QueueError';
  readonly code: QueueErrorCode;

  constructor(code: QueueErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export class UnknownJobError extends QueueError {
  override readonly name = 'UnknownJobError';

  readonly jobName: string;

  constructor(jobName: string) {
    super('JOB_UNKNOWN', `No job named ${JSON.stringify(jobName)} is registered on this queue`);
    this.jobName = jobName;
  }
}

export class InvalidJobPayloadError extends QueueError {
  override readonly name = 'InvalidJobPayloadError';

  readonly jobName: string;
  /** A readable list of what failed (paths and messages, never the offending values). */
  readonly problems: string;

  constructor(jobName: string, problems: string) {
    super('JOB_PAYLOAD_INVALID', `Invalid payload for job ${JSON.stringify(jobName)}: ${problems}`);
    this.jobName = jobName;
    this.problems = problems;
  }
}

export class InvalidJobIdError extends QueueError {
  override readonly name = 'InvalidJobIdError';

  readonly jobId: string;

  constructor(jobId: string) {
    super(
      'JOB_ID_INVALID',
      `Job id ${JSON.stringify(jobId.slice(0, 240))} must be 1 to 200 characters of A-Z a-z 0-9 . _ - and not only digits`,
    );
    this.jobId = jobId;
  }
}
