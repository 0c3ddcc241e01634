import type { Campaign } from '@creator-rewards/contracts';
import { auditLog, campaignFundings, campaigns, ledgerTransfers } from '@creator-rewards/db';
import { count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildAccrue } from '@creator-rewards/domain';
import { manualClock } from '../../platform/clock.js';
import { LedgerService, requireApplied } from '../ledger/ledger.service.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { anonymousRequest, createUser, type TestUser } from '../../test-utils/users.js';
import {
  campaignSettings,
  fund,
  givenBrand,
  givenDraft,
  givenPublishedCampaign,
  type Brand,
} from './test-utils/campaigns.js';

let t: TestApp;
const clock = manualClock(new Date());
let brand: Brand;
let reviewer: TestUser;

beforeAll(async () => {
  t = await startTestApp({ overrides: { clock }, env: { FUNDING_FEE_BPS: '500' } });
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.tdb.truncateAll();
  clock.set(new Date());
  brand = await givenBrand(t);
  reviewer = await createUser(t, { roles: ['reviewer'] });
});

const base = (b: Brand) => `/v1/orgs/${b.orgId}/campaigns`;
const rowCount = async (table: typeof campaigns | typeof campaignFundings | typeof ledgerTransfers) =>
  (await t.tdb.db.select({ n: count() }).from(table))[0]!.n;

describe('campaign drafts', () => {
  it('creates a draft with its settings, sanitized brief and planned budget', async () => {
    const res = await brand.request(
      'POST',
      base(brand),
      campaignSettings({ brief: 'Hello <script>alert(1)</script> **bold** [x](javascript:alert(1))' }),
    );
    expect(res.statusCode).toBe(201);
    const c = res.json<Campaign>();
    expect(c).toMatchObject({ state: 'draft', version: 1, currency: 'USD', holdDays: 7, approvalMode: 'auto' });
    expect(c.budget.planned).toEqual({ currency: 'USD', micros: '500000000', display: '$500.00' });
    expect(c.budget.funded.micros).toBe('0');
    expect(c.briefHtml).toContain('<strong>bold</strong>');
    expect(c.briefHtml).not.toMatch(/<script|javascript:/i);
    const audit = await t.tdb.db.select().from(auditLog).where(eq(auditLog.action, 'campaign.created'));
    expect(audit).toHaveLength(1);
  });

  it.each([
    ['a per-post cap above the budget', { perPostCapMicros: '600000000' }, 'body.perPostCapMicros'],
    ['an end before the start', { endsAt: new Date(Date.now() - 86_400_000).toISOString() }, 'body.endsAt'],
    ['an unknown currency', { currency: 'XYZ' }, 'body.currency'],
    ['a rate of zero', { ratePerThousandMicros: '0' }, 'body.ratePerThousandMicros'],
    ['a budget in fractions of a cent', { budgetMicros: '500000001' }, 'body.budgetMicros'],
    ['an http destination', { destinationUrl: 'http://example.com/shop' }, 'body.destinationUrl'],
    ['a destination with credentials', { destinationUrl: 'https://u:p@example.com/' }, 'body.destinationUrl'],
    ['an IP destination', { destinationUrl: 'https://127.0.0.1/' }, 'body.destinationUrl'],
    ['an unknown field', { surprise: true }, 'body'],
    ['no platform', { platforms: [] }, 'body.platforms'],
    ['allowlist mode without emails', { approvalMode: 'allowlist' }, 'body.allowlist'],
  ])('refuses %s with a 400 naming the field and creates nothing', async (_label, overrides, path) => {
    const res = await brand.request('POST', base(brand), campaignSettings(overrides as never));
    expect(res.statusCode).toBe(400);
    const body = res.json<{ code: string; details: { issues: { path: string }[] } }>();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.issues.map((i) => i.path)).toContain(path);
    expect(await rowCount(campaigns)).toBe(0);
  });

  it('takes a start a few minutes ago as "now", and refuses one further in the past', async () => {
    const now = clock.now().getTime();
    const recent = await brand.request(
      'POST',
      base(brand),
      campaignSettings({ startsAt: new Date(now - 5 * 60_000).toISOString() }, now),
    );
    expect(recent.statusCode).toBe(201);
    const old = await brand.request(
      'POST',
      base(brand),
      campaignSettings({ startsAt: new Date(now - 20 * 60_000).toISOString() }, now),
    );
    expect(old.statusCode).toBe(400);
    expect(old.json<{ details: { issues: { path: string }[] } }>().details.issues[0]!.path).toBe('body.startsAt');
  });

  it('edits a draft with the version read, and answers 409 to a stale version', async () => {
    const draft = await givenDraft(t, brand);
    const edited = await brand.request('PATCH', `${base(brand)}/${draft.id}`, {
      expectedVersion: draft.version,
      title: 'Autumn launch clips',
      maxSlots: 25,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<Campaign>()).toMatchObject({ title: 'Autumn launch clips', maxSlots: 25, version: 2 });
    expect(edited.json<Campaign>().ratePerThousand.micros).toBe('2000000');

    const stale = await brand.request('PATCH', `${base(brand)}/${draft.id}`, {
      expectedVersion: draft.version,
      title: 'Lost update',
    });
    expect(stale.statusCode).toBe(409);
    expect((await brand.request('GET', `${base(brand)}/${draft.id}`)).json<Campaign>().title).toBe(
      'Autumn launch clips',
    );
  });

  it('checks an edit against the merged settings (a cap raised above the stored budget)', async () => {
    const draft = await givenDraft(t, brand);
    const res = await brand.request('PATCH', `${base(brand)}/${draft.id}`, {
      expectedVersion: draft.version,
      perParticipantCapMicros: '900000000',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ details: { issues: { path: string }[] } }>().details.issues[0]!.path).toBe(
      'body.perParticipantCapMicros',
    );
  });

  it("hides another org's campaign as 404 and refuses participants with 403/404", async () => {
    const draft = await givenDraft(t, brand);
    const other = await givenBrand(t, 'Other Co');
    expect((await other.request('GET', `${base(other)}/${draft.id}`)).statusCode).toBe(404);
    expect((await other.request('GET', `${base(brand)}/${draft.id}`)).statusCode).toBe(404);
    const participant = await createUser(t, { roles: ['participant'] });
    expect((await participant.request('POST', base(brand), campaignSettings())).statusCode).toBe(404);
    expect((await anonymousRequest(t, 'GET', `/v1/campaigns/${draft.id}`)).statusCode).toBe(404);
  });
});

describe('brief preview', () => {
  it('renders sanitized HTML, and is rate-limited per account', async () => {
    const first = await brand.request('POST', '/v1/briefs/preview', {
      markdown: '**hi** <img src=x onerror=alert(1)>',
    });
    expect(first.statusCode).toBe(200);
    expect(first.json<{ html: string }>().html).toContain('<strong>hi</strong>');
    // Raw HTML is shown as text, never as markup.
    expect(first.json<{ html: string }>().html).not.toContain('<img');
    expect(first.json<{ html: string }>().html).toContain('&lt;img');
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      statuses.push((await brand.request('POST', '/v1/briefs/preview', { markdown: `line ${i}` })).statusCode);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(299);
    expect(statuses.at(-1)).toBe(429);
    // Another account is not affected.
    const other = await givenBrand(t, 'Other Co');
    expect((await other.request('POST', '/v1/briefs/preview', { markdown: 'ok' })).statusCode).toBe(200);
  });
});

describe('funding', () => {
  it('quotes the fee before paying, then credits the budget minus the fee once per idempotency key', async () => {
    const draft = await givenDraft(t, brand);
    const quote = await brand.request('GET', `${base(brand)}/${draft.id}/funding-quote?grossMicros=500000000`);
    expect(quote.statusCode).toBe(200);
    expect(quote.json()).toMatchObject({
      fee: { micros: '25000000', display: '$25.00' },
      budget: { micros: '475000000' },
      feeBasisPoints: 500,
      rail: 'sandbox',
    });

    const body = { grossMicros: '500000000', idempotencyKey: 'pay-once-123', expectedFeeMicros: '25000000' };
    const first = await brand.request('POST', `${base(brand)}/${draft.id}/fundings`, body);
    const again = await brand.request('POST', `${base(brand)}/${draft.id}/fundings`, body);
    expect(first.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ status: 'succeeded', budget: { micros: '475000000' } });
    expect(await rowCount(campaignFundings)).toBe(1);
    expect(await rowCount(ledgerTransfers)).toBe(1);

    const view = (await brand.request('GET', `${base(brand)}/${draft.id}`)).json<Campaign>();
    expect(view.budget).toMatchObject({
      funded: { micros: '475000000' },
      fees: { micros: '25000000' },
      remaining: { micros: '475000000' },
      spent: { micros: '0' },
    });
  });

  it('refuses a reused key with another amount, a changed fee, and fractions of a cent: nothing charged', async () => {
    const draft = await givenDraft(t, brand);
    const url = `${base(brand)}/${draft.id}/fundings`;
    expect(
      (await brand.request('POST', url, { grossMicros: '1000000', idempotencyKey: 'key-aaaaaaaa' })).statusCode,
    ).toBe(201);
    const reused = await brand.request('POST', url, { grossMicros: '2000000', idempotencyKey: 'key-aaaaaaaa' });
    expect(reused.statusCode).toBe(409);
    const feeChanged = await brand.request('POST', url, {
      grossMicros: '2000000',
      idempotencyKey: 'key-bbbbbbbb',
      expectedFeeMicros: '1',
    });
    expect(feeChanged.statusCode).toBe(409);
    const fraction = await brand.request('POST', url, { grossMicros: '1000001', idempotencyKey: 'key-cccccccc' });
    expect(fraction.statusCode).toBe(400);
    expect(await rowCount(campaignFundings)).toBe(1);
    expect(await rowCount(ledgerTransfers)).toBe(1);
  });

  it('lets only an org owner pay (a manager is refused, nothing charged)', async () => {
    const draft = await givenDraft(t, brand);
    const manager = await createUser(t, { roles: ['brand'] });
    // Add the manager to the org directly: the invitation flow has its own tests.
    const { orgMembers } = await import('@creator-rewards/db');
    await t.tdb.db.insert(orgMembers).values({ orgId: brand.orgId, userId: manager.user.id, role: 'manager' });
    const res = await manager.request('POST', `${base(brand)}/${draft.id}/fundings`, {
      grossMicros: '1000000',
      idempotencyKey: 'manager-pays',
    });
    expect(res.statusCode).toBe(403);
    expect(await rowCount(campaignFundings)).toBe(0);
  });
});

describe('lifecycle', () => {
  it('draft → reviewing → (reject) draft → reviewing → published, each move audited', async () => {
    const draft = await givenDraft(t, brand);
    const url = `${base(brand)}/${draft.id}`;

    const unfunded = await brand.request('POST', `${url}/submit`, { expectedVersion: draft.version });
    expect(unfunded.statusCode).toBe(409);
    expect(unfunded.json<{ message: string }>().message).toMatch(/fund/i);

    await fund(t, brand, draft);
    let c = (await brand.request('POST', `${url}/submit`, { expectedVersion: draft.version })).json<Campaign>();
    expect(c.state).toBe('reviewing');

    const queue = await reviewer.request('GET', '/v1/review/campaigns');
    expect(queue.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([draft.id]);

    const rejected = await reviewer.request('POST', `/v1/review/campaigns/${draft.id}/reject`, {
      expectedVersion: c.version,
      reason: 'The brief needs the disclosure rules.',
    });
    expect(rejected.statusCode).toBe(200);
    c = rejected.json<Campaign>();
    expect(c).toMatchObject({ state: 'draft', stateReason: 'The brief needs the disclosure rules.' });

    c = (await brand.request('POST', `${url}/submit`, { expectedVersion: c.version })).json<Campaign>();
    const staleApprove = await reviewer.request('POST', `/v1/review/campaigns/${draft.id}/approve`, {
      expectedVersion: c.version - 1,
    });
    expect(staleApprove.statusCode).toBe(409);
    const approved = await reviewer.request('POST', `/v1/review/campaigns/${draft.id}/approve`, {
      expectedVersion: c.version,
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json<Campaign>()).toMatchObject({ state: 'published', stateReason: null });

    const actions = (await t.tdb.db.select().from(auditLog))
      .map((a) => a.action)
      .filter((a) => a.startsWith('campaign.'));
    expect(actions).toEqual([
      'campaign.created',
      'campaign.funded',
      'campaign.submit_for_review',
      'campaign.reject',
      'campaign.submit_for_review',
      'campaign.approve',
    ]);
  });

  it('pauses, resumes and ends a published campaign; a repeated move is a 409', async () => {
    const { campaign } = await givenPublishedCampaign(t, { brand, reviewer, clock });
    const url = `${base(brand)}/${campaign.id}`;
    const paused = await brand.request('POST', `${url}/pause`, { expectedVersion: campaign.version });
    expect(paused.json<Campaign>().state).toBe('paused');
    const again = await brand.request('POST', `${url}/pause`, { expectedVersion: paused.json<Campaign>().version });
    expect(again.statusCode).toBe(409);
    const resumed = await brand.request('POST', `${url}/resume`, { expectedVersion: paused.json<Campaign>().version });
    expect(resumed.json<Campaign>().state).toBe('published');
    const ended = await brand.request('POST', `${url}/end`, { expectedVersion: resumed.json<Campaign>().version });
    expect(ended.json<Campaign>()).toMatchObject({ state: 'completed', stateReason: 'manual' });
    const edit = await brand.request('PATCH', url, { expectedVersion: ended.json<Campaign>().version, title: 'Nope' });
    expect(edit.statusCode).toBe(409);
  });

  it('only reviewers and admins reach the review queue', async () => {
    expect((await brand.request('GET', '/v1/review/campaigns')).statusCode).toBe(403);
    const admin = await createUser(t, { roles: ['admin'] });
    expect((await admin.request('GET', '/v1/review/campaigns')).statusCode).toBe(200);
  });
});

describe('public directory', () => {
  it('lists published campaigns with filters, and shows budget left, slots and runway', async () => {
    const { campaign } = await givenPublishedCampaign(t, {
      brand,
      reviewer,
      clock,
      settings: { maxSlots: 10, targeting: { countries: ['US'], languages: [], category: 'tech', minFollowers: 0 } },
    });
    await givenDraft(t, brand, { title: 'Secret draft' }, clock.now().getTime());

    const all = await anonymousRequest(t, 'GET', '/v1/campaigns');
    expect(all.statusCode).toBe(200);
    expect(all.json<{ items: { id: string; title: string }[] }>().items.map((i) => i.id)).toEqual([campaign.id]);

    const cases: [string, number][] = [
      ['?platform=youtube', 1],
      ['?platform=x', 0],
      ['?category=tech', 1],
      ['?category=music', 0],
      ['?country=US', 1],
      ['?country=FR', 0],
      ['?minRateMicros=2000000', 1],
      ['?minRateMicros=2000001', 0],
      ['?minBudgetLeftMicros=475000000', 1],
      ['?minBudgetLeftMicros=475000001', 0],
      ['?q=summer', 1],
      ['?q=%25', 0],
      ['?sort=rate', 1],
      ['?sort=budget_left', 1],
    ];
    for (const [query, expected] of cases) {
      const res = await anonymousRequest(t, 'GET', `/v1/campaigns${query}`);
      expect(res.statusCode, query).toBe(200);
      expect(res.json<{ items: unknown[] }>().items, query).toHaveLength(expected);
    }

    const page = await anonymousRequest(t, 'GET', `/v1/campaigns/${campaign.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      orgName: 'Acme Drinks',
      budgetLeft: { micros: '475000000' },
      burnRatePerDay: { micros: '0' },
      runwayDays: null,
      slotsLeft: 10,
      acceptingParticipants: true,
    });
  });

  it('reports the last 24 hours of spend as the burn rate, and the runway it leaves', async () => {
    const { campaign } = await givenPublishedCampaign(t, { brand, reviewer, clock });
    const ledger = t.app.get(LedgerService);
    requireApplied(
      await ledger.post([
        buildAccrue({
          campaignId: campaign.id,
          participationId: 'demo-participation',
          postId: 'demo-post',
          sequence: 0,
          currency: 'USD',
          amountMicros: 50_000_000n,
          holdEndsAt: new Date(Date.now() + 7 * 86_400_000),
        }),
      ]),
    );
    const page = (await anonymousRequest(t, 'GET', `/v1/campaigns/${campaign.id}`)).json();
    expect(page).toMatchObject({
      budgetLeft: { micros: '425000000' },
      burnRatePerDay: { micros: '50000000', display: '$50.00' },
      runwayDays: 8.5,
    });
    const owner = (await brand.request('GET', `${base(brand)}/${campaign.id}`)).json<Campaign>();
    expect(owner.budget).toMatchObject({ spent: { micros: '50000000' }, remaining: { micros: '425000000' } });
  });

  it('pages through many campaigns with cursors, in every sort, without repeats', async () => {
    for (let i = 0; i < 5; i++) {
      await givenPublishedCampaign(t, {
        brand,
        reviewer,
        settings: { title: `Campaign ${i}`, ratePerThousandMicros: String((i % 2) + 1) + '000000' },
      });
    }
    for (const sort of ['newest', 'rate', 'budget_left']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/v1/campaigns?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await anonymousRequest(t, 'GET', q);
        expect(res.statusCode).toBe(200);
        const body = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
        seen.push(...body.items.map((i) => i.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(5);
      expect(seen, sort).toHaveLength(5);
    }
    expect((await anonymousRequest(t, 'GET', '/v1/campaigns?cursor=bm9wZQ')).statusCode).toBe(400);
  });
});

describe('assets', () => {
  it('re-encodes an image without its metadata and serves it with safe headers', async () => {
    const draft = await givenDraft(t, brand);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366ff' } })
      .withExif({ IFD0: { Copyright: 'SECRET-GPS-DATA' } })
      .jpeg()
      .toBuffer();
    const res = await brand.request('POST', `${base(brand)}/${draft.id}/assets?filename=can.jpg`, png, {
      'content-type': 'image/jpeg',
    });
    expect(res.statusCode).toBe(201);
    const asset = res.json<{ id: string; mime: string; width: number; url: string }>();
    expect(asset).toMatchObject({ mime: 'image/webp', width: 40 });

    const file = await brand.request('GET', `/v1/campaign-assets/${asset.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/webp');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.includes(Buffer.from('SECRET-GPS-DATA'))).toBe(false);
    // Not public while the campaign is a draft.
    expect((await anonymousRequest(t, 'GET', `/v1/campaign-assets/${asset.id}`)).statusCode).toBe(404);
  });

  it('refuses a PDF named .png, and a JSON body, and changes nothing', async () => {
    const draft = await givenDraft(t, brand);
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const res = await brand.request('POST', `${base(brand)}/${draft.id}/assets?filename=can.png`, pdf, {
      'content-type': 'image/png',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'UPLOAD_REJECTED', details: { reason: 'unsupported_type' } });
    const json = await brand.request('POST', `${base(brand)}/${draft.id}/assets?filename=a.png`, { a: 1 });
    expect(json.statusCode).toBe(400);
    const view = (await brand.request('GET', `${base(brand)}/${draft.id}`)).json<Campaign>();
    expect(view.assets).toHaveLength(0);
  });

  it('answers 415 to raw bytes sent to a JSON endpoint', async () => {
    const res = await brand.request('POST', base(brand), Buffer.from('hello'), { 'content-type': 'image/png' });
    expect(res.statusCode).toBe(415);
    expect(await rowCount(campaigns)).toBe(0);
  });
});
