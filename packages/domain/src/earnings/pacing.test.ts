import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { computeAccrual } from './accrual.js';
import { EarningsError } from './errors.js';
import { pacingWindows, windowRemaining, type PacingInput } from './pacing.js';

describe('windowRemaining', () => {
  test.each<[string, PacingInput, bigint | undefined]>([
    ['no caps: no limit', { spentInDayMicros: 5n, spentInHourMicros: 5n }, undefined],
    ['a daily cap', { dailyCapMicros: 100n, spentInDayMicros: 30n, spentInHourMicros: 30n }, 70n],
    ['an hourly cap', { hourlyCapMicros: 10n, spentInDayMicros: 30n, spentInHourMicros: 4n }, 6n],
    [
      'the tighter of both (hourly)',
      { dailyCapMicros: 100n, hourlyCapMicros: 10n, spentInDayMicros: 30n, spentInHourMicros: 0n },
      10n,
    ],
    [
      'the tighter of both (daily)',
      { dailyCapMicros: 100n, hourlyCapMicros: 50n, spentInDayMicros: 95n, spentInHourMicros: 0n },
      5n,
    ],
    ['a cap lowered below what was spent', { dailyCapMicros: 10n, spentInDayMicros: 30n, spentInHourMicros: 0n }, 0n],
    ['a zero cap', { hourlyCapMicros: 0n, spentInDayMicros: 0n, spentInHourMicros: 0n }, 0n],
  ])('%s', (_name, input, expected) => {
    expect(windowRemaining(input)).toBe(expected);
  });

  test.each<[string, PacingInput]>([
    ['a negative spend', { spentInDayMicros: -1n, spentInHourMicros: 0n }],
    ['a negative cap', { dailyCapMicros: -1n, spentInDayMicros: 0n, spentInHourMicros: 0n }],
    ['a number spend', { spentInDayMicros: 0n, spentInHourMicros: 1 as unknown as bigint }],
  ])('refuses %s', (_name, input) => expect(() => windowRemaining(input)).toThrow(EarningsError));
});

describe('pacingWindows', () => {
  test('UTC day and hour around an instant, half-open', () => {
    expect(pacingWindows(new Date('2026-03-29T01:30:00.000Z'))).toEqual({
      dayStart: new Date('2026-03-29T00:00:00.000Z'),
      dayEnd: new Date('2026-03-30T00:00:00.000Z'),
      hourStart: new Date('2026-03-29T01:00:00.000Z'),
      hourEnd: new Date('2026-03-29T02:00:00.000Z'),
    });
  });

  test('an instant on a boundary starts its window', () => {
    const w = pacingWindows(new Date('2026-12-31T00:00:00.000Z'));
    expect(w.dayStart.toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(w.hourStart.toISOString()).toBe('2026-12-31T00:00:00.000Z');
  });

  test('before 1970 too', () => {
    expect(pacingWindows(new Date('1969-07-20T20:17:40Z')).dayStart.toISOString()).toBe('1969-07-20T00:00:00.000Z');
  });

  test('refuses an invalid date', () => expect(() => pacingWindows(new Date('x'))).toThrow(EarningsError));
});

describe('pacing over time', () => {
  test('property: what a window could not pay is paid in later windows while budget remains', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 200_000n }), // the post's metric, already final
        fc.bigInt({ min: 1n, max: 40n }), // how many windows the owed amount spans at most
        fc.bigInt({ min: 0n, max: 500_000_000n }), // budget
        (metric, spread, startBudget) => {
          const rate = 2_000_000n;
          const owed = (metric * rate) / 1000n;
          const hourlyCap = owed / spread + 1n;
          let posted = 0n;
          let budget = startBudget;
          let hours = 0n;
          // One run per UTC hour, each in a fresh window: only the window and the budget hold money back.
          for (;;) {
            const window = windowRemaining({ hourlyCapMicros: hourlyCap, spentInDayMicros: 0n, spentInHourMicros: 0n });
            const r = computeAccrual({
              metricTotal: metric,
              ratePerThousandMicros: rate,
              minimumMetric: 0n,
              alreadyPostedMicros: posted,
              budgetRemainingMicros: budget,
              ...(window === undefined ? {} : { windowRemainingMicros: window }),
              postStatus: 'tracking',
            });
            expect(r.accrueMicros <= hourlyCap).toBe(true);
            expect(r.owedMicros).toBe(owed); // the window never changes what is owed
            if (r.accrueMicros === 0n) break;
            posted += r.accrueMicros;
            budget -= r.accrueMicros;
            hours += 1n;
            expect(hours <= spread).toBe(true);
          }
          const payable = owed < startBudget ? owed : startBudget;
          expect(posted).toBe(payable);
          expect(hours).toBe((payable + hourlyCap - 1n) / hourlyCap);
        },
      ),
    );
  });
});
