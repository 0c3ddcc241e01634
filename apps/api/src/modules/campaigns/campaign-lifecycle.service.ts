import { Inject, Injectable } from '@nestjs/common';
import type { Executor } from '@creator-rewards/db';
import {
  buildRefund,
  decideCampaignTransition,
  payableMicros,
  systemCampaignCommand,
  type ActorKind,
  type CampaignCommand,
  type CampaignRefusalCode,
  type CampaignSnapshot,
  type CurrencyCode,
} from '@creator-rewards/domain';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { decodeTimeIdCursor, encodeCursor } from '../../platform/http/cursor.js';
import { pageOf } from '../../platform/http/pagination.js';
import { CLOCK, LOGGER } from '../../platform/tokens.js';
import { AuditService, type AuditActor, type AuditContext } from '../audit/audit.service.js';
import { actorOf, type Principal } from '../identity/principal.js';
import { LedgerService, requireApplied } from '../ledger/ledger.service.js';
import { campaignSummaryView } from './campaign-views.js';
import { CampaignsRepository, type CampaignRow, type NewCampaignRow } from './campaigns.repository.js';
import { CampaignsService, staleVersion } from './campaigns.service.js';

type Page = { cursor?: string | undefined; limit: number };
type Who = { actor: ActorKind; audit: AuditActor; context?: AuditContext; userId?: string };

/** Refusals that are the caller's fault in the request itself (400/403); every other refusal is a 409 conflict. */
const refusalStatus: Partial<Record<CampaignRefusalCode, 'VALIDATION_FAILED' | 'FORBIDDEN'>> = {
  INVALID_REASON: 'VALIDATION_FAILED',
  ACTOR_NOT_ALLOWED: 'FORBIDDEN',
};

/**
 * Every campaign state change: the domain decides (decideCampaignTransition), this applies it with a
 * compare-and-set UPDATE (state and version as read; zero rows is a stale screen: 409) and audits it in the same
 * transaction. The system's moves (complete when the budget is spent or the end passed, close with a refund once
 * holds have released) come through the same path with actor 'system'.
 */
@Injectable()
export class CampaignLifecycleService {
  constructor(
    private readonly repo: CampaignsRepository,
    private readonly campaigns: CampaignsService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  // Brand

  async brandCommand(
    p: Principal,
    orgId: string,
    campaignId: string,
    command: CampaignCommand,
    expectedVersion: number,
    context: AuditContext,
  ) {
    const row = await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    const who: Who = { actor: 'brand', audit: actorOf(p), context, userId: p.user.id };
    return this.apply(row, command, expectedVersion, who, 0n);
  }

  // Reviewer

  async listForReview(query: Page) {
    const rows = await this.repo.listInReview({
      after: query.cursor === undefined ? undefined : decodeTimeIdCursor(query.cursor),
      limit: query.limit,
    });
    return pageOf(rows, query.limit, campaignSummaryView, (last) => encodeCursor(last.cursorAt, last.id));
  }

  /** Reviewers see any campaign that has been submitted at least once; a draft never sent stays private. */
  async getForReview(campaignId: string) {
    const row = await this.repo.findById(campaignId);
    if (!row || row.submittedAt === null) throw notFound('The campaign');
    return this.campaigns.view(row);
  }

  async reviewerCommand(
    p: Principal,
    campaignId: string,
    command: CampaignCommand,
    expectedVersion: number,
    context: AuditContext,
  ) {
    const row = await this.repo.findById(campaignId);
    if (!row || row.submittedAt === null) throw notFound('The campaign');
    const who: Who = { actor: 'reviewer', audit: actorOf(p), context, userId: p.user.id };
    return this.apply(row, command, expectedVersion, who, 0n);
  }

  // System

  /**
   * What the sweeper does for one campaign: completes it when its budget is spent or its end date passed, closes it
   * (refunding the rest) when completed and `pendingHoldsMicros` is 0. Idempotent: a campaign with nothing due is
   * left alone, and a lost race (someone moved it first) is not an error. Returns the new state when it moved.
   */
  async systemAdvance(campaignId: string, pendingHoldsMicros: bigint): Promise<CampaignRow['state'] | null> {
    const row = await this.repo.findById(campaignId);
    if (!row) return null;
    const snapshot = await this.snapshot(row, pendingHoldsMicros);
    const command = systemCampaignCommand(snapshot);
    if (!command) return null;
    try {
      const who: Who = { actor: 'system', audit: { type: 'system' } };
      const after = await this.apply(row, command, row.version, who, pendingHoldsMicros);
      return after.state;
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') return null;
      throw error;
    }
  }

  /** Ids of live or completed campaigns, for the sweeper to look at. */
  listOpenCampaignIds(): Promise<string[]> {
    return this.repo.openCampaignIds();
  }

  private async snapshot(row: CampaignRow, pendingHoldsMicros: bigint, tx?: Executor): Promise<CampaignSnapshot> {
    const budget = await this.campaigns.budgetFigures(row, tx);
    return {
      state: row.state,
      fundedMicros: budget.fundedMicros,
      budgetRemainingMicros: budget.remainingMicros,
      pendingHoldsMicros,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      now: this.clock.now(),
    };
  }

  /**
   * Decides on a snapshot read inside the transaction (row locked), applies with compare-and-set, audits, and for a
   * close refunds the unspent budget to the brand in the same transaction (keyed by the campaign: at most once).
   * `pendingHoldsMicros` is the campaign's earnings still on hold, known to the hold-release job that closes
   * campaigns; people's commands pass 0 (the only close they can reach is abandoning a never-published draft).
   */
  private async apply(
    row: CampaignRow,
    command: CampaignCommand,
    expectedVersion: number,
    who: Who,
    pendingHoldsMicros: bigint,
  ) {
    if (row.version !== expectedVersion) throw staleVersion(expectedVersion);
    const updated = await this.repo.db.transaction(async (tx) => {
      const locked = await this.repo.lock(row.id, tx);
      if (!locked || locked.version !== expectedVersion) throw staleVersion(expectedVersion);
      const snapshot = await this.snapshot(locked, pendingHoldsMicros, tx);
      const decision = decideCampaignTransition(snapshot, command, who.actor);
      if (!decision.ok) {
        const code = refusalStatus[decision.code] ?? 'CONFLICT';
        throw new AppError(code, decision.message, { reason: decision.code, state: locked.state });
      }
      const now = this.clock.now();
      const accepted = decision.command;
      const set: Partial<NewCampaignRow> = { state: decision.to, updatedAt: now };
      if (accepted.event === 'submit_for_review') Object.assign(set, { submittedAt: now, stateReason: null });
      if (accepted.event === 'approve') {
        Object.assign(set, { publishedAt: now, reviewedAt: now, reviewedBy: who.userId ?? null, stateReason: null });
      }
      if (accepted.event === 'reject') {
        Object.assign(set, { reviewedAt: now, reviewedBy: who.userId ?? null, stateReason: accepted.reason });
      }
      if (accepted.event === 'complete') Object.assign(set, { completedAt: now, stateReason: accepted.reason });
      if (accepted.event === 'close') Object.assign(set, { closedAt: now });
      if (accepted.event === 'pause' || accepted.event === 'resume') set.stateReason = null;

      const next = await this.repo.updateIf(locked.id, { from: [decision.from], expectedVersion }, set, tx);
      if (!next) throw staleVersion(expectedVersion);

      let refundedMicros = 0n;
      // Only whole minor units can leave; a sub-cent remainder stays in the budget (buildRefund's rule).
      const refundable = payableMicros({
        availableMicros: snapshot.budgetRemainingMicros,
        currency: locked.currency as CurrencyCode,
      });
      if (accepted.event === 'close' && refundable > 0n) {
        refundedMicros = refundable;
        const result = await this.ledger.post(
          [
            buildRefund({
              refundId: locked.id,
              campaignId: locked.id,
              orgId: locked.orgId,
              currency: locked.currency as CurrencyCode,
              amountMicros: refundedMicros,
            }),
          ],
          { tx },
        );
        requireApplied(result);
      }
      await this.audit.record(
        {
          actor: who.audit,
          action: `campaign.${accepted.event}`,
          subject: { type: 'campaign', id: locked.id },
          details: {
            from: decision.from,
            to: decision.to,
            ...('reason' in accepted ? { reason: accepted.reason } : {}),
            ...(refundedMicros > 0n ? { refundedMicros: refundedMicros.toString() } : {}),
          },
          ...(who.context ? { context: who.context } : {}),
        },
        tx,
      );
      return next;
    });
    if (who.actor === 'system') {
      this.logger.info({ campaignId: row.id, to: updated.state }, 'campaign advanced by the system');
    }
    return this.campaigns.view(updated);
  }
}
