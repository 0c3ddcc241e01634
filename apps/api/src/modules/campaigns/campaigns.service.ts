import { Inject, Injectable } from '@nestjs/common';
import type { CampaignCreate, CampaignUpdate } from '@creator-rewards/contracts';
import type { Executor } from '@creator-rewards/db';
import { accountKey, type CampaignSchedule, type CurrencyCode, type TransferKind } from '@creator-rewards/domain';
import type { Clock } from '../../platform/clock.js';
import { conflict, notFound } from '../../platform/errors/app-error.js';
import { decodeTimeIdCursor, encodeCursor } from '../../platform/http/cursor.js';
import { pageOf } from '../../platform/http/pagination.js';
import { renderBrief } from '../../platform/markdown/brief-markdown.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import { CLOCK, RATE_LIMITER } from '../../platform/tokens.js';
import { AuditService, type AuditContext } from '../audit/audit.service.js';
import { effectiveRoles } from '../identity/access-policy.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import { actorOf, type Principal } from '../identity/principal.js';
import { uuidv7 } from '@creator-rewards/db';
import { LedgerService } from '../ledger/ledger.service.js';
import { assertConsistent, rowToSettings, settingsToRow, type CampaignSettings } from './campaign-settings.js';
import { campaignSummaryView, campaignView, type CampaignBudgetFigures } from './campaign-views.js';
import { CampaignsRepository, type CampaignRow, type CampaignState } from './campaigns.repository.js';

type Page = { cursor?: string | undefined; limit: number };

/** What other modules (participation, earnings) need to know of a campaign: its terms, never its row. */
export type CampaignTerms = {
  id: string;
  orgId: string;
  state: CampaignState;
  currency: CurrencyCode;
  metric: 'views' | 'clicks';
  platforms: string[];
  ratePerThousandMicros: bigint;
  perPostCapMicros: bigint | null;
  perParticipantCapMicros: bigint | null;
  minimumMetric: bigint;
  dailyCapMicros: bigint | null;
  hourlyCapMicros: bigint | null;
  maxSlots: number | null;
  slotsTaken: number;
  maxSubmissionsPerParticipant: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  holdDays: number;
  approvalMode: 'auto' | 'manual' | 'allowlist';
  destinationUrl: string | null;
  title: string;
};

/**
 * Campaign drafts and reads for their org: create, edit (drafts only, with the version read), list, one campaign
 * with its budget and spend. Lifecycle moves are CampaignLifecycleService's; money in is CampaignFundingService's.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly repo: CampaignsRepository,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly identity: IdentityRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  /** The brief as it will be stored and shown; rate-limited per account (the wizard calls it as the brand types). */
  async previewBrief(p: Principal, markdown: string): Promise<{ html: string }> {
    await this.limiter.consume('brief-preview:account', p.user.id);
    return { html: renderBrief(markdown).html };
  }

  async create(p: Principal, orgId: string, body: CampaignCreate, context: AuditContext) {
    assertConsistent(body, this.clock.now());
    const now = this.clock.now();
    const row = await this.repo.db.transaction(async (tx) => {
      const inserted = await this.repo.insert(
        {
          ...settingsToRow(body),
          id: uuidv7(now.getTime()),
          orgId,
          briefHtml: renderBrief(body.brief).html,
          createdBy: p.user.id,
          createdAt: now,
          updatedAt: now,
        },
        tx,
      );
      await this.repo.replaceAllowlist(inserted.id, body.allowlist, tx);
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'campaign.created',
          subject: { type: 'campaign', id: inserted.id },
          details: { orgId, title: inserted.title },
          context,
        },
        tx,
      );
      return inserted;
    });
    return this.view(row);
  }

  /** Edits a draft. Absent fields stay; the merged settings are checked whole, so no edit leaves them inconsistent. */
  async update(p: Principal, orgId: string, campaignId: string, body: CampaignUpdate, context: AuditContext) {
    const current = await this.getInOrgOrThrow(orgId, campaignId);
    if (current.state !== 'draft') {
      throw conflict(`The campaign is ${current.state}: only a draft can be edited.`, { state: current.state });
    }
    const { expectedVersion, ...patch } = body;
    const merged: CampaignSettings = {
      ...rowToSettings(current, await this.repo.allowlist(campaignId)),
      ...(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<CampaignSettings>),
    };
    assertConsistent(merged, this.clock.now());
    const row = await this.repo.db.transaction(async (tx) => {
      const updated = await this.repo.updateIf(
        campaignId,
        { from: ['draft'], expectedVersion },
        {
          ...settingsToRow(merged),
          briefHtml: patch.brief === undefined ? current.briefHtml : renderBrief(merged.brief).html,
          updatedAt: this.clock.now(),
        },
        tx,
      );
      if (!updated) throw staleVersion(expectedVersion);
      if (patch.allowlist !== undefined) await this.repo.replaceAllowlist(campaignId, merged.allowlist, tx);
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'campaign.updated',
          subject: { type: 'campaign', id: campaignId },
          details: { fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined) },
          context,
        },
        tx,
      );
      return updated;
    });
    return this.view(row);
  }

  async get(orgId: string, campaignId: string) {
    return this.view(await this.getInOrgOrThrow(orgId, campaignId));
  }

  async list(orgId: string, query: Page & { state?: CampaignState | undefined }) {
    const rows = await this.repo.listByOrg(orgId, {
      state: query.state,
      after: query.cursor === undefined ? undefined : decodeTimeIdCursor(query.cursor),
      limit: query.limit,
    });
    return pageOf(rows, query.limit, campaignSummaryView, (last) => encodeCursor(last.cursorAt, last.id));
  }

  /** Another user's or org's campaign answers 404 exactly like a missing one. */
  async getInOrgOrThrow(orgId: string, campaignId: string, tx?: Executor): Promise<CampaignRow> {
    const row = await this.repo.findInOrg(orgId, campaignId, tx);
    if (!row) throw notFound('The campaign');
    return row;
  }

  /** The campaign as its owners and reviewers see it: settings, assets, allowlist, budget and spend. */
  async view(row: CampaignRow, tx?: Executor) {
    // In sequence: a transaction is one connection, which runs one query at a time.
    const assets = await this.repo.assets(row.id, tx);
    const allowlist = await this.repo.allowlist(row.id, tx);
    const budget = await this.budgetFigures(row, tx);
    return campaignView(row, { assets, allowlist, budget });
  }

  /**
   * Funded and fees from the settled payments; remaining from the ledger's campaign_budget balance; spent = what
   * accruals took from the budget net of clawbacks (the budget account's accrue and clawback entries).
   */
  async budgetFigures(row: CampaignRow, tx?: Executor): Promise<CampaignBudgetFigures> {
    const key = budgetAccountKey(row);
    const totals = await this.repo.fundingTotals(row.id, tx);
    const balance = await this.ledger.getBalance(key, tx ? { tx } : {});
    const sums = await this.ledger.getSumsByKind([key], tx ? { tx } : {});
    const kinds = sums.get(key) ?? new Map<TransferKind, bigint>();
    // Entries are credit-positive: an accrual debits the budget (negative), a clawback credits it back.
    const spent = -((kinds.get('accrue') ?? 0n) + (kinds.get('clawback') ?? 0n));
    return {
      fundedMicros: totals.budgetMicros,
      feeMicros: totals.feeMicros,
      remainingMicros: balance.balanceMicros,
      spentMicros: spent,
    };
  }

  /** The campaign's terms, for participation and earnings (404 when it does not exist). */
  async getTerms(campaignId: string, tx?: Executor): Promise<CampaignTerms> {
    const row = await this.repo.findById(campaignId, tx);
    if (!row) throw notFound('The campaign');
    return termsOf(row);
  }

  /**
   * What the domain's isAcceptingSubmissions / isAcceptingParticipants look at: the schedule and the budget left
   * on the ledger (for participation, which must not read the ledger's accounts itself).
   */
  async liveState(terms: CampaignTerms, tx?: Executor): Promise<CampaignSchedule> {
    const balance = await this.ledger.getBalance(budgetAccountKey(terms), tx ? { tx } : {});
    return {
      state: terms.state,
      startsAt: terms.startsAt,
      endsAt: terms.endsAt,
      budgetRemainingMicros: balance.balanceMicros,
    };
  }

  /** The terms of several campaigns at once (lists in other modules); missing ids are simply absent. */
  async termsByIds(campaignIds: readonly string[], tx?: Executor): Promise<Map<string, CampaignTerms>> {
    const rows = await this.repo.findByIds([...new Set(campaignIds)], tx);
    return new Map(rows.map((row) => [row.id, termsOf(row)]));
  }

  /** Takes a participant slot atomically; false when none is left. Call inside the caller's transaction. */
  takeSlot(campaignId: string, tx: Executor): Promise<boolean> {
    return this.repo.takeSlot(campaignId, tx);
  }

  releaseSlot(campaignId: string, tx: Executor): Promise<void> {
    return this.repo.releaseSlot(campaignId, tx);
  }

  isAllowlisted(campaignId: string, email: string, tx?: Executor): Promise<boolean> {
    return this.repo.isAllowlisted(campaignId, email, tx);
  }

  /** Whether the caller may see a campaign that is not public yet: its org's members, reviewers and admins. */
  async canSeeUnpublished(principal: Principal | undefined, orgId: string): Promise<boolean> {
    if (!principal) return false;
    const roles = effectiveRoles(principal.user);
    if (roles.includes('admin') || roles.includes('reviewer')) return true;
    return (await this.identity.findOrgRole(orgId, principal.user.id)) !== undefined;
  }
}

export function budgetAccountKey(row: Pick<CampaignRow, 'id' | 'currency'>): string {
  return accountKey('campaign_budget', row.id, row.currency as CurrencyCode);
}

export function termsOf(row: CampaignRow): CampaignTerms {
  return {
    id: row.id,
    orgId: row.orgId,
    state: row.state,
    currency: row.currency as CurrencyCode,
    metric: row.metric,
    platforms: row.platforms,
    ratePerThousandMicros: row.ratePerThousandMicros,
    perPostCapMicros: row.perPostCapMicros,
    perParticipantCapMicros: row.perParticipantCapMicros,
    minimumMetric: row.minimumMetric,
    dailyCapMicros: row.dailyCapMicros,
    hourlyCapMicros: row.hourlyCapMicros,
    maxSlots: row.maxSlots,
    slotsTaken: row.slotsTaken,
    maxSubmissionsPerParticipant: row.maxSubmissionsPerParticipant,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    holdDays: row.holdDays,
    approvalMode: row.approvalMode,
    destinationUrl: row.destinationUrl,
    title: row.title,
  };
}

export function staleVersion(expectedVersion: number) {
  return conflict(
    `The campaign changed since you loaded it (you sent version ${expectedVersion}). Reload it and try again.`,
    { expectedVersion },
  );
}
