import type { Campaign, CampaignCreate } from '@creator-rewards/contracts';
import { participations, submissions } from '@creator-rewards/db';
import { accountKey, type CurrencyCode } from '@creator-rewards/domain';
import { randomBytes } from 'node:crypto';
import { manualClock } from '../../../platform/clock.js';
import type { TestApp } from '../../../test-utils/test-app.js';
import { createUser, type TestUser } from '../../../test-utils/users.js';
import { givenPublishedCampaign, type Brand } from '../../campaigns/test-utils/campaigns.js';
import { uuidv7 } from '@creator-rewards/db';
import { LedgerService } from '../../ledger/ledger.service.js';
import { EarningsService } from '../earnings.service.js';

/**
 * Test givens for earnings. Campaigns come through the real HTTP API (created, funded on the sandbox rail, approved);
 * participations and submissions are inserted as rows, because the participation module that makes them is a
 * separate context: they are the facts earnings start from, not mocks of anything earnings does.
 */

export type Clock = ReturnType<typeof manualClock>;

export type GivenCampaign = { brand: Brand; campaign: Campaign; currency: CurrencyCode; fundedMicros: bigint };

/** A live campaign ($2 per 1,000 views unless overridden), with the manual clock moved past its start. */
export async function givenLiveCampaign(
  t: TestApp,
  clock: Clock,
  settings: Partial<CampaignCreate> = {},
  people: { brand?: Brand; reviewer?: TestUser } = {},
): Promise<GivenCampaign> {
  const { brand, campaign } = await givenPublishedCampaign(t, { clock, settings, ...people });
  return {
    brand,
    campaign,
    currency: campaign.currency as CurrencyCode,
    fundedMicros: BigInt(campaign.budget.funded.micros),
  };
}

export type GivenParticipation = { id: string; campaignId: string; participant: TestUser };

export async function givenParticipation(
  t: TestApp,
  campaignId: string,
  opts: { participant?: TestUser; state?: (typeof participations.$inferInsert)['state'] } = {},
): Promise<GivenParticipation> {
  const participant = opts.participant ?? (await createUser(t, { roles: ['participant'] }));
  const [row] = await t.tdb.db
    .insert(participations)
    .values({
      id: uuidv7(),
      campaignId,
      participantId: participant.user.id,
      state: opts.state ?? 'active',
      socialAccountIds: [],
      holdsSlot: true,
      trackingCode: randomBytes(8).toString('hex'),
    })
    .returning();
  return { id: row!.id, campaignId, participant };
}

let postNumber = 0;

/** A submitted post of the participation (tracking unless told otherwise); its id is the post id of earnings. */
export async function givenPost(
  t: TestApp,
  participation: GivenParticipation,
  status: (typeof submissions.$inferInsert)['status'] = 'tracking',
): Promise<string> {
  const videoId = `v${++postNumber}${randomBytes(4).toString('hex')}`;
  const [row] = await t.tdb.db
    .insert(submissions)
    .values({
      id: uuidv7(),
      participationId: participation.id,
      campaignId: participation.campaignId,
      participantId: participation.participant.user.id,
      platform: 'youtube',
      postId: videoId,
      dedupKey: `youtube:${videoId}`,
      canonicalUrl: `https://www.youtube.com/watch?v=${videoId}`,
      status,
    })
    .returning();
  return row!.id;
}

/** Records one observation of each post's cumulative views at the clock's time. */
export async function observe(
  t: TestApp,
  clock: Clock,
  views: Record<string, bigint>,
  deducted: Record<string, bigint> = {},
) {
  const earnings = t.app.get(EarningsService);
  return earnings.recordSnapshots(
    Object.entries(views).map(([submissionId, metricTotal]) => ({
      submissionId,
      metricTotal,
      ...(deducted[submissionId] === undefined ? {} : { deductedTotal: deducted[submissionId] }),
      source: 'sandbox',
      observedAt: clock.now(),
    })),
  );
}

/** Natural balances of the earnings-side accounts. */
export async function balances(
  t: TestApp,
  currency: CurrencyCode,
  ids: { campaignId: string; participationId?: string; participantId?: string },
) {
  const ledger = t.app.get(LedgerService);
  const keys = [
    accountKey('campaign_budget', ids.campaignId, currency),
    ...(ids.participationId ? [accountKey('participant_pending', ids.participationId, currency)] : []),
    ...(ids.participantId ? [accountKey('participant_available', ids.participantId, currency)] : []),
  ];
  const rows = await ledger.getBalances(keys);
  const get = (type: string) => rows.find((r) => r.type === type)?.balanceMicros ?? 0n;
  return {
    budget: get('campaign_budget'),
    pending: get('participant_pending'),
    available: get('participant_available'),
  };
}

/** $2 per 1,000 views in micros: floor(views × 2,000,000 / 1000). */
export const earned = (views: bigint, ratePerThousandMicros = 2_000_000n) => (views * ratePerThousandMicros) / 1000n;
