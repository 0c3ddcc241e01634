import type { Campaign, CampaignCreate } from '@creator-rewards/contracts';
import { createUser, type TestUser } from '../../../test-utils/users.js';
import type { TestApp } from '../../../test-utils/test-app.js';

/** Test givens for campaigns, through the real HTTP API (so every rule on the way applies). */

export type Brand = TestUser & { orgId: string };

export async function givenBrand(t: TestApp, name = 'Acme Drinks'): Promise<Brand> {
  const user = await createUser(t, { roles: ['brand'] });
  const res = await user.request('POST', '/v1/orgs', { name });
  if (res.statusCode !== 201) throw new Error(`creating org failed: ${res.statusCode} ${res.body}`);
  return { ...user, orgId: res.json<{ id: string }>().id };
}

const DAY = 86_400_000;

/** Valid settings for a USD campaign: $500 budget, $2 per 1,000 views, starting in an hour, ending in 30 days. */
export function campaignSettings(overrides: Partial<CampaignCreate> = {}, now = Date.now()): Record<string, unknown> {
  return {
    title: 'Summer launch clips',
    brief: '## What to post\n\nShow the **new can** in the first 3 seconds. Tag #ad.',
    platforms: ['youtube', 'tiktok'],
    currency: 'USD',
    ratePerThousandMicros: '2000000',
    budgetMicros: '500000000',
    perPostCapMicros: '100000000',
    startsAt: new Date(now + 3_600_000).toISOString(),
    endsAt: new Date(now + 30 * DAY).toISOString(),
    ...overrides,
  };
}

/** A draft; `now` is the app clock's time when the test moved it (the start must not be in its past). */
export async function givenDraft(
  t: TestApp,
  brand: Brand,
  overrides: Partial<CampaignCreate> = {},
  now = Date.now(),
): Promise<Campaign> {
  const res = await brand.request('POST', `/v1/orgs/${brand.orgId}/campaigns`, campaignSettings(overrides, now));
  if (res.statusCode !== 201) throw new Error(`creating campaign failed: ${res.statusCode} ${res.body}`);
  return res.json<Campaign>();
}

/** Pays `grossMicros` (default: the planned budget) into the campaign through the sandbox rail. */
export async function fund(t: TestApp, brand: Brand, campaign: Campaign, grossMicros = campaign.budget.planned.micros) {
  const res = await brand.request('POST', `/v1/orgs/${brand.orgId}/campaigns/${campaign.id}/fundings`, {
    grossMicros,
    idempotencyKey: `fund-${Math.random().toString(36).slice(2, 12)}`,
  });
  if (res.statusCode !== 201) throw new Error(`funding failed: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string; status: string; budget: { micros: string } }>();
}

/**
 * A published campaign: created, funded, submitted and approved by a reviewer. With `clock` (the app's manual
 * clock), the clock is then moved past the start so the campaign is live and accepts participants.
 */
export async function givenPublishedCampaign(
  t: TestApp,
  opts: {
    brand?: Brand;
    reviewer?: TestUser;
    settings?: Partial<CampaignCreate>;
    clock?: { now(): Date; set(at: Date): void };
  } = {},
): Promise<{ brand: Brand; reviewer: TestUser; campaign: Campaign }> {
  const brand = opts.brand ?? (await givenBrand(t));
  const reviewer = opts.reviewer ?? (await createUser(t, { roles: ['reviewer'] }));
  const now = opts.clock ? opts.clock.now().getTime() : Date.now();
  const res = await brand.request('POST', `/v1/orgs/${brand.orgId}/campaigns`, campaignSettings(opts.settings, now));
  if (res.statusCode !== 201) throw new Error(`creating campaign failed: ${res.statusCode} ${res.body}`);
  const draft = res.json<Campaign>();
  await fund(t, brand, draft);
  const base = `/v1/orgs/${brand.orgId}/campaigns/${draft.id}`;
  const submitted = await brand.request('POST', `${base}/submit`, { expectedVersion: draft.version });
  if (submitted.statusCode !== 200) throw new Error(`submit failed: ${submitted.statusCode} ${submitted.body}`);
  const approved = await reviewer.request('POST', `/v1/review/campaigns/${draft.id}/approve`, {
    expectedVersion: submitted.json<Campaign>().version,
  });
  if (approved.statusCode !== 200) throw new Error(`approve failed: ${approved.statusCode} ${approved.body}`);
  const campaign = approved.json<Campaign>();
  if (opts.clock && campaign.startsAt) opts.clock.set(new Date(Date.parse(campaign.startsAt) + 60_000));
  return { brand, reviewer, campaign };
}
