import { Inject, Injectable } from '@nestjs/common';
import {
  accountKey,
  accrueCampaignBatch,
  pacingWindows,
  type BatchParticipation,
  type BatchPost,
  type BatchResult,
} from '@creator-rewards/domain';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { JobQueue } from '../../platform/queue/index.js';
import { CLOCK, LOGGER, QUEUE } from '../../platform/tokens.js';
import { CampaignLifecycleService } from '../campaigns/campaign-lifecycle.service.js';
import { CampaignsService, type CampaignTerms } from '../campaigns/campaigns.service.js';
import { LedgerService, requireApplied } from '../ledger/ledger.service.js';
import { EarningsHoldsService } from './earnings-holds.service.js';
import { ACCRUING_STATES, RUN_STATES, deductionsOf, hasPacingCaps, pacingOf, postStatusOf } from './earnings-policy.js';
import { EarningsRepository, type InsertedSnapshot, type PostEarningsWrite } from './earnings.repository.js';

/** The accrual job's name; its payload is { campaignId } and its job id the campaign id (bursts coalesce). */
export const ACCRUE_JOB = 'earnings.accrue';

export type SnapshotInput = {
  submissionId: string;
  /** The post's cumulative metric as observed, ≥ 0. */
  metricTotal: bigint;
  /** Cumulative units judged invalid by fraud rules, 0 ≤ deducted ≤ metricTotal; default 0. */
  deductedTotal?: bigint;
  /** Where it came from: sandbox, youtube, tiktok, instagram, x, clicks. */
  source: string;
  observedAt: Date;
};

export type AccrualRunSummary = {
  campaignId: string;
  state: CampaignTerms['state'];
  /** Posts the run looked at (the due ones). */
  posts: number;
  transfers: number;
  accruedMicros: bigint;
  clawedBackMicros: bigint;
  /** Owed but held back by the budget or the pacing window. */
  unpaidMicros: bigint;
  /** The budget after the run (null when nothing was due, so nothing was read). */
  budgetRemainingMicros: bigint | null;
  exhausted: boolean;
  /** Posts the pacing window held back: they stay due, so a run in a later window pays them. */
  pacedPosts: number;
  /** The campaign's new state when the run's end made it complete itself. */
  advancedTo: CampaignTerms['state'] | null;
};

const SOURCE = /^[a-z][a-z0-9_]{0,39}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SNAPSHOTS_PER_CALL = 10_000;
const INT8_MAX = 9_223_372_036_854_775_807n;

/**
 * Earnings from metrics (DESIGN §4): snapshot intake and the per-campaign accrual run.
 *
 * recordSnapshots stores observations and asks for a run of each campaign they touch; accrueCampaign is that run:
 * ONE writer per campaign at a time (an advisory lock, `campaign:<id>`, inside the transaction), which reads the
 * budget, the pacing spend and every due post of the campaign, lets the domain's accrueCampaignBatch decide all
 * of them at once (compute from the cumulative metric, post the difference; the budget's balancing clamp), posts
 * the transfers as one ledger batch and records where each post is (post_earnings) in the same transaction.
 */
@Injectable()
export class EarningsService {
  private readonly logger: Logger;

  constructor(
    private readonly repo: EarningsRepository,
    private readonly ledger: LedgerService,
    private readonly campaigns: CampaignsService,
    private readonly lifecycle: CampaignLifecycleService,
    private readonly holds: EarningsHoldsService,
    @Inject(QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'earnings' });
  }

  /**
   * Stores the observations (all or none: an unknown submission refuses the whole call with NOT_FOUND, a malformed
   * item with VALIDATION_FAILED) and enqueues one accrual per campaign touched. Snapshots of rejected submissions
   * are stored like any other; the run claws their posts back. If the queue cannot be reached the snapshots are
   * kept and the sweeper runs the accrual within minutes, so a retry of this call is never needed for that.
   */
  async recordSnapshots(items: readonly SnapshotInput[]): Promise<InsertedSnapshot[]> {
    if (items.length > MAX_SNAPSHOTS_PER_CALL) {
      throw invalid(`At most ${MAX_SNAPSHOTS_PER_CALL} snapshots per call, got ${items.length}`);
    }
    const normalized = items.map((item, index) => normalizeSnapshot(item, index));
    if (normalized.length === 0) return [];
    const inserted = await this.repo.db.transaction(async (tx) => {
      const rows = await this.repo.insertSnapshots(tx, normalized);
      if (rows.length !== normalized.length) {
        const known = new Set(rows.map((r) => r.submissionId));
        const missing = [...new Set(normalized.map((n) => n.submissionId).filter((id) => !known.has(id)))];
        throw new AppError('NOT_FOUND', `No submission ${missing.join(', ')}: no snapshot was stored.`, { missing });
      }
      return rows;
    });
    for (const campaignId of new Set(inserted.map((row) => row.campaignId))) await this.enqueueAccrual(campaignId);
    return inserted;
  }

  /** Asks for a run of the campaign; a run already waiting absorbs it. Never throws: the sweeper is the fallback. */
  async enqueueAccrual(campaignId: string): Promise<void> {
    try {
      await this.queue.enqueue(ACCRUE_JOB, { campaignId }, { jobId: campaignId });
    } catch (error) {
      this.logger.warn({ campaignId, err: error }, 'accrual not enqueued; the earnings sweeper will run it');
    }
  }

  /**
   * One accrual run of the campaign (see the class comment). Idempotent: a second run finds nothing due, or
   * recomputes from the state the first left and posts nothing. After the commit, a campaign whose budget the run
   * spent to 0, or whose end date has passed, is completed (CampaignLifecycleService.systemAdvance).
   */
  async accrueCampaign(campaignId: string): Promise<AccrualRunSummary> {
    const now = this.clock.now();
    const run = await this.ledger.withSingleWriter(
      `campaign:${campaignId}`,
      async (tx, campaignAccounts) => {
        const terms = await this.campaigns.getTerms(campaignId, tx);
        if (!RUN_STATES.has(terms.state)) return { terms, posts: 0, batch: null, paced: 0 };
        const due = await this.repo.duePosts(tx, campaignId);
        if (due.length === 0) return { terms, posts: 0, batch: null, paced: 0 };

        const { currency } = terms;
        const budgetKey = accountKey('campaign_budget', campaignId, currency);
        const participations = new Map<string, BatchParticipation>();
        for (const post of due) {
          participations.set(post.participationId, {
            participationId: post.participationId,
            participantId: post.participantId,
            postedMicros: post.participationPostedMicros,
            pendingMicros: 0n,
          });
        }
        const pendingKeys = [...participations.keys()].map((id) => accountKey('participant_pending', id, currency));
        // The budget was read with the lock (readOwners below); an unfunded campaign has no budget account yet.
        const budgetMicros = campaignAccounts.find((a) => a.key === budgetKey)?.balanceMicros ?? 0n;
        const pending = await this.ledger.getBalances(pendingKeys, { tx });
        [...participations.values()].forEach((participation, index) => {
          participations.set(participation.participationId, {
            ...participation,
            pendingMicros: pending[index]!.balanceMicros,
          });
        });
        const spend = hasPacingCaps(terms) ? await this.repo.pacingSpend(tx, budgetKey, pacingWindows(now)) : null;
        const pacing = pacingOf(terms, spend);

        const posts: BatchPost[] = due.map((post) => {
          const deductions = post.snapshot ? deductionsOf(post.snapshot.deductedTotal) : undefined;
          return {
            postId: post.submissionId,
            participationId: post.participationId,
            sequence: post.sequence,
            metricTotal: post.snapshot?.metricTotal ?? 0n,
            alreadyPostedMicros: post.postedMicros,
            postStatus: postStatusOf(post.submissionStatus, post.participationState),
            ...(deductions ? { metricDeductions: deductions } : {}),
            ...(post.snapshot ? { snapshot: { id: post.snapshot.id, observedAt: post.snapshot.observedAt } } : {}),
          };
        });
        const batch = accrueCampaignBatch(
          {
            campaignId,
            currency,
            ratePerThousandMicros: terms.ratePerThousandMicros,
            minimumMetric: terms.minimumMetric,
            ...(terms.perPostCapMicros === null ? {} : { postCapMicros: terms.perPostCapMicros }),
            ...(terms.perParticipantCapMicros === null ? {} : { participantCapMicros: terms.perParticipantCapMicros }),
            budgetRemainingMicros: budgetMicros,
            ...(pacing ? { pacing } : {}),
            holdDays: terms.holdDays,
            now,
            participations: [...participations.values()],
          },
          posts,
        );

        if (batch.transfers.length > 0) {
          const result = await this.ledger.post(batch.transfers, { tx, effectiveAt: now });
          requireApplied(result);
          if (result.outcomes.some((o) => o.status !== 'applied')) {
            // post_earnings moves in the same transaction as the transfers and the writer holds the campaign's lock,
            // so every key is new. A recorded one means the two disagree: a bug, never a race to retry.
            throw new Error(`Accrual run of campaign ${campaignId} rebuilt an earnings transfer that already exists`);
          }
        }

        const byPost = new Map(due.map((post) => [post.submissionId, post]));
        let paced = 0;
        const writes: PostEarningsWrite[] = batch.results.map((result) => {
          const post = byPost.get(result.postId)!;
          // A post the window held back stays due (its watermark does not move), so the sweeper's next run in a later
          // window pays it even if no new snapshot comes. A budget clamp does not: the budget only comes back through
          // clawbacks, and the campaign completes at 0.
          const keepDue = ACCRUING_STATES.has(terms.state) && result.clampedBy.includes('window');
          if (keepDue) paced++;
          return {
            submissionId: post.submissionId,
            campaignId,
            participationId: post.participationId,
            previousSequence: post.hasEarningsRow ? post.sequence : null,
            postedMicros: result.postedAfterMicros,
            sequence: result.nextSequence,
            lastSnapshotId: keepDue ? post.lastSnapshotId : post.maxSnapshotId,
          };
        });
        const written = await this.repo.writePostEarnings(tx, writes);
        if (written !== writes.length) {
          throw new Error(`Accrual run of campaign ${campaignId} found post_earnings moved under its lock`);
        }
        return { terms, posts: due.length, batch, paced };
      },
      { readOwners: [campaignId] },
    );

    const { terms, batch } = run;
    const advancedTo = await this.completeIfDue(terms, batch, now);
    const summary = summarize(campaignId, terms, run.posts, batch, run.paced, advancedTo);
    if (summary.transfers > 0 || advancedTo) {
      this.logger.info(
        {
          campaignId,
          posts: summary.posts,
          transfers: summary.transfers,
          accruedMicros: String(summary.accruedMicros),
          clawedBackMicros: String(summary.clawedBackMicros),
          exhausted: summary.exhausted,
          advancedTo,
        },
        'earnings accrued',
      );
    }
    return summary;
  }

  /** Whether the campaign has a post due for a run (a new snapshot, or a rejection to claw back). */
  async isDue(campaignId: string): Promise<boolean> {
    return (await this.repo.campaignsWithDuePosts(this.repo.db, [campaignId])).length > 0;
  }

  /**
   * The sweeper (DESIGN §6): for every open campaign, a run when a post is due (a lost enqueue delays accruals,
   * never loses them), else, for a live campaign whose budget is spent or whose end has passed, the completion the
   * run would have made. Returns the campaigns enqueued and the ones it advanced.
   */
  async sweep(): Promise<{ enqueued: string[]; advanced: string[] }> {
    const open = await this.lifecycle.listOpenCampaignIds();
    const due = new Set(await this.repo.campaignsWithDuePosts(this.repo.db, open));
    const enqueued: string[] = [];
    const advanced: string[] = [];
    const now = this.clock.now();
    const terms = await this.campaigns.termsByIds(open.filter((id) => !due.has(id)));
    for (const campaignId of open) {
      if (due.has(campaignId)) {
        await this.enqueueAccrual(campaignId);
        enqueued.push(campaignId);
        continue;
      }
      const campaign = terms.get(campaignId);
      if (!campaign || !ACCRUING_STATES.has(campaign.state)) continue;
      const ended = campaign.endsAt !== null && campaign.endsAt.getTime() <= now.getTime();
      const budget = ended
        ? null
        : await this.ledger.getBalance(accountKey('campaign_budget', campaignId, campaign.currency));
      if (!ended && budget!.balanceMicros > 0n) continue;
      const pending = await this.holds.campaignPendingMicros(campaignId, campaign.currency);
      if (await this.lifecycle.systemAdvance(campaignId, pending)) advanced.push(campaignId);
    }
    return { enqueued, advanced };
  }

  private async completeIfDue(
    terms: CampaignTerms,
    batch: BatchResult | null,
    now: Date,
  ): Promise<CampaignTerms['state'] | null> {
    if (!ACCRUING_STATES.has(terms.state)) return null;
    const ended = terms.endsAt !== null && terms.endsAt.getTime() <= now.getTime();
    if (!ended && !batch?.exhausted) return null;
    const pending = await this.holds.campaignPendingMicros(terms.id, terms.currency);
    return this.lifecycle.systemAdvance(terms.id, pending);
  }
}

function summarize(
  campaignId: string,
  terms: CampaignTerms,
  posts: number,
  batch: BatchResult | null,
  paced: number,
  advancedTo: CampaignTerms['state'] | null,
): AccrualRunSummary {
  return {
    campaignId,
    state: advancedTo ?? terms.state,
    posts,
    transfers: batch?.transfers.length ?? 0,
    accruedMicros: batch?.accruedMicros ?? 0n,
    clawedBackMicros: batch?.clawedBackMicros ?? 0n,
    unpaidMicros: batch?.unpaidMicros ?? 0n,
    budgetRemainingMicros: batch?.budgetRemainingMicros ?? null,
    exhausted: batch?.exhausted ?? false,
    pacedPosts: paced,
    advancedTo,
  };
}

function normalizeSnapshot(item: SnapshotInput, index: number) {
  const at = `items[${index}]`;
  if (typeof item.submissionId !== 'string' || !UUID.test(item.submissionId)) {
    throw invalid(`${at}.submissionId must be a UUID`);
  }
  if (typeof item.metricTotal !== 'bigint' || item.metricTotal < 0n || item.metricTotal > INT8_MAX) {
    throw invalid(`${at}.metricTotal must be a bigint from 0 to ${INT8_MAX}`);
  }
  const deducted = item.deductedTotal ?? 0n;
  if (typeof deducted !== 'bigint' || deducted < 0n || deducted > item.metricTotal) {
    throw invalid(`${at}.deductedTotal must be a bigint from 0 to metricTotal`);
  }
  if (typeof item.source !== 'string' || !SOURCE.test(item.source)) {
    throw invalid(`${at}.source must be a lowercase word such as youtube or sandbox`);
  }
  if (!(item.observedAt instanceof Date) || Number.isNaN(item.observedAt.getTime())) {
    throw invalid(`${at}.observedAt must be a valid Date`);
  }
  return {
    submissionId: item.submissionId.toLowerCase(),
    metricTotal: item.metricTotal,
    deductedTotal: deducted,
    source: item.source,
    observedAt: item.observedAt,
  };
}

function invalid(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message);
}
