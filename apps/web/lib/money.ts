// Amounts typed by people, turned into the API's micro-unit strings with exact string and bigint arithmetic: a
// float would turn "0.29" into 289999.99… micros. The API is the authority on every amount; these helpers only
// read what was typed and say plainly what is wrong with it before a round trip.

export const MICROS_PER_UNIT = 1_000_000n;
/** The largest amount the API accepts (its int8 columns leave headroom above this). */
export const MAX_MICROS = 9_000_000_000_000_000_000n;

/**
 * Supported currencies and their minor-unit exponent. A copy of packages/domain/src/money/currency.ts (the web app
 * does not bundle the domain package); lib/money.test.ts checks the two agree.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, 0 | 2 | 3>> = Object.freeze({
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
  BHD: 3,
  JOD: 3,
  KWD: 3,
  OMR: 3,
  TND: 3,
});

export const SUPPORTED_CURRENCIES: readonly string[] = Object.freeze(Object.keys(CURRENCY_EXPONENTS).sort());

export type ParsedAmount = { ok: true; micros: bigint } | { ok: false; message: string };

/** Digits with an optional "." part: "12", "12.5", ".5", "12." (what people type). */
const PLAIN = /^(\d*)(?:\.(\d*))?$/;
/** "1,234,567.89": commas only as thousands separators, in groups of three. */
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/**
 * Reads a decimal amount in the currency's major unit ("12.50") into micros (12_500_000n). Accepts surrounding
 * spaces and thousands commas ("1,250.00"); refuses signs, exponents, more than 6 decimal places, and (unless
 * `allowZero`) zero. With `currency`, also refuses digits below its minor unit ("12.345" USD), for amounts that
 * are charged (budgets, payments).
 */
export function parseAmount(
  input: string,
  options: { allowZero?: boolean; currency?: string | undefined } = {},
): ParsedAmount {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter an amount.' };
  const plain = GROUPED.test(text) ? text.replace(/,/g, '') : text;
  const match = PLAIN.exec(plain);
  if (!match) {
    if (/^[+-]/.test(text)) return { ok: false, message: 'Enter the amount without a sign.' };
    if (/e/i.test(text)) return { ok: false, message: 'Write the digits out (no exponent).' };
    if (text.includes(',')) return { ok: false, message: 'Use "." for decimals, e.g. 12.50.' };
    return { ok: false, message: 'Enter a number such as 12.50.' };
  }
  const [, whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return { ok: false, message: 'Enter a number such as 12.50.' };
  if (fraction.length > 6) return { ok: false, message: 'Use at most 6 decimal places.' };
  const micros = BigInt(whole || '0') * MICROS_PER_UNIT + BigInt(fraction.padEnd(6, '0') || '0');
  if (micros === 0n && !options.allowZero) return { ok: false, message: 'Enter an amount above zero.' };
  if (micros > MAX_MICROS) return { ok: false, message: 'This amount is too large.' };
  const exponent = options.currency ? CURRENCY_EXPONENTS[options.currency] : undefined;
  if (exponent !== undefined && micros % 10n ** BigInt(6 - exponent) !== 0n) {
    return {
      ok: false,
      message:
        exponent === 0
          ? `Use a whole number of ${options.currency}.`
          : `Use at most ${exponent} decimal places in ${options.currency}.`,
    };
  }
  return { ok: true, micros };
}

/** Micros as a plain decimal in the major unit, without trailing zeros: "12500000" → "12.5". For form fields. */
export function microsToDecimal(micros: string | bigint): string {
  const value = typeof micros === 'bigint' ? micros : BigInt(micros);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / MICROS_PER_UNIT;
  const fraction = (abs % MICROS_PER_UNIT).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * An amount in micros for people: "USD 12.50", grouped, with at least the currency's minor-unit digits and any
 * sub-minor digits that are really there ("USD 0.000125"). Used where the API has not formatted it (a value being
 * typed); amounts from the API carry their own `display`.
 */
export function formatMicros(micros: bigint, currency: string): string {
  const exponent = CURRENCY_EXPONENTS[currency] ?? 2;
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = (abs / MICROS_PER_UNIT).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let fraction = (abs % MICROS_PER_UNIT).toString().padStart(6, '0').replace(/0+$/, '');
  if (fraction.length < exponent) fraction = fraction.padEnd(exponent, '0');
  return `${negative ? '-' : ''}${currency} ${whole}${fraction ? `.${fraction}` : ''}`;
}
