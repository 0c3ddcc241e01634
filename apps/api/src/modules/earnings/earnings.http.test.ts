// The earnings read routes through the real Nest app: a post's derivation for its participant and for the brand,
// someone else's post as a 404, a participant's earnings per participation with the reasons money is pending, and
// the campaign's spend on the brand's campaign route after accruals.
import type { Campaign, ParticipationEarnings, SubmissionEarnings } from '@creator-rewards/contracts';
import { submissions } from '@creator-rewards/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { createUser } from '../../test-utils/users.js';
import { givenBrand } from '../campaigns/test-utils/campaigns.js';
import { EarningsHoldsService } from './earnings-holds.service.js';
import { EarningsService } from './earnings.service.js';
import { earned, givenLiveCampaign, givenParticipation, givenPost, observe } from './test-utils/earnings.js';

const START = new Date('2026-01-15T12:00:00Z');
const DAY = 86_400_000;
const clock = manualClock(START);
let t: TestApp;
let earnings: EarningsService;

beforeAll(async () => {
  t = await startTestApp({ overrides: { clock } });
  earnings = t.app.get(EarningsService);
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.tdb.truncateAll();
  clock.set(START);
});

describe('GET a post’s earnings explanation', () => {
  test('shows the snapshots, rate, caps, owed and posted, and every ledger transfer of the post', async () => {
    const given = await givenLiveCampaign(t, clock, { perPostCapMicros: '30000000' });
    const p = await givenParticipation(t, given.campaign.id);
    const post = await givenPost(t, p);
    const firstAt = clock.now();
    await observe(t, clock, { [post]: 10_000n }, { [post]: 1_000n });
    await earnings.accrueCampaign(given.campaign.id);
    clock.advance(3_600_000);
    await observe(t, clock, { [post]: 8_000n });
    await earnings.accrueCampaign(given.campaign.id);
    clock.advance(3_600_000);
    await observe(t, clock, { [post]: 20_000n });
    await earnings.accrueCampaign(given.campaign.id);

    const res = await p.participant.request('GET', `/v1/me/submissions/${post}/earnings`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<SubmissionEarnings>();

    expect(body.submission).toMatchObject({ id: post, campaignId: given.campaign.id, status: 'tracking' });
    expect(body.campaign).toMatchObject({
      ratePerThousand: { micros: '2000000', currency: 'USD' },
      perPostCap: { micros: '30000000' },
      minimumMetric: '0',
      holdDays: 7,
    });
    expect(body.snapshots.total).toBe(3);
    expect(body.snapshots.items.map((s) => s.metricTotal)).toEqual(['20000', '8000', '10000']);
    expect(body.snapshots.items[2]).toMatchObject({ deductedTotal: '1000', source: 'sandbox' });
    // 20,000 views × $2 / 1,000 = $40, capped at $30 per post: all of it posted.
    expect(body.posted.micros).toBe('30000000');
    expect(body.derivation).toMatchObject({
      accruing: true,
      owed: { micros: '30000000' },
      nextAccrual: { micros: '0' },
      clampedBy: ['post_cap'],
    });
    expect(body.derivation!.steps.map((s) => s.step)).toEqual([
      'snapshot',
      'rate',
      'post_cap',
      'owed',
      'nothing_to_post',
    ]);
    expect(body.derivation!.steps[1]).toMatchObject({ metric: '20000', formula: { micros: '40000000' } });
    expect(body.derivation!.steps[2]).toMatchObject({ applied: true, result: { micros: '30000000' } });

    // $18 (9,000 paid views), then 8,000 views: −$2, then +$14 to the $30 cap.
    expect(body.transfers.map((x) => [x.kind, x.sequence, x.amount.micros])).toEqual([
      ['accrue', 0, '18000000'],
      ['clawback', 1, '-2000000'],
      ['accrue', 2, '14000000'],
    ]);
    expect(body.transfers[0]).toMatchObject({
      idempotencyKey: `earnings:${post}:0`,
      holdEndsAt: new Date(firstAt.getTime() + 7 * DAY).toISOString(),
      metricTotal: '10000',
      owed: { micros: '18000000' },
      effectiveAt: firstAt.toISOString(),
    });
    expect(body.transfers[1]).toMatchObject({
      clawbackReason: 'metric_fell',
      fromPending: { micros: '2000000' },
      fromAvailable: { micros: '0' },
      holdEndsAt: null,
    });

    // The brand that pays sees the same derivation.
    const brandView = await given.brand.request(
      'GET',
      `/v1/orgs/${given.brand.orgId}/campaigns/${given.campaign.id}/submissions/${post}/earnings`,
    );
    expect(brandView.statusCode, brandView.body).toBe(200);
    expect(brandView.json<SubmissionEarnings>()).toEqual(body);
  });

  test('shows what the pacing window held back', async () => {
    const given = await givenLiveCampaign(t, clock, { pacing: { dailyCapMicros: '5000000', hourlyCapMicros: null } });
    const p = await givenParticipation(t, given.campaign.id);
    const post = await givenPost(t, p);
    await observe(t, clock, { [post]: 4_000n });
    await earnings.accrueCampaign(given.campaign.id);

    const body = (await p.participant.request('GET', `/v1/me/submissions/${post}/earnings`)).json<SubmissionEarnings>();
    expect(body.posted.micros).toBe('5000000');
    expect(body.derivation).toMatchObject({
      owed: { micros: '8000000' },
      nextAccrual: { micros: '0' },
      unpaid: { micros: '3000000' },
      clampedBy: ['window'],
    });
    expect(body.derivation!.steps.find((s) => s.step === 'window')).toMatchObject({
      remaining: { micros: '0' },
      applied: true,
    });
  });

  test('someone else’s post is a 404, for participants and for other orgs', async () => {
    const given = await givenLiveCampaign(t, clock);
    const p = await givenParticipation(t, given.campaign.id);
    const post = await givenPost(t, p);
    await observe(t, clock, { [post]: 1_000n });
    await earnings.accrueCampaign(given.campaign.id);

    const stranger = await createUser(t, { roles: ['participant'] });
    const foreign = await stranger.request('GET', `/v1/me/submissions/${post}/earnings`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json<{ code: string }>().code).toBe('NOT_FOUND');
    const missing = await p.participant.request('GET', `/v1/me/submissions/${crypto.randomUUID()}/earnings`);
    expect(missing.statusCode).toBe(404);

    const otherBrand = await givenBrand(t, 'Other Co');
    const viaOtherOrg = await otherBrand.request(
      'GET',
      `/v1/orgs/${otherBrand.orgId}/campaigns/${given.campaign.id}/submissions/${post}/earnings`,
    );
    expect(viaOtherOrg.statusCode).toBe(404);
    // The right org, but a post of another of its campaigns.
    const second = await givenLiveCampaign(t, clock);
    const elsewhere = await givenPost(t, await givenParticipation(t, second.campaign.id));
    const wrongCampaign = await given.brand.request(
      'GET',
      `/v1/orgs/${given.brand.orgId}/campaigns/${given.campaign.id}/submissions/${elsewhere}/earnings`,
    );
    expect(wrongCampaign.statusCode).toBe(404);
    // A brand user is not a participant: the participant route refuses the role outright.
    expect((await given.brand.request('GET', `/v1/me/submissions/${post}/earnings`)).statusCode).toBe(403);
  });

  test('a post without observations has no derivation yet', async () => {
    const given = await givenLiveCampaign(t, clock);
    const p = await givenParticipation(t, given.campaign.id);
    const post = await givenPost(t, p, 'pending_verification');
    const body = (await p.participant.request('GET', `/v1/me/submissions/${post}/earnings`)).json<SubmissionEarnings>();
    expect(body).toMatchObject({
      submission: { status: 'pending_verification' },
      snapshots: { items: [], total: 0 },
      posted: { micros: '0' },
      derivation: null,
      transfers: [],
    });
  });
});

describe('GET /v1/me/earnings', () => {
  test('per participation: earned, pending with its reasons and hold ends, and what was released', async () => {
    const participant = await createUser(t, { roles: ['participant'] });
    const first = await givenLiveCampaign(t, clock, { title: 'First campaign' });
    const second = await givenLiveCampaign(t, clock, { title: 'Second campaign', holdDays: 2 });
    const p1 = await givenParticipation(t, first.campaign.id, { participant });
    const p2 = await givenParticipation(t, second.campaign.id, { participant });
    const [a, review] = [await givenPost(t, p1), await givenPost(t, p1, 'pending_verification')];
    const b = await givenPost(t, p2);
    const accruedAt = clock.now().getTime();
    await observe(t, clock, { [a]: 10_000n, [review]: 2_000n, [b]: 5_000n });
    await earnings.accrueCampaign(first.campaign.id);
    await earnings.accrueCampaign(second.campaign.id);
    clock.set(new Date(accruedAt + DAY));
    await observe(t, clock, { [a]: 15_000n });
    await earnings.accrueCampaign(first.campaign.id);
    // Two days on: the second campaign's hold has ended and is released.
    clock.set(new Date(accruedAt + 2 * DAY));
    await t.app.get(EarningsHoldsService).releaseHolds();

    const res = await participant.request('GET', '/v1/me/earnings?limit=1');
    expect(res.statusCode, res.body).toBe(200);
    const page1 = res.json<{ items: ParticipationEarnings[]; nextCursor: string | null }>();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = (await participant.request('GET', `/v1/me/earnings?limit=1&cursor=${page1.nextCursor}`)).json<{
      items: ParticipationEarnings[];
      nextCursor: string | null;
    }>();
    expect(page2.nextCursor).toBeNull();
    const [newest, oldest] = [page1.items[0]!, page2.items[0]!];

    // Newest first: p2 was created after p1.
    expect(newest).toMatchObject({
      participationId: p2.id,
      campaign: { id: second.campaign.id, title: 'Second campaign', state: 'published' },
      earned: { micros: String(earned(5_000n)) },
      pending: { micros: '0' },
      released: { micros: String(earned(5_000n)) },
      pendingReasons: [],
      nextHoldEndsAt: null,
      releases: [],
    });
    const firstHold = new Date(accruedAt + 7 * DAY).toISOString();
    const secondHold = new Date(accruedAt + 8 * DAY).toISOString();
    expect(oldest).toMatchObject({
      participationId: p1.id,
      currency: 'USD',
      earned: { micros: String(earned(17_000n)) },
      pending: { micros: String(earned(17_000n)) },
      released: { micros: '0' },
      nextHoldEndsAt: firstHold,
      releases: [
        { holdEndsAt: firstHold, amount: { micros: String(earned(12_000n)) } },
        { holdEndsAt: secondHold, amount: { micros: String(earned(5_000n)) } },
      ],
    });
    // A post still waiting for verification has earnings: under review comes first, then the hold.
    expect(oldest.pendingReasons).toEqual([
      { reason: 'under_review', label: 'under review', until: null },
      { reason: 'hold', label: 'hold ends 22 Jan', until: firstHold },
    ]);

    await t.tdb.db.update(submissions).set({ status: 'tracking' }).where(eq(submissions.id, review));
    const after = (await participant.request('GET', '/v1/me/earnings')).json<{ items: ParticipationEarnings[] }>();
    expect(after.items.find((i) => i.participationId === p1.id)!.pendingReasons.map((r) => r.reason)).toEqual(['hold']);

    // Another participant sees none of it; a malformed cursor is a 400.
    const stranger = await createUser(t, { roles: ['participant'] });
    expect((await stranger.request('GET', '/v1/me/earnings')).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await participant.request('GET', '/v1/me/earnings?cursor=bm90LWEtdXVpZA')).statusCode).toBe(400);
  });
});

test('the brand’s campaign route shows spend and remaining budget after accruals and clawbacks', async () => {
  const given = await givenLiveCampaign(t, clock);
  const p = await givenParticipation(t, given.campaign.id);
  const [a, b] = [await givenPost(t, p), await givenPost(t, p)];
  await observe(t, clock, { [a]: 10_000n, [b]: 30_000n });
  await earnings.accrueCampaign(given.campaign.id);
  await observe(t, clock, { [b]: 25_000n });
  await earnings.accrueCampaign(given.campaign.id);

  const res = await given.brand.request('GET', `/v1/orgs/${given.brand.orgId}/campaigns/${given.campaign.id}`);
  expect(res.statusCode).toBe(200);
  const spent = earned(10_000n) + earned(25_000n);
  expect(res.json<Campaign>().budget).toMatchObject({
    funded: { micros: String(given.fundedMicros) },
    spent: { micros: String(spent) },
    remaining: { micros: String(given.fundedMicros - spent) },
  });
});
