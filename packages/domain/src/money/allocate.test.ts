import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { allocate, allocateMoney } from './allocate.js';
import { MoneyError, type MoneyErrorCode } from './errors.js';
import { INT8_MAX, INT8_MIN } from './int8.js';
import { money } from './money.js';

function codeOf(fn: () => unknown): MoneyErrorCode {
  try {
    fn();
  } catch (error) {
    if (error instanceof MoneyError) return error.code;
    throw error;
  }
  throw new Error('expected a MoneyError');
}

describe('allocate', () => {
  test.each<[bigint, bigint[], bigint[]]>([
    [100n, [1n, 1n], [50n, 50n]],
    [5n, [70n, 30n], [4n, 1n]], // 3.5 / 1.5: tie on .5 goes to the lower index
    [100n, [1n, 1n, 1n], [34n, 33n, 33n]],
    [1n, [1n, 2n], [0n, 1n]], // largest remainder, not index order (dinero.js would give [1n, 0n])
    [2n, [1n, 1n, 1n], [1n, 1n, 0n]],
    [10n, [0n, 1n, 0n, 1n], [0n, 5n, 0n, 5n]],
    [7n, [0n, 3n], [0n, 7n]],
    [0n, [1n, 2n, 3n], [0n, 0n, 0n]],
    [1_000n, [1n], [1_000n]],
    [100n, [3333n, 3333n, 3334n], [33n, 33n, 34n]],
    [-5n, [70n, 30n], [-4n, -1n]],
    [-100n, [1n, 1n, 1n], [-34n, -33n, -33n]],
    [-1n, [1n, 2n], [0n, -1n]],
    [INT8_MAX, [1n, 1n], [4_611_686_018_427_387_904n, 4_611_686_018_427_387_903n]],
  ])('allocate(%s, %s) = %s', (total, ratios, expected) => {
    expect(allocate(total, ratios)).toEqual(expected);
  });

  test.each<[string, () => unknown, MoneyErrorCode]>([
    ['empty ratios', () => allocate(10n, []), 'INVALID_RATIOS'],
    ['a negative ratio', () => allocate(10n, [1n, -1n]), 'INVALID_RATIOS'],
    ['all-zero ratios', () => allocate(10n, [0n, 0n]), 'INVALID_RATIOS'],
    ['a number ratio', () => allocate(10n, [1n, 0.5 as unknown as bigint]), 'INVALID_RATIOS'],
    ['a number total', () => allocate(10 as unknown as bigint, [1n]), 'INVALID_AMOUNT'],
    ['a total beyond int8', () => allocate(INT8_MAX + 1n, [1n]), 'OVERFLOW'],
  ])('refuses %s', (_name, fn, code) => expect(codeOf(fn)).toBe(code));

  test('allocateMoney keeps the currency and sums to the amount', () => {
    expect(allocateMoney(money(1_000_001n, 'EUR'), [1n, 1n])).toEqual([money(500_001n, 'EUR'), money(500_000n, 'EUR')]);
  });
});

describe('allocate properties', () => {
  const totalArb = fc.oneof(fc.bigInt({ min: INT8_MIN, max: INT8_MAX }), fc.bigInt({ min: -1_000n, max: 1_000n }));
  const ratiosArb = fc
    .array(fc.oneof(fc.bigInt({ min: 0n, max: 10n }), fc.bigInt({ min: 0n, max: 10n ** 12n })), {
      minLength: 1,
      maxLength: 12,
    })
    .filter((ratios) => ratios.some((r) => r > 0n));

  test('shares sum to the total, each within 1 of its exact value, zero ratios get 0', () => {
    fc.assert(
      fc.property(totalArb, ratiosArb, (total, ratios) => {
        const shares = allocate(total, ratios);
        const sum = ratios.reduce((a, b) => a + b, 0n);
        expect(shares).toHaveLength(ratios.length);
        expect(shares.reduce((a, b) => a + b, 0n)).toBe(total);
        shares.forEach((share, i) => {
          const ratio = ratios[i] ?? 0n;
          // |share − total·ratio/sum| < 1, kept in integers: |share·sum − total·ratio| < sum.
          const error = share * sum - total * ratio;
          expect(error < sum && error > -sum).toBe(true);
          if (ratio === 0n) expect(share).toBe(0n);
        });
      }),
    );
  });

  test('a negative total mirrors the positive split; scaling ratios changes nothing', () => {
    fc.assert(
      fc.property(totalArb, ratiosArb, fc.bigInt({ min: 1n, max: 1_000n }), (total, ratios, k) => {
        const shares = allocate(total, ratios);
        expect(allocate(-total, ratios)).toEqual(shares.map((s) => -s));
        expect(
          allocate(
            total,
            ratios.map((r) => r * k),
          ),
        ).toEqual(shares);
      }),
    );
  });

  test('largest remainder: a share rounded down never has a larger remainder than one rounded up', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), ratiosArb, (total, ratios) => {
        const shares = allocate(total, ratios);
        const sum = ratios.reduce((a, b) => a + b, 0n);
        const remainders = ratios.map((r) => (total * r) % sum);
        const roundedUp = shares.map((s, i) => s * sum > total * (ratios[i] ?? 0n));
        for (let i = 0; i < ratios.length; i++) {
          for (let j = 0; j < ratios.length; j++) {
            if (roundedUp[i] || !roundedUp[j]) continue;
            const ri = remainders[i] ?? 0n;
            const rj = remainders[j] ?? 0n;
            // i was left down and j went up: j's remainder is larger, or equal with j first.
            expect(rj > ri || (rj === ri && j < i)).toBe(true);
          }
        }
      }),
    );
  });
});
