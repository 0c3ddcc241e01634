/**
 * Why a money operation refused to run. Every code is raised by this module only; callers map them to
 * API errors (they are all client mistakes or impossible states, never transient).
 */
export type MoneyErrorCode =
  /** Two amounts in different currencies met in one operation (add, subtract, compare, min, max). */
  | 'CURRENCY_MISMATCH'
  /**
   * An amount is malformed: not a bigint, not a plain decimal string (exponent, commas, spaces, more than
   * 6 decimal places), or negative where only non-negative values make sense (metric totals, rates, fees).
   */
  | 'INVALID_AMOUNT'
  /** A currency code is not in the supported ISO 4217 table (see currency.ts). */
  | 'INVALID_CURRENCY'
  /** Allocation ratios are empty, contain a negative or non-bigint ratio, or are all zero. */
  | 'INVALID_RATIOS'
  /** An amount (input or result) does not fit a PostgreSQL int8 in micro-units; see int8.ts. */
  | 'OVERFLOW';

export class MoneyError extends Error {
  readonly code: MoneyErrorCode;

  constructor(code: MoneyErrorCode, message: string) {
    super(message);
    this.name = 'MoneyError';
    this.code = code;
  }
}

export function isMoneyError(value: unknown): value is MoneyError {
  return value instanceof MoneyError;
}
