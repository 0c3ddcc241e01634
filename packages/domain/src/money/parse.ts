import type { CurrencyCode } from './currency.js';
import { MoneyError } from './errors.js';
import { assertInt8, describe } from './int8.js';
import { MICROS_PER_UNIT, money, type Money } from './money.js';

/** Digits, an optional "." followed by 1–6 digits, an optional leading "-". Nothing else. */
const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,6}))?$/;

/**
 * Reads a major-unit decimal string into micros: "120.625" → 120_625_000n, "-0.5" → -500_000n.
 * Strict on purpose, because amounts arrive from forms, CSVs and APIs: no exponent, no thousands
 * separators, no spaces, no "+", at most 6 decimal places, a digit on both sides of ".". The currency's own
 * minor unit does not limit the input ("120.625" USD is fine), since balances hold sub-cent micros.
 */
export function parseMicros(input: string): bigint {
  if (typeof input !== 'string') {
    throw invalid(`Amount must be a decimal string, got ${describe(input)}`);
  }
  const match = DECIMAL.exec(input);
  if (!match) throw invalid(explain(input));
  const [, sign = '', whole = '', fraction = ''] = match;
  const micros = BigInt(whole) * MICROS_PER_UNIT + BigInt(fraction.padEnd(6, '0'));
  return assertInt8(sign === '-' ? -micros : micros, `Amount ${describe(input)} in micros`);
}

/** `parseMicros` plus the currency: `parseMoney('120.625', 'USD')` → { micros: 120_625_000n, currency: 'USD' }. */
export function parseMoney(input: string, currency: CurrencyCode): Money {
  return money(parseMicros(input), currency);
}

/** Names the first thing wrong with an input that failed DECIMAL, most specific first. */
function explain(input: string): string {
  const quoted = describe(input);
  if (input === '') return 'Amount is empty';
  if (/\s/.test(input)) return `Amount ${quoted} contains whitespace`;
  if (input.includes(',')) {
    return `Amount ${quoted} contains a comma: use "." for decimals and no thousands separators`;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(input)) {
    return `Amount ${quoted} uses exponent notation: write the digits out`;
  }
  if (/^\+\d/.test(input)) return `Amount ${quoted} starts with "+": only a leading "-" is accepted`;
  if (/^-?\d+\.\d{7,}$/.test(input)) return `Amount ${quoted} has more than 6 decimal places`;
  if (/^-?\.\d+$/.test(input)) return `Amount ${quoted} needs a digit before "."`;
  if (/^-?\d+\.$/.test(input)) return `Amount ${quoted} needs a digit after "."`;
  return `Amount ${quoted} is not a number`;
}

function invalid(message: string): MoneyError {
  return new MoneyError('INVALID_AMOUNT', message);
}
