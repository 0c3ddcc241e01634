import type { ClawbackReason } from '../ledger/transfers.js';
import { assertInt8 } from '../money/int8.js';
import { earningsMicros } from '../money/rate.js';
import { checkDate, checkNonNegative, invalidInput } from './errors.js';

/**
 * Earnings of one post, computed from its cumulative metric (DESIGN §4, "compute from cumulative, post the
 * difference"):
 *
 *   metric  = max(0, metricTotal − Σ deductions)            fraud rules deduct metric units (bot views)
 *   earned  = metric < minimumMetric ? 0 : floor(metric × rate / 1000)
 *   owed    = 0                                             if the post is rejected
 *           = earned                                        if earned ≤ alreadyPosted (metric fell)
 *           = min(earned, max(postCap, alreadyPosted),
 *                 alreadyPosted + max(0, participantCapLeft)) otherwise
 *   delta   = owed − alreadyPosted
 *   delta > 0: accrue   = min(delta, budgetRemaining, windowRemaining)   unpaid = delta − accrue
 *   delta < 0: clawback = −delta
 *
 * Caps only limit growth; they never take back what was posted. So in the ordinary case (caps unchanged)
 * owed is exactly min(postCap, participant cap, earned), and a cap lowered below what a post already has
 * just stops its growth. Only a falling metric (including a deduction or the minimum threshold) or a
 * rejected post claws back.
 *
 * The budget clamp is the balancing debit: an accrual never exceeds what the budget holds, so the budget
 * ends at exactly 0. The budget and window clamps do not change owed: what they held back is re-derived
 * from the cumulative metric on the next run and paid while budget remains. Nothing clamps a clawback.
 *
 * Calling again with the result applied (alreadyPosted = postedAfter, budget and window reduced by the
 * accrual) accrues and claws back nothing: the rule is idempotent.
 */

export type PostStatus = 'tracking' | 'rejected';

export type MetricDeduction = {
  /** The rule or decision that removed these units ("bot_views", a review id…). */
  readonly reason: string;
  /** Cumulative metric units removed, ≥ 0. */
  readonly metric: bigint;
};

export type SnapshotRef = { readonly id: string; readonly observedAt: Date };

export type AccrualInput = {
  /** The post's cumulative metric from its latest snapshot, ≥ 0. */
  readonly metricTotal: bigint;
  readonly metricDeductions?: readonly MetricDeduction[];
  /** Micros per 1,000 metric units, ≥ 0. */
  readonly ratePerThousandMicros: bigint;
  /** Below this (after deductions) the post earns nothing; 0 for no threshold. */
  readonly minimumMetric: bigint;
  /** Most a single post may earn; absent = no cap. */
  readonly postCapMicros?: bigint;
  /**
   * Participant cap − net earnings already posted to the participation (all its posts); absent = no cap.
   * A negative value (cap lowered below what was posted) means no room, like 0.
   */
  readonly participantCapLeftMicros?: bigint;
  /** Net earnings already posted for this post (its accruals − its clawbacks), ≥ 0. */
  readonly alreadyPostedMicros: bigint;
  /** The campaign budget's balance, ≥ 0. */
  readonly budgetRemainingMicros: bigint;
  /** windowRemaining(...) of the campaign's pacing; absent = no pacing limit. */
  readonly windowRemainingMicros?: bigint;
  readonly postStatus: PostStatus;
  /** The snapshot metricTotal came from, for the explanation. */
  readonly snapshot?: SnapshotRef;
};

export type ClampReason = 'post_cap' | 'participant_cap' | 'budget' | 'window' | 'minimum_metric' | 'rejected';

/**
 * One line of "why did I earn this", in order. Amounts in micros, metric in units; the UI renders them.
 * Cap steps appear whenever the cap is set, `applied` telling whether it lowered the amount; budget and
 * window steps appear only when there is something to accrue.
 */
export type ExplanationStep =
  | {
      readonly step: 'snapshot';
      readonly metricTotal: bigint;
      readonly snapshotId?: string;
      readonly observedAt?: Date;
    }
  | { readonly step: 'deduction'; readonly reason: string; readonly metric: bigint }
  | {
      readonly step: 'rate';
      /** The metric after deductions. */
      readonly metric: bigint;
      readonly ratePerThousandMicros: bigint;
      /** floor(metric × rate / 1000). */
      readonly formulaMicros: bigint;
    }
  | { readonly step: 'minimum_metric'; readonly minimumMetric: bigint; readonly metric: bigint; readonly met: boolean }
  | { readonly step: 'rejected' }
  | {
      readonly step: 'post_cap';
      readonly capMicros: bigint;
      /** max(cap, alreadyPosted): a cap never takes back what was posted. */
      readonly ceilingMicros: bigint;
      readonly applied: boolean;
      readonly resultMicros: bigint;
    }
  | {
      readonly step: 'participant_cap';
      readonly capLeftMicros: bigint;
      /** alreadyPosted + max(0, capLeft). */
      readonly ceilingMicros: bigint;
      readonly applied: boolean;
      readonly resultMicros: bigint;
    }
  | {
      readonly step: 'owed';
      readonly owedMicros: bigint;
      readonly alreadyPostedMicros: bigint;
      readonly deltaMicros: bigint;
    }
  | {
      readonly step: 'budget';
      readonly remainingMicros: bigint;
      readonly applied: boolean;
      readonly resultMicros: bigint;
    }
  | {
      readonly step: 'window';
      readonly remainingMicros: bigint;
      readonly applied: boolean;
      readonly resultMicros: bigint;
    }
  | {
      readonly step: 'accrue';
      readonly amountMicros: bigint;
      /** Owed but held back by budget or window; paid by a later run from the cumulative metric. */
      readonly unpaidMicros: bigint;
    }
  | { readonly step: 'clawback'; readonly amountMicros: bigint; readonly reason: ClawbackReason }
  | { readonly step: 'nothing_to_post' };

export type AccrualResult = {
  /** What the post is owed in total now (after caps, before budget and window). */
  readonly owedMicros: bigint;
  /** owedMicros − alreadyPostedMicros. */
  readonly deltaMicros: bigint;
  /** To accrue now (> 0 only when delta > 0): the delta clamped to budget and window. */
  readonly accrueMicros: bigint;
  /** To claw back now (> 0 only when delta < 0): −delta. */
  readonly clawbackMicros: bigint;
  /** Present when clawbackMicros > 0. */
  readonly clawbackReason?: ClawbackReason;
  /** delta − accrue when delta > 0 (held back by budget or window), else 0. */
  readonly unpaidMicros: bigint;
  /** alreadyPosted + accrue − clawback: the post's net posted earnings once the transfer is applied. */
  readonly postedAfterMicros: bigint;
  /** Every limit that lowered the amount, in the order applied. */
  readonly clampedBy: readonly ClampReason[];
  readonly explanation: readonly ExplanationStep[];
};

export function computeAccrual(input: AccrualInput): AccrualResult {
  const metricTotal = checkNonNegative(input.metricTotal, 'metricTotal');
  const rate = checkNonNegative(input.ratePerThousandMicros, 'ratePerThousandMicros');
  const minimumMetric = checkNonNegative(input.minimumMetric, 'minimumMetric');
  const posted = checkNonNegative(input.alreadyPostedMicros, 'alreadyPostedMicros');
  const budget = checkNonNegative(input.budgetRemainingMicros, 'budgetRemainingMicros');
  const postCap = optional(input.postCapMicros, 'postCapMicros');
  const window = optional(input.windowRemainingMicros, 'windowRemainingMicros');
  const capLeft = input.participantCapLeftMicros;
  if (capLeft !== undefined && typeof capLeft !== 'bigint')
    throw invalidInput('participantCapLeftMicros must be a bigint');
  if (input.postStatus !== 'tracking' && input.postStatus !== 'rejected') {
    throw invalidInput(`postStatus must be 'tracking' or 'rejected', got ${JSON.stringify(input.postStatus)}`);
  }

  const explanation: ExplanationStep[] = [];
  const clampedBy: ClampReason[] = [];

  explanation.push(snapshotStep(metricTotal, input.snapshot));
  let deducted = 0n;
  for (const deduction of input.metricDeductions ?? []) {
    if (typeof deduction.reason !== 'string' || deduction.reason.length === 0 || deduction.reason.length > 100) {
      throw invalidInput('A metric deduction needs a reason of 1 to 100 characters');
    }
    deducted += checkNonNegative(deduction.metric, 'Deducted metric');
    explanation.push({ step: 'deduction', reason: deduction.reason, metric: deduction.metric });
  }
  const metric = metricTotal > deducted ? metricTotal - deducted : 0n;

  const formula = earningsMicros(metric, rate);
  explanation.push({ step: 'rate', metric, ratePerThousandMicros: rate, formulaMicros: formula });
  let earned = formula;
  if (minimumMetric > 0n) {
    const met = metric >= minimumMetric;
    explanation.push({ step: 'minimum_metric', minimumMetric, metric, met });
    if (!met) {
      earned = 0n;
      if (formula > 0n) clampedBy.push('minimum_metric');
    }
  }

  let owed: bigint;
  if (input.postStatus === 'rejected') {
    owed = 0n;
    clampedBy.push('rejected');
    explanation.push({ step: 'rejected' });
  } else {
    owed = earned;
    const grows = earned > posted;
    if (postCap !== undefined) {
      const ceiling = postCap > posted ? postCap : posted;
      const applied = grows && owed > ceiling;
      if (applied) {
        owed = ceiling;
        clampedBy.push('post_cap');
      }
      explanation.push({ step: 'post_cap', capMicros: postCap, ceilingMicros: ceiling, applied, resultMicros: owed });
    }
    if (capLeft !== undefined) {
      const ceiling = posted + (capLeft > 0n ? capLeft : 0n);
      const applied = grows && owed > ceiling;
      if (applied) {
        owed = ceiling;
        clampedBy.push('participant_cap');
      }
      explanation.push({
        step: 'participant_cap',
        capLeftMicros: capLeft,
        ceilingMicros: ceiling,
        applied,
        resultMicros: owed,
      });
    }
  }

  const delta = owed - posted;
  explanation.push({ step: 'owed', owedMicros: owed, alreadyPostedMicros: posted, deltaMicros: delta });

  let accrue = 0n;
  let clawback = 0n;
  let clawbackReason: ClawbackReason | undefined;
  if (delta > 0n) {
    accrue = delta;
    const budgetApplied = budget < accrue;
    if (budgetApplied) {
      accrue = budget;
      clampedBy.push('budget');
    }
    explanation.push({ step: 'budget', remainingMicros: budget, applied: budgetApplied, resultMicros: accrue });
    if (window !== undefined) {
      const windowApplied = window < accrue;
      if (windowApplied) {
        accrue = window;
        clampedBy.push('window');
      }
      explanation.push({ step: 'window', remainingMicros: window, applied: windowApplied, resultMicros: accrue });
    }
  } else if (delta < 0n) {
    clawback = -delta;
    clawbackReason = input.postStatus === 'rejected' ? 'post_rejected' : 'metric_fell';
  }

  const unpaid = delta > 0n ? delta - accrue : 0n;
  if (accrue > 0n) explanation.push({ step: 'accrue', amountMicros: accrue, unpaidMicros: unpaid });
  else if (clawbackReason !== undefined) {
    explanation.push({ step: 'clawback', amountMicros: clawback, reason: clawbackReason });
  } else explanation.push({ step: 'nothing_to_post' });

  const result: AccrualResult = {
    owedMicros: owed,
    deltaMicros: delta,
    accrueMicros: accrue,
    clawbackMicros: clawback,
    unpaidMicros: unpaid,
    postedAfterMicros: assertInt8(posted + accrue - clawback, 'Posted earnings in micros'),
    clampedBy,
    explanation,
  };
  return clawbackReason === undefined ? result : { ...result, clawbackReason };
}

function optional(value: bigint | undefined, what: string): bigint | undefined {
  return value === undefined ? undefined : checkNonNegative(value, what);
}

function snapshotStep(metricTotal: bigint, snapshot: SnapshotRef | undefined): ExplanationStep {
  if (snapshot === undefined) return { step: 'snapshot', metricTotal };
  if (typeof snapshot.id !== 'string' || snapshot.id.length === 0) throw invalidInput('snapshot.id must be a string');
  checkDate(snapshot.observedAt, 'snapshot.observedAt');
  return { step: 'snapshot', metricTotal, snapshotId: snapshot.id, observedAt: snapshot.observedAt };
}
