/**
 * Why a ledger rule refused to run. All are programming or input mistakes, never transient: a caller maps
 * INVALID_INPUT to a 4xx when the value came from a request, and treats the others as bugs (5xx). A balance
 * that would go negative is not an error but an outcome of applyTransfers (see apply.ts).
 *
 * Money errors (MoneyError OVERFLOW, INVALID_CURRENCY) raised by the money module pass through unchanged.
 */
export type LedgerErrorCode =
  /** An account type, owner id or account key is unknown or malformed (accounts.ts). */
  | 'INVALID_ACCOUNT'
  /**
   * A builder input is malformed (transfers.ts): an amount that is not a positive bigint, a business id that
   * does not match ID_PATTERN, a sequence that is not a non-negative safe integer, a payout or refund amount
   * that is not a whole number of minor units, a fee that leaves nothing for the budget, or extra metadata
   * that collides with a key the builder owns.
   */
  | 'INVALID_INPUT'
  /** An entry's account is in another currency than its transfer (validateTransfer). */
  | 'CURRENCY_MISMATCH'
  /**
   * A transfer breaks the posting rules (validateTransfer): an unknown kind, a malformed idempotency key,
   * fewer than two entries, a zero or non-bigint amount, one account twice, an account type or direction
   * the kind's plan does not allow, or entries that do not sum to zero. Builders never produce one, so
   * seeing it means hand-built or corrupted data.
   */
  | 'INVALID_TRANSFER';

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;

  constructor(code: LedgerErrorCode, message: string) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
  }
}

export function isLedgerError(value: unknown): value is LedgerError {
  return value instanceof LedgerError;
}
