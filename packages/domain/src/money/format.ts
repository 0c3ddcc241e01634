import { currencyExponent, type CurrencyCode } from './currency.js';
import { MICROS_PER_UNIT, type Money } from './money.js';

/**
 * 'minor': what could leave right now, in the currency's minor units, truncated toward zero like
 * toMinorUnitsFloor (USD $120.62, JPY ¥120, KWD 1.234). 'exact': every significant micro digit, never fewer
 * decimals than the minor unit (USD $120.625, USD $120.00).
 */
export type MoneyDisplay = 'minor' | 'exact';

export type FormatMoneyOptions = {
  /** A BCP 47 tag; defaults to 'en-US'. An invalid tag throws Intl's RangeError. */
  readonly locale?: string;
  /** Defaults to 'minor', the conventional way to show a price or a payout. */
  readonly display?: MoneyDisplay;
};

/**
 * Plain major-unit decimal with no trailing zeros ("120.625", "-0.5", "3"): the wire and CSV form of an
 * amount, and the exact inverse of parseMicros.
 */
export function formatMicros(micros: bigint): string {
  const { negative, whole, fraction } = splitMicros(micros);
  const significant = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${significant ? `.${significant}` : ''}`;
}

/**
 * Locale-aware display string. The amount never becomes a JS number: the integer part is formatted by
 * Intl.NumberFormat as a bigint (for the symbol, sign placement, grouping and digits) and the fraction
 * digits are spliced in after it as text.
 */
export function formatMoney(m: Money, options: FormatMoneyOptions = {}): string {
  const { locale = 'en-US', display = 'minor' } = options;
  const exponent = currencyExponent(m.currency);
  const { negative, whole, fraction } = splitMicros(m.micros);

  if (display === 'exact') {
    const significant = fraction.replace(/0+$/, '');
    const digits = significant.length > exponent ? significant : fraction.slice(0, exponent);
    return render(locale, m.currency, negative, whole, digits);
  }
  if (display === 'minor') {
    const digits = fraction.slice(0, exponent);
    // Truncation can leave nothing of a small negative amount; "-$0.00" would be noise.
    const shown = whole !== 0n || /[1-9]/.test(digits);
    return render(locale, m.currency, negative && shown, whole, digits);
  }
  throw new RangeError(`Unknown money display ${JSON.stringify(display)}: use 'minor' or 'exact'`);
}

function splitMicros(micros: bigint): { negative: boolean; whole: bigint; fraction: string } {
  const negative = micros < 0n;
  const magnitude = negative ? -micros : micros;
  return {
    negative,
    whole: magnitude / MICROS_PER_UNIT,
    fraction: (magnitude % MICROS_PER_UNIT).toString().padStart(6, '0'),
  };
}

function render(
  locale: string,
  currency: CurrencyCode,
  negative: boolean,
  whole: bigint,
  fractionDigits: string,
): string {
  const { integer, decimal, digits } = formatters(locale, currency);
  // A bigint has no -0, so "-$0.50" is drawn from the pattern for -1 with its digit swapped for zero.
  const negativeZero = negative && whole === 0n;
  const parts = integer.formatToParts(negative ? (negativeZero ? -1n : -whole) : whole);
  const lastNumberPart = parts.findLastIndex((p) => p.type === 'integer' || p.type === 'group');
  const fraction = fractionDigits ? decimal + [...fractionDigits].map((d) => digits[Number(d)]).join('') : '';

  let out = '';
  parts.forEach((part, index) => {
    out += negativeZero && part.type === 'integer' ? digits[0] : part.value;
    if (index === lastNumberPart) out += fraction;
  });
  return out;
}

type Formatters = { integer: Intl.NumberFormat; decimal: string; digits: readonly string[] };

// Intl.NumberFormat construction is slow relative to formatting; a bounded cache keeps a request-supplied
// locale from growing memory without limit.
const cache = new Map<string, Formatters>();
const CACHE_LIMIT = 256;

function formatters(locale: string, currency: CurrencyCode): Formatters {
  const key = `${locale}|${currency}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const base = { style: 'currency', currency, currencyDisplay: 'symbol' } as const;
  const integer = new Intl.NumberFormat(locale, { ...base, minimumFractionDigits: 0, maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(locale, { ...base, minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const decimal = oneDecimal.formatToParts(0n).find((p) => p.type === 'decimal')?.value ?? '.';
  // Some locales (ar-EG, fa, …) use their own digits; fraction digits must match the integer part's.
  const plain = new Intl.NumberFormat(locale, { useGrouping: false });
  const digits = Array.from({ length: 10 }, (_, d) => {
    return plain.formatToParts(BigInt(d)).find((p) => p.type === 'integer')?.value ?? String(d);
  });

  const created = { integer, decimal, digits };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, created);
  return created;
}
