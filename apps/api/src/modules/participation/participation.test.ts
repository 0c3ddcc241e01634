// Participation through the real HTTP API on a real database: social accounts, applying in each approval mode, the
// brand's decisions, withdrawing, submissions (parsing, dedup, caps, platforms, rejection) and evidence uploads.
// Concurrency (slots and caps under contention) is in participation.concurrency.test.ts (PostgreSQL only).
import type {
  Campaign,
  CampaignCreate,
  CampaignParticipation,
  CampaignSubmission,
  Participation,
  Submission,
} from '@creator-rewards/contracts';
import { auditLog, campaigns, orgMembers, participations, socialAccounts, submissions } from '@creator-rewards/db';
import { count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { createUser, type InjectResponse, type TestUser } from '../../test-utils/users.js';
import { givenBrand, givenDraft, givenPublishedCampaign, type Brand } from '../campaigns/test-utils/campaigns.js';
import { ParticipationService } from './participation.service.js';
import { SHORT_LINK_REASON, VERIFICATION_REASON } from './submissions.service.js';
import { apply, givenParticipant, joined, submit, submitted, youtubeId } from './test-utils/participation.js';

const clock = manualClock(new Date());
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ overrides: { clock } });
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.tdb.truncateAll();
  clock.set(new Date());
});

const db = () => t.tdb.db;
type Settings = Partial<CampaignCreate>;

async function liveCampaign(settings: Settings = {}, brand?: Brand) {
  return givenPublishedCampaign(t, { settings, clock, ...(brand ? { brand } : {}) });
}

async function rowCount(table: typeof participations | typeof submissions | typeof socialAccounts) {
  const [row] = await db().select({ n: count() }).from(table);
  return row!.n;
}

async function slotsTaken(campaignId: string) {
  const [row] = await db().select({ n: campaigns.slotsTaken }).from(campaigns).where(eq(campaigns.id, campaignId));
  return row!.n;
}

async function audited(action: string) {
  return db().select().from(auditLog).where(eq(auditLog.action, action));
}

function expectError(res: InjectResponse, status: number, code: string, message?: RegExp) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<{ code: string; message: string; details?: { issues?: { path: string }[] } }>();
  expect(body.code).toBe(code);
  if (message) expect(body.message).toMatch(message);
  return body;
}

const orgBase = (brand: Brand, campaign: Campaign) => `/v1/orgs/${brand.orgId}/campaigns/${campaign.id}`;
const watch = (id: string) => `https://www.youtube.com/watch?v=${id}`;

describe('social accounts', () => {
  test('a participant declares accounts (the @ dropped), lists them, and cannot declare one twice', async () => {
    const user = await createUser(t, { roles: ['participant'] });
    const added = await user.request('POST', '/v1/me/social-accounts', { platform: 'tiktok', handle: ' @Clip.Queen ' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toEqual({
      id: expect.any(String),
      platform: 'tiktok',
      handle: 'Clip.Queen',
      verified: false,
      createdAt: expect.any(String),
    });
    // Case-insensitive per platform; the same handle on another platform is another account.
    expectError(
      await user.request('POST', '/v1/me/social-accounts', { platform: 'tiktok', handle: 'clip.queen' }),
      409,
      'CONFLICT',
      /already added @clip\.queen on tiktok/,
    );
    expect(
      (await user.request('POST', '/v1/me/social-accounts', { platform: 'youtube', handle: 'clip.queen' })).statusCode,
    ).toBe(201);
    const list = await user.request('GET', '/v1/me/social-accounts');
    expect(list.json<{ items: { platform: string }[] }>().items.map((a) => a.platform)).toEqual(['tiktok', 'youtube']);
    expect(await audited('social_account.added')).toHaveLength(2);
  });

  test.each([
    ['x', 'has-dash', 'body.handle'],
    ['instagram', 'a'.repeat(31), 'body.handle'],
    ['tiktok', 'x', 'body.handle'],
    ['youtube', 'spaces here', 'body.handle'],
    ['myspace', 'someone', 'body.platform'],
  ])('a %s handle %j is refused naming %s', async (platform, handle, path) => {
    const user = await createUser(t, { roles: ['participant'] });
    const body = expectError(
      await user.request('POST', '/v1/me/social-accounts', { platform, handle }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.details!.issues!.map((i) => i.path)).toContain(path);
    expect(await rowCount(socialAccounts)).toBe(0);
  });

  test('an account used by a live participation cannot be removed; an unused one can; another’s is a 404', async () => {
    const { campaign } = await liveCampaign();
    const participant = await givenParticipant(t, ['youtube', 'tiktok', 'x']);
    await joined(t, participant, campaign.id, ['youtube']);
    expectError(
      await participant.request('DELETE', `/v1/me/social-accounts/${participant.accounts.youtube}`),
      409,
      'CONFLICT',
      /used by a campaign you are in/,
    );
    expect((await participant.request('DELETE', `/v1/me/social-accounts/${participant.accounts.x}`)).statusCode).toBe(
      204,
    );
    const other = await givenParticipant(t, ['youtube']);
    expectError(
      await other.request('DELETE', `/v1/me/social-accounts/${participant.accounts.tiktok}`),
      404,
      'NOT_FOUND',
    );
    expect(await rowCount(socialAccounts)).toBe(3);
  });

  test('only participants have social accounts', async () => {
    const brand = await createUser(t, { roles: ['brand'] });
    expectError(await brand.request('GET', '/v1/me/social-accounts'), 403, 'FORBIDDEN');
    expectError(
      await brand.request('POST', '/v1/me/social-accounts', { platform: 'x', handle: 'brand' }),
      403,
      'FORBIDDEN',
    );
  });
});

describe('applying', () => {
  test('auto mode: approved at once, a slot taken, a tracking link from a random 12-character code, audited', async () => {
    const { brand, campaign } = await liveCampaign({ maxSlots: 3 });
    const participant = await givenParticipant(t);
    const res = await apply(t, participant, campaign.id);
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json<Participation>();
    expect(p).toMatchObject({
      state: 'approved',
      stateReason: null,
      submissionCount: 0,
      maxSubmissions: null,
      campaign: { id: campaign.id, title: campaign.title, state: 'published', platforms: ['youtube', 'tiktok'] },
    });
    expect(p.socialAccounts.map((a) => a.platform)).toEqual(['youtube', 'tiktok']);
    expect(p.trackingCode).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(p.trackingLink).toBe(`${t.config.PUBLIC_WEB_URL.replace(/\/+$/, '')}/r/${p.trackingCode}`);
    expect(p.decidedAt).not.toBeNull();
    expect(await slotsTaken(campaign.id)).toBe(1);
    const view = await brand.request('GET', orgBase(brand, campaign));
    expect(view.json<Campaign>().slotsLeft).toBe(2);
    const [entry] = await audited('participation.applied');
    expect(entry).toMatchObject({ subjectId: p.id, actorUserId: participant.user.id });
    expect(entry!.details).toMatchObject({ campaignId: campaign.id, state: 'approved', approvalMode: 'auto' });

    // One participation per campaign.
    expectError(await apply(t, participant, campaign.id), 409, 'CONFLICT', /already joined/);
    expect(await rowCount(participations)).toBe(1);
    expect(await slotsTaken(campaign.id)).toBe(1);

    // Tracking codes differ between participations.
    const second = await joined(t, await givenParticipant(t), campaign.id);
    expect(second.trackingCode).not.toBe(p.trackingCode);
  });

  test('manual mode: applied without a slot; the brand approves (slot taken) or rejects with a reason', async () => {
    const { brand, campaign } = await liveCampaign({ approvalMode: 'manual', maxSlots: 1 });
    const [alice, bob, carol] = [await givenParticipant(t), await givenParticipant(t), await givenParticipant(t)];
    const a = await joined(t, alice, campaign.id);
    clock.advance(1000);
    const b = await joined(t, bob, campaign.id);
    clock.advance(1000);
    const c = await joined(t, carol, campaign.id);
    expect([a.state, b.state, c.state]).toEqual(['applied', 'applied', 'applied']);
    expect(a.decidedAt).toBeNull();
    expect(await slotsTaken(campaign.id)).toBe(0);

    const queue = await brand.request('GET', `${orgBase(brand, campaign)}/participations?state=applied`);
    expect(queue.statusCode, queue.body).toBe(200);
    const items = queue.json<{ items: CampaignParticipation[] }>().items;
    expect(items.map((i) => i.id)).toEqual([a.id, b.id, c.id]); // oldest first
    expect(items[0]!.participant).toEqual({ id: alice.user.id, displayName: alice.user.displayName });
    expect(items[0]!.socialAccounts.map((s) => s.handle)).toHaveLength(2);

    const approved = await brand.request('POST', `${orgBase(brand, campaign)}/participations/${a.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json<CampaignParticipation>()).toMatchObject({
      state: 'approved',
      participant: { id: alice.user.id },
    });
    expect(await slotsTaken(campaign.id)).toBe(1);

    // The only slot is taken: approving Bob is refused and changes nothing.
    expectError(
      await brand.request('POST', `${orgBase(brand, campaign)}/participations/${b.id}/approve`),
      409,
      'NO_SLOTS_LEFT',
    );
    const [bobRow] = await db().select().from(participations).where(eq(participations.id, b.id));
    expect(bobRow).toMatchObject({ state: 'applied', holdsSlot: false });

    const rejected = await brand.request('POST', `${orgBase(brand, campaign)}/participations/${c.id}/reject`, {
      reason: 'Your channel does not fit this brand.',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json<CampaignParticipation>()).toMatchObject({
      state: 'rejected',
      stateReason: 'Your channel does not fit this brand.',
    });
    const seen = await carol.request('GET', `/v1/me/participations/${c.id}`);
    expect(seen.json<Participation>()).toMatchObject({
      state: 'rejected',
      stateReason: 'Your channel does not fit this brand.',
    });
    // Stale moves answer 409; a rejected applicant cannot re-apply.
    expectError(
      await brand.request('POST', `${orgBase(brand, campaign)}/participations/${c.id}/approve`),
      409,
      'CONFLICT',
      /rejected, so it cannot be approved/,
    );
    expectError(await apply(t, carol, campaign.id), 409, 'CONFLICT', /not accepted/);

    // Rejecting an approved participant (no post yet) frees the slot; Bob can then be approved.
    await brand.request('POST', `${orgBase(brand, campaign)}/participations/${a.id}/reject`, {
      reason: 'Changed plans',
    });
    expect(await slotsTaken(campaign.id)).toBe(0);
    expect((await brand.request('POST', `${orgBase(brand, campaign)}/participations/${b.id}/approve`)).statusCode).toBe(
      200,
    );
    expect(await slotsTaken(campaign.id)).toBe(1);
    const actions = (await db().select().from(auditLog)).map((r) => r.action);
    expect(actions.filter((x) => x === 'participation.approve')).toHaveLength(2);
    expect(actions.filter((x) => x === 'participation.reject')).toHaveLength(2);
  });

  test('a rejection needs a reason; another org’s brand sees nothing; a viewer cannot decide', async () => {
    const { brand, campaign } = await liveCampaign({ approvalMode: 'manual' });
    const p = await joined(t, await givenParticipant(t), campaign.id);
    const base = `${orgBase(brand, campaign)}/participations/${p.id}`;
    const body = expectError(await brand.request('POST', `${base}/reject`, {}), 400, 'VALIDATION_FAILED');
    expect(body.details!.issues!.map((i) => i.path)).toEqual(['body.reason']);

    const stranger = await givenBrand(t, 'Other Co');
    expectError(
      await stranger.request(
        'POST',
        `/v1/orgs/${stranger.orgId}/campaigns/${campaign.id}/participations/${p.id}/approve`,
      ),
      404,
      'NOT_FOUND',
    );
    expectError(
      await stranger.request('POST', `/v1/orgs/${brand.orgId}/campaigns/${campaign.id}/participations/${p.id}/approve`),
      404,
      'NOT_FOUND',
    );

    const viewer = await createUser(t, { roles: ['brand'] });
    await db().insert(orgMembers).values({ orgId: brand.orgId, userId: viewer.user.id, role: 'viewer' });
    expect((await viewer.request('GET', `${orgBase(brand, campaign)}/participations`)).statusCode).toBe(200);
    expectError(await viewer.request('POST', `${base}/approve`), 403, 'FORBIDDEN');
    const [row] = await db().select().from(participations).where(eq(participations.id, p.id));
    expect(row!.state).toBe('applied');
  });

  test('allowlist mode: a listed email is approved, anyone else is refused with a clear message and nothing is created', async () => {
    const listed = await givenParticipant(t, ['youtube'], { email: 'invited@example.test' });
    const { campaign } = await liveCampaign({ approvalMode: 'allowlist', allowlist: ['Invited@Example.test'] });
    const stranger = await givenParticipant(t, ['youtube']);
    expectError(await apply(t, stranger, campaign.id), 403, 'FORBIDDEN', /open only to invited participants/);
    expect(await rowCount(participations)).toBe(0);
    expect((await joined(t, listed, campaign.id)).state).toBe('approved');
    expect(await slotsTaken(campaign.id)).toBe(1);
  });

  test('a full campaign refuses with NO_SLOTS_LEFT; withdrawing frees the slot for the next one', async () => {
    const { campaign } = await liveCampaign({ maxSlots: 1 });
    const [first, second] = [await givenParticipant(t), await givenParticipant(t)];
    const p = await joined(t, first, campaign.id);
    expectError(await apply(t, second, campaign.id), 409, 'NO_SLOTS_LEFT');
    expect(await rowCount(participations)).toBe(1);

    const withdrawn = await first.request('POST', `/v1/me/participations/${p.id}/withdraw`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json<Participation>().state).toBe('withdrawn');
    expect(await slotsTaken(campaign.id)).toBe(0);
    expectError(await first.request('POST', `/v1/me/participations/${p.id}/withdraw`), 409, 'CONFLICT');
    expectError(await apply(t, first, campaign.id), 409, 'CONFLICT', /withdrew/);

    expect((await joined(t, second, campaign.id)).state).toBe('approved');
    expect(await slotsTaken(campaign.id)).toBe(1);
  });

  test('accounts must be the caller’s and on the campaign’s platforms; nothing is created otherwise', async () => {
    const { campaign } = await liveCampaign({ platforms: ['youtube'] });
    const participant = await givenParticipant(t, ['youtube', 'instagram']);
    const other = await givenParticipant(t, ['youtube']);
    let body = expectError(
      await participant.request('POST', `/v1/campaigns/${campaign.id}/participations`, {
        socialAccountIds: [participant.accounts.youtube, participant.accounts.instagram],
      }),
      400,
      'VALIDATION_FAILED',
      /instagram account, and this campaign takes posts from youtube only/,
    );
    expect(body.details!.issues![0]!.path).toBe('body.socialAccountIds.1');
    body = expectError(
      await participant.request('POST', `/v1/campaigns/${campaign.id}/participations`, {
        socialAccountIds: [other.accounts.youtube],
      }),
      400,
      'VALIDATION_FAILED',
      /not one of your social accounts/,
    );
    expect(body.details!.issues![0]!.path).toBe('body.socialAccountIds.0');
    expect(await rowCount(participations)).toBe(0);
    expect(await slotsTaken(campaign.id)).toBe(0);
  });

  test('a draft is not found; a campaign not started yet or paused takes no participants', async () => {
    const participant = await givenParticipant(t);
    const brand = await givenBrand(t);
    const draft = await givenDraft(t, brand);
    expectError(await apply(t, participant, draft.id), 404, 'NOT_FOUND');

    const { campaign } = await givenPublishedCampaign(t, { brand }); // no clock move: starts in an hour
    expectError(await apply(t, participant, campaign.id), 409, 'CONFLICT', /has not started yet/);
    clock.set(new Date(Date.parse(campaign.startsAt!) + 60_000));
    const paused = await brand.request('POST', `${orgBase(brand, campaign)}/pause`, {
      expectedVersion: campaign.version,
    });
    expect(paused.statusCode, paused.body).toBe(200);
    expectError(await apply(t, participant, campaign.id), 409, 'CONFLICT', /paused/);
    expect(await rowCount(participations)).toBe(0);
  });

  test('my participations: newest first, paged, with the campaign and the submission count', async () => {
    const participant = await givenParticipant(t);
    const first = await liveCampaign({ title: 'First campaign' });
    const second = await liveCampaign({ title: 'Second campaign' }, first.brand);
    const p1 = await joined(t, participant, first.campaign.id);
    clock.advance(1000);
    const p2 = await joined(t, participant, second.campaign.id);
    await submitted(participant, p2.id, watch(youtubeId()));

    const page1 = await participant.request('GET', '/v1/me/participations?limit=1');
    const body1 = page1.json<{ items: Participation[]; nextCursor: string | null }>();
    expect(body1.items.map((p) => [p.id, p.campaign.title, p.state, p.submissionCount])).toEqual([
      [p2.id, 'Second campaign', 'active', 1],
    ]);
    const page2 = await participant.request('GET', `/v1/me/participations?limit=1&cursor=${body1.nextCursor}`);
    const body2 = page2.json<{ items: Participation[]; nextCursor: string | null }>();
    expect(body2.items.map((p) => [p.id, p.campaign.title])).toEqual([[p1.id, 'First campaign']]);
    expect(body2.nextCursor).toBeNull();
    const active = await participant.request('GET', '/v1/me/participations?state=active');
    expect(active.json<{ items: Participation[] }>().items.map((p) => p.id)).toEqual([p2.id]);
  });

  test('someone else’s participation is a 404; brands and reviewers cannot use participant routes', async () => {
    const { campaign } = await liveCampaign();
    const owner = await givenParticipant(t);
    const p = await joined(t, owner, campaign.id);
    const other = await givenParticipant(t);
    expectError(await other.request('GET', `/v1/me/participations/${p.id}`), 404, 'NOT_FOUND');
    expectError(await other.request('POST', `/v1/me/participations/${p.id}/withdraw`), 404, 'NOT_FOUND');
    expectError(await submit(other, p.id, watch(youtubeId())), 404, 'NOT_FOUND');
    for (const roles of [['brand'], ['reviewer']] as const) {
      const user = await createUser(t, { roles: [...roles] });
      expectError(
        await user.request('POST', `/v1/campaigns/${campaign.id}/participations`, {
          socialAccountIds: [owner.accounts.youtube],
        }),
        403,
        'FORBIDDEN',
      );
      expectError(await submit(user, p.id, watch(youtubeId())), 403, 'FORBIDDEN');
    }
    expect(await rowCount(submissions)).toBe(0);
    expect(await rowCount(participations)).toBe(1);
  });
});

describe('submissions', () => {
  async function given(settings: Settings = {}, applyWith?: string[]) {
    const { brand, reviewer, campaign } = await liveCampaign(settings);
    const participant = await givenParticipant(t);
    const participation = await joined(t, participant, campaign.id, applyWith);
    return { brand, reviewer, campaign, participant, participation };
  }

  test('a YouTube post starts pending verification; the first post makes the participation active', async () => {
    const { campaign, participant, participation } = await given();
    const id = youtubeId();
    const res = await submit(participant, participation.id, `https://youtu.be/${id}?si=share`, '  My best clip  ');
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json<Submission>();
    expect(s).toEqual({
      id: expect.any(String),
      participationId: participation.id,
      campaign: { id: campaign.id, title: campaign.title },
      platform: 'youtube',
      postId: id,
      canonicalUrl: `https://www.youtube.com/watch?v=${id}`,
      status: 'pending_verification',
      statusReason: VERIFICATION_REASON,
      note: 'My best clip',
      evidence: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const after = await participant.request('GET', `/v1/me/participations/${participation.id}`);
    expect(after.json<Participation>()).toMatchObject({ state: 'active', submissionCount: 1 });
    expect((await audited('participation.activate')).length).toBe(1);
    expect((await audited('submission.created'))[0]!.details).toMatchObject({ dedupKey: `youtube:${id}` });

    // An active participation cannot be withdrawn any more (it may have earnings).
    expectError(
      await participant.request('POST', `/v1/me/participations/${participation.id}/withdraw`),
      409,
      'CONFLICT',
    );
  });

  test('a TikTok short link is stored unresolved, with the reason', async () => {
    const { participant, participation } = await given();
    const s = await submitted(participant, participation.id, 'https://vm.tiktok.com/ZMabc123/');
    expect(s).toMatchObject({
      platform: 'tiktok',
      postId: null,
      status: 'pending_verification',
      statusReason: SHORT_LINK_REASON,
    });
    expect(SHORT_LINK_REASON).toBe('Short link: we will resolve it when tracking starts');
  });

  test('the same post, in any form, in any campaign, is accepted once', async () => {
    const { participant, participation } = await given();
    const id = youtubeId();
    await submitted(participant, participation.id, watch(id));
    expectError(
      await submit(participant, participation.id, `https://youtube.com/shorts/${id}`),
      409,
      'ALREADY_SUBMITTED',
      /You already submitted this post/,
    );
    const { campaign: other } = await liveCampaign();
    const rival = await givenParticipant(t);
    const rivalP = await joined(t, rival, other.id);
    expectError(
      await submit(rival, rivalP.id, `https://m.youtube.com/watch?feature=share&v=${id}`),
      409,
      'ALREADY_SUBMITTED',
      /already been submitted on the platform/,
    );
    expect(await rowCount(submissions)).toBe(1);
    // The refused attempts did not use up places under the cap.
    const [row] = await db().select().from(participations).where(eq(participations.id, rivalP.id));
    expect(row).toMatchObject({ submissionCount: 0, state: 'approved' });
  });

  test.each([
    ['javascript:', 'javascript:alert(document.cookie)//youtube.com/watch?v=dQw4w9WgXcQ', 'scheme'],
    ['userinfo', 'https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ', 'userinfo'],
    ['IPv4 literal', 'https://127.0.0.1/watch?v=dQw4w9WgXcQ', 'ip_literal'],
    ['IPv6 literal', 'https://[::1]/watch?v=dQw4w9WgXcQ', 'ip_literal'],
    ['look-alike host', 'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ', 'host_not_allowed'],
    ['a channel', 'https://www.youtube.com/@somebody', 'unsupported_path'],
    ['overlong', `https://www.youtube.com/watch?v=dQw4w9WgXcQ&x=${'a'.repeat(3000)}`, 'too_long'],
    ['not a link', 'dQw4w9WgXcQ', 'not_a_url'],
  ])('a hostile or wrong link (%s) is a 400 naming body.url, and nothing is stored', async (_label, url, reason) => {
    const { participant, participation } = await given();
    const body = expectError(
      await submit(participant, participation.id, url),
      400,
      'VALIDATION_FAILED',
      /^body\.url: /,
    );
    expect(body.details!.issues).toEqual([{ path: 'body.url', code: reason, message: expect.any(String) }]);
    expect(body.message).not.toContain('evil');
    expect(await rowCount(submissions)).toBe(0);
    const [row] = await db().select().from(participations).where(eq(participations.id, participation.id));
    expect(row).toMatchObject({ submissionCount: 0, state: 'approved' });
  });

  test('a post from a platform the campaign does not take, or without an account there, is a clear 400', async () => {
    const { participant, participation: p } = await given({ platforms: ['youtube', 'x'] }, ['youtube']);
    let body = expectError(
      await submit(participant, p.id, 'https://www.instagram.com/reel/Cabc123xyz/'),
      400,
      'VALIDATION_FAILED',
      /is an Instagram post, and this campaign takes posts from YouTube, X only/,
    );
    expect(body.details!.issues![0]!.path).toBe('body.url');
    // Joined with the YouTube account only.
    body = expectError(
      await submit(participant, p.id, 'https://x.com/someone/status/1790000000000000000'),
      400,
      'VALIDATION_FAILED',
      /is an X post, and you joined this campaign without an X account/,
    );
    expect(body.details!.issues![0]!.path).toBe('body.url');
    expect(await rowCount(submissions)).toBe(0);
  });

  test('an application waiting for approval, or a paused campaign, takes no posts', async () => {
    const { brand, campaign } = await liveCampaign({ approvalMode: 'manual' });
    const participant = await givenParticipant(t);
    const p = await joined(t, participant, campaign.id);
    expectError(
      await submit(participant, p.id, watch(youtubeId())),
      409,
      'CONFLICT',
      /waiting for the brand’s approval/,
    );
    await brand.request('POST', `${orgBase(brand, campaign)}/participations/${p.id}/approve`);
    await brand.request('POST', `${orgBase(brand, campaign)}/pause`, { expectedVersion: campaign.version });
    expectError(await submit(participant, p.id, watch(youtubeId())), 409, 'CONFLICT', /paused/);
    expect(await rowCount(submissions)).toBe(0);
  });

  test('the per-participant cap refuses the next post; a rejected post frees its place', async () => {
    const { brand, campaign, participant, participation } = await given({ maxSubmissionsPerParticipant: 2 });
    const first = await submitted(participant, participation.id, watch(youtubeId()));
    await submitted(participant, participation.id, watch(youtubeId()));
    expectError(
      await submit(participant, participation.id, watch(youtubeId())),
      409,
      'SUBMISSION_LIMIT_REACHED',
      /limit of 2 posts/,
    );
    expect(await rowCount(submissions)).toBe(2);

    const rejected = await brand.request('POST', `${orgBase(brand, campaign)}/submissions/${first.id}/reject`, {
      reason: 'The can is not shown.',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json<CampaignSubmission>()).toMatchObject({
      id: first.id,
      status: 'rejected',
      statusReason: 'The can is not shown.',
      participant: { id: participant.user.id },
    });
    expect((await submit(participant, participation.id, watch(youtubeId()))).statusCode).toBe(201);
    const p = await participant.request('GET', `/v1/me/participations/${participation.id}`);
    expect(p.json<Participation>()).toMatchObject({ submissionCount: 2, maxSubmissions: 2 });
  });

  test('brands reject their campaigns’ posts, reviewers any; the participant sees the reason; twice is a 409', async () => {
    const { brand, reviewer, campaign, participant, participation } = await given();
    const a = await submitted(participant, participation.id, watch(youtubeId()));
    clock.advance(1000);
    const b = await submitted(participant, participation.id, 'https://www.tiktok.com/@me/video/7300000000000000001');

    const stranger = await givenBrand(t, 'Other Co');
    expectError(
      await stranger.request('POST', `/v1/orgs/${stranger.orgId}/campaigns/${campaign.id}/submissions/${a.id}/reject`, {
        reason: 'Nope nope',
      }),
      404,
      'NOT_FOUND',
    );
    const brandReject = await brand.request('POST', `${orgBase(brand, campaign)}/submissions/${a.id}/reject`, {
      reason: 'Posted before the campaign started.',
    });
    expect(brandReject.statusCode, brandReject.body).toBe(200);
    expectError(
      await brand.request('POST', `${orgBase(brand, campaign)}/submissions/${a.id}/reject`, { reason: 'Again!' }),
      409,
      'CONFLICT',
      /already rejected/,
    );
    const reviewed = await reviewer.request('POST', `/v1/review/submissions/${b.id}/reject`, {
      reason: 'Bought views.',
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json<CampaignSubmission>().status).toBe('rejected');
    expectError(
      await participant.request('POST', `/v1/review/submissions/${b.id}/reject`, { reason: 'Bought views.' }),
      403,
      'FORBIDDEN',
    );

    const mine = await participant.request('GET', '/v1/me/submissions?status=rejected');
    expect(
      mine.json<{ items: Submission[] }>().items.map((s) => [s.id, s.status, s.statusReason, s.campaign.title]),
    ).toEqual([
      [b.id, 'rejected', 'Bought views.', campaign.title],
      [a.id, 'rejected', 'Posted before the campaign started.', campaign.title],
    ]);
    const list = await brand.request('GET', `${orgBase(brand, campaign)}/submissions`);
    expect(list.json<{ items: CampaignSubmission[] }>().items.map((s) => s.id)).toEqual([b.id, a.id]);
    expect((await audited('submission.rejected')).map((r) => r.details)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ as: 'brand', reason: 'Posted before the campaign started.' }),
        expect.objectContaining({ as: 'reviewer', reason: 'Bought views.' }),
      ]),
    );
  });
});

describe('evidence screenshots', () => {
  const png = () =>
    sharp(Buffer.alloc(40 * 30 * 3, 0x7f), { raw: { width: 40, height: 30, channels: 3 } })
      .png()
      .withMetadata({ exif: { IFD0: { Copyright: 'SECRET-EXIF-MARKER' } } })
      .toBuffer();
  const upload = (user: TestUser, submissionId: string, bytes: Buffer, filename: string) =>
    user.request(
      'POST',
      `/v1/me/submissions/${submissionId}/evidence?filename=${encodeURIComponent(filename)}`,
      bytes,
      {
        'content-type': 'application/octet-stream',
      },
    );

  async function given() {
    const { brand, campaign } = await liveCampaign();
    const participant = await givenParticipant(t);
    const participation = await joined(t, participant, campaign.id);
    const submission = await submitted(participant, participation.id, watch(youtubeId()));
    return { brand, campaign, participant, submission };
  }

  test('a real PNG is stored re-encoded as WebP (metadata gone) and served to its participant and the brand', async () => {
    const { brand, campaign, participant, submission } = await given();
    const bytes = await png();
    expect(bytes.includes('SECRET-EXIF-MARKER')).toBe(true);
    const res = await upload(participant, submission.id, bytes, 'proof.png');
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json<Submission>();
    expect(s.evidence).toHaveLength(1);
    const evidenceId = s.evidence[0]!.id;
    expect(s.evidence[0]!.url).toBe(`/api/v1/me/submissions/${submission.id}/evidence/${evidenceId}`);

    const stored = await t.platform.storage.get(`evidence/${submission.id}/${evidenceId}.webp`);
    expect(stored).not.toBeNull();
    const chunks: Buffer[] = [];
    for await (const chunk of stored!.body) chunks.push(chunk as Buffer);
    const file = Buffer.concat(chunks);
    expect(file.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(file.subarray(8, 12).toString('latin1')).toBe('WEBP');
    expect(file.includes('SECRET-EXIF-MARKER')).toBe(false);
    expect((await sharp(file).metadata()).width).toBe(40);

    const own = await participant.request('GET', `/v1/me/submissions/${submission.id}/evidence/${evidenceId}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/webp');
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.rawPayload.equals(file)).toBe(true);
    const list = await brand.request('GET', `${orgBase(brand, campaign)}/submissions`);
    const url = list.json<{ items: CampaignSubmission[] }>().items[0]!.evidence[0]!.url;
    const viaBrand = await brand.request('GET', url.replace(/^\/api/, ''));
    expect(viaBrand.statusCode).toBe(200);
    expect(viaBrand.rawPayload.equals(file)).toBe(true);

    const other = await givenParticipant(t);
    expectError(
      await other.request('GET', `/v1/me/submissions/${submission.id}/evidence/${evidenceId}`),
      404,
      'NOT_FOUND',
    );
    expectError(await upload(other, submission.id, bytes, 'proof.png'), 404, 'NOT_FOUND');
    expect(await audited('submission.evidence_added')).toHaveLength(1);
  });

  test.each([
    [
      'a PDF',
      () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
      'proof.pdf',
    ],
    [
      'a PDF that also carries a PNG (polyglot)',
      async () => Buffer.concat([Buffer.from('%PDF-1.7\n% '), await png(), Buffer.from('\n%%EOF\n')]),
      'proof.png',
    ],
    [
      'an SVG',
      () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'proof.svg',
    ],
    ['PNG bytes named .jpg', () => png(), 'proof.jpg'],
  ])('%s is refused with UPLOAD_REJECTED and nothing is stored', async (_label, make, filename) => {
    const { participant, submission } = await given();
    const res = await upload(participant, submission.id, await make(), filename);
    expectError(res, 422, 'UPLOAD_REJECTED');
    const [row] = await db().select().from(submissions).where(eq(submissions.id, submission.id));
    expect(row!.evidenceKeys).toEqual([]);
  });

  test('an image with a PDF appended survives only as pixels', async () => {
    const { participant, submission } = await given();
    const payload = Buffer.from('%PDF-1.7 HIDDEN-PAYLOAD %%EOF');
    const res = await upload(participant, submission.id, Buffer.concat([await png(), payload]), 'proof.png');
    expect(res.statusCode, res.body).toBe(201);
    const evidenceId = res.json<Submission>().evidence[0]!.id;
    const file = await participant.request('GET', `/v1/me/submissions/${submission.id}/evidence/${evidenceId}`);
    expect(file.rawPayload.includes('HIDDEN-PAYLOAD')).toBe(false);
  });
});

describe('read API for other modules (ParticipationService)', () => {
  test('submissions of a campaign oldest first (rejected left out by default), one by id, a participation by code', async () => {
    const { brand, campaign } = await liveCampaign();
    const participant = await givenParticipant(t);
    const p = await joined(t, participant, campaign.id);
    const ids = [youtubeId(), youtubeId(), youtubeId()];
    const made: Submission[] = [];
    for (const id of ids) {
      made.push(await submitted(participant, p.id, watch(id)));
      clock.advance(1000);
    }
    await brand.request('POST', `${orgBase(brand, campaign)}/submissions/${made[1]!.id}/reject`, {
      reason: 'Off brief',
    });

    const service = t.app.get(ParticipationService);
    const live = await service.listSubmissionsForCampaign(campaign.id);
    expect(live.map((s) => [s.id, s.dedupKey, s.status])).toEqual([
      [made[0]!.id, `youtube:${ids[0]}`, 'pending_verification'],
      [made[2]!.id, `youtube:${ids[2]}`, 'pending_verification'],
    ]);
    expect((await service.listSubmissionsForCampaign(campaign.id, ['rejected'])).map((s) => s.id)).toEqual([
      made[1]!.id,
    ]);
    expect(await service.getSubmission(made[1]!.id)).toMatchObject({
      participationId: p.id,
      participantId: participant.user.id,
      platform: 'youtube',
      postId: ids[1],
      status: 'rejected',
      statusReason: 'Off brief',
    });
    expect(await service.getSubmission('00000000-0000-7000-8000-000000000000')).toBeUndefined();
    expect(await service.findByTrackingCode(p.trackingCode)).toMatchObject({ id: p.id, state: 'active' });
    expect(await service.findByTrackingCode('nope')).toBeUndefined();
  });
});
