// Property: random metric sequences per post, through the real services on the database (recordSnapshots then
// accrueCampaign after every observation). Whatever the sequence, the campaign never pays more than its budget,
// spend equals what the posts hold, no post holds more than it is owed, every post holds exactly what it is owed
// while the campaign is live (its budget allowed everything), and earnings move with the metric, never against it.
import { postEarnings } from '@creator-rewards/db';
import { accountKey } from '@creator-rewards/domain';
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { createUser } from '../../test-utils/users.js';
import { givenBrand } from '../campaigns/test-utils/campaigns.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { EarningsService } from './earnings.service.js';
import { earned, givenLiveCampaign, givenParticipation, givenPost, observe } from './test-utils/earnings.js';

const clock = manualClock(new Date('2026-01-15T12:00:00Z'));
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ overrides: { clock } });
});
afterAll(() => t?.close());

const scenario = fc.record({
  budgetMicros: fc.constantFrom('5000000', '20000000', '100000000'),
  // Below the smallest budget: a campaign's post cap may not exceed its budget.
  postCapMicros: fc.option(fc.constantFrom(2_000_000n, 4_000_000n), { nil: null }),
  posts: fc.integer({ min: 1, max: 3 }),
  steps: fc.array(fc.record({ post: fc.nat(2), views: fc.bigInt({ min: 0n, max: 6_000n }) }), {
    minLength: 1,
    maxLength: 8,
  }),
});

test('accruals stay within budget and caps, equal what is owed while budget allows, and follow the metric', async () => {
  const earnings = t.app.get(EarningsService);
  const ledger = t.app.get(LedgerService);
  // The same people for every run: each run still gets its own campaign, participation and posts.
  const brand = await givenBrand(t);
  const reviewer = await createUser(t, { roles: ['reviewer'] });
  const participant = await createUser(t, { roles: ['participant'] });
  await fc.assert(
    fc.asyncProperty(scenario, async ({ budgetMicros, postCapMicros, posts: postCount, steps }) => {
      clock.set(new Date('2026-01-15T12:00:00Z'));
      const given = await givenLiveCampaign(
        t,
        clock,
        { budgetMicros, perPostCapMicros: postCapMicros === null ? null : String(postCapMicros) },
        { brand, reviewer },
      );
      const participation = await givenParticipation(t, given.campaign.id, { participant });
      const posts: string[] = [];
      for (let i = 0; i < postCount; i++) posts.push(await givenPost(t, participation));
      const owed = (views: bigint) => {
        const formula = earned(views);
        return postCapMicros !== null && formula > postCapMicros ? postCapMicros : formula;
      };
      const metric = new Map(posts.map((id) => [id, 0n]));
      const posted = new Map(posts.map((id) => [id, 0n]));
      const budgetKey = accountKey('campaign_budget', given.campaign.id, given.currency);

      for (const step of steps) {
        const post = posts[step.post % posts.length]!;
        const before = { metric: metric.get(post)!, posted: posted.get(post)! };
        await observe(t, clock, { [post]: step.views });
        metric.set(post, step.views);
        const run = await earnings.accrueCampaign(given.campaign.id);

        const rows = await t.tdb.db.select().from(postEarnings).where(eq(postEarnings.campaignId, given.campaign.id));
        for (const row of rows) posted.set(row.submissionId, row.postedMicros);
        const budget = (await ledger.getBalance(budgetKey)).balanceMicros;
        const spent = [...posted.values()].reduce((a, b) => a + b, 0n);

        expect(budget).toBeGreaterThanOrEqual(0n);
        expect(spent).toBe(given.fundedMicros - budget);
        for (const id of posts) expect(posted.get(id)!).toBeLessThanOrEqual(owed(metric.get(id)!));
        if (run.state === 'published') {
          // Live after the run: the budget allowed every post all it is owed.
          for (const id of posts) expect(posted.get(id)).toBe(owed(metric.get(id)!));
        }
        const after = posted.get(post)!;
        if (step.views > before.metric) expect(after).toBeGreaterThanOrEqual(before.posted);
        if (step.views < before.metric) expect(after).toBeLessThanOrEqual(before.posted);
        if (step.views === before.metric) expect(after).toBe(before.posted);
      }
    }),
    { numRuns: 15 },
  );
}, 240_000);
