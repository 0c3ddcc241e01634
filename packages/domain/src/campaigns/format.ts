import { formatUtcDay } from '../earnings/hold.js';
import { currencyExponent, isCurrencyCode } from '../money/currency.js';
import { formatMicros } from '../money/format.js';

/**
 * "USD 600.00", "JPY 500", "USD 0.0015" (a sub-cent rate keeps its digits), or a bare "600" when the
 * currency is not supported. The code rather than a symbol: "$" alone is ambiguous across USD, CAD, AUD…,
 * and it matches the wording of pending reasons ("below payout minimum of USD 10.00").
 */
export function formatAmount(micros: bigint, currency: string): string {
  const plain = formatMicros(micros);
  if (!isCurrencyCode(currency)) return plain;
  const exponent = currencyExponent(currency);
  const [whole, fraction = ''] = plain.split('.');
  const digits = fraction.length >= exponent ? fraction : fraction.padEnd(exponent, '0');
  return `${currency} ${whole ?? plain}${digits ? `.${digits}` : ''}`;
}

/** "3 Dec 2026, 09:05 UTC": fixed English and UTC, like formatUtcDay, so it never depends on the machine. */
export function formatInstant(at: Date): string {
  const hh = String(at.getUTCHours()).padStart(2, '0');
  const mm = String(at.getUTCMinutes()).padStart(2, '0');
  return `${formatUtcDay(at)}, ${hh}:${mm} UTC`;
}
