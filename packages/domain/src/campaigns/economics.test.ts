import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { campaignRunway, slotsLeft, type RunwayInput } from './economics.js';
import { CampaignError } from './errors.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const HOUR = 3_600_000;

describe('campaignRunway', () => {
  test.each<[string, Omit<RunwayInput, 'now'>, bigint | null, number | null, string | null]>([
    ['no spend: no projection', { budgetRemainingMicros: 500_000_000n, spentInWindowMicros: 0n }, null, null, null],
    [
      '100 a day, 250 left: 2.5 days',
      { budgetRemainingMicros: 250_000_000n, spentInWindowMicros: 100_000_000n },
      100_000_000n,
      2.5,
      '2026-11-29T00:00:00.000Z',
    ],
    [
      'floored to a tenth: 2.97 days → 2.9',
      { budgetRemainingMicros: 297_000_000n, spentInWindowMicros: 100_000_000n },
      100_000_000n,
      2.9,
      '2026-11-29T11:16:48.000Z',
    ],
    [
      'a 6-hour window scales to a day',
      { budgetRemainingMicros: 120_000_000n, spentInWindowMicros: 10_000_000n, windowMs: 6 * HOUR },
      40_000_000n,
      3,
      '2026-11-29T12:00:00.000Z',
    ],
    [
      'budget spent: runs out now',
      { budgetRemainingMicros: 0n, spentInWindowMicros: 1n },
      1n,
      0,
      '2026-11-26T12:00:00.000Z',
    ],
    [
      'under a tenth of a day',
      { budgetRemainingMicros: 1n, spentInWindowMicros: 100n },
      100n,
      0,
      '2026-11-26T12:14:24.000Z',
    ],
    [
      'a budget near int8 with a tiny burn: days exact-ish, date beyond a Date',
      { budgetRemainingMicros: 9_000_000_000_000_000_000n, spentInWindowMicros: 1n },
      1n,
      9e18,
      null,
    ],
  ])('%s', (_name, input, burn, days, depletes) => {
    const runway = campaignRunway({ ...input, now: NOW });
    expect(runway.burnPerDayMicros).toBe(burn);
    expect(runway.runwayDays).toBe(days);
    expect(runway.depletesAt?.toISOString() ?? null).toBe(depletes);
  });

  test.each<[string, Partial<RunwayInput>]>([
    ['negative remaining', { budgetRemainingMicros: -1n }],
    ['negative spend', { spentInWindowMicros: -1n }],
    ['a number amount', { spentInWindowMicros: 5 as unknown as bigint }],
    ['a zero window', { windowMs: 0 }],
    ['a fractional window', { windowMs: 1.5 }],
    ['an invalid now', { now: new Date(Number.NaN) }],
  ])('throws for %s', (_name, over) => {
    expect(() => campaignRunway({ budgetRemainingMicros: 1n, spentInWindowMicros: 1n, now: NOW, ...over })).toThrow(
      CampaignError,
    );
  });

  test('property: spending the projected burn for the projected days never exceeds what is left', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 1, max: 7 * 24 * HOUR }),
        (remaining, spent, windowMs) => {
          const runway = campaignRunway({
            budgetRemainingMicros: remaining,
            spentInWindowMicros: spent,
            windowMs,
            now: NOW,
          });
          const budgetMs = remaining * BigInt(windowMs);
          expect(runway.burnPerDayMicros).toBe((spent * 86_400_000n) / BigInt(windowMs));
          if (runway.depletesAt === null) {
            // Only when the instant lies past the last moment a Date can hold.
            expect(BigInt(NOW.getTime()) + budgetMs / spent > 8_640_000_000_000_000n).toBe(true);
            return;
          }
          const msLeft = BigInt(runway.depletesAt.getTime() - NOW.getTime());
          // Floored: the projected spend up to depletesAt is ≤ remaining, one more ms would pass it.
          expect(msLeft * spent <= budgetMs).toBe(true);
          expect((msLeft + 1n) * spent > budgetMs).toBe(true);
          expect(runway.runwayDays).toBe(Math.floor(Number(msLeft) / 8_640_000) / 10);
        },
      ),
    );
  });
});

describe('slotsLeft', () => {
  test.each<[number | null, number, number | null]>([
    [null, 0, null],
    [null, 1000, null],
    [10, 0, 10],
    [10, 3, 7],
    [10, 10, 0],
    [10, 12, 0], // limit lowered under the count
    [0, 0, 0],
  ])('max %s, taken %s → %s', (max, taken, expected) => {
    expect(slotsLeft(max, taken)).toBe(expected);
  });

  test.each<[number | null, number]>([
    [10, -1],
    [10, 1.5],
    [-1, 0],
    [2.5, 0],
    [null, Number.NaN],
  ])('throws for max %s, taken %s', (max, taken) => {
    expect(() => slotsLeft(max, taken)).toThrow(CampaignError);
  });
});
