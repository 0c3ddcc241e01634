import { MoneyError } from './errors.js';
import { assertBigint, assertInt8 } from './int8.js';

/**
 * What a participant has earned for a cumulative metric total (views, clicks…) at a rate given in micros
 * per 1,000 metric units: `floor(metricTotal × ratePerThousandMicros / 1000)`.
 *
 * Call it with the cumulative total, never with a delta, and post `earnings(now) − earnings(already
 * posted)`: the floor is superadditive (earnings(a + b) ≥ earnings(a) + earnings(b)), so summing per-delta
 * earnings would lose up to a micro per post, whereas differences of cumulative earnings telescope to the
 * exact total. A falling metric gives a negative difference: the clawback.
 *
 * Both inputs must be ≥ 0 (INVALID_AMOUNT) and the result must fit int8 (OVERFLOW).
 */
export function earningsMicros(metricTotal: bigint, ratePerThousandMicros: bigint): bigint {
  nonNegative(metricTotal, 'Metric total');
  nonNegative(ratePerThousandMicros, 'Rate per thousand');
  return assertInt8((metricTotal * ratePerThousandMicros) / 1000n, 'Earnings in micros');
}

/** Basis points in one whole: 10_000 bp = 100 %. */
export const BASIS_POINTS_PER_WHOLE = 10_000n;

/**
 * `floor(amount × basisPoints / 10_000)`, for fees: 250 bp of 1_000_000n is 25_000n.
 *
 * Floored so a fee never exceeds its stated rate; the sub-micro part stays with the payee. As with
 * earnings, compute fees on cumulative amounts and post the difference so flooring never drifts. Both
 * inputs must be ≥ 0 (INVALID_AMOUNT): a fee refund is a difference of two fees, not a fee on a negative
 * amount, which keeps the rounding direction unambiguous. Rates above 10_000 bp are allowed (a markup);
 * limiting fee settings is the caller's policy.
 */
export function percentOfMicros(amount: bigint, basisPoints: bigint): bigint {
  nonNegative(amount, 'Amount');
  nonNegative(basisPoints, 'Basis points');
  assertInt8(amount, 'Amount in micros');
  return assertInt8((amount * basisPoints) / BASIS_POINTS_PER_WHOLE, 'Percentage in micros');
}

function nonNegative(value: bigint, what: string): void {
  assertBigint(value, what);
  if (value < 0n) throw new MoneyError('INVALID_AMOUNT', `${what} must not be negative, got ${value}`);
}
