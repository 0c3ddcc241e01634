import { formatMoney, type CurrencyCode } from '@creator-rewards/domain';

/** An amount as the API sends it: the exact micro-units as a decimal string, plus a display form for people. */
export function toMoney(micros: bigint, currency: CurrencyCode) {
  return { currency, micros: micros.toString(), display: formatMoney({ micros, currency }) };
}

export function toMoneyOrNull(micros: bigint | null, currency: CurrencyCode) {
  return micros === null ? null : toMoney(micros, currency);
}
