import { checkDate, checkNonNegative, invalidInput } from './errors.js';

/**
 * Figures for the public campaign page. All amount arithmetic is bigint; nothing here rounds money that
 * moves, so floors are fine (a runway is shown as "about 3 days").
 */

const DAY_MS = 86_400_000;
/** The largest time value a Date can hold (ECMAScript's ±8.64e15 ms). */
const MAX_DATE_MS = 8_640_000_000_000_000n;

export type RunwayInput = {
  /** The campaign_budget balance now, ≥ 0. */
  readonly budgetRemainingMicros: bigint;
  /** Gross accruals of the campaign over the window that ends now (like pacing, clawbacks not netted), ≥ 0. */
  readonly spentInWindowMicros: bigint;
  /** Length of that window in ms, a positive whole number; absent: 24 hours. Use the campaign's age when it is younger. */
  readonly windowMs?: number;
  readonly now: Date;
};

export type Runway = {
  /** floor(spent × 24 h / window); null when nothing was spent in the window (no burn to project). */
  readonly burnPerDayMicros: bigint | null;
  /**
   * Days until the budget runs out at that pace, floored to one decimal (2.9 for 2.97 days, 0 for under
   * 2.4 hours): the public page's figure. Computed in bigint tenths, so exact however large the budget is
   * until the tenths pass 2^53 (about 2.5 × 10^11 years). null when there is no burn.
   */
  readonly runwayDays: number | null;
  /**
   * now + remaining × window / spent, floored to the ms; null when there is no burn or the instant is past
   * what a Date can hold.
   */
  readonly depletesAt: Date | null;
};

/** How fast the budget is going and how long it lasts at that pace, projected from one recent window. */
export function campaignRunway(input: RunwayInput): Runway {
  const remaining = checkNonNegative(input.budgetRemainingMicros, 'budgetRemainingMicros');
  const spent = checkNonNegative(input.spentInWindowMicros, 'spentInWindowMicros');
  const windowMs = input.windowMs ?? DAY_MS;
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0) {
    throw invalidInput(`windowMs must be a positive whole number, got ${String(windowMs)}`);
  }
  const now = checkDate(input.now, 'now');
  if (spent === 0n) return { burnPerDayMicros: null, runwayDays: null, depletesAt: null };

  const window = BigInt(windowMs);
  // Projected from the exact ratio rather than the floored daily burn, so the two floors never compound.
  const msLeft = (remaining * window) / spent;
  const at = BigInt(now.getTime()) + msLeft;
  return {
    burnPerDayMicros: (spent * BigInt(DAY_MS)) / window,
    runwayDays: Number((remaining * window * 10n) / (spent * BigInt(DAY_MS))) / 10,
    depletesAt: at <= MAX_DATE_MS ? new Date(Number(at)) : null,
  };
}

/**
 * Slots still free: maxSlots − taken, never below 0 (a limit lowered under the current count leaves none).
 * null when the campaign has no slot limit. `taken` counts participations in SLOT_HOLDING_STATES.
 */
export function slotsLeft(maxSlots: number | null, taken: number): number | null {
  if (!Number.isSafeInteger(taken) || taken < 0) {
    throw invalidInput(`taken must be a whole number ≥ 0, got ${String(taken)}`);
  }
  if (maxSlots === null) return null;
  if (!Number.isSafeInteger(maxSlots) || maxSlots < 0) {
    throw invalidInput(`maxSlots must be a whole number ≥ 0 or null, got ${String(maxSlots)}`);
  }
  return Math.max(0, maxSlots - taken);
}
