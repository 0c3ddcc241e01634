// The accrual run and the hold release through the real services on a real database (PostgreSQL with DATABASE_URL,
// else PGlite): campaigns made through the HTTP API and funded on the sandbox rail, participations and posts as
// rows, snapshots through recordSnapshots, money read back from the ledger.
import { metricSnapshots, postEarnings, submissions } from '@creator-rewards/db';
import { accountKey } from '@creator-rewards/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { LedgerReconciliationService } from '../ledger/ledger-reconciliation.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { EarningsHoldsService } from './earnings-holds.service.js';
import { EarningsService } from './earnings.service.js';
import {
  balances,
  earned,
  givenLiveCampaign,
  givenParticipation,
  givenPost,
  observe,
  type GivenCampaign,
} from './test-utils/earnings.js';

const START = new Date('2026-01-15T12:00:00Z');
const DAY = 86_400_000;
const clock = manualClock(START);
let t: TestApp;
let earnings: EarningsService;
let holds: EarningsHoldsService;
let ledger: LedgerService;

beforeAll(async () => {
  t = await startTestApp({ overrides: { clock } });
  earnings = t.app.get(EarningsService);
  holds = t.app.get(EarningsHoldsService);
  ledger = t.app.get(LedgerService);
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.tdb.truncateAll();
  clock.set(START);
});

async function postRow(submissionId: string) {
  const [row] = await t.tdb.db.select().from(postEarnings).where(eq(postEarnings.submissionId, submissionId));
  return row;
}

/** The campaign as its brand reads it (through the service: the brand's session expires when the clock jumps). */
function campaignView(given: GivenCampaign) {
  return t.app.get(CampaignsService).get(given.brand.orgId, given.campaign.id);
}

async function expectBooksBalance() {
  const run = await t.app.get(LedgerReconciliationService).reconcile();
  expect(run.ok, JSON.stringify(run.differences)).toBe(true);
}

describe('accrual from cumulative snapshots', () => {
  test('posts exactly what is owed (rate × views / 1000), once: a second run and a repeated snapshot post nothing', async () => {
    const given = await givenLiveCampaign(t, clock);
    const p = await givenParticipation(t, given.campaign.id);
    const post = await givenPost(t, p);

    await observe(t, clock, { [post]: 10_000n });
    const first = await earnings.accrueCampaign(given.campaign.id);
    expect(first).toMatchObject({ posts: 1, transfers: 1, accruedMicros: 20_000_000n, clawedBackMicros: 0n });
    expect(await balances(t, given.currency, { campaignId: given.campaign.id, participationId: p.id })).toMatchObject({
      budget: given.fundedMicros - 20_000_000n,
      pending: 20_000_000n,
    });
    expect(await postRow(post)).toMatchObject({ postedMicros: 20_000_000n, sequence: 1 });

    // Nothing new: nothing due.
    expect(await earnings.accrueCampaign(given.campaign.id)).toMatchObject({ posts: 0, transfers: 0 });
    // The same total observed again: due, computed, nothing to post.
    await observe(t, clock, { [post]: 10_000n });
    expect(await earnings.accrueCampaign(given.campaign.id)).toMatchObject({ posts: 1, transfers: 0 });
    expect(await earnings.isDue(given.campaign.id)).toBe(false);

    // Growth posts the difference to the cumulative figure, floored once: no drift.
    await observe(t, clock, { [post]: 12_345n });
    const grown = await earnings.accrueCampaign(given.campaign.id);
    expect(grown.accruedMicros).toBe(earned(12_345n) - 20_000_000n);
    expect(await postRow(post)).toMatchObject({ postedMicros: earned(12_345n), sequence: 2 });

    const accrual = await ledger.getStatement(accountKey('participant_pending', p.id, given.currency));
    expect(accrual.lines.map((l) => l.idempotencyKey)).toEqual([`earnings:${post}:1`, `earnings:${post}:0`]);
    expect(accrual.lines[1]!.metadata).toMatchObject({
      metricTotal: '10000',
      owedMicros: '20000000',
      holdEndsAt: new Date(clock.now().getTime() + 7 * DAY).toISOString(),
    });
    await expectBooksBalance();
  });

  test('a falling metric claws the difference back into the budget, from pending first', async () => {
    const given = await givenLiveCampaign(t, clock);
    const p = await givenParticipation(t, given.campaign.id);
    const post = await givenPost(t, p);
    await observe(t, clock, { [post]: 10_000n });
    await earnings.accrueCampaign(given.campaign.id);

    await observe(t, clock, { [post]: 7_500n });
    const run = await earnings.accrueCampaign(given.campaign.id);
    expect(run).toMatchObject({ transfers: 1, accruedMicros: 0n, clawedBackMicros: 5_000_000n });
    expect(await balances(t, given.currency, { campaignId: given.campaign.id, participationId: p.id })).toMatchObject({
      budget: given.fundedMicros - 15_000_000n,
      pending: 15_000_000n,
    });
    expect(await postRow(post)).toMatchObject({ postedMicros: 15_000_000n, sequence: 2 });
    await expectBooksBalance();
  });

  test('fraud deductions are not paid, and the minimum metric holds a post at zero until it is reached', async () => {
    const given = await givenLiveCampaign(t, clock, { minimumViews: 1_000 });
    const p = await givenParticipation(t, given.campaign.id);
    const [small, deducted] = [await givenPost(t, p), await givenPost(t, p)];

    await observe(t, clock, { [small]: 999n, [deducted]: 10_000n }, { [deducted]: 2_000n });
    const run = await earnings.accrueCampaign(given.campaign.id);
    expect(run.accruedMicros).toBe(earned(8_000n));
    expect(await postRow(small)).toMatchObject({ postedMicros: 0n, sequence: 0 });

    await observe(t, clock, { [small]: 1_000n });
    expect((await earnings.accrueCampaign(given.campaign.id)).accruedMicros).toBe(earned(1_000n));
    // Below the threshold again (views removed by the platform): the whole amount comes back.
    await observe(t, clock, { [small]: 998n });
    expect((await earnings.accrueCampaign(given.campaign.id)).clawedBackMicros).toBe(earned(1_000n));
  });

  test('the post cap and the participant cap limit what is owed', async () => {
    const given = await givenLiveCampaign(t, clock, {
      perPostCapMicros: '30000000',
      perParticipantCapMicros: '50000000',
    });
    const p = await givenParticipation(t, given.campaign.id);
    const [a, b] = [await givenPost(t, p), await givenPost(t, p)];
    await observe(t, clock, { [a]: 1_000_000n, [b]: 1_000_000n });
    const run = await earnings.accrueCampaign(given.campaign.id);
    expect(run.accruedMicros).toBe(50_000_000n);
    // Posts run in id order: the first fills its post cap, the second what the participant cap leaves.
    expect(await postRow(a)).toMatchObject({ postedMicros: 30_000_000n });
    expect(await postRow(b)).toMatchObject({ postedMicros: 20_000_000n });
    expect(run.unpaidMicros).toBe(0n);
  });

  test('a rejected submission is clawed back to zero, with or without a new snapshot', async () => {
    const given = await givenLiveCampaign(t, clock);
    const p = await givenParticipation(t, given.campaign.id);
    const [kept, rejected, rejectedLater] = [await givenPost(t, p), await givenPost(t, p), await givenPost(t, p)];
    await observe(t, clock, { [kept]: 5_000n, [rejected]: 5_000n, [rejectedLater]: 5_000n });
    await earnings.accrueCampaign(given.campaign.id);

    // Rejected by a reviewer (the participation module's write): due at once, no snapshot needed.
    await t.tdb.db.update(submissions).set({ status: 'rejected' }).where(eq(submissions.id, rejected));
    expect(await earnings.isDue(given.campaign.id)).toBe(true);
    const run = await earnings.accrueCampaign(given.campaign.id);
    expect(run).toMatchObject({ transfers: 1, clawedBackMicros: earned(5_000n) });
    expect(await postRow(rejected)).toMatchObject({ postedMicros: 0n, sequence: 2 });

    // A snapshot of a rejected post is still stored, and the post stays at zero.
    await t.tdb.db.update(submissions).set({ status: 'rejected' }).where(eq(submissions.id, rejectedLater));
    const stored = await observe(t, clock, { [rejectedLater]: 50_000n, [rejected]: 60_000n });
    expect(stored).toHaveLength(2);
    await earnings.accrueCampaign(given.campaign.id);
    expect(await postRow(rejectedLater)).toMatchObject({ postedMicros: 0n });
    expect(await postRow(rejected)).toMatchObject({ postedMicros: 0n, sequence: 2 });
    expect(await postRow(kept)).toMatchObject({ postedMicros: earned(5_000n) });
    expect(await balances(t, given.currency, { campaignId: given.campaign.id, participationId: p.id })).toMatchObject({
      budget: given.fundedMicros - earned(5_000n),
      pending: earned(5_000n),
    });
    expect(await t.tdb.db.select().from(metricSnapshots)).toHaveLength(5);
    await expectBooksBalance();
  });

  test('snapshots for an unknown submission or malformed items store nothing', async () => {
    const given = await givenLiveCampaign(t, clock);
    const post = await givenPost(t, await givenParticipation(t, given.campaign.id));
    const at = clock.now();
    await expect(
      earnings.recordSnapshots([
        { submissionId: post, metricTotal: 1n, source: 'sandbox', observedAt: at },
        { submissionId: '01900000-0000-7000-8000-000000000000', metricTotal: 1n, source: 'sandbox', observedAt: at },
      ]),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      earnings.recordSnapshots([
        { submissionId: post, metricTotal: 5n, deductedTotal: 6n, source: 'sandbox', observedAt: at },
      ]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      earnings.recordSnapshots([{ submissionId: post, metricTotal: -1n, source: 'sandbox', observedAt: at }]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await t.tdb.db.select().from(metricSnapshots)).toHaveLength(0);
  });
});

describe('budget', () => {
  test('accruals clamp to the budget, which ends at exactly 0; the campaign completes itself and accrues 0 after', async () => {
    const given = await givenLiveCampaign(t, clock, { budgetMicros: '50000000', perPostCapMicros: null });
    const funded = given.fundedMicros;
    const posts: string[] = [];
    for (let i = 0; i < 3; i++) posts.push(await givenPost(t, await givenParticipation(t, given.campaign.id)));
    await observe(t, clock, Object.fromEntries(posts.map((id) => [id, 10_000n])));

    const run = await earnings.accrueCampaign(given.campaign.id);
    expect(run).toMatchObject({ accruedMicros: funded, budgetRemainingMicros: 0n, exhausted: true });
    expect(run.advancedTo).toBe('completed');
    expect(run.unpaidMicros).toBe(3n * earned(10_000n) - funded);
    // First come, first served: posts in id order, the last one gets what is left.
    expect((await postRow(posts[0]!))!.postedMicros).toBe(earned(10_000n));
    expect((await postRow(posts[2]!))!.postedMicros).toBe(funded - 2n * earned(10_000n));

    const view = await campaignView(given);
    expect(view.state).toBe('completed');
    expect(view.budget.remaining.micros).toBe('0');
    expect(view.budget.spent.micros).toBe(String(funded));

    await observe(t, clock, Object.fromEntries(posts.map((id) => [id, 20_000n])));
    const later = await earnings.accrueCampaign(given.campaign.id);
    expect(later).toMatchObject({ posts: 3, transfers: 0, accruedMicros: 0n });
    expect((await balances(t, given.currency, { campaignId: given.campaign.id })).budget).toBe(0n);
    await expectBooksBalance();
  });

  test('a completed campaign still claws back a falling metric, but its growth earns nothing', async () => {
    const given = await givenLiveCampaign(t, clock);
    const p = await givenParticipation(t, given.campaign.id);
    const [a, b] = [await givenPost(t, p), await givenPost(t, p)];
    await observe(t, clock, { [a]: 10_000n, [b]: 10_000n });
    await earnings.accrueCampaign(given.campaign.id);
    const res = await given.brand.request('POST', `/v1/orgs/${given.brand.orgId}/campaigns/${given.campaign.id}/end`, {
      expectedVersion: (await campaignView(given)).version,
    });
    expect(res.statusCode).toBe(200);

    await observe(t, clock, { [a]: 5_000n, [b]: 40_000n });
    const run = await earnings.accrueCampaign(given.campaign.id);
    expect(run).toMatchObject({
      state: 'completed',
      transfers: 1,
      accruedMicros: 0n,
      clawedBackMicros: earned(5_000n),
    });
    expect(await earnings.isDue(given.campaign.id)).toBe(false);
  });
});

describe('pacing', () => {
  test('a daily cap limits what a UTC day pays; the next day pays the rest without a new snapshot', async () => {
    const given = await givenLiveCampaign(t, clock, { pacing: { dailyCapMicros: '5000000', hourlyCapMicros: null } });
    const p = await givenParticipation(t, given.campaign.id);
    const post = await givenPost(t, p);
    await observe(t, clock, { [post]: 4_000n });

    const first = await earnings.accrueCampaign(given.campaign.id);
    expect(first).toMatchObject({ accruedMicros: 5_000_000n, unpaidMicros: 3_000_000n, pacedPosts: 1 });
    // Still due (the window held it back), but the day has nothing left.
    expect(await earnings.isDue(given.campaign.id)).toBe(true);
    clock.advance(3 * 3_600_000);
    expect(await earnings.accrueCampaign(given.campaign.id)).toMatchObject({ posts: 1, transfers: 0 });

    clock.set(new Date('2026-01-16T00:00:05Z'));
    const nextDay = await earnings.accrueCampaign(given.campaign.id);
    expect(nextDay).toMatchObject({ accruedMicros: 3_000_000n, unpaidMicros: 0n, pacedPosts: 0 });
    expect(await earnings.isDue(given.campaign.id)).toBe(false);
    expect(await postRow(post)).toMatchObject({ postedMicros: earned(4_000n) });
  });

  test('an hourly cap limits each UTC hour', async () => {
    const given = await givenLiveCampaign(t, clock, { pacing: { dailyCapMicros: null, hourlyCapMicros: '2000000' } });
    const p = await givenParticipation(t, given.campaign.id);
    const [a, b] = [await givenPost(t, p), await givenPost(t, p)];
    await observe(t, clock, { [a]: 1_500n, [b]: 1_500n });
    expect((await earnings.accrueCampaign(given.campaign.id)).accruedMicros).toBe(2_000_000n);
    clock.advance(3_600_000);
    expect((await earnings.accrueCampaign(given.campaign.id)).accruedMicros).toBe(2_000_000n);
    clock.advance(3_600_000);
    expect((await earnings.accrueCampaign(given.campaign.id)).accruedMicros).toBe(2_000_000n);
    expect(await earnings.isDue(given.campaign.id)).toBe(false);
    expect((await postRow(a))!.postedMicros + (await postRow(b))!.postedMicros).toBe(6_000_000n);
  });
});

describe('hold release', () => {
  test('moves matured pending to available exactly once, net of clawbacks taken from the oldest money', async () => {
    const given = await givenLiveCampaign(t, clock);
    const p = await givenParticipation(t, given.campaign.id);
    const post = await givenPost(t, p);
    const ids = { campaignId: given.campaign.id, participationId: p.id, participantId: p.participant.user.id };
    const accruedAt = clock.now().getTime();
    await observe(t, clock, { [post]: 10_000n });
    await earnings.accrueCampaign(given.campaign.id); // 20 held until +7 d

    clock.set(new Date(accruedAt + DAY));
    await observe(t, clock, { [post]: 15_000n });
    await earnings.accrueCampaign(given.campaign.id); // 10 more, held until +8 d
    clock.set(new Date(accruedAt + 2 * DAY));
    await observe(t, clock, { [post]: 12_500n });
    await earnings.accrueCampaign(given.campaign.id); // 5 clawed back from pending

    clock.set(new Date(accruedAt + 7 * DAY - 1));
    expect(await holds.releaseCampaignHolds(given.campaign.id)).toMatchObject({ locks: 0, pendingMicros: 25_000_000n });

    clock.set(new Date(accruedAt + 7 * DAY));
    expect(await holds.releaseCampaignHolds(given.campaign.id)).toMatchObject({
      locks: 1,
      lockedMicros: 15_000_000n,
      pendingMicros: 10_000_000n,
    });
    // Twice more (a retried job, and the whole job): nothing is released twice.
    expect(await holds.releaseCampaignHolds(given.campaign.id)).toMatchObject({ locks: 0 });
    await holds.releaseHolds();
    expect(await balances(t, given.currency, ids)).toMatchObject({ pending: 10_000_000n, available: 15_000_000n });

    clock.set(new Date(accruedAt + 8 * DAY));
    await holds.releaseHolds();
    await holds.releaseHolds();
    expect(await balances(t, given.currency, ids)).toMatchObject({ pending: 0n, available: 25_000_000n });
    const statement = await ledger.getStatement(accountKey('participant_available', ids.participantId, given.currency));
    expect(statement.lines.map((l) => l.idempotencyKey)).toEqual([`lock:${p.id}:1`, `lock:${p.id}:0`]);
    await expectBooksBalance();
  });

  test('a participation with a post under review releases nothing until the decision', async () => {
    const given = await givenLiveCampaign(t, clock, { holdDays: 1 });
    const p = await givenParticipation(t, given.campaign.id);
    const [verified, unverified] = [await givenPost(t, p), await givenPost(t, p, 'pending_verification')];
    const ids = { campaignId: given.campaign.id, participationId: p.id, participantId: p.participant.user.id };
    await observe(t, clock, { [verified]: 10_000n, [unverified]: 5_000n });
    await earnings.accrueCampaign(given.campaign.id);

    clock.advance(2 * DAY);
    expect(await holds.releaseCampaignHolds(given.campaign.id)).toMatchObject({ locks: 0, underReview: 1 });
    expect(await balances(t, given.currency, ids)).toMatchObject({ pending: earned(15_000n), available: 0n });

    // Rejected: clawed back from pending, and the rest is released.
    await t.tdb.db.update(submissions).set({ status: 'rejected' }).where(eq(submissions.id, unverified));
    expect(await holds.releaseCampaignHolds(given.campaign.id)).toMatchObject({ locks: 0, underReview: 1 });
    await earnings.accrueCampaign(given.campaign.id);
    expect(await holds.releaseCampaignHolds(given.campaign.id)).toMatchObject({
      locks: 1,
      lockedMicros: earned(10_000n),
      underReview: 0,
    });
    expect(await balances(t, given.currency, ids)).toMatchObject({ pending: 0n, available: earned(10_000n) });
    await expectBooksBalance();
  });

  test('a completed campaign closes and refunds its unspent budget once its holds are released', async () => {
    const given = await givenLiveCampaign(t, clock, { holdDays: 3 });
    const p = await givenParticipation(t, given.campaign.id);
    const post = await givenPost(t, p);
    const accruedAt = clock.now().getTime();
    await observe(t, clock, { [post]: 10_000n });
    await earnings.accrueCampaign(given.campaign.id);

    // Its end date passes: the sweeper completes it (nothing is due for a run).
    clock.set(new Date(Date.parse(given.campaign.endsAt!) + 1_000));
    expect(await earnings.sweep()).toEqual({ enqueued: [], advanced: [given.campaign.id] });
    expect((await campaignView(given)).state).toBe('completed');

    // 30 days on, the 3-day hold has long matured: one release both locks and closes.
    const result = await holds.releaseCampaignHolds(given.campaign.id);
    expect(result).toMatchObject({ locks: 1, lockedMicros: 20_000_000n, pendingMicros: 0n, closed: true });
    expect(clock.now().getTime()).toBeGreaterThan(accruedAt + 3 * DAY);

    const view = await campaignView(given);
    expect(view.state).toBe('closed');
    const refund = given.fundedMicros - 20_000_000n;
    const [budget, refunds] = await ledger.getBalances([
      accountKey('campaign_budget', given.campaign.id, given.currency),
      accountKey('brand_refunds', given.brand.orgId, given.currency),
    ]);
    expect(budget!.balanceMicros).toBe(0n);
    expect(refunds!.balanceMicros).toBe(refund);
    // Again: already closed, nothing moves.
    expect(await holds.releaseCampaignHolds(given.campaign.id)).toMatchObject({ locks: 0, closed: false });
    expect(
      (await ledger.getBalance(accountKey('brand_refunds', given.brand.orgId, given.currency))).balanceMicros,
    ).toBe(refund);
    await expectBooksBalance();
  });

  test('a completed campaign with earnings still on hold stays completed until they are released', async () => {
    const given = await givenLiveCampaign(t, clock, { holdDays: 7 });
    const p = await givenParticipation(t, given.campaign.id);
    const post = await givenPost(t, p);
    const accruedAt = clock.now().getTime();
    await observe(t, clock, { [post]: 10_000n });
    await earnings.accrueCampaign(given.campaign.id);
    const ended = await given.brand.request(
      'POST',
      `/v1/orgs/${given.brand.orgId}/campaigns/${given.campaign.id}/end`,
      { expectedVersion: (await campaignView(given)).version },
    );
    expect(ended.statusCode).toBe(200);

    clock.set(new Date(accruedAt + 6 * DAY));
    expect(await holds.releaseCampaignHolds(given.campaign.id)).toMatchObject({ locks: 0, closed: false });
    expect((await campaignView(given)).state).toBe('completed');

    clock.set(new Date(accruedAt + 7 * DAY));
    expect(await holds.releaseCampaignHolds(given.campaign.id)).toMatchObject({ locks: 1, closed: true });
    expect((await campaignView(given)).state).toBe('closed');
  });
});
