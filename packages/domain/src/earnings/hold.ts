import { assertCurrencyCode, currencyExponent, type CurrencyCode } from '../money/currency.js';
import { microsPerMinorUnit } from '../money/money.js';
import { checkDate, checkNonNegative, invalidInput } from './errors.js';

/**
 * Holds and why money is not paid yet.
 *
 * Every accrual is held for the campaign's hold period: its accrue transfer records holdEndsAt, and the
 * hold-release job moves what has matured from participant_pending to participant_available with a lock
 * transfer (lockableMicros says how much). Money that is available can still wait: for KYC or for the
 * payout minimum. pendingReason names the reason for the participant, with a date when there is one.
 */

export const MAX_HOLD_DAYS = 365;

const DAY_MS = 86_400_000;

/** accruedAt + holdDays × 24 h. Days are exact UTC days (no DST); 0 days means no hold. */
export function holdEndsAt(accruedAt: Date, holdDays: number): Date {
  checkDate(accruedAt, 'accruedAt');
  if (!Number.isInteger(holdDays) || holdDays < 0 || holdDays > MAX_HOLD_DAYS) {
    throw invalidInput(`holdDays must be a whole number from 0 to ${MAX_HOLD_DAYS}, got ${String(holdDays)}`);
  }
  return checkDate(new Date(accruedAt.getTime() + holdDays * DAY_MS), 'hold end');
}

export type LockableInput = {
  /** The participation's participant_pending balance now. */
  readonly pendingMicros: bigint;
  /** Sum of the participation's accrue transfers whose holdEndsAt ≤ now. */
  readonly maturedAccruedMicros: bigint;
  /** Sum of the participation's lock transfers so far. */
  readonly lockedMicros: bigint;
  /** Sum of fromPendingMicros over the participation's clawback transfers so far. */
  readonly clawedBackFromPendingMicros: bigint;
};

/**
 * How much of a participation's pending money may be locked (released to available) now:
 * max(0, matured − locked − clawedBackFromPending), and never more than pending.
 *
 * Pending money is a queue: accruals join at the back, and both locks and clawbacks take from the front
 * (first in, first out). With one hold length per campaign, accruals mature in the order they joined, so
 * the matured ones are a prefix of the queue and the formula is exact from cumulative sums alone: no
 * per-accrual state to update. Taking clawbacks from the oldest money delays a participant's next release
 * rather than a later one, the safe side after a clawback. Should the hold length change mid-campaign,
 * matured accruals may stop being a prefix; the formula then releases less than it could, never more, and
 * the rest follows when the later accruals mature.
 */
export function lockableMicros(input: LockableInput): bigint {
  const pending = checkNonNegative(input.pendingMicros, 'pendingMicros');
  const matured = checkNonNegative(input.maturedAccruedMicros, 'maturedAccruedMicros');
  const locked = checkNonNegative(input.lockedMicros, 'lockedMicros');
  const clawed = checkNonNegative(input.clawedBackFromPendingMicros, 'clawedBackFromPendingMicros');
  const lockable = matured - locked - clawed;
  if (lockable <= 0n) return 0n;
  return lockable < pending ? lockable : pending;
}

export type PayableInput = {
  /** The participant's participant_available balance (may be negative after a clawback). */
  readonly availableMicros: bigint;
  readonly currency: CurrencyCode;
  /** Below this (after flooring) nothing is paid; 0 or absent: no minimum. */
  readonly payoutMinimumMicros?: bigint;
};

/**
 * What a payout may take now: the available balance floored to whole minor units (the sub-minor remainder
 * stays in the balance, DESIGN §4), or 0 when that is ≤ 0 or below the payout minimum.
 */
export function payableMicros(input: PayableInput): bigint {
  if (typeof input.availableMicros !== 'bigint') throw invalidInput('availableMicros must be a bigint');
  assertCurrencyCode(input.currency);
  const minimum = checkNonNegative(input.payoutMinimumMicros ?? 0n, 'payoutMinimumMicros');
  if (input.availableMicros <= 0n) return 0n;
  const perMinor = microsPerMinorUnit(input.currency);
  const floored = input.availableMicros - (input.availableMicros % perMinor);
  return floored > 0n && floored >= minimum ? floored : 0n;
}

export type PendingReasonCode = 'under_review' | 'hold' | 'awaiting_kyc' | 'below_payout_minimum';

export type PendingReason = {
  readonly reason: PendingReasonCode;
  /** When the reason ends by itself (hold only). */
  readonly until?: Date;
  /** Short English text for the participant: "hold ends 3 Dec", "below payout minimum of USD 10.00". */
  readonly label: string;
};

export type PendingReasonInput = {
  readonly now: Date;
  /** For money in participant_pending: when its hold ends. */
  readonly holdEndsAt?: Date;
  /** A reviewer or a dispute has the post or the participant on hold. */
  readonly underReview?: boolean;
  /** false when the participant's payout account still needs identity verification; absent: not known. */
  readonly kycVerified?: boolean;
  /** For available money: the balance and the minimum a payout needs. */
  readonly payout?: {
    readonly availableMicros: bigint;
    readonly payoutMinimumMicros: bigint;
    readonly currency: CurrencyCode;
  };
};

/**
 * Every reason an amount is not paid yet, most decisive first: under review (open-ended, a person decides),
 * hold (ends by itself at `until`), awaiting KYC, below the payout minimum. Empty when nothing stands in
 * the way.
 */
export function pendingReasons(input: PendingReasonInput): PendingReason[] {
  const now = checkDate(input.now, 'now');
  const reasons: PendingReason[] = [];
  if (input.underReview === true) reasons.push({ reason: 'under_review', label: 'under review' });
  if (input.holdEndsAt !== undefined) {
    const until = checkDate(input.holdEndsAt, 'holdEndsAt');
    if (until.getTime() > now.getTime()) {
      reasons.push({ reason: 'hold', until, label: `hold ends ${formatUtcDay(until, now)}` });
    }
  }
  if (input.kycVerified === false) {
    reasons.push({ reason: 'awaiting_kyc', label: 'awaiting identity verification' });
  }
  if (input.payout !== undefined) {
    const { availableMicros, payoutMinimumMicros, currency } = input.payout;
    const payable = payableMicros({ availableMicros, currency });
    if (payable < checkNonNegative(payoutMinimumMicros, 'payoutMinimumMicros')) {
      reasons.push({
        reason: 'below_payout_minimum',
        label: `below payout minimum of ${formatMinorUnits(payoutMinimumMicros, currency)}`,
      });
    }
  }
  return reasons;
}

/** The most decisive reason (see pendingReasons), or null when the amount can be paid. */
export function pendingReason(input: PendingReasonInput): PendingReason | null {
  return pendingReasons(input)[0] ?? null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * "3 Dec", in UTC, with fixed English month abbreviations so the output never depends on the machine's
 * locale or zone. The year is added ("3 Dec 2027") when it differs from `now`'s UTC year, or always when
 * `now` is not given.
 */
export function formatUtcDay(date: Date, now?: Date): string {
  checkDate(date, 'date');
  const dayMonth = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''}`;
  if (now !== undefined && checkDate(now, 'now').getUTCFullYear() === date.getUTCFullYear()) return dayMonth;
  return `${dayMonth} ${date.getUTCFullYear()}`;
}

/** "USD 10.00", "JPY 500", "KWD 1.250": the currency code and the amount floored to whole minor units. */
function formatMinorUnits(micros: bigint, currency: CurrencyCode): string {
  const exponent = currencyExponent(currency);
  const minor = micros / microsPerMinorUnit(currency);
  if (exponent === 0) return `${currency} ${minor}`;
  const scale = 10n ** BigInt(exponent);
  return `${currency} ${minor / scale}.${(minor % scale).toString().padStart(exponent, '0')}`;
}
