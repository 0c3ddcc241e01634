import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SUPPORTED_CURRENCIES, type CurrencyCode } from './currency.js';
import { formatMicros, formatMoney } from './format.js';
import { INT8_MAX, INT8_MIN } from './int8.js';
import { money, toMinorUnitsFloor, microsPerMinorUnit } from './money.js';
import { parseMicros, parseMoney } from './parse.js';

const NBSP = '\u00a0';
const currencyArb = fc.constantFrom(...SUPPORTED_CURRENCIES);
const microsArb = fc.oneof(
  fc.bigInt({ min: INT8_MIN, max: INT8_MAX }),
  fc.bigInt({ min: -10_000_000n, max: 10_000_000n }),
  fc.constantFrom(0n, 1n, -1n, INT8_MAX, INT8_MIN, 999_999n, -999_999n, 1_000_000n),
);

// Keeps what parseMicros reads from an en-US display string: digits, the decimal point and the minus sign.
const stripDisplay = (text: string): string => text.replace(/[^0-9.-]/g, '');

describe('formatMicros', () => {
  test.each([
    [120_625_000n, '120.625'],
    [0n, '0'],
    [1n, '0.000001'],
    [-500_000n, '-0.5'],
    [3_000_000n, '3'],
    [INT8_MAX, '9223372036854.775807'],
    [INT8_MIN, '-9223372036854.775807'],
  ])('%s → %j', (micros, text) => expect(formatMicros(micros)).toBe(text));

  test('property: parseMicros ∘ formatMicros is the identity on int8', () => {
    fc.assert(
      fc.property(microsArb, (micros) => {
        expect(parseMicros(formatMicros(micros))).toBe(micros);
      }),
    );
  });
});

describe('formatMoney, en-US', () => {
  test.each<[bigint, CurrencyCode, string, string]>([
    [120_625_000n, 'USD', '$120.62', '$120.625'],
    [120_000_000n, 'USD', '$120.00', '$120.00'],
    [120_500_000n, 'USD', '$120.50', '$120.50'],
    [1_234_567_890_123n, 'USD', '$1,234,567.89', '$1,234,567.890123'],
    [-120_625_000n, 'USD', '-$120.62', '-$120.625'],
    [-500_000n, 'USD', '-$0.50', '-$0.50'],
    [-4_000n, 'USD', '$0.00', '-$0.004'],
    [1n, 'USD', '$0.00', '$0.000001'],
    [0n, 'USD', '$0.00', '$0.00'],
    [120_625_000n, 'EUR', '€120.62', '€120.625'],
    [120_625_000n, 'GBP', '£120.62', '£120.625'],
    [120_625_000n, 'CHF', `CHF${NBSP}120.62`, `CHF${NBSP}120.625`],
    [INT8_MAX, 'USD', '$9,223,372,036,854.77', '$9,223,372,036,854.775807'],
  ])('%s %s → minor %j, exact %j', (micros, currency, minor, exact) => {
    const m = money(micros, currency);
    expect(formatMoney(m)).toBe(minor);
    expect(formatMoney(m, { display: 'minor' })).toBe(minor);
    expect(formatMoney(m, { display: 'exact', locale: 'en-US' })).toBe(exact);
  });
});

describe('zero-decimal currencies', () => {
  test.each<[bigint, CurrencyCode, string, string]>([
    [120_625_000n, 'JPY', '¥120', '¥120.625'],
    [120_000_000n, 'JPY', '¥120', '¥120'],
    [1_234_567_000_000n, 'JPY', '¥1,234,567', '¥1,234,567'],
    [-120_999_999n, 'JPY', '-¥120', '-¥120.999999'],
    [-999_999n, 'JPY', '¥0', '-¥0.999999'],
    [50_000_000_000n, 'KRW', '₩50,000', '₩50,000'],
    [25_000_500_000n, 'VND', '₫25,000', '₫25,000.5'],
    [1_000_000_000n, 'CLP', `CLP${NBSP}1,000`, `CLP${NBSP}1,000`],
    [1_500_000n, 'ISK', `ISK${NBSP}1`, `ISK${NBSP}1.5`],
    [7_000_000_000n, 'UGX', `UGX${NBSP}7,000`, `UGX${NBSP}7,000`],
  ])('%s %s → minor %j, exact %j', (micros, currency, minor, exact) => {
    const m = money(micros, currency);
    expect(formatMoney(m, { display: 'minor' })).toBe(minor);
    expect(formatMoney(m, { display: 'exact' })).toBe(exact);
  });
});

describe('three-decimal currencies', () => {
  test.each<[bigint, CurrencyCode, string, string]>([
    [1_234_567n, 'KWD', `KWD${NBSP}1.234`, `KWD${NBSP}1.234567`],
    [1_234_000n, 'KWD', `KWD${NBSP}1.234`, `KWD${NBSP}1.234`],
    [1_000_000n, 'KWD', `KWD${NBSP}1.000`, `KWD${NBSP}1.000`],
    [-1_234_567n, 'BHD', `-BHD${NBSP}1.234`, `-BHD${NBSP}1.234567`],
    [999n, 'JOD', `JOD${NBSP}0.000`, `JOD${NBSP}0.000999`],
    [12_345_678_900n, 'OMR', `OMR${NBSP}12,345.678`, `OMR${NBSP}12,345.6789`],
    [5_000n, 'TND', `TND${NBSP}0.005`, `TND${NBSP}0.005`],
  ])('%s %s → minor %j, exact %j', (micros, currency, minor, exact) => {
    const m = money(micros, currency);
    expect(formatMoney(m, { display: 'minor' })).toBe(minor);
    expect(formatMoney(m, { display: 'exact' })).toBe(exact);
  });
});

describe('other locales keep symbol, grouping and digits from Intl', () => {
  test.each<[bigint, CurrencyCode, string, 'minor' | 'exact', string]>([
    [1_234_567_890_123n, 'EUR', 'de-DE', 'exact', `1.234.567,890123${NBSP}€`],
    [-500_000n, 'EUR', 'de-DE', 'minor', `-0,50${NBSP}€`],
    [1_234_567_890_000n, 'INR', 'en-IN', 'minor', '₹12,34,567.89'],
    [-1_234_500_000n, 'CHF', 'de-CH', 'exact', "CHF-1'234.50"],
    [120_625_000n, 'JPY', 'ja-JP', 'minor', '￥120'],
  ])('%s %s in %s (%s) → %j', (micros, currency, locale, display, expected) => {
    expect(formatMoney(money(micros, currency), { locale, display })).toBe(expected);
  });

  test('locales with their own digits get them in the fraction too', () => {
    const text = formatMoney(money(1_250_000n, 'USD'), { locale: 'ar-EG', display: 'exact' });
    expect(text).toContain('١٫٢٥');
    expect(text).not.toMatch(/[0-9]/);
  });

  test('an invalid locale is Intl’s RangeError, an unknown display is refused', () => {
    expect(() => formatMoney(money(1n, 'USD'), { locale: 'not a locale!' })).toThrow(RangeError);
    expect(() => formatMoney(money(1n, 'USD'), { display: 'cents' as 'minor' })).toThrow(/Unknown money display/);
  });
});

describe('properties', () => {
  test('parse ∘ format(exact) round-trips every micros value in every currency', () => {
    fc.assert(
      fc.property(microsArb, currencyArb, (micros, currency) => {
        const text = formatMoney(money(micros, currency), { display: 'exact' });
        expect(parseMoney(stripDisplay(text), currency)).toEqual(money(micros, currency));
      }),
    );
  });

  test('format(minor) shows exactly the minor units toMinorUnitsFloor would pay out', () => {
    fc.assert(
      fc.property(microsArb, currencyArb, (micros, currency) => {
        const m = money(micros, currency);
        const shown = parseMicros(stripDisplay(formatMoney(m, { display: 'minor' })));
        expect(shown).toBe(toMinorUnitsFloor(m).minor * microsPerMinorUnit(currency));
      }),
    );
  });
});
