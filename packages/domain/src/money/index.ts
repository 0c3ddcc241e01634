export { MoneyError, isMoneyError, type MoneyErrorCode } from './errors.js';
export { INT8_MAX, INT8_MIN, fitsInt8 } from './int8.js';
export {
  SUPPORTED_CURRENCIES,
  currencyExponent,
  isCurrencyCode,
  parseCurrency,
  type CurrencyCode,
  type CurrencyExponent,
} from './currency.js';
export {
  MICROS_PER_UNIT,
  add,
  compare,
  equals,
  fromMinorUnits,
  isNegative,
  isZero,
  max,
  microsPerMinorUnit,
  min,
  money,
  negate,
  subtract,
  toMinorUnitsFloor,
  type MinorUnitsSplit,
  type Money,
} from './money.js';
export { parseMicros, parseMoney } from './parse.js';
export { formatMicros, formatMoney, type FormatMoneyOptions, type MoneyDisplay } from './format.js';
export { allocate, allocateMoney } from './allocate.js';
export { BASIS_POINTS_PER_WHOLE, earningsMicros, percentOfMicros } from './rate.js';
