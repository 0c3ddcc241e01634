import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  SUPPORTED_CURRENCIES,
  currencyExponent,
  isCurrencyCode,
  parseCurrency,
  type CurrencyCode,
} from './currency.js';
import { MoneyError } from './errors.js';

const twoDecimal = 'USD EUR GBP CAD AUD NZD CHF SEK NOK DKK PLN CZK BRL MXN INR SGD HKD ZAR AED'.split(' ');
const required: ReadonlyArray<[string, number]> = [
  ...twoDecimal.map((code): [string, number] => [code, 2]),
  ...['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX'].map((code): [string, number] => [code, 0]),
  ...['KWD', 'BHD', 'JOD', 'OMR', 'TND'].map((code): [string, number] => [code, 3]),
];

describe('currency table', () => {
  test.each(required)('%s has exponent %i', (code, exponent) => {
    if (!isCurrencyCode(code)) throw new Error(`${code} is not supported`);
    expect(currencyExponent(code)).toBe(exponent);
  });

  // An independent source: the CLDR data shipped with Node's ICU agrees with every exponent we list.
  test.each(SUPPORTED_CURRENCIES.map((c) => [c]))('%s agrees with CLDR currency digits', (code) => {
    const cldr = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions();
    expect(currencyExponent(code)).toBe(cldr.maximumFractionDigits);
  });

  test('every listed code is three upper-case letters and the list is sorted and unique', () => {
    for (const code of SUPPORTED_CURRENCIES) expect(code).toMatch(/^[A-Z]{3}$/);
    expect([...SUPPORTED_CURRENCIES].sort()).toEqual(SUPPORTED_CURRENCIES);
    expect(new Set(SUPPORTED_CURRENCIES).size).toBe(SUPPORTED_CURRENCIES.length);
  });
});

describe('isCurrencyCode', () => {
  test.each([['usd'], ['USD '], ['XXX'], ['MGA'], [''], ['toString'], ['constructor'], [42], [null], [undefined]])(
    'rejects %j',
    (value) => expect(isCurrencyCode(value)).toBe(false),
  );
});

describe('parseCurrency', () => {
  test.each([
    ['USD', 'USD'],
    ['usd', 'USD'],
    ['  jpy\n', 'JPY'],
    ['Kwd', 'KWD'],
  ])('%j → %s', (input, expected) => expect(parseCurrency(input)).toBe(expected));

  test.each([['US'], ['DOLLAR'], ['XYZ'], [''], ['   '], ['U SD']])('rejects %j naming the value', (input) => {
    const error = catchError(() => parseCurrency(input));
    expect(error).toBeInstanceOf(MoneyError);
    expect(error.code).toBe('INVALID_CURRENCY');
    expect(error.message).toContain(JSON.stringify(input));
  });

  test('rejects a non-string from an untyped caller', () => {
    expect(catchError(() => parseCurrency(840 as unknown as string)).code).toBe('INVALID_CURRENCY');
  });

  test('currencyExponent refuses an unsupported code from an untyped caller', () => {
    expect(catchError(() => currencyExponent('ABC' as CurrencyCode)).code).toBe('INVALID_CURRENCY');
  });

  test('property: any casing and padding of a supported code parses back to it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUPPORTED_CURRENCIES),
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        fc.constantFrom('', ' ', '\t', '\n '),
        (code, lower, pad) => {
          const mixed = [...code].map((ch, i) => (lower[i] ? ch.toLowerCase() : ch)).join('');
          expect(parseCurrency(`${pad}${mixed}${pad}`)).toBe(code);
        },
      ),
    );
  });
});

function catchError(fn: () => unknown): MoneyError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MoneyError) return error;
    throw error;
  }
  throw new Error('expected a MoneyError');
}
