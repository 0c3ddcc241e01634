import { MoneyError } from './errors.js';

/**
 * Amounts live in PostgreSQL `int8` columns. The bound is symmetric (±(2^63 − 1)): PostgreSQL's own minimum,
 * −2^63, is excluded so that negating any valid amount is always valid too.
 */
export const INT8_MAX = 9_223_372_036_854_775_807n;
export const INT8_MIN = -INT8_MAX;

export function fitsInt8(value: bigint): boolean {
  return value >= INT8_MIN && value <= INT8_MAX;
}

/** Throws OVERFLOW unless `value` fits; `what` names the quantity in the message. */
export function assertInt8(value: bigint, what: string): bigint {
  if (!fitsInt8(value)) {
    throw new MoneyError('OVERFLOW', `${what} ${value} does not fit a PostgreSQL int8 (±${INT8_MAX})`);
  }
  return value;
}

/** Throws INVALID_AMOUNT unless `value` is a bigint: a JS number must never carry an amount. */
export function assertBigint(value: unknown, what: string): asserts value is bigint {
  if (typeof value !== 'bigint') {
    throw new MoneyError('INVALID_AMOUNT', `${what} must be a bigint, got ${describe(value)}`);
  }
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return `the number ${value}`;
  if (value === null) return 'null';
  return typeof value;
}
