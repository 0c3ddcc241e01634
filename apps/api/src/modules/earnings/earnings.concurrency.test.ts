// Concurrent accrual runs of one campaign on real PostgreSQL: 20 accrueCampaign calls at once (what duplicated jobs,
// several workers and the sweeper amount to), interleaved with new snapshots, for a campaign with many posts whose
// budget runs out mid-test. Each post's transfers must be posted once, in sequence, the budget must never go below
// zero and end at exactly zero, and the books must reconcile.
import { queryRows } from '@creator-rewards/db';
import { accountKey } from '@creator-rewards/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { LedgerReconciliationService } from '../ledger/ledger-reconciliation.service.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { EarningsService } from './earnings.service.js';
import { earned, givenLiveCampaign, givenParticipation, givenPost, observe } from './test-utils/earnings.js';

const CONCURRENT_RUNS = 20;
const ROUNDS = 4;
const PARTICIPATIONS = 8;
const POSTS_PER_PARTICIPATION = 5;
const SEED = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);

/** mulberry32: a failing seed replays the same metric series (SEED=… npx vitest …). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// PGlite has a single session: its transactions never overlap and its locks never contend, so this test only means
// something, and only runs, on PostgreSQL (DATABASE_URL).
describe.runIf(process.env.DATABASE_URL)(`concurrent accrual runs of one campaign (PostgreSQL, seed ${SEED})`, () => {
  const clock = manualClock(new Date('2026-01-15T12:00:00Z'));
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ overrides: { clock } });
  });
  afterAll(() => t?.close());

  test('every post’s transfers are posted once, the budget never goes below 0 and ends at 0, books reconcile', async () => {
    const next = random(SEED);
    const earnings = t.app.get(EarningsService);
    // $150 planned; demand below grows past it within the rounds.
    const given = await givenLiveCampaign(t, clock, { budgetMicros: '150000000', perPostCapMicros: null });
    const posts: string[] = [];
    for (let i = 0; i < PARTICIPATIONS; i++) {
      const participation = await givenParticipation(t, given.campaign.id);
      for (let j = 0; j < POSTS_PER_PARTICIPATION; j++) posts.push(await givenPost(t, participation));
    }
    const views = new Map(posts.map((id) => [id, 0n]));
    const observeSome = async () => {
      const batch: Record<string, bigint> = {};
      for (const id of posts) {
        if (next() < 0.5) continue;
        const grown = views.get(id)! + BigInt(Math.floor(next() * 2_000));
        views.set(id, grown);
        batch[id] = grown;
      }
      if (Object.keys(batch).length > 0) await observe(t, clock, batch);
    };

    for (let round = 0; round < ROUNDS; round++) {
      await observeSome();
      const runs = Array.from({ length: CONCURRENT_RUNS }, (_, i) =>
        i === CONCURRENT_RUNS / 2
          ? observeSome().then(() => earnings.accrueCampaign(given.campaign.id))
          : earnings.accrueCampaign(given.campaign.id),
      );
      const results = await Promise.all(runs);
      expect(results.every((r) => r.campaignId === given.campaign.id)).toBe(true);
    }
    // Enough demand to spend the budget whatever the seed drew, then a last run.
    await observe(t, clock, Object.fromEntries(posts.map((id) => [id, views.get(id)! + 10_000n])));
    await Promise.all(Array.from({ length: CONCURRENT_RUNS }, () => earnings.accrueCampaign(given.campaign.id)));

    const db = t.tdb.db;
    const perPost = await queryRows<{ id: string; posted: string; sequence: number; transfers: number; net: string }>(
      db,
      sql`SELECT pe.submission_id::text AS id, pe.posted_micros::text AS posted, pe.sequence,
                 (SELECT count(*)::int FROM ledger_transfers t
                   WHERE t.idempotency_key LIKE 'earnings:' || pe.submission_id::text || ':%') AS transfers,
                 (SELECT coalesce(-sum(e.amount_micros), 0)::text FROM ledger_transfers t
                    JOIN ledger_entries e ON e.transfer_id = t.id
                    JOIN ledger_accounts a ON a.id = e.account_id AND a.type = 'campaign_budget'
                   WHERE t.idempotency_key LIKE 'earnings:' || pe.submission_id::text || ':%') AS net
            FROM post_earnings pe WHERE pe.campaign_id = ${given.campaign.id}::uuid`,
    );
    expect(perPost).toHaveLength(posts.length);
    let spent = 0n;
    for (const row of perPost) {
      // Keys 0..sequence-1 and no other: nothing posted twice, no gap.
      expect(row.transfers, `post ${row.id}`).toBe(row.sequence);
      expect(BigInt(row.net), `post ${row.id}`).toBe(BigInt(row.posted));
      expect(BigInt(row.posted)).toBeLessThanOrEqual(earned(views.get(row.id)! + 10_000n));
      spent += BigInt(row.posted);
    }

    const budgetKey = accountKey('campaign_budget', given.campaign.id, given.currency);
    const [{ lowest }] = (await queryRows<{ lowest: string }>(
      db,
      sql`SELECT min(e.balance_after_micros)::text AS lowest
            FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.key = ${budgetKey}`,
    )) as [{ lowest: string }];
    expect(BigInt(lowest)).toBeGreaterThanOrEqual(0n);
    const budget = await t.app.get(LedgerService).getBalance(budgetKey);
    expect(spent).toBe(given.fundedMicros);
    expect(budget.balanceMicros).toBe(0n);
    const campaign = await t.app.get(CampaignsService).get(given.brand.orgId, given.campaign.id);
    expect(campaign.state).toBe('completed');

    const reconciliation = await t.app.get(LedgerReconciliationService).reconcile();
    expect(reconciliation.ok, JSON.stringify(reconciliation.differences)).toBe(true);
  }, 120_000);
});
