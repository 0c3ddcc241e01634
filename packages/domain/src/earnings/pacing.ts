import { checkDate, checkNonNegative } from './errors.js';

/**
 * Pacing: optional daily and hourly spend caps on a campaign.
 *
 * Windows are UTC calendar days and UTC clock hours: one rule for every campaign, no time-zone database,
 * and no 23- or 25-hour days at DST changes. (A campaign showing its cap in a local zone labels the UTC
 * window accordingly.)
 *
 * Spend in a window is the sum of the campaign's accrue transfers created in it, gross: clawbacks do not
 * give window room back, so a metric that dips and regrows cannot make a window pay more than its cap.
 *
 * What a window cannot pay is not lost: accruals are computed from the cumulative metric, so the part that
 * did not fit stays owed (owed − posted) and the next window's run pays it, while budget remains.
 */
export type PacingInput = {
  readonly dailyCapMicros?: bigint;
  readonly hourlyCapMicros?: bigint;
  /** Gross accruals of the campaign in the current UTC day (see pacingWindows). */
  readonly spentInDayMicros: bigint;
  /** Gross accruals of the campaign in the current UTC hour. */
  readonly spentInHourMicros: bigint;
};

/**
 * What the current windows still allow: the smaller of (daily cap − spent today) and (hourly cap − spent
 * this hour), never below 0 (a cap lowered under what was already spent allows 0). undefined when neither
 * cap is set: no pacing limit.
 */
export function windowRemaining(input: PacingInput): bigint | undefined {
  const spentInDay = checkNonNegative(input.spentInDayMicros, 'spentInDayMicros');
  const spentInHour = checkNonNegative(input.spentInHourMicros, 'spentInHourMicros');
  let remaining: bigint | undefined;
  if (input.dailyCapMicros !== undefined) {
    const left = checkNonNegative(input.dailyCapMicros, 'dailyCapMicros') - spentInDay;
    remaining = left > 0n ? left : 0n;
  }
  if (input.hourlyCapMicros !== undefined) {
    const left = checkNonNegative(input.hourlyCapMicros, 'hourlyCapMicros') - spentInHour;
    const clamped = left > 0n ? left : 0n;
    remaining = remaining === undefined || clamped < remaining ? clamped : remaining;
  }
  return remaining;
}

/** Half-open UTC windows [start, end) containing `at`: what to sum spentInDay/HourMicros over. */
export type PacingWindows = {
  readonly dayStart: Date;
  readonly dayEnd: Date;
  readonly hourStart: Date;
  readonly hourEnd: Date;
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function pacingWindows(at: Date): PacingWindows {
  const ms = checkDate(at, 'at').getTime();
  // Unix time has no leap seconds, so UTC days and hours are exact multiples of the epoch.
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const hour = Math.floor(ms / HOUR_MS) * HOUR_MS;
  return {
    dayStart: new Date(day),
    dayEnd: new Date(day + DAY_MS),
    hourStart: new Date(hour),
    hourEnd: new Date(hour + HOUR_MS),
  };
}
