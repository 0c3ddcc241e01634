import { ID_PATTERN, isId } from '../ledger/accounts.js';
import { buildAccrue, buildClawback, type Transfer } from '../ledger/transfers.js';
import { assertCurrencyCode, type CurrencyCode } from '../money/currency.js';
import {
  computeAccrual,
  type AccrualResult,
  type MetricDeduction,
  type PostStatus,
  type SnapshotRef,
} from './accrual.js';
import { checkDate, checkNonNegative, invalidInput } from './errors.js';
import { holdEndsAt } from './hold.js';
import { windowRemaining, type PacingInput } from './pacing.js';

/**
 * One run of a campaign's single writer: all posts due for accrual, against one budget, in a deterministic
 * order, returning the transfers to persist and the balances they leave.
 *
 * Order: first every post whose earnings fall (clawbacks, which only give budget back), then every post
 * that grows (accruals), each group by postId in code-unit order. Clawbacks first means their budget is
 * available to this run's accruals, and every prefix of `transfers` keeps every balance valid, so the
 * repository may apply the whole batch as one UPDATE per account (netChanges) and the reference model,
 * applying one transfer at a time, agrees. Sorting by postId makes the run reproducible; ids that sort by
 * creation time (UUIDv7, ULID) make it first come, first served when the budget runs out.
 *
 * Within the run the budget, the pacing window, each participation's posted total (for the participant
 * cap) and pending balance (for the clawback split) are carried from post to post, so the budget is
 * consumed in order and never below 0: total accrued = min(demand, budget + clawed back).
 *
 * The campaign is exhausted when its budget ends at 0; the campaigns module then completes it. Later runs
 * accrue 0 (and clawbacks still run, giving budget back).
 */
export type BatchParticipation = {
  readonly participationId: string;
  readonly participantId: string;
  /** Net earnings posted to the participation across all its posts (accruals − clawbacks), ≥ 0. */
  readonly postedMicros: bigint;
  /** Its participant_pending balance, ≥ 0. */
  readonly pendingMicros: bigint;
};

export type BatchCampaign = {
  readonly campaignId: string;
  readonly currency: CurrencyCode;
  readonly ratePerThousandMicros: bigint;
  readonly minimumMetric: bigint;
  readonly postCapMicros?: bigint;
  /** Most one participation may earn in the campaign; absent = no cap. */
  readonly participantCapMicros?: bigint;
  /** The campaign_budget balance, read under the single-writer lock. */
  readonly budgetRemainingMicros: bigint;
  readonly pacing?: PacingInput;
  readonly holdDays: number;
  /** The run's time: accruals are held until holdEndsAt(now, holdDays). */
  readonly now: Date;
  /** Every participation that owns a post in `posts`. */
  readonly participations: readonly BatchParticipation[];
};

export type BatchPost = {
  readonly postId: string;
  readonly participationId: string;
  /** How many earnings transfers the post already has (its idempotency-key sequence). */
  readonly sequence: number;
  readonly metricTotal: bigint;
  readonly metricDeductions?: readonly MetricDeduction[];
  readonly alreadyPostedMicros: bigint;
  readonly postStatus: PostStatus;
  readonly snapshot?: SnapshotRef;
};

export type BatchPostResult = AccrualResult & {
  readonly postId: string;
  readonly participationId: string;
  /** The accrue or clawback transfer to persist, or null when nothing moves. */
  readonly transfer: Transfer | null;
  /** The post's sequence after this run: sequence + 1 when a transfer was built. */
  readonly nextSequence: number;
};

export type BatchParticipationAfter = {
  readonly participationId: string;
  readonly postedMicros: bigint;
  readonly pendingMicros: bigint;
};

export type BatchResult = {
  /** One per post, by postId. */
  readonly results: readonly BatchPostResult[];
  /** In application order: clawbacks, then accruals. */
  readonly transfers: readonly Transfer[];
  readonly accruedMicros: bigint;
  readonly clawedBackMicros: bigint;
  /** Owed but held back by budget or window, summed over posts. */
  readonly unpaidMicros: bigint;
  readonly budgetRemainingMicros: bigint;
  /** What the pacing window still allows after the run; absent without pacing caps. */
  readonly windowRemainingMicros?: bigint;
  /** The budget is at 0: the campaign completes itself. */
  readonly exhausted: boolean;
  /** Each participation's posted total and pending balance after the run, by participationId. */
  readonly participations: readonly BatchParticipationAfter[];
};

export function accrueCampaignBatch(campaign: BatchCampaign, posts: readonly BatchPost[]): BatchResult {
  checkDate(campaign.now, 'now');
  assertCurrencyCode(campaign.currency);
  let budget = checkNonNegative(campaign.budgetRemainingMicros, 'budgetRemainingMicros');
  let window = campaign.pacing === undefined ? undefined : windowRemaining(campaign.pacing);
  const participantCap =
    campaign.participantCapMicros === undefined
      ? undefined
      : checkNonNegative(campaign.participantCapMicros, 'participantCapMicros');
  const holdEnds = holdEndsAt(campaign.now, campaign.holdDays);

  const state = new Map<string, BatchParticipation & { posted: bigint; pending: bigint }>();
  for (const participation of campaign.participations) {
    if (state.has(participation.participationId)) {
      throw invalidInput(`Participation ${participation.participationId} is listed twice`);
    }
    // A literal rather than a spread: the run updates posted and pending once per post (V8 keeps it a fast object).
    state.set(participation.participationId, {
      participationId: participation.participationId,
      participantId: participation.participantId,
      postedMicros: participation.postedMicros,
      pendingMicros: participation.pendingMicros,
      posted: checkNonNegative(participation.postedMicros, 'participation postedMicros'),
      pending: checkNonNegative(participation.pendingMicros, 'participation pendingMicros'),
    });
  }

  const sorted = [...posts].sort((a, b) => compareIds(a.postId, b.postId));
  const postedByParticipation = new Map<string, bigint>();
  sorted.forEach((post, index) => {
    if (!isId(post.postId)) {
      throw invalidInput(`postId must match ${ID_PATTERN}`);
    }
    if (index > 0 && sorted[index - 1]?.postId === post.postId)
      throw invalidInput(`Post ${post.postId} is listed twice`);
    if (!Number.isSafeInteger(post.sequence) || post.sequence < 0) {
      throw invalidInput(`sequence of ${post.postId} must be a non-negative safe integer`);
    }
    const participation = state.get(post.participationId);
    if (!participation)
      throw invalidInput(`Post ${post.postId} belongs to unlisted participation ${post.participationId}`);
    const sum =
      (postedByParticipation.get(post.participationId) ?? 0n) +
      checkNonNegative(post.alreadyPostedMicros, 'alreadyPostedMicros');
    if (sum > participation.posted) {
      throw invalidInput(`Posts of ${post.participationId} have more posted than the participation's postedMicros`);
    }
    postedByParticipation.set(post.participationId, sum);
  });

  // One literal with every key (undefined = absent, as computeAccrual reads it): conditional spreads cost more
  // than the computation itself, twice per post.
  const compute = (post: BatchPost, participation: { posted: bigint }): AccrualResult =>
    computeAccrual({
      metricTotal: post.metricTotal,
      ratePerThousandMicros: campaign.ratePerThousandMicros,
      minimumMetric: campaign.minimumMetric,
      alreadyPostedMicros: post.alreadyPostedMicros,
      budgetRemainingMicros: budget,
      postStatus: post.postStatus,
      metricDeductions: post.metricDeductions,
      snapshot: post.snapshot,
      postCapMicros: campaign.postCapMicros,
      participantCapLeftMicros: participantCap === undefined ? undefined : participantCap - participation.posted,
      windowRemainingMicros: window,
    });

  const results = new Map<string, BatchPostResult>();
  const transfers: Transfer[] = [];
  let accrued = 0n;
  let clawedBack = 0n;
  let unpaid = 0n;

  // Clawbacks first: they depend on nothing the run carries except the pending balance they split.
  for (const post of sorted) {
    const participation = mustGet(state, post.participationId);
    const result = compute(post, participation);
    if (result.clawbackMicros === 0n) continue;
    const transfer = buildClawback({
      campaignId: campaign.campaignId,
      participationId: participation.participationId,
      participantId: participation.participantId,
      postId: post.postId,
      sequence: post.sequence,
      currency: campaign.currency,
      amountMicros: result.clawbackMicros,
      pendingMicros: participation.pending,
      reason: result.clawbackReason ?? 'metric_fell',
      extra: explainingMetadata(post, result),
    });
    // The same split buildClawback made: pending first, the rest from available.
    participation.pending -=
      participation.pending < result.clawbackMicros ? participation.pending : result.clawbackMicros;
    participation.posted -= result.clawbackMicros;
    budget += result.clawbackMicros;
    clawedBack += result.clawbackMicros;
    transfers.push(transfer);
    results.set(post.postId, postResult(result, post, transfer));
  }

  for (const post of sorted) {
    if (results.has(post.postId)) continue;
    const participation = mustGet(state, post.participationId);
    const result = compute(post, participation);
    let transfer: Transfer | null = null;
    if (result.accrueMicros > 0n) {
      transfer = buildAccrue({
        campaignId: campaign.campaignId,
        participationId: participation.participationId,
        postId: post.postId,
        sequence: post.sequence,
        currency: campaign.currency,
        amountMicros: result.accrueMicros,
        holdEndsAt: holdEnds,
        extra: explainingMetadata(post, result),
      });
      participation.pending += result.accrueMicros;
      participation.posted += result.accrueMicros;
      budget -= result.accrueMicros;
      if (window !== undefined) window -= result.accrueMicros;
      accrued += result.accrueMicros;
      transfers.push(transfer);
    }
    unpaid += result.unpaidMicros;
    results.set(post.postId, postResult(result, post, transfer));
  }

  const after: BatchResult = {
    results: sorted.map((post) => mustGet(results, post.postId)),
    transfers,
    accruedMicros: accrued,
    clawedBackMicros: clawedBack,
    unpaidMicros: unpaid,
    budgetRemainingMicros: budget,
    exhausted: budget === 0n,
    participations: [...state.values()]
      .sort((a, b) => compareIds(a.participationId, b.participationId))
      .map(({ participationId, posted, pending }) => ({
        participationId,
        postedMicros: posted,
        pendingMicros: pending,
      })),
  };
  return window === undefined ? after : { ...after, windowRemainingMicros: window };
}

function postResult(result: AccrualResult, post: BatchPost, transfer: Transfer | null): BatchPostResult {
  // Object.assign rather than a spread: the same object, much cheaper in V8 (once per post of every run).
  return Object.assign({}, result, {
    postId: post.postId,
    participationId: post.participationId,
    transfer,
    nextSequence: transfer ? post.sequence + 1 : post.sequence,
  });
}

/**
 * What ties a transfer to its explanation: metricTotal (the snapshot's cumulative metric), owedMicros (after
 * caps) and snapshotId when known. Added to the builders' own metadata keys.
 */
function explainingMetadata(post: BatchPost, result: AccrualResult): Record<string, string> {
  const metadata: Record<string, string> = {
    metricTotal: String(post.metricTotal),
    owedMicros: String(result.owedMicros),
  };
  if (post.snapshot !== undefined) metadata.snapshotId = post.snapshot.id;
  return metadata;
}

/** Code-unit order, the same in every locale (and PostgreSQL's COLLATE "C"). */
function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** For keys the run itself put in the map: a miss is a bug in this file. */
function mustGet<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`accrueCampaignBatch: missing ${String(key)}`);
  return value;
}
