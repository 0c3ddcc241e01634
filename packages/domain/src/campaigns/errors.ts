/**
 * Why a campaigns rule refused to run at all (as opposed to answering with a refusal value).
 *
 * INVALID_INPUT: an input is malformed: a non-bigint or negative amount, an invalid Date, a state that is
 * not in its transition table, a slot count that is not a whole number. Snapshots come from the database
 * and settings from a zod-validated body, so seeing one means a bug in the caller, never a user mistake.
 * User mistakes and business refusals are values: `Refusal` (lifecycles) and `SettingsProblem` (settings).
 */
export type CampaignErrorCode = 'INVALID_INPUT';

export class CampaignError extends Error {
  readonly code: CampaignErrorCode;

  constructor(code: CampaignErrorCode, message: string) {
    super(message);
    this.name = 'CampaignError';
    this.code = code;
  }
}

export function isCampaignError(value: unknown): value is CampaignError {
  return value instanceof CampaignError;
}

export function invalidInput(message: string): CampaignError {
  return new CampaignError('INVALID_INPUT', message);
}

export function checkBigint(value: bigint, what: string): bigint {
  if (typeof value !== 'bigint') throw invalidInput(`${what} must be a bigint, got ${typeof value}`);
  return value;
}

export function checkNonNegative(value: bigint, what: string): bigint {
  if (checkBigint(value, what) < 0n) throw invalidInput(`${what} must be ≥ 0, got ${value}`);
  return value;
}

export function checkDate(value: Date, what: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalidInput(`${what} must be a valid Date`);
  return value;
}

export function checkOptionalDate(value: Date | null | undefined, what: string): Date | null {
  return value === null || value === undefined ? null : checkDate(value, what);
}

/**
 * A business "no" returned as a value: the API maps `code` to an HTTP status and shows `message`, which is
 * written for the person who asked (a brand, a reviewer, a participant).
 */
export type Refusal<C extends string = string> = {
  readonly ok: false;
  readonly code: C;
  readonly message: string;
};

export function refuse<C extends string>(code: C, message: string): Refusal<C> {
  return { ok: false, code, message };
}
