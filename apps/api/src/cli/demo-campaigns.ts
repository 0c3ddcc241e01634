import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { campaigns, type Database } from '@creator-rewards/db';
import type { Logger } from 'pino';
import { EarningsService } from '../modules/earnings/earnings.service.js';
import { DEMO_PASSWORD } from './demo-data.js';

/**
 * Demo campaigns for `npm start`: made through the real HTTP API (every rule applies, every step is audited) by the
 * demo brand, reviewer and creator, so the product opens on something to look at: two live campaigns, one in
 * review, one draft, a creator who joined and submitted posts, and sandbox metric snapshots turned into earnings.
 * Idempotent: does nothing once the demo org has a campaign.
 */
type Session = { cookie: string; csrf: string; ip: string };

const DAY = 86_400_000;

export async function seedDemoCampaigns(app: NestFastifyApplication, db: Database, logger: Logger): Promise<void> {
  const [existing] = await db.select({ id: campaigns.id }).from(campaigns).limit(1);
  if (existing) return;

  const brand = await login(app, 'brand@demo.local', '198.18.200.1');
  const reviewer = await login(app, 'reviewer@demo.local', '198.18.200.2');
  const creator = await login(app, 'creator@demo.local', '198.18.200.3');
  const orgs = await call<{ items: { id: string }[] }>(app, brand, 'GET', '/v1/orgs');
  const orgId = orgs.items[0]!.id;
  const now = Date.now();

  const live = async (settings: Record<string, unknown>) => {
    const draft = await call<{ id: string; version: number; budget: { planned: { micros: string } } }>(
      app,
      brand,
      'POST',
      `/v1/orgs/${orgId}/campaigns`,
      settings,
    );
    await call(app, brand, 'POST', `/v1/orgs/${orgId}/campaigns/${draft.id}/fundings`, {
      grossMicros: draft.budget.planned.micros,
      idempotencyKey: `demo-${draft.id}`,
    });
    const submitted = await call<{ version: number }>(
      app,
      brand,
      'POST',
      `/v1/orgs/${orgId}/campaigns/${draft.id}/submit`,
      { expectedVersion: draft.version },
    );
    return { id: draft.id, version: submitted.version };
  };
  const approve = (c: { id: string; version: number }) =>
    call(app, reviewer, 'POST', `/v1/review/campaigns/${c.id}/approve`, { expectedVersion: c.version });

  const common = {
    currency: 'USD',
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 30 * DAY).toISOString(),
  };
  const summer = await live({
    ...common,
    title: 'Summer Drop: 60-second clips',
    brief: [
      '## What to post',
      '',
      'A **60-second clip** that shows the new *Sparkling Citrus* can in the first 3 seconds.',
      '',
      '- Say the product name out loud',
      '- Add the link from your tracking link in the caption',
      '- Disclose the partnership with #ad',
      '',
      'Questions? Read the [brand guidelines](https://example.com/guidelines).',
    ].join('\n'),
    platforms: ['youtube', 'tiktok', 'instagram'],
    ratePerThousandMicros: '3000000',
    budgetMicros: '1000000000',
    perPostCapMicros: '150000000',
    perParticipantCapMicros: '400000000',
    minimumViews: 1000,
    maxSlots: 50,
    targeting: { countries: ['US', 'CA', 'GB'], languages: ['en'], category: 'food', minFollowers: 1000 },
    requirements: {
      hashtags: ['#ad', '#SparklingCitrus'],
      mentions: ['@demobrand'],
      linkInCaption: true,
      disclosure: '#ad',
    },
    destinationUrl: 'https://example.com/sparkling-citrus',
  });
  await approve(summer);
  const trailer = await live({
    ...common,
    title: 'Indie game trailer reactions',
    brief: 'React to the launch trailer of **Lanternfall**. Keep it honest: no scripted praise.',
    platforms: ['youtube', 'x'],
    ratePerThousandMicros: '1500000',
    budgetMicros: '400000000',
    maxSlots: 20,
    approvalMode: 'manual',
    targeting: { countries: [], languages: [], category: 'gaming', minFollowers: 0 },
  });
  await approve(trailer);
  await live({
    ...common,
    title: 'Back-to-school desk setups',
    brief: 'Show your desk setup with our lamp in frame.',
    platforms: ['tiktok', 'instagram'],
    ratePerThousandMicros: '2000000',
    budgetMicros: '250000000',
    targeting: { countries: [], languages: [], category: 'lifestyle', minFollowers: 0 },
  });
  await call(app, brand, 'POST', `/v1/orgs/${orgId}/campaigns`, {
    ...common,
    startsAt: new Date(now + 7 * DAY).toISOString(),
    title: 'Holiday gift guide (draft)',
    platforms: ['youtube'],
    ratePerThousandMicros: '2500000',
    budgetMicros: '300000000',
  });

  // The creator joins the summer campaign with two accounts and submits two posts.
  const youtube = await call<{ id: string }>(app, creator, 'POST', '/v1/me/social-accounts', {
    platform: 'youtube',
    handle: 'cleocreates',
  });
  const tiktok = await call<{ id: string }>(app, creator, 'POST', '/v1/me/social-accounts', {
    platform: 'tiktok',
    handle: 'cleo.creates',
  });
  const participation = await call<{ id: string }>(app, creator, 'POST', `/v1/campaigns/${summer.id}/participations`, {
    socialAccountIds: [youtube.id, tiktok.id],
  });
  const posts = [
    'https://www.youtube.com/shorts/aqz-KE-bpKQ',
    'https://www.tiktok.com/@cleo.creates/video/7301234567890123456',
  ];
  const submissions: { id: string }[] = [];
  for (const url of posts) {
    submissions.push(
      await call<{ id: string }>(app, creator, 'POST', `/v1/me/participations/${participation.id}/submissions`, {
        url,
      }),
    );
  }
  await call(app, creator, 'POST', `/v1/campaigns/${trailer.id}/participations`, { socialAccountIds: [youtube.id] });

  // Sandbox metrics: two observations per post, labelled as simulated (source 'sandbox').
  const earnings = app.get(EarningsService);
  const hour = 3_600_000;
  await earnings.recordSnapshots([
    { submissionId: submissions[0]!.id, metricTotal: 12_400n, source: 'sandbox', observedAt: new Date(now - 2 * hour) },
    { submissionId: submissions[1]!.id, metricTotal: 3_150n, source: 'sandbox', observedAt: new Date(now - 2 * hour) },
  ]);
  await earnings.recordSnapshots([
    { submissionId: submissions[0]!.id, metricTotal: 48_900n, source: 'sandbox', observedAt: new Date(now - hour) },
    { submissionId: submissions[1]!.id, metricTotal: 9_870n, source: 'sandbox', observedAt: new Date(now - hour) },
  ]);
  logger.info({ orgId }, 'demo campaigns seeded');
}

async function login(app: NestFastifyApplication, email: string, ip: string): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email, password: DEMO_PASSWORD },
    headers: { 'x-forwarded-for': ip },
  });
  const body = res.json<{ status?: string; csrfToken?: string }>();
  const cookie = res.cookies.find((c) => c.name.endsWith('cr_session'));
  if (res.statusCode !== 200 || body.status !== 'signed_in' || !body.csrfToken || !cookie) {
    throw new Error(`demo sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  }
  return { cookie: `${cookie.name}=${cookie.value}`, csrf: body.csrfToken, ip };
}

async function call<T = unknown>(
  app: NestFastifyApplication,
  session: Session,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
): Promise<T> {
  const res = await app.inject({
    method,
    url,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'x-forwarded-for': session.ip },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  if (res.statusCode >= 300) throw new Error(`demo ${method} ${url} failed: ${res.statusCode} ${res.body}`);
  return (res.body ? res.json() : undefined) as T;
}
