import { Inject, Injectable } from '@nestjs/common';
import type { EarningsStep, ParticipationEarnings, SubmissionEarnings } from '@creator-rewards/contracts';
import {
  accountKey,
  computeAccrual,
  idempotencyKeys,
  pacingWindows,
  pendingReasons,
  windowRemaining,
  type CurrencyCode,
  type ExplanationStep,
} from '@creator-rewards/domain';
import type { Clock } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { encodeCursor } from '../../platform/http/cursor.js';
import { toMoney, toMoneyOrNull } from '../../platform/http/money.js';
import { CLOCK } from '../../platform/tokens.js';
import { CampaignsService, type CampaignTerms } from '../campaigns/campaigns.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { ACCRUING_STATES, deductionsOf, hasPacingCaps, pacingOf, postStatusOf } from './earnings-policy.js';
import { EarningsRepository, type PostTransferRow, type SubmissionRow } from './earnings.repository.js';

/** How many of a post's observations the explanation lists (newest first); the total is given beside them. */
const SNAPSHOTS_SHOWN = 20;
/** Participation states whose posts the accrual run still looks at (see earnings-policy.ts). */
const RUN_PARTICIPATION_STATES = new Set(['approved', 'active', 'completed', 'paid', 'rejected']);

type Page = { cursor?: string | undefined; limit: number };

/**
 * The read side of earnings: a post's derivation for its participant and for the brand that pays it, and a
 * participant's earnings per participation with what is pending and why. Reads only; nothing here takes the
 * campaign's writer lock, so figures are as of the moment of the read.
 */
@Injectable()
export class EarningsReadService {
  constructor(
    private readonly repo: EarningsRepository,
    private readonly ledger: LedgerService,
    private readonly campaigns: CampaignsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The caller's own post; anyone else's answers 404 exactly like a missing one. */
  async explainMine(userId: string, submissionId: string): Promise<SubmissionEarnings> {
    const submission = await this.repo.findSubmission(this.repo.db, submissionId);
    if (!submission || submission.participantId !== userId) throw notFound('The submission');
    return this.explain(submission);
  }

  /** A post of one of the org's campaigns (the route's guard has checked the caller's membership of the org). */
  async explainForOrg(orgId: string, campaignId: string, submissionId: string): Promise<SubmissionEarnings> {
    await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    const submission = await this.repo.findSubmission(this.repo.db, submissionId);
    if (!submission || submission.campaignId !== campaignId) throw notFound('The submission');
    return this.explain(submission);
  }

  /** The caller's participations, newest first, each with its earnings, pending money and why it is pending. */
  async myEarnings(
    userId: string,
    query: Page,
  ): Promise<{ items: ParticipationEarnings[]; nextCursor: string | null }> {
    const db = this.repo.db;
    const now = this.clock.now();
    const rows = await this.repo.myParticipations(db, userId, {
      ...(query.cursor === undefined ? {} : { beforeId: decodeUuidCursor(query.cursor) }),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const terms = await this.campaigns.termsByIds(page.map((row) => row.campaignId));
    const keyed = page.map((row) => {
      const campaign = terms.get(row.campaignId);
      if (!campaign) throw new Error(`Participation ${row.participationId} names a missing campaign`);
      return { row, campaign, key: accountKey('participant_pending', row.participationId, campaign.currency) };
    });
    const keys = keyed.map((k) => k.key);
    const [balances, sums, portions] = await Promise.all([
      this.ledger.getBalances(keys),
      this.repo.holdSums(db, keys, now),
      this.repo.pendingPortions(db, keys),
    ]);

    const items = keyed.map(({ row, campaign, key }, index): ParticipationEarnings => {
      const currency = campaign.currency;
      const pending = balances[index]!.balanceMicros;
      const releases = new Map<number, bigint>();
      for (const portion of portions) {
        if (portion.accountKey !== key || portion.holdEndsAt === null) continue;
        const at = portion.holdEndsAt.getTime();
        releases.set(at, (releases.get(at) ?? 0n) + portion.amountMicros);
      }
      const schedule = [...releases].sort(([a], [b]) => a - b);
      const next = schedule.find(([at]) => at > now.getTime());
      const nextHoldEndsAt = next ? new Date(next[0]) : null;
      const reasons =
        pending > 0n
          ? pendingReasons({
              now,
              ...(nextHoldEndsAt ? { holdEndsAt: nextHoldEndsAt } : {}),
              underReview: row.underReview,
            })
          : [];
      return {
        participationId: row.participationId,
        participationState: row.state,
        campaign: { id: campaign.id, title: campaign.title, state: campaign.state },
        currency,
        earned: toMoney(row.postedMicros, currency),
        pending: toMoney(pending, currency),
        released: toMoney(sums.get(key)?.lockedMicros ?? 0n, currency),
        pendingReasons: reasons.map((r) => ({
          reason: r.reason,
          label: r.label,
          until: r.until ? r.until.toISOString() : null,
        })),
        nextHoldEndsAt: nextHoldEndsAt ? nextHoldEndsAt.toISOString() : null,
        releases: schedule.map(([at, amount]) => ({
          holdEndsAt: new Date(at).toISOString(),
          amount: toMoney(amount, currency),
        })),
      };
    });
    const last = page.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.participationId) : null };
  }

  private async explain(submission: SubmissionRow): Promise<SubmissionEarnings> {
    const db = this.repo.db;
    const terms = await this.campaigns.getTerms(submission.campaignId);
    const currency = terms.currency;
    const [snapshots, earnings] = await Promise.all([
      this.repo.latestSnapshots(db, submission.id, SNAPSHOTS_SHOWN),
      this.repo.postEarnings(db, submission.id, submission.participationId),
    ]);
    const keys = Array.from({ length: earnings.sequence }, (_, n) => idempotencyKeys.earnings(submission.id, n));
    const transfers = await this.repo.transfersByKeys(db, keys);

    const latest = snapshots.items[0];
    let derivation: SubmissionEarnings['derivation'] = null;
    if (latest) {
      const runs = RUN_PARTICIPATION_STATES.has(submission.participationState);
      const accruing = runs && ACCRUING_STATES.has(terms.state);
      const budgetKey = accountKey('campaign_budget', terms.id, currency);
      const budget = await this.ledger.getBalance(budgetKey);
      const windowTerms = accruing ? terms : { ...terms, state: 'completed' as const };
      const spend = hasPacingCaps(windowTerms)
        ? await this.repo.pacingSpend(db, budgetKey, pacingWindows(this.clock.now()))
        : null;
      const pacing = pacingOf(windowTerms, spend);
      const window = pacing ? windowRemaining(pacing) : undefined;
      const deductions = deductionsOf(latest.deductedTotal);
      const result = computeAccrual({
        metricTotal: latest.metricTotal,
        ratePerThousandMicros: terms.ratePerThousandMicros,
        minimumMetric: terms.minimumMetric,
        alreadyPostedMicros: earnings.postedMicros,
        budgetRemainingMicros: budget.balanceMicros,
        postStatus: postStatusOf(submission.status, submission.participationState),
        snapshot: { id: latest.id, observedAt: latest.observedAt },
        ...(deductions ? { metricDeductions: deductions } : {}),
        ...(terms.perPostCapMicros === null ? {} : { postCapMicros: terms.perPostCapMicros }),
        ...(terms.perParticipantCapMicros === null
          ? {}
          : { participantCapLeftMicros: terms.perParticipantCapMicros - earnings.participationPostedMicros }),
        ...(window === undefined ? {} : { windowRemainingMicros: window }),
      });
      derivation = {
        accruing,
        owed: toMoney(result.owedMicros, currency),
        posted: toMoney(earnings.postedMicros, currency),
        nextAccrual: toMoney(result.accrueMicros, currency),
        unpaid: toMoney(result.unpaidMicros, currency),
        nextClawback: toMoney(result.clawbackMicros, currency),
        clampedBy: [...result.clampedBy],
        steps: result.explanation.map((step) => stepView(step, currency)),
      };
    }

    return {
      submission: {
        id: submission.id,
        campaignId: submission.campaignId,
        participationId: submission.participationId,
        status: submission.status as SubmissionEarnings['submission']['status'],
        platform: submission.platform,
        url: submission.canonicalUrl,
      },
      campaign: campaignView(terms),
      snapshots: {
        items: snapshots.items.map((s) => ({
          id: s.id,
          metricTotal: s.metricTotal.toString(),
          deductedTotal: s.deductedTotal.toString(),
          source: s.source,
          observedAt: s.observedAt.toISOString(),
        })),
        total: snapshots.total,
      },
      posted: toMoney(earnings.postedMicros, currency),
      derivation,
      transfers: transfers.map((row) => transferView(row, currency)),
    };
  }
}

function campaignView(terms: CampaignTerms): SubmissionEarnings['campaign'] {
  const c = terms.currency;
  return {
    id: terms.id,
    title: terms.title,
    state: terms.state,
    metric: terms.metric,
    currency: c,
    ratePerThousand: toMoney(terms.ratePerThousandMicros, c),
    minimumMetric: terms.minimumMetric.toString(),
    perPostCap: toMoneyOrNull(terms.perPostCapMicros, c),
    perParticipantCap: toMoneyOrNull(terms.perParticipantCapMicros, c),
    dailyCap: toMoneyOrNull(terms.dailyCapMicros, c),
    hourlyCap: toMoneyOrNull(terms.hourlyCapMicros, c),
    holdDays: terms.holdDays,
  };
}

function transferView(row: PostTransferRow, currency: CurrencyCode): SubmissionEarnings['transfers'][number] {
  const m = row.metadata;
  const micros = (value: string | undefined) => (value === undefined ? null : toMoney(BigInt(value), currency));
  return {
    kind: row.kind === 'clawback' ? 'clawback' : 'accrue',
    sequence: Number(row.idempotencyKey.slice(row.idempotencyKey.lastIndexOf(':') + 1)),
    idempotencyKey: row.idempotencyKey,
    // The budget's leg, seen from the post: an accrual debits the budget (the post gains), a clawback credits it.
    amount: toMoney(-row.budgetLegMicros, currency),
    createdAt: row.createdAt.toISOString(),
    effectiveAt: row.effectiveAt.toISOString(),
    holdEndsAt: m.holdEndsAt ?? null,
    clawbackReason: m.reason === 'metric_fell' || m.reason === 'post_rejected' ? m.reason : null,
    fromPending: micros(m.fromPendingMicros),
    fromAvailable: micros(m.fromAvailableMicros),
    metricTotal: m.metricTotal ?? null,
    owed: micros(m.owedMicros),
    snapshotId: m.snapshotId ?? null,
  };
}

function stepView(step: ExplanationStep, c: CurrencyCode): EarningsStep {
  switch (step.step) {
    case 'snapshot':
      return {
        step: 'snapshot',
        metricTotal: step.metricTotal.toString(),
        snapshotId: step.snapshotId ?? null,
        observedAt: step.observedAt ? step.observedAt.toISOString() : null,
      };
    case 'deduction':
      return { step: 'deduction', reason: step.reason, metric: step.metric.toString() };
    case 'rate':
      return {
        step: 'rate',
        metric: step.metric.toString(),
        ratePerThousand: toMoney(step.ratePerThousandMicros, c),
        formula: toMoney(step.formulaMicros, c),
      };
    case 'minimum_metric':
      return {
        step: 'minimum_metric',
        minimumMetric: step.minimumMetric.toString(),
        metric: step.metric.toString(),
        met: step.met,
      };
    case 'rejected':
      return { step: 'rejected' };
    case 'post_cap':
      return {
        step: 'post_cap',
        cap: toMoney(step.capMicros, c),
        ceiling: toMoney(step.ceilingMicros, c),
        applied: step.applied,
        result: toMoney(step.resultMicros, c),
      };
    case 'participant_cap':
      return {
        step: 'participant_cap',
        capLeft: toMoney(step.capLeftMicros, c),
        ceiling: toMoney(step.ceilingMicros, c),
        applied: step.applied,
        result: toMoney(step.resultMicros, c),
      };
    case 'owed':
      return {
        step: 'owed',
        owed: toMoney(step.owedMicros, c),
        alreadyPosted: toMoney(step.alreadyPostedMicros, c),
        delta: toMoney(step.deltaMicros, c),
      };
    case 'budget':
    case 'window':
      return {
        step: step.step,
        remaining: toMoney(step.remainingMicros, c),
        applied: step.applied,
        result: toMoney(step.resultMicros, c),
      };
    case 'accrue':
      return { step: 'accrue', amount: toMoney(step.amountMicros, c), unpaid: toMoney(step.unpaidMicros, c) };
    case 'clawback':
      return { step: 'clawback', amount: toMoney(step.amountMicros, c), reason: step.reason };
    case 'nothing_to_post':
      return { step: 'nothing_to_post' };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The participation id a page of /v1/me/earnings ended at (see encodeCursor). */
function decodeUuidCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]{1,100}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!UUID.test(text)) {
    const message = 'is not a cursor from a previous page; pass nextCursor back unchanged';
    throw new AppError('VALIDATION_FAILED', `query.cursor: ${message}`, {
      issues: [{ path: 'query.cursor', code: 'invalid_cursor', message }],
    });
  }
  return text;
}
