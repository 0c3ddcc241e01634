import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SUPPORTED_CURRENCIES, currencyExponent, type CurrencyCode } from './currency.js';
import { MoneyError, type MoneyErrorCode } from './errors.js';
import { INT8_MAX, INT8_MIN } from './int8.js';
import {
  add,
  compare,
  equals,
  fromMinorUnits,
  isNegative,
  isZero,
  max,
  microsPerMinorUnit,
  min,
  money,
  negate,
  subtract,
  toMinorUnitsFloor,
  type Money,
} from './money.js';

const currencyArb = fc.constantFrom(...SUPPORTED_CURRENCIES);
const microsArb = fc.bigInt({ min: INT8_MIN, max: INT8_MAX });
const moneyArb = fc.tuple(microsArb, currencyArb).map(([micros, currency]) => money(micros, currency));

function codeOf(fn: () => unknown): MoneyErrorCode {
  try {
    fn();
  } catch (error) {
    if (error instanceof MoneyError) return error.code;
    throw error;
  }
  throw new Error('expected a MoneyError');
}

describe('money()', () => {
  test('builds a frozen value', () => {
    const m = money(120_625_000n, 'USD');
    expect(m).toEqual({ micros: 120_625_000n, currency: 'USD' });
    expect(Object.isFrozen(m)).toBe(true);
  });

  test.each([
    ['a JS number', () => money(5 as unknown as bigint, 'USD'), 'INVALID_AMOUNT'],
    ['a string amount', () => money('5' as unknown as bigint, 'USD'), 'INVALID_AMOUNT'],
    ['above int8', () => money(INT8_MAX + 1n, 'USD'), 'OVERFLOW'],
    ['below the symmetric int8 bound', () => money(INT8_MIN - 1n, 'USD'), 'OVERFLOW'],
    ['an unknown currency', () => money(1n, 'ABC' as CurrencyCode), 'INVALID_CURRENCY'],
    ['a lower-case currency', () => money(1n, 'usd' as CurrencyCode), 'INVALID_CURRENCY'],
  ] as const)('refuses %s', (_name, fn, code) => expect(codeOf(fn)).toBe(code));

  test('accepts both int8 bounds', () => {
    expect(money(INT8_MAX, 'USD').micros).toBe(INT8_MAX);
    expect(money(INT8_MIN, 'USD').micros).toBe(INT8_MIN);
  });
});

describe('minor units', () => {
  test.each([
    [1234n, 'USD', 12_340_000n],
    [-1234n, 'USD', -12_340_000n],
    [120n, 'JPY', 120_000_000n],
    [1234n, 'KWD', 1_234_000n],
    [0n, 'EUR', 0n],
  ] as const)('fromMinorUnits(%s, %s) = %s micros', (minor, currency, micros) => {
    expect(fromMinorUnits(minor, currency).micros).toBe(micros);
  });

  test('fromMinorUnits refuses what would overflow int8 once in micros', () => {
    expect(codeOf(() => fromMinorUnits(INT8_MAX / 10_000n + 1n, 'USD'))).toBe('OVERFLOW');
  });

  test.each([
    [120_625_000n, 'USD', 12_062n, 5_000n],
    [120_629_999n, 'USD', 12_062n, 9_999n],
    [9_999n, 'USD', 0n, 9_999n],
    [-120_625_000n, 'USD', -12_062n, -5_000n],
    [-9_999n, 'USD', 0n, -9_999n],
    [120_999_999n, 'JPY', 120n, 999_999n],
    [1_234_567n, 'KWD', 1_234n, 567n],
    [-1_234_567n, 'BHD', -1_234n, -567n],
    [0n, 'CLP', 0n, 0n],
  ] as const)('toMinorUnitsFloor(%s %s) = %s minor + %s micros', (micros, currency, minor, remainder) => {
    expect(toMinorUnitsFloor(money(micros, currency))).toEqual({ minor, remainderMicros: remainder });
  });

  test.each([
    ['USD', 10_000n],
    ['JPY', 1_000_000n],
    ['KWD', 1_000n],
  ] as const)('microsPerMinorUnit(%s) = %s', (currency, expected) => {
    expect(microsPerMinorUnit(currency)).toBe(expected);
  });

  test('property: minor × 10^(6−exp) + remainder == micros, |remainder| below one minor unit, sign kept', () => {
    fc.assert(
      fc.property(moneyArb, (m) => {
        const { minor, remainderMicros } = toMinorUnitsFloor(m);
        const perMinor = 10n ** BigInt(6 - currencyExponent(m.currency));
        expect(minor * perMinor + remainderMicros).toBe(m.micros);
        expect(remainderMicros < perMinor && remainderMicros > -perMinor).toBe(true);
        // Never pays out (or claws back) more than the amount itself.
        expect(m.micros >= 0n ? remainderMicros >= 0n : remainderMicros <= 0n).toBe(true);
        expect(toMinorUnitsFloor(negate(m))).toEqual({ minor: -minor, remainderMicros: -remainderMicros });
      }),
    );
  });

  test('property: fromMinorUnits then toMinorUnitsFloor gives the minor units back with no remainder', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), currencyArb, (minor, currency) => {
        expect(toMinorUnitsFloor(fromMinorUnits(minor, currency))).toEqual({ minor, remainderMicros: 0n });
      }),
    );
  });
});

describe('arithmetic', () => {
  const usd = (micros: bigint): Money => money(micros, 'USD');

  test.each([
    ['add', () => add(usd(1n), usd(2n)), 3n],
    ['add negatives', () => add(usd(-5n), usd(2n)), -3n],
    ['subtract', () => subtract(usd(1n), usd(2n)), -1n],
    ['negate', () => negate(usd(7n)), -7n],
    ['negate zero', () => negate(usd(0n)), 0n],
    ['negate the int8 minimum', () => negate(usd(INT8_MIN)), INT8_MAX],
    ['min', () => min(usd(3n), usd(-1n), usd(2n)), -1n],
    ['max', () => max(usd(3n), usd(-1n), usd(2n)), 3n],
    ['min of one', () => min(usd(4n)), 4n],
  ] as const)('%s', (_name, fn, micros) => {
    expect(fn()).toEqual(usd(micros));
  });

  test.each([
    [1n, 2n, -1],
    [2n, 2n, 0],
    [3n, 2n, 1],
    [-3n, 2n, -1],
  ] as const)('compare(%s, %s) = %i', (a, b, expected) => {
    expect(compare(usd(a), usd(b))).toBe(expected);
    expect(equals(usd(a), usd(b))).toBe(expected === 0);
  });

  test('isZero / isNegative', () => {
    expect([isZero(usd(0n)), isZero(usd(1n)), isNegative(usd(-1n)), isNegative(usd(0n))]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  test.each([
    ['add', () => add(usd(INT8_MAX), usd(1n))],
    ['add below', () => add(usd(INT8_MIN), usd(-1n))],
    ['subtract', () => subtract(usd(INT8_MIN), usd(1n))],
  ] as const)('%s past int8 throws OVERFLOW', (_name, fn) => expect(codeOf(fn)).toBe('OVERFLOW'));

  test('property: mixed currencies are refused by every binary operation', () => {
    const pairArb = fc
      .tuple(currencyArb, currencyArb)
      .filter(([a, b]) => a !== b)
      .chain(([a, b]) =>
        fc.tuple(
          microsArb.map((x) => money(x, a)),
          microsArb.map((x) => money(x, b)),
        ),
      );
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        for (const op of [add, subtract, compare, equals, min, max] as const) {
          expect(codeOf(() => op(a, b))).toBe('CURRENCY_MISMATCH');
        }
        expect(codeOf(() => min(a, a, b))).toBe('CURRENCY_MISMATCH');
      }),
    );
  });

  test('the mismatch message names both currencies', () => {
    expect(() => add(usd(1n), money(1n, 'EUR'))).toThrow('Cannot add USD and EUR');
  });

  test('property: add and subtract are inverse, commutative, and match bigint arithmetic', () => {
    const smallArb = fc.bigInt({ min: INT8_MIN / 2n, max: INT8_MAX / 2n });
    fc.assert(
      fc.property(smallArb, smallArb, currencyArb, (x, y, currency) => {
        const a = money(x, currency);
        const b = money(y, currency);
        expect(add(a, b).micros).toBe(x + y);
        expect(add(a, b)).toEqual(add(b, a));
        expect(subtract(add(a, b), b)).toEqual(a);
        expect(compare(a, b) + compare(b, a)).toBe(0);
        expect(min(a, b).micros <= max(a, b).micros).toBe(true);
      }),
    );
  });
});
