/**
 * Why an earnings rule refused to run. INVALID_INPUT: an input is malformed (a negative metric, rate,
 * budget or balance; a non-bigint amount; an invalid Date; a hold length that is not a whole number of days;
 * an unknown post status; a post or participation missing or repeated in a batch). Inputs come from the
 * database, not from users, so seeing one means a bug in the caller.
 */
export type EarningsErrorCode = 'INVALID_INPUT';

export class EarningsError extends Error {
  readonly code: EarningsErrorCode;

  constructor(code: EarningsErrorCode, message: string) {
    super(message);
    this.name = 'EarningsError';
    this.code = code;
  }
}

export function isEarningsError(value: unknown): value is EarningsError {
  return value instanceof EarningsError;
}

export function invalidInput(message: string): EarningsError {
  return new EarningsError('INVALID_INPUT', message);
}

export function checkNonNegative(value: bigint, what: string): bigint {
  if (typeof value !== 'bigint' || value < 0n) {
    throw invalidInput(
      `${what} must be a non-negative bigint, got ${typeof value === 'bigint' ? value : typeof value}`,
    );
  }
  return value;
}

export function checkDate(value: Date, what: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalidInput(`${what} must be a valid Date`);
  return value;
}
