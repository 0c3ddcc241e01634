import { MoneyError } from './errors.js';
import { describe } from './int8.js';

/**
 * Supported currencies and their ISO 4217 minor-unit exponent: the number of decimals money can actually
 * be paid out in. Rounding to this exponent happens only when money leaves (see toMinorUnitsFloor).
 *
 * Only currencies where ISO 4217 and Stripe agree are listed (stripe.com/docs/currencies). Left out on
 * purpose until someone needs them: MGA (ISO 2 decimals, Stripe zero-decimal), HUF and TWD (two-decimal
 * in Stripe's API but payouts must be whole units), IDR (ISO 2, CLDR 0). Note that Stripe's API takes ISK
 * and UGX amounts in a legacy two-decimal form; converting to that wire format is the Stripe adapter's job,
 * the exponent here is what the currency really has.
 */
const CURRENCY_EXPONENTS = {
  // Two decimals.
  AED: 2,
  AUD: 2,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  ILS: 2,
  INR: 2,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  PHP: 2,
  PLN: 2,
  RON: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TRY: 2,
  USD: 2,
  ZAR: 2,
  // Zero decimals (Stripe's zero-decimal list, minus MGA, plus ISK).
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // Three decimals (Stripe's three-decimal list).
  BHD: 3,
  JOD: 3,
  KWD: 3,
  OMR: 3,
  TND: 3,
} as const satisfies Record<string, CurrencyExponent>;

/** Minor-unit exponents that exist among supported currencies; all are ≤ 6, so micros divide evenly. */
export type CurrencyExponent = 0 | 2 | 3;

export type CurrencyCode = keyof typeof CURRENCY_EXPONENTS;

export const SUPPORTED_CURRENCIES: readonly CurrencyCode[] = Object.freeze(
  (Object.keys(CURRENCY_EXPONENTS) as CurrencyCode[]).sort(),
);

export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === 'string' && Object.hasOwn(CURRENCY_EXPONENTS, value);
}

/** Throws INVALID_CURRENCY for an unsupported code, so a bad value from untyped callers is caught here. */
export function currencyExponent(code: CurrencyCode): CurrencyExponent {
  if (!isCurrencyCode(code)) throw unsupported(code);
  return CURRENCY_EXPONENTS[code];
}

/** Reads a currency from user or wire input: case-insensitive, surrounding whitespace ignored. */
export function parseCurrency(input: string): CurrencyCode {
  if (typeof input !== 'string') throw unsupported(input);
  const code = input.trim().toUpperCase();
  if (!isCurrencyCode(code)) throw unsupported(input);
  return code;
}

export function assertCurrencyCode(value: unknown): asserts value is CurrencyCode {
  if (!isCurrencyCode(value)) throw unsupported(value);
}

function unsupported(value: unknown): MoneyError {
  return new MoneyError('INVALID_CURRENCY', `Unsupported currency ${describe(value)}`);
}
