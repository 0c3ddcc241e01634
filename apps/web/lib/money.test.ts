import { SUPPORTED_CURRENCIES as DOMAIN_CURRENCIES, currencyExponent, parseMicros } from '@creator-rewards/domain';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  CURRENCY_EXPONENTS,
  MAX_MICROS,
  SUPPORTED_CURRENCIES,
  formatMicros,
  microsToDecimal,
  parseAmount,
} from './money';

const micros = (input: string, options?: Parameters<typeof parseAmount>[1]) => {
  const result = parseAmount(input, options);
  return result.ok ? result.micros : result.message;
};

describe('parseAmount reads typed decimals into exact micros', () => {
  test.each([
    ['12.50', 12_500_000n],
    ['0.29', 290_000n],
    ['0.000001', 1n],
    ['1', 1_000_000n],
    [' 7.5 ', 7_500_000n],
    ['.5', 500_000n],
    ['12.', 12_000_000n],
    ['1,250.75', 1_250_750_000n],
    ['1,000,000', 1_000_000_000_000n],
    ['9000000000000', 9_000_000_000_000_000_000n],
    ['0012.5', 12_500_000n],
  ])('%j → %s micros', (input, expected) => {
    expect(micros(input)).toBe(expected);
  });

  test.each([
    ['', 'Enter an amount.'],
    ['   ', 'Enter an amount.'],
    ['0', 'Enter an amount above zero.'],
    ['0.000000', 'Enter an amount above zero.'],
    ['-5', 'Enter the amount without a sign.'],
    ['+5', 'Enter the amount without a sign.'],
    ['1e3', 'Write the digits out (no exponent).'],
    ['12,5', 'Use "." for decimals, e.g. 12.50.'],
    ['1,25,000', 'Use "." for decimals, e.g. 12.50.'],
    ['1.2345678', 'Use at most 6 decimal places.'],
    ['abc', 'Enter a number such as 12.50.'],
    ['.', 'Enter a number such as 12.50.'],
    ['1.2.3', 'Enter a number such as 12.50.'],
    ['$5', 'Enter a number such as 12.50.'],
    ['9000000000000.000001', 'This amount is too large.'],
  ])('%j is refused: %s', (input, message) => {
    expect(micros(input)).toBe(message);
  });

  test('zero is accepted only when asked for (filters)', () => {
    expect(micros('0', { allowZero: true })).toBe(0n);
  });

  test.each([
    ['12.345', 'USD', 'Use at most 2 decimal places in USD.'],
    ['12.5', 'JPY', 'Use a whole number of JPY.'],
    ['1.2345', 'KWD', 'Use at most 3 decimal places in KWD.'],
    ['12.34', 'USD', 12_340_000n],
    ['12', 'JPY', 12_000_000n],
    ['1.234', 'KWD', 1_234_000n],
  ] as const)('charged amounts respect the minor unit: %j %s', (input, currency, expected) => {
    expect(micros(input, { currency })).toBe(expected);
  });

  test('agrees with the domain parser on every plain decimal with up to 6 places', () => {
    const decimal = fc
      .tuple(
        fc.bigInt({ min: 0n, max: 9_000_000_000_000n }),
        fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }),
      )
      .map(([whole, fraction]) => (fraction === undefined ? `${whole}` : `${whole}.${fraction}`));
    fc.assert(
      fc.property(decimal, (text) => {
        const expected = parseMicros(text);
        const result = parseAmount(text, { allowZero: true });
        if (expected > MAX_MICROS) return !result.ok;
        return result.ok && result.micros === expected;
      }),
    );
  });
});

describe('microsToDecimal is the inverse, for prefilling forms', () => {
  test.each([
    ['12500000', '12.5'],
    ['1', '0.000001'],
    ['0', '0'],
    ['1000000', '1'],
    ['-2500000', '-2.5'],
  ])('%s → %s', (input, expected) => {
    expect(microsToDecimal(input)).toBe(expected);
  });

  test('parseAmount(microsToDecimal(x)) === x for any positive amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_MICROS }), (value) => {
        const back = parseAmount(microsToDecimal(value));
        return back.ok && back.micros === value;
      }),
    );
  });
});

describe('formatMicros', () => {
  test.each([
    [12_500_000n, 'USD', 'USD 12.50'],
    [1_234_567_890_000n, 'USD', 'USD 1,234,567.89'],
    [125n, 'USD', 'USD 0.000125'],
    [5_000_000n, 'JPY', 'JPY 5'],
    [1_500_000n, 'KWD', 'KWD 1.500'],
    [-2_000_000n, 'EUR', '-EUR 2.00'],
  ] as const)('%s %s → %s', (value, currency, expected) => {
    expect(formatMicros(value, currency)).toBe(expected);
  });
});

describe('the currency table is the domain’s', () => {
  test('same codes, same exponents', () => {
    expect(SUPPORTED_CURRENCIES).toEqual([...DOMAIN_CURRENCIES]);
    for (const code of DOMAIN_CURRENCIES) expect(CURRENCY_EXPONENTS[code]).toBe(currencyExponent(code));
  });
});
