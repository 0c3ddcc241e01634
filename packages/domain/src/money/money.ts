import { assertCurrencyCode, currencyExponent, type CurrencyCode } from './currency.js';
import { MoneyError } from './errors.js';
import { assertBigint, assertInt8 } from './int8.js';

/** Micro-units per major unit: every amount, in every currency, is counted in 10^-6 of its major unit. */
export const MICROS_PER_UNIT = 1_000_000n;

export type Money = { readonly micros: bigint; readonly currency: CurrencyCode };

/** The one way to build a Money: checks the amount is a bigint that fits int8 and the currency is supported. */
export function money(micros: bigint, currency: CurrencyCode): Money {
  assertBigint(micros, 'Amount');
  assertInt8(micros, 'Amount in micros');
  assertCurrencyCode(currency);
  return Object.freeze({ micros, currency });
}

/** Micros in one minor unit of `currency`: 10_000n for USD, 1_000_000n for JPY, 1_000n for KWD. */
export function microsPerMinorUnit(currency: CurrencyCode): bigint {
  return 10n ** BigInt(6 - currencyExponent(currency));
}

/** From a provider's minor units (Stripe's `amount`): 1234n USD cents → 12_340_000n micros. */
export function fromMinorUnits(minor: bigint, currency: CurrencyCode): Money {
  assertBigint(minor, 'Amount in minor units');
  return money(assertInt8(minor * microsPerMinorUnit(currency), 'Amount in micros'), currency);
}

export type MinorUnitsSplit = { readonly minor: bigint; readonly remainderMicros: bigint };

/**
 * Splits an amount into what can leave in the currency's minor units and the sub-minor remainder that
 * stays behind (in the participant's balance). Always `minor * microsPerMinorUnit + remainderMicros ===
 * micros`.
 *
 * Rounds toward zero in both directions: a positive amount is floored (we never pay out more than is owed),
 * and a negative amount is rounded up to the nearer minor unit, its remainder being ≤ 0 (we never claim
 * back more than is owed). So `|minor| ≤ |micros| / microsPerMinorUnit` and the remainder has the sign
 * of the amount; the result for `-m` is the negation of the result for `m`.
 */
export function toMinorUnitsFloor(m: Money): MinorUnitsSplit {
  const perMinor = microsPerMinorUnit(m.currency);
  // BigInt division truncates toward zero and `%` takes the dividend's sign: exactly the rule above.
  return { minor: m.micros / perMinor, remainderMicros: m.micros % perMinor };
}

export function add(a: Money, b: Money): Money {
  const currency = sameCurrency(a, b, 'add');
  return money(assertInt8(a.micros + b.micros, 'Sum in micros'), currency);
}

export function subtract(a: Money, b: Money): Money {
  const currency = sameCurrency(a, b, 'subtract');
  return money(assertInt8(a.micros - b.micros, 'Difference in micros'), currency);
}

/** Always safe: the int8 bound is symmetric. */
export function negate(m: Money): Money {
  return money(-m.micros, m.currency);
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b, 'compare');
  if (a.micros < b.micros) return -1;
  if (a.micros > b.micros) return 1;
  return 0;
}

export function equals(a: Money, b: Money): boolean {
  return compare(a, b) === 0;
}

/** The smallest of one or more amounts; all must share a currency. */
export function min(first: Money, ...rest: readonly Money[]): Money {
  return rest.reduce((lowest, m) => (compare(m, lowest) < 0 ? m : lowest), first);
}

/** The largest of one or more amounts; all must share a currency. */
export function max(first: Money, ...rest: readonly Money[]): Money {
  return rest.reduce((highest, m) => (compare(m, highest) > 0 ? m : highest), first);
}

export function isZero(m: Money): boolean {
  return m.micros === 0n;
}

export function isNegative(m: Money): boolean {
  return m.micros < 0n;
}

function sameCurrency(a: Money, b: Money, operation: string): CurrencyCode {
  if (a.currency !== b.currency) {
    throw new MoneyError('CURRENCY_MISMATCH', `Cannot ${operation} ${a.currency} and ${b.currency}`);
  }
  return a.currency;
}
