// The earnings jobs in the real application, on the platform's queue (inline, or BullMQ with REDIS_URL): snapshots
// enqueue an accrual that the workers run, and a snapshot whose enqueue was lost is accrued by the sweeper.
import { metricSnapshots } from '@creator-rewards/db';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import { waitFor } from '../../platform/queue/test-utils/wait-for.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { balances, earned, givenLiveCampaign, givenParticipation, givenPost, observe } from './test-utils/earnings.js';

const clock = manualClock(new Date('2026-01-15T12:00:00Z'));
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ overrides: { clock } });
});
afterAll(() => t?.close());

test('earnings jobs are registered; snapshots are accrued by the workers, and a lost enqueue by the sweeper', async () => {
  const queue = t.platform.queue;
  await expect(queue.enqueue('earnings.accrue', { campaignId: 'not-a-uuid' })).rejects.toMatchObject({
    code: 'JOB_PAYLOAD_INVALID',
  });
  await expect(queue.enqueue('earnings.release-holds', { extra: 1 })).rejects.toMatchObject({
    code: 'JOB_PAYLOAD_INVALID',
  });

  const enqueued = await givenLiveCampaign(t, clock);
  const p1 = await givenParticipation(t, enqueued.campaign.id);
  const post1 = await givenPost(t, p1);
  const lost = await givenLiveCampaign(t, clock);
  const p2 = await givenParticipation(t, lost.campaign.id);
  const post2 = await givenPost(t, p2);

  // Through recordSnapshots: one earnings.accrue job per campaign, waiting for the workers.
  await observe(t, clock, { [post1]: 10_000n });
  await observe(t, clock, { [post1]: 12_000n });
  const again = await queue.enqueue(
    'earnings.accrue',
    { campaignId: enqueued.campaign.id },
    {
      jobId: enqueued.campaign.id,
    },
  );
  expect(again.deduplicated).toBe(true);
  // Stored without an enqueue: a crash between the two, or a queue that forgot its jobs.
  await t.tdb.db.insert(metricSnapshots).values({
    submissionId: post2,
    campaignId: lost.campaign.id,
    metricTotal: 5_000n,
    source: 'sandbox',
    observedAt: clock.now(),
  });

  await queue.start();
  const pendingOf = async (campaignId: string, participationId: string) =>
    (await balances(t, enqueued.currency, { campaignId, participationId })).pending;
  await waitFor(
    async () => (await pendingOf(enqueued.campaign.id, p1.id)) === earned(12_000n),
    20_000,
    'the enqueued accrual',
  );
  await waitFor(
    async () => (await pendingOf(lost.campaign.id, p2.id)) === earned(5_000n),
    20_000,
    'the sweeper’s accrual',
  );
  expect(t.logs.some((line) => line.includes('earnings accrued'))).toBe(true);
});
