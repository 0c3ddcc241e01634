import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { CurrencyCode } from '../money/currency.js';
import { EarningsError } from './errors.js';
import {
  formatUtcDay,
  holdEndsAt,
  lockableMicros,
  payableMicros,
  pendingReason,
  pendingReasons,
  type PendingReasonInput,
} from './hold.js';

const NOW = new Date('2026-11-26T15:30:00Z');

describe('holdEndsAt', () => {
  test.each<[string, number, string]>([
    ['2026-11-26T15:30:00Z', 7, '2026-12-03T15:30:00.000Z'],
    ['2026-11-26T15:30:00Z', 0, '2026-11-26T15:30:00.000Z'],
    ['2026-03-25T12:00:00Z', 7, '2026-04-01T12:00:00.000Z'], // across a European DST change: still 7 × 24 h
    ['2028-02-28T00:00:00Z', 1, '2028-02-29T00:00:00.000Z'],
    ['2026-12-30T23:59:59Z', 2, '2027-01-01T23:59:59.000Z'],
  ])('%s + %s days = %s', (accruedAt, days, expected) => {
    expect(holdEndsAt(new Date(accruedAt), days).toISOString()).toBe(expected);
  });

  test.each<[string, () => unknown]>([
    ['a fractional day', () => holdEndsAt(NOW, 1.5)],
    ['negative days', () => holdEndsAt(NOW, -1)],
    ['more than a year', () => holdEndsAt(NOW, 366)],
    ['an invalid date', () => holdEndsAt(new Date(Number.NaN), 1)],
    ['an end beyond the Date range', () => holdEndsAt(new Date(8.64e15), 1)],
  ])('refuses %s', (_name, fn) => expect(fn).toThrow(EarningsError));
});

describe('formatUtcDay', () => {
  test.each<[string, string | undefined, string]>([
    ['2026-12-03T10:00:00Z', '2026-11-26T00:00:00Z', '3 Dec'],
    ['2027-01-02T10:00:00Z', '2026-12-30T00:00:00Z', '2 Jan 2027'],
    ['2026-05-31T23:59:59Z', '2026-05-01T00:00:00Z', '31 May'], // UTC, whatever the machine's zone
    ['2026-06-01T00:00:00Z', undefined, '1 Jun 2026'],
  ])('%s (now %s) → %s', (date, now, expected) => {
    expect(formatUtcDay(new Date(date), now === undefined ? undefined : new Date(now))).toBe(expected);
  });
});

describe('pendingReason', () => {
  const minimum = { availableMicros: 4_999_999n, payoutMinimumMicros: 5_000_000n, currency: 'USD' } as const;
  test.each<[string, Omit<PendingReasonInput, 'now'>, string[], string | null]>([
    ['nothing in the way', { holdEndsAt: new Date('2026-11-26T15:30:00Z'), kycVerified: true }, [], null],
    ['a hold', { holdEndsAt: new Date('2026-12-03T15:30:00Z') }, ['hold'], 'hold ends 3 Dec'],
    [
      'under review first',
      { underReview: true, holdEndsAt: new Date('2026-12-03T15:30:00Z') },
      ['under_review', 'hold'],
      'under review',
    ],
    ['awaiting KYC', { kycVerified: false }, ['awaiting_kyc'], 'awaiting identity verification'],
    ['below the payout minimum', { payout: minimum }, ['below_payout_minimum'], 'below payout minimum of USD 5.00'],
    [
      'a JPY minimum',
      { payout: { availableMicros: 0n, payoutMinimumMicros: 500_000_000n, currency: 'JPY' } },
      ['below_payout_minimum'],
      'below payout minimum of JPY 500',
    ],
    [
      'a KWD minimum',
      { payout: { availableMicros: -5n, payoutMinimumMicros: 1_250_000n, currency: 'KWD' } },
      ['below_payout_minimum'],
      'below payout minimum of KWD 1.250',
    ],
    ['at the minimum', { payout: { ...minimum, availableMicros: 5_000_000n } }, [], null],
    [
      'everything at once, most decisive first',
      { underReview: true, holdEndsAt: new Date('2027-01-05T00:00:00Z'), kycVerified: false, payout: minimum },
      ['under_review', 'hold', 'awaiting_kyc', 'below_payout_minimum'],
      'under review',
    ],
  ])('%s', (_name, over, reasons, label) => {
    const input = { now: NOW, ...over };
    expect(pendingReasons(input).map((r) => r.reason)).toEqual(reasons);
    expect(pendingReason(input)?.label ?? null).toBe(label);
  });

  test('a hold states its date', () => {
    const until = new Date('2027-01-05T00:00:00Z');
    expect(pendingReason({ now: NOW, holdEndsAt: until })).toEqual({
      reason: 'hold',
      until,
      label: 'hold ends 5 Jan 2027',
    });
  });

  test('refuses an invalid now', () => expect(() => pendingReason({ now: new Date('x') })).toThrow(EarningsError));
});

describe('payableMicros', () => {
  test.each<[bigint, CurrencyCode, bigint | undefined, bigint]>([
    [12_345_678n, 'USD', undefined, 12_340_000n], // sub-cent remainder stays
    [12_345_678n, 'JPY', undefined, 12_000_000n],
    [12_345_678n, 'KWD', undefined, 12_345_000n],
    [9_999n, 'USD', undefined, 0n],
    [-5_000_000n, 'USD', undefined, 0n], // a clawback debt pays nothing
    [4_999_999n, 'USD', 5_000_000n, 0n],
    [5_000_001n, 'USD', 5_000_000n, 5_000_000n],
  ])('%s %s (minimum %s) → %s', (available, currency, minimum, expected) => {
    expect(
      payableMicros({
        availableMicros: available,
        currency,
        ...(minimum === undefined ? {} : { payoutMinimumMicros: minimum }),
      }),
    ).toBe(expected);
  });
});

describe('lockableMicros', () => {
  test.each<[string, bigint, bigint, bigint, bigint, bigint]>([
    // pending, matured, locked, clawed from pending → lockable
    ['nothing matured', 100n, 0n, 0n, 0n, 0n],
    ['all matured', 100n, 100n, 0n, 0n, 100n],
    ['partly locked already', 60n, 100n, 40n, 0n, 60n],
    ['a clawback takes the oldest first', 80n, 100n, 0n, 70n, 30n],
    ['a clawback before a later accrual does not release it early', 100n, 100n, 0n, 100n, 0n],
    ['never more than pending', 10n, 100n, 0n, 0n, 10n],
  ])('%s', (_name, pending, matured, locked, clawed, expected) => {
    expect(
      lockableMicros({
        pendingMicros: pending,
        maturedAccruedMicros: matured,
        lockedMicros: locked,
        clawedBackFromPendingMicros: clawed,
      }),
    ).toBe(expected);
  });

  test('refuses negative sums', () => {
    expect(() =>
      lockableMicros({
        pendingMicros: -1n,
        maturedAccruedMicros: 0n,
        lockedMicros: 0n,
        clawedBackFromPendingMicros: 0n,
      }),
    ).toThrow(EarningsError);
  });

  type Event = { kind: 'accrue' | 'clawback' | 'release'; amount: bigint };
  const eventArb: fc.Arbitrary<Event> = fc.record({
    kind: fc.constantFrom('accrue' as const, 'clawback' as const, 'release' as const),
    amount: fc.bigInt({ min: 1n, max: 1_000n }),
  });

  test('property: with one hold length, the formula equals an exact first-in-first-out queue of held accruals', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), fc.integer({ min: 0, max: 5 }), (events, holdDays) => {
        // The exact model: each accrual is a queue item with its own maturity; clawbacks and locks take from the front.
        const queue: { amount: bigint; maturesOn: number }[] = [];
        let day = 0;
        let locked = 0n;
        let clawed = 0n;
        const accruals: { amount: bigint; maturesOn: number }[] = [];
        const take = (amount: bigint) => {
          let left = amount;
          while (left > 0n && queue.length > 0) {
            const head = queue[0]!;
            const part = head.amount < left ? head.amount : left;
            head.amount -= part;
            left -= part;
            if (head.amount === 0n) queue.shift();
          }
        };
        for (const event of events) {
          day += 1;
          const pending = queue.reduce((s, q) => s + q.amount, 0n);
          if (event.kind === 'accrue') {
            queue.push({ amount: event.amount, maturesOn: day + holdDays });
            accruals.push({ amount: event.amount, maturesOn: day + holdDays });
          } else if (event.kind === 'clawback') {
            const fromPending = event.amount < pending ? event.amount : pending;
            take(fromPending);
            clawed += fromPending;
          } else {
            const matured = accruals.filter((a) => a.maturesOn <= day).reduce((s, a) => s + a.amount, 0n);
            const exact = queue.filter((q) => q.maturesOn <= day).reduce((s, q) => s + q.amount, 0n);
            const formula = lockableMicros({
              pendingMicros: pending,
              maturedAccruedMicros: matured,
              lockedMicros: locked,
              clawedBackFromPendingMicros: clawed,
            });
            expect(formula).toBe(exact);
            take(formula);
            locked += formula;
          }
        }
      }),
    );
  });
});
