/**
 * Why a posting failed as a whole. Per-transfer results (applied, duplicate, key_conflict, rejected) are values in
 * PostResult, not errors; these are the failures of a batch, and the few a caller asks for with requireApplied.
 */
export type LedgerPostErrorCode =
  /**
   * The database refused a balance below a floor: the accounts CHECK (ledger_accounts_floor) or the per-entry
   * trigger (ledger_entries_floor). The engine checks every floor before writing, so this means a bug or rows
   * written outside it. The whole batch was rolled back.
   */
  | 'FLOOR_VIOLATION'
  /**
   * The database found a transfer unbalanced, off its kind's plan or across currencies, or a stored balance that
   * does not match its entries (the deferred checks of migration 0004, at COMMIT). A bug; nothing was posted.
   */
  | 'INTEGRITY_VIOLATION'
  /** requireApplied: an idempotency key already holds a different transfer; re-read and recompute. */
  | 'KEY_CONFLICT'
  /** requireApplied: a transfer would take a non-negative account below zero; nothing was posted for it. */
  | 'NEGATIVE_BALANCE'
  /** Deadlocks, serialization failures or lost races kept recurring past the retries: transient, retry later. */
  | 'CONTENTION';

export class LedgerPostError extends Error {
  override readonly name = 'LedgerPostError';

  constructor(
    readonly code: LedgerPostErrorCode,
    message: string,
    readonly details: { constraint?: string; idempotencyKey?: string; accountKey?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isLedgerPostError(value: unknown): value is LedgerPostError {
  return value instanceof LedgerPostError;
}

/**
 * Thrown inside a posting attempt when an idempotency key was inserted by a concurrent transaction between our
 * lookup and our insert (only possible for a transfer on other accounts than ours, since ours are locked). The
 * attempt rolls back and runs again, and then sees the winner's row.
 */
export class LostInsertRace extends Error {
  override readonly name = 'LostInsertRace';
}

/**
 * A database error that the posting function (ledger_post_batch, migrations 0007 and 0009) caught and answered as a value,
 * which is what keeps the caller's transaction usable: the same SQLSTATE, constraint and message as the error it
 * caught, so the mappings below treat it like the driver's own error.
 */
export class LedgerDatabaseError extends Error {
  override readonly name = 'LedgerDatabaseError';

  constructor(
    message: string,
    readonly code: string,
    readonly constraint?: string,
  ) {
    super(message);
  }
}

type PgErrorFields = { code?: unknown; constraint?: unknown; message?: unknown };

/** The driver's error under drizzle's wrapper (DrizzleQueryError keeps it as `cause`), on both drivers. */
export function databaseError(error: unknown): { code: string; constraint?: string; message: string } | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const fields = current as PgErrorFields;
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) {
      return {
        code: fields.code,
        ...(typeof fields.constraint === 'string' ? { constraint: fields.constraint } : {}),
        message: typeof fields.message === 'string' ? fields.message : '',
      };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const RETRYABLE_SQLSTATES = new Set(['40001' /* serialization_failure */, '40P01' /* deadlock_detected */]);

export function isRetryable(error: unknown): boolean {
  if (error instanceof LostInsertRace) return true;
  const db = databaseError(error);
  return db !== undefined && RETRYABLE_SQLSTATES.has(db.code);
}

const FLOOR_CONSTRAINTS = new Set(['ledger_accounts_floor', 'ledger_entries_floor']);
const INTEGRITY_CONSTRAINTS = new Set([
  'ledger_transfer_balanced',
  'ledger_transfer_currency',
  'ledger_transfer_plan',
  'ledger_transfer_sealed',
  'ledger_account_balance',
]);

/** SQLSTATE 23514 of the ledger's own rules as a LedgerPostError; undefined for anything else. */
export function toLedgerPostError(error: unknown): LedgerPostError | undefined {
  const db = databaseError(error);
  if (!db || db.code !== '23514' || !db.constraint) return undefined;
  if (FLOOR_CONSTRAINTS.has(db.constraint)) {
    return new LedgerPostError(
      'FLOOR_VIOLATION',
      `The database refused a balance below zero: ${db.message}`,
      { constraint: db.constraint },
      { cause: error },
    );
  }
  if (INTEGRITY_CONSTRAINTS.has(db.constraint)) {
    return new LedgerPostError(
      'INTEGRITY_VIOLATION',
      `The database refused the batch: ${db.message}`,
      { constraint: db.constraint },
      { cause: error },
    );
  }
  return undefined;
}
