import { slotsLeft, type CurrencyCode } from '@creator-rewards/domain';
import { toMoney, toMoneyOrNull } from '../../platform/http/money.js';
import type { CampaignAssetRow, CampaignFundingRow, CampaignRow } from './campaigns.repository.js';

/** How campaigns leave the API: rows in, contract shapes out (amounts as Money, dates as ISO strings). */

export type CampaignBudgetFigures = {
  fundedMicros: bigint;
  feeMicros: bigint;
  remainingMicros: bigint;
  spentMicros: bigint;
};

const iso = (at: Date | null) => (at ? at.toISOString() : null);

export function assetView(asset: CampaignAssetRow) {
  return {
    id: asset.id,
    kind: asset.kind,
    mime: asset.mime,
    sizeBytes: asset.sizeBytes,
    width: asset.width,
    height: asset.height,
    filename: asset.filename,
    url: `/api/v1/campaign-assets/${asset.id}`,
    createdAt: asset.createdAt.toISOString(),
  };
}

function commonView(row: CampaignRow, assets: CampaignAssetRow[]) {
  const currency = row.currency as CurrencyCode;
  return {
    id: row.id,
    title: row.title,
    briefHtml: row.briefHtml,
    state: row.state,
    platforms: row.platforms as ('youtube' | 'tiktok' | 'instagram' | 'x')[],
    metric: row.metric,
    currency,
    ratePerThousand: toMoney(row.ratePerThousandMicros, currency),
    perPostCap: toMoneyOrNull(row.perPostCapMicros, currency),
    perParticipantCap: toMoneyOrNull(row.perParticipantCapMicros, currency),
    minimumViews: Number(row.minimumMetric),
    maxSlots: row.maxSlots,
    slotsLeft: slotsLeft(row.maxSlots, row.slotsTaken),
    maxSubmissionsPerParticipant: row.maxSubmissionsPerParticipant,
    targeting: row.targeting,
    requirements: row.requirements,
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    holdDays: row.holdDays,
    approvalMode: row.approvalMode,
    assets: assets.map(assetView),
  };
}

/** The owning org's (and a reviewer's) view. */
export function campaignView(
  row: CampaignRow,
  extra: { assets: CampaignAssetRow[]; allowlist: string[]; budget: CampaignBudgetFigures },
) {
  const currency = row.currency as CurrencyCode;
  const { budget } = extra;
  return {
    ...commonView(row, extra.assets),
    orgId: row.orgId,
    version: row.version,
    stateReason: row.stateReason,
    briefMarkdown: row.briefMarkdown,
    destinationUrl: row.destinationUrl,
    allowlist: extra.allowlist,
    pacing: {
      dailyCap: toMoneyOrNull(row.dailyCapMicros, currency),
      hourlyCap: toMoneyOrNull(row.hourlyCapMicros, currency),
    },
    budget: {
      planned: toMoney(row.budgetMicros, currency),
      funded: toMoney(budget.fundedMicros, currency),
      fees: toMoney(budget.feeMicros, currency),
      remaining: toMoney(budget.remainingMicros, currency),
      spent: toMoney(budget.spentMicros, currency),
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    submittedAt: iso(row.submittedAt),
    publishedAt: iso(row.publishedAt),
  };
}

export function campaignSummaryView(row: CampaignRow & { remainingMicros: bigint }) {
  const currency = row.currency as CurrencyCode;
  return {
    id: row.id,
    orgId: row.orgId,
    title: row.title,
    state: row.state,
    platforms: row.platforms as ('youtube' | 'tiktok' | 'instagram' | 'x')[],
    currency,
    ratePerThousand: toMoney(row.ratePerThousandMicros, currency),
    budgetPlanned: toMoney(row.budgetMicros, currency),
    budgetRemaining: toMoney(row.remainingMicros, currency),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function publicCampaignView(
  row: CampaignRow,
  extra: {
    assets: CampaignAssetRow[];
    orgName: string;
    remainingMicros: bigint;
    burnPerDayMicros: bigint | null;
    runwayDays: number | null;
    acceptingParticipants: boolean;
  },
) {
  const currency = row.currency as CurrencyCode;
  return {
    ...commonView(row, extra.assets),
    orgName: extra.orgName,
    budgetLeft: toMoney(extra.remainingMicros, currency),
    burnRatePerDay: toMoney(extra.burnPerDayMicros ?? 0n, currency),
    runwayDays: extra.runwayDays,
    acceptingParticipants: extra.acceptingParticipants,
    publishedAt: iso(row.publishedAt),
  };
}

export function publicSummaryView(row: CampaignRow & { orgName: string; remainingMicros: bigint }) {
  const currency = row.currency as CurrencyCode;
  return {
    id: row.id,
    title: row.title,
    orgName: row.orgName,
    state: row.state,
    platforms: row.platforms as ('youtube' | 'tiktok' | 'instagram' | 'x')[],
    metric: row.metric,
    category: row.targeting.category as never,
    countries: row.countries,
    ratePerThousand: toMoney(row.ratePerThousandMicros, currency),
    budgetLeft: toMoney(row.remainingMicros, currency),
    slotsLeft: slotsLeft(row.maxSlots, row.slotsTaken),
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    publishedAt: iso(row.publishedAt),
  };
}

export function fundingView(row: CampaignFundingRow) {
  const currency = row.currency as CurrencyCode;
  return {
    id: row.id,
    status: row.status,
    rail: row.rail,
    gross: toMoney(row.grossMicros, currency),
    fee: toMoney(row.feeMicros, currency),
    budget: toMoney(row.budgetMicros, currency),
    failureReason: row.failureReason,
    createdAt: row.createdAt.toISOString(),
    settledAt: iso(row.settledAt),
  };
}
