import { MAX_HOLD_DAYS } from '../earnings/hold.js';
import { currencyExponent, isCurrencyCode } from '../money/currency.js';
import { fitsInt8 } from '../money/int8.js';
import { microsPerMinorUnit } from '../money/money.js';
import { checkBigint, checkDate, checkNonNegative, invalidInput } from './errors.js';
import { formatAmount, formatInstant } from './format.js';

/**
 * Campaign settings rules the request schema cannot express alone: amounts compared with each other, dates
 * with each other and with now, the budget against the currency's minor unit. The single-field rules the
 * schema also has (rate > 0, hold days 0–365, slots ≥ 1…) are repeated so the domain never trusts its caller.
 *
 * Field names are the paths of CampaignCreate in packages/contracts (flat, except `pacing.dailyCapMicros`
 * and `pacing.hourlyCapMicros`); the API reports a problem at `body.<field>`. A partial update is validated
 * by merging it over the stored settings first: these rules are about the whole.
 *
 * At most one problem per field, the most fundamental first (a per-post cap above the budget is not also
 * reported as above the per-participant cap). Comparisons with the budget are skipped while the budget
 * itself is not positive, so one bad budget does not light up every cap. Messages are for the brand and
 * show amounts as "USD 600.00" (every significant digit, never fewer than the currency's minor unit).
 *
 * Values of the wrong type (a number where a bigint belongs, an invalid Date) throw INVALID_INPUT: the
 * schema lets none through, so one here is a bug in the caller.
 */

export const CAMPAIGN_SETTINGS_FIELDS = [
  'currency',
  'budgetMicros',
  'ratePerThousandMicros',
  'perPostCapMicros',
  'perParticipantCapMicros',
  'pacing.dailyCapMicros',
  'pacing.hourlyCapMicros',
  'startsAt',
  'endsAt',
  'holdDays',
  'minimumViews',
  'maxSlots',
] as const;
export type CampaignSettingsField = (typeof CAMPAIGN_SETTINGS_FIELDS)[number];

export type CampaignSettingsInput = {
  /** ISO 4217, as stored (upper case). */
  readonly currency: string;
  readonly budgetMicros: bigint;
  /** Micros per 1,000 units of the campaign's metric. */
  readonly ratePerThousandMicros: bigint;
  /** Most one post may earn; absent or null: no cap. */
  readonly perPostCapMicros?: bigint | null;
  /** Most one participation may earn; absent or null: no cap. */
  readonly perParticipantCapMicros?: bigint | null;
  readonly pacing?: {
    readonly dailyCapMicros?: bigint | null;
    readonly hourlyCapMicros?: bigint | null;
  };
  readonly startsAt?: Date | null;
  readonly endsAt?: Date | null;
  readonly holdDays: number;
  /** Metric units (views, or clicks for a clicks campaign) a post must reach before it earns; absent: 0. */
  readonly minimumViews?: number;
  /** Most participations holding a slot at once; absent or null: unlimited. */
  readonly maxSlots?: number | null;
};

export type CampaignSettingsOptions = {
  /**
   * Pass when the dates are being set or the campaign is being submitted: the start must then not be
   * before `now` and the end must be after it. Leave out for a live campaign whose start has passed.
   */
  readonly now?: Date;
  /** The platform's smallest campaign budget; absent: one minor unit of the currency. */
  readonly minimumBudgetMicros?: bigint;
};

/**
 * - UNSUPPORTED_CURRENCY: the currency is not in the money module's table.
 * - NOT_POSITIVE: the budget, the rate, a cap or the slot count is zero or less.
 * - NEGATIVE: the minimum views are below zero.
 * - TOO_LARGE: an amount does not fit a PostgreSQL int8 in micros.
 * - NOT_WHOLE_MINOR_UNITS: the budget has digits below the currency's minor unit (funding is charged in
 *   minor units, so the budget must be one).
 * - BELOW_MINIMUM: the budget is under the platform minimum.
 * - ABOVE_BUDGET: the rate, a cap or a pacing cap is more than the whole budget.
 * - ABOVE_PARTICIPANT_CAP: the per-post cap is more than the per-participant cap.
 * - ABOVE_DAILY_CAP: the hourly pacing cap is more than the daily one.
 * - END_NOT_AFTER_START: the end date is at or before the start date.
 * - IN_THE_PAST: with `now` given, the start is before it or the end is not after it.
 * - OUT_OF_RANGE: hold days outside 0–365 or not whole; slots or minimum views not a whole number.
 */
export type SettingsProblemCode =
  | 'UNSUPPORTED_CURRENCY'
  | 'NOT_POSITIVE'
  | 'NEGATIVE'
  | 'TOO_LARGE'
  | 'NOT_WHOLE_MINOR_UNITS'
  | 'BELOW_MINIMUM'
  | 'ABOVE_BUDGET'
  | 'ABOVE_PARTICIPANT_CAP'
  | 'ABOVE_DAILY_CAP'
  | 'END_NOT_AFTER_START'
  | 'IN_THE_PAST'
  | 'OUT_OF_RANGE';

export type SettingsProblem = {
  readonly field: CampaignSettingsField;
  readonly code: SettingsProblemCode;
  readonly message: string;
};

/** Every problem with the settings, in CAMPAIGN_SETTINGS_FIELDS order; empty when they are consistent. */
export function validateCampaignSettings(
  input: CampaignSettingsInput,
  options: CampaignSettingsOptions = {},
): SettingsProblem[] {
  const problems = new Map<CampaignSettingsField, SettingsProblem>();
  const report = (field: CampaignSettingsField, code: SettingsProblemCode, message: string): void => {
    if (!problems.has(field)) problems.set(field, { field, code, message });
  };
  const { currency } = input;
  const supported = isCurrencyCode(currency);
  const show = (micros: bigint): string => formatAmount(micros, currency);

  if (!supported) {
    report(
      'currency',
      'UNSUPPORTED_CURRENCY',
      `${JSON.stringify(String(currency))} is not a supported currency: use an ISO 4217 code such as USD or EUR.`,
    );
  }

  const budget = checkBigint(input.budgetMicros, 'budgetMicros');
  if (budget <= 0n) {
    report('budgetMicros', 'NOT_POSITIVE', 'The budget must be more than zero.');
  } else if (!fitsInt8(budget)) {
    report('budgetMicros', 'TOO_LARGE', 'The budget is too large.');
  } else if (supported && budget % microsPerMinorUnit(currency) !== 0n) {
    const exponent = currencyExponent(currency);
    report(
      'budgetMicros',
      'NOT_WHOLE_MINOR_UNITS',
      exponent === 0
        ? `The budget (${show(budget)}) must be a whole number of ${currency}.`
        : `The budget (${show(budget)}) can have at most ${exponent} decimal places in ${currency}.`,
    );
  } else {
    const minimum =
      options.minimumBudgetMicros === undefined
        ? 1n
        : checkNonNegative(options.minimumBudgetMicros, 'minimumBudgetMicros');
    if (budget < minimum) {
      report('budgetMicros', 'BELOW_MINIMUM', `The budget (${show(budget)}) is below the minimum of ${show(minimum)}.`);
    }
  }
  // Another field is compared with the budget only when the budget can be spent at all.
  const budgetCeiling = budget > 0n ? budget : null;

  // Positive, fits int8, not above the budget: the rules the rate and every cap share. Returns the amount
  // when they hold, so the cap-against-cap rules below only compare sane values.
  const checkAmount = (
    field: CampaignSettingsField,
    label: string,
    value: bigint | null | undefined,
  ): bigint | null => {
    if (value === null || value === undefined) return null;
    checkBigint(value, field);
    if (value <= 0n) {
      report(field, 'NOT_POSITIVE', `${label} must be more than zero.`);
      return null;
    }
    if (!fitsInt8(value)) {
      report(field, 'TOO_LARGE', `${label} is too large.`);
      return null;
    }
    if (budgetCeiling !== null && value > budgetCeiling) {
      report(field, 'ABOVE_BUDGET', `${label} (${show(value)}) is above the budget (${show(budgetCeiling)}).`);
      return null;
    }
    return value;
  };

  checkAmount(
    'ratePerThousandMicros',
    'The rate per 1,000',
    checkBigint(input.ratePerThousandMicros, 'ratePerThousandMicros'),
  );

  const perPost = checkAmount('perPostCapMicros', 'The per-post cap', input.perPostCapMicros);
  const perParticipant = checkAmount(
    'perParticipantCapMicros',
    'The per-participant cap',
    input.perParticipantCapMicros,
  );
  if (perPost !== null && perParticipant !== null && perPost > perParticipant) {
    report(
      'perPostCapMicros',
      'ABOVE_PARTICIPANT_CAP',
      `The per-post cap (${show(perPost)}) is above the per-participant cap (${show(perParticipant)}).`,
    );
  }

  const daily = checkAmount('pacing.dailyCapMicros', 'The daily spend cap', input.pacing?.dailyCapMicros);
  const hourly = checkAmount('pacing.hourlyCapMicros', 'The hourly spend cap', input.pacing?.hourlyCapMicros);
  if (daily !== null && hourly !== null && hourly > daily) {
    report(
      'pacing.hourlyCapMicros',
      'ABOVE_DAILY_CAP',
      `The hourly spend cap (${show(hourly)}) is above the daily spend cap (${show(daily)}).`,
    );
  }

  const startsAt =
    input.startsAt === null || input.startsAt === undefined ? null : checkDate(input.startsAt, 'startsAt');
  const endsAt = input.endsAt === null || input.endsAt === undefined ? null : checkDate(input.endsAt, 'endsAt');
  const now = options.now === undefined ? null : checkDate(options.now, 'now');
  if (startsAt !== null && now !== null && startsAt.getTime() < now.getTime()) {
    report('startsAt', 'IN_THE_PAST', `The start date (${formatInstant(startsAt)}) is in the past.`);
  }
  if (startsAt !== null && endsAt !== null && endsAt.getTime() <= startsAt.getTime()) {
    report(
      'endsAt',
      'END_NOT_AFTER_START',
      `The end date (${formatInstant(endsAt)}) must be after the start date (${formatInstant(startsAt)}).`,
    );
  }
  if (endsAt !== null && now !== null && endsAt.getTime() <= now.getTime()) {
    report('endsAt', 'IN_THE_PAST', `The end date (${formatInstant(endsAt)}) is in the past.`);
  }

  const { holdDays } = input;
  if (typeof holdDays !== 'number') throw invalidInput(`holdDays must be a number, got ${typeof holdDays}`);
  if (!Number.isInteger(holdDays) || holdDays < 0 || holdDays > MAX_HOLD_DAYS) {
    report('holdDays', 'OUT_OF_RANGE', `The hold period must be a whole number of days from 0 to ${MAX_HOLD_DAYS}.`);
  }

  const { minimumViews } = input;
  if (minimumViews !== undefined) {
    if (typeof minimumViews !== 'number')
      throw invalidInput(`minimumViews must be a number, got ${typeof minimumViews}`);
    if (!Number.isSafeInteger(minimumViews)) {
      report('minimumViews', 'OUT_OF_RANGE', 'The minimum views a post needs must be a whole number.');
    } else if (minimumViews < 0) {
      report('minimumViews', 'NEGATIVE', 'The minimum views a post needs cannot be negative.');
    }
  }

  const { maxSlots } = input;
  if (maxSlots !== null && maxSlots !== undefined) {
    if (typeof maxSlots !== 'number') throw invalidInput(`maxSlots must be a number, got ${typeof maxSlots}`);
    if (!Number.isSafeInteger(maxSlots)) {
      report('maxSlots', 'OUT_OF_RANGE', 'The number of slots must be a whole number.');
    } else if (maxSlots < 1) {
      report('maxSlots', 'NOT_POSITIVE', 'A campaign needs at least 1 slot.');
    }
  }

  return CAMPAIGN_SETTINGS_FIELDS.flatMap((field) => {
    const problem = problems.get(field);
    return problem === undefined ? [] : [problem];
  });
}
