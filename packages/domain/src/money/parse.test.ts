import { describe, expect, test } from 'vitest';
import { MoneyError } from './errors.js';
import { INT8_MAX } from './int8.js';
import { parseMicros, parseMoney } from './parse.js';

describe('parseMicros accepts plain decimals', () => {
  test.each([
    ['120.625', 120_625_000n],
    ['0', 0n],
    ['-0', 0n],
    ['1', 1_000_000n],
    ['0.000001', 1n],
    ['-0.000001', -1n],
    ['-0.5', -500_000n],
    ['007.10', 7_100_000n],
    ['12.000000', 12_000_000n],
    ['9223372036854.775807', INT8_MAX],
    ['-9223372036854.775807', -INT8_MAX],
  ])('%j → %s', (input, micros) => expect(parseMicros(input)).toBe(micros));
});

describe('parseMicros rejects anything else, saying why', () => {
  test.each([
    ['', 'Amount is empty'],
    ['1.2345678', 'more than 6 decimal places'],
    ['-0.0000001', 'more than 6 decimal places'],
    ['NaN', 'is not a number'],
    ['Infinity', 'is not a number'],
    ['abc', 'is not a number'],
    ['12a', 'is not a number'],
    ['--1', 'is not a number'],
    ['0x10', 'is not a number'],
    ['1.2.3', 'is not a number'],
    ['-', 'is not a number'],
    ['1e5', 'exponent notation'],
    ['1.5E-3', 'exponent notation'],
    ['1,000.00', 'contains a comma'],
    ['1,5', 'contains a comma'],
    [' 1', 'contains whitespace'],
    ['1 000', 'contains whitespace'],
    ['1\n', 'contains whitespace'],
    ['+1', 'starts with "+"'],
    ['.5', 'needs a digit before "."'],
    ['5.', 'needs a digit after "."'],
    ['١٢', 'is not a number'],
  ])('%j: %s', (input, reason) => {
    const error = catchMoneyError(() => parseMicros(input));
    expect(error.code).toBe('INVALID_AMOUNT');
    expect(error.message).toContain(reason);
    if (input !== '') expect(error.message).toContain(JSON.stringify(input));
  });

  test.each([[12.5], [12n], [null], [undefined]])('a non-string (%s) is INVALID_AMOUNT', (input) => {
    const error = catchMoneyError(() => parseMicros(input as unknown as string));
    expect(error.code).toBe('INVALID_AMOUNT');
    expect(error.message).toContain('must be a decimal string');
  });

  test('amounts beyond int8 in micros throw OVERFLOW', () => {
    expect(catchMoneyError(() => parseMicros('9223372036854.775808')).code).toBe('OVERFLOW');
    expect(catchMoneyError(() => parseMicros('-99999999999999999999')).code).toBe('OVERFLOW');
  });

  test('a huge input is quoted shortened in the message', () => {
    const error = catchMoneyError(() => parseMicros(`${'9'.repeat(500)}x`));
    expect(error.message.length).toBeLessThan(120);
  });
});

describe('parseMoney', () => {
  test('keeps sub-minor precision regardless of the currency', () => {
    expect(parseMoney('120.625', 'USD')).toEqual({ micros: 120_625_000n, currency: 'USD' });
    expect(parseMoney('3.5', 'JPY')).toEqual({ micros: 3_500_000n, currency: 'JPY' });
  });

  test('checks the currency', () => {
    expect(catchMoneyError(() => parseMoney('1', 'usd' as 'USD')).code).toBe('INVALID_CURRENCY');
  });
});

function catchMoneyError(fn: () => unknown): MoneyError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MoneyError) return error;
    throw error;
  }
  throw new Error('expected a MoneyError');
}
