import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MoneyError, type MoneyErrorCode } from './errors.js';
import { INT8_MAX } from './int8.js';
import { earningsMicros, percentOfMicros } from './rate.js';

function codeOf(fn: () => unknown): MoneyErrorCode {
  try {
    fn();
  } catch (error) {
    if (error instanceof MoneyError) return error.code;
    throw error;
  }
  throw new Error('expected a MoneyError');
}

// Up to 10^10 views at up to a $1,000 CPM (10^9 micros per thousand): ≤ 10^16 micros, within int8.
const metricArb = fc.bigInt({ min: 0n, max: 10n ** 10n });
const rateArb = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 5_000n }));

describe('earningsMicros', () => {
  test.each([
    [1_000n, 5_000_000n, 5_000_000n], // 1,000 views at a $5 CPM: $5
    [1n, 5_000_000n, 5_000n],
    [1n, 999n, 0n], // 0.999 micro, floored
    [3n, 333n, 0n],
    [1_234_567n, 2_500_000n, 3_086_417_500n],
    [0n, 5_000_000n, 0n],
    [10n ** 10n, 100_000_000n, 10n ** 15n], // the overflow case from the design notes: past 2^53, exact here
  ])('earnings(%s, %s) = %s', (metric, rate, expected) => {
    expect(earningsMicros(metric, rate)).toBe(expected);
  });

  test.each<[string, () => unknown, MoneyErrorCode]>([
    ['a negative metric', () => earningsMicros(-1n, 1n), 'INVALID_AMOUNT'],
    ['a negative rate', () => earningsMicros(1n, -1n), 'INVALID_AMOUNT'],
    ['a number metric', () => earningsMicros(5 as unknown as bigint, 1n), 'INVALID_AMOUNT'],
    ['a result beyond int8', () => earningsMicros(INT8_MAX, 2_000n), 'OVERFLOW'],
  ])('refuses %s', (_name, fn, code) => expect(codeOf(fn)).toBe(code));

  test('property: monotone in the metric', () => {
    fc.assert(
      fc.property(metricArb, metricArb, rateArb, (a, b, rate) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(earningsMicros(low, rate) <= earningsMicros(high, rate)).toBe(true);
      }),
    );
  });

  test('property: superadditive, earnings(a + b) ≥ earnings(a) + earnings(b), short by under 1 micro', () => {
    fc.assert(
      fc.property(metricArb, metricArb, rateArb, (a, b, rate) => {
        const whole = earningsMicros(a + b, rate);
        const parts = earningsMicros(a, rate) + earningsMicros(b, rate);
        expect(whole >= parts).toBe(true);
        expect(whole - parts <= 1n).toBe(true);
      }),
    );
  });

  test('property: compute from cumulative, post the difference: posts sum to earnings(final) exactly', () => {
    const observationsArb = fc.array(fc.bigInt({ min: 0n, max: 10n ** 7n }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(observationsArb, rateArb, (increments, rate) => {
        let metric = 0n;
        let posted = 0n;
        let naive = 0n;
        for (const increment of increments) {
          metric += increment;
          const delta = earningsMicros(metric, rate) - posted;
          expect(delta >= 0n).toBe(true); // increasing observations never claw back
          posted += delta;
          naive += earningsMicros(increment, rate);
        }
        expect(posted).toBe(earningsMicros(metric, rate));
        // Pricing each increment on its own drifts below the truth.
        expect(naive <= posted).toBe(true);
      }),
    );
  });

  test('property: with falling observations (bots removed) the differences still sum exactly, as clawbacks', () => {
    fc.assert(
      fc.property(fc.array(metricArb, { minLength: 1, maxLength: 20 }), rateArb, (observations, rate) => {
        let posted = 0n;
        let previous = 0n;
        for (const metric of observations) {
          const delta = earningsMicros(metric, rate) - posted;
          if (metric < previous) expect(delta <= 0n).toBe(true);
          posted += delta;
          previous = metric;
        }
        expect(posted).toBe(earningsMicros(observations.at(-1) ?? 0n, rate));
      }),
    );
  });
});

describe('percentOfMicros', () => {
  test.each([
    [1_000_000n, 250n, 25_000n], // 2.5 % of $1
    [1_000_000n, 10_000n, 1_000_000n],
    [1_000_000n, 0n, 0n],
    [399n, 250n, 9n], // 9.975, floored
    [1n, 9_999n, 0n],
    [100_000_000n, 15_000n, 150_000_000n], // a 150 % markup is arithmetic, not an error
  ])('percentOf(%s, %s bp) = %s', (amount, bp, expected) => {
    expect(percentOfMicros(amount, bp)).toBe(expected);
  });

  test.each<[string, () => unknown, MoneyErrorCode]>([
    ['a negative amount', () => percentOfMicros(-1n, 1n), 'INVALID_AMOUNT'],
    ['negative basis points', () => percentOfMicros(1n, -1n), 'INVALID_AMOUNT'],
    ['an amount beyond int8', () => percentOfMicros(INT8_MAX + 1n, 1n), 'OVERFLOW'],
    ['a result beyond int8', () => percentOfMicros(INT8_MAX, 20_000n), 'OVERFLOW'],
  ])('refuses %s', (_name, fn, code) => expect(codeOf(fn)).toBe(code));

  test('property: fee ≤ amount × rate exactly, within 1 micro of it, and fee + rest == amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: INT8_MAX }), fc.bigInt({ min: 0n, max: 10_000n }), (amount, bp) => {
        const fee = percentOfMicros(amount, bp);
        expect(fee * 10_000n <= amount * bp).toBe(true);
        expect(amount * bp - fee * 10_000n < 10_000n).toBe(true);
        expect(fee <= amount).toBe(true);
      }),
    );
  });
});
