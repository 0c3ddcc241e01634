import { Inject, Injectable } from '@nestjs/common';
import { campaignRunway, isAcceptingParticipants, slotsLeft, type TransferKind } from '@creator-rewards/domain';
import type { Clock } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { encodeCursor } from '../../platform/http/cursor.js';
import { pageOf } from '../../platform/http/pagination.js';
import { CLOCK } from '../../platform/tokens.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { publicCampaignView, publicSummaryView } from './campaign-views.js';
import { CampaignsRepository, PUBLIC_STATES, type DirectoryFilter } from './campaigns.repository.js';
import { budgetAccountKey } from './campaigns.service.js';

const DAY_MS = 86_400_000;

export type DirectoryQuery = Omit<DirectoryFilter, 'after' | 'minRateMicros' | 'minBudgetLeftMicros'> & {
  cursor?: string | undefined;
  minRateMicros?: string | undefined;
  minBudgetLeftMicros?: string | undefined;
};

/** The public side: search the directory and read a campaign's page (budget left, burn rate, runway, slots). */
@Injectable()
export class CampaignDirectoryService {
  constructor(
    private readonly repo: CampaignsRepository,
    private readonly ledger: LedgerService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async search(query: DirectoryQuery) {
    const rows = await this.repo.listDirectory({
      ...query,
      minRateMicros: query.minRateMicros === undefined ? undefined : BigInt(query.minRateMicros),
      minBudgetLeftMicros: query.minBudgetLeftMicros === undefined ? undefined : BigInt(query.minBudgetLeftMicros),
      after: query.cursor === undefined ? undefined : decodeSortCursor(query.cursor),
    });
    return pageOf(rows, query.limit, publicSummaryView, (last) => encodeCursor(last.cursorKey, last.id));
  }

  /** Drafts and campaigns in review are not public: they answer 404 like a missing one. */
  async get(campaignId: string) {
    const row = await this.repo.findById(campaignId);
    if (!row || !PUBLIC_STATES.includes(row.state)) throw notFound('The campaign');
    const now = this.clock.now();
    const key = budgetAccountKey(row);
    // Burn: gross accruals over the last 24 hours, as the page says. A younger campaign is not extrapolated from its
    // first minutes (a burst of early views would project an absurd daily rate); its runway firms up over a day.
    const since = new Date(now.getTime() - DAY_MS);
    const [balance, assets, orgName, recent] = await Promise.all([
      this.ledger.getBalance(key),
      this.repo.assets(row.id),
      this.repo.orgName(row.orgId),
      this.ledger.getSumsByKind([key], { since }),
    ]);
    const accrued = -((recent.get(key) ?? new Map<TransferKind, bigint>()).get('accrue') ?? 0n);
    const runway = campaignRunway({
      budgetRemainingMicros: balance.balanceMicros,
      spentInWindowMicros: accrued,
      windowMs: DAY_MS,
      now,
    });
    const schedule = { ...row, budgetRemainingMicros: balance.balanceMicros };
    return publicCampaignView(row, {
      assets,
      orgName,
      remainingMicros: balance.balanceMicros,
      burnPerDayMicros: runway.burnPerDayMicros,
      runwayDays: runway.runwayDays,
      acceptingParticipants: isAcceptingParticipants(schedule, now, slotsLeft(row.maxSlots, row.slotsTaken)),
    });
  }
}

/** A directory cursor: the sort value of the last row (a decimal number) and its id. */
function decodeSortCursor(cursor: string): { value: string; id: string } {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const [value, id, ...rest] = text.split('|');
  if (!value || !id || rest.length > 0 || !/^-?\d{1,30}(\.\d{1,12})?$/.test(value) || !/^[0-9a-f-]{36}$/i.test(id)) {
    const message = 'is not a cursor from a previous page; pass nextCursor back unchanged';
    throw new AppError('VALIDATION_FAILED', `query.cursor: ${message}`, {
      issues: [{ path: 'query.cursor', code: 'invalid_cursor', message }],
    });
  }
  return { value, id };
}
