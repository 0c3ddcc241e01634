import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { accountRef } from '../ledger/accounts.js';
import { applyTransfers, balanceOf, emptyLedger, netChanges } from '../ledger/apply.js';
import { buildAccrue, buildFund, buildLock, type Transfer } from '../ledger/transfers.js';
import { earningsMicros } from '../money/rate.js';
import { accrueCampaignBatch, type BatchCampaign, type BatchPost } from './batch.js';
import { EarningsError } from './errors.js';

const NOW = new Date('2026-11-26T15:30:00Z');
const RATE = 1_000_000n; // $1 per 1,000: metric 1,000 earns 1_000_000 micros

function campaign(over: Partial<BatchCampaign> = {}): BatchCampaign {
  return {
    campaignId: 'cmp_1',
    currency: 'USD',
    ratePerThousandMicros: RATE,
    minimumMetric: 0n,
    budgetRemainingMicros: 10_000_000n,
    holdDays: 7,
    now: NOW,
    participations: [
      { participationId: 'ptn_a', participantId: 'usr_a', postedMicros: 0n, pendingMicros: 0n },
      { participationId: 'ptn_b', participantId: 'usr_b', postedMicros: 0n, pendingMicros: 0n },
    ],
    ...over,
  };
}

function post(postId: string, participationId: string, metricTotal: bigint, over: Partial<BatchPost> = {}): BatchPost {
  return {
    postId,
    participationId,
    sequence: 0,
    metricTotal,
    alreadyPostedMicros: 0n,
    postStatus: 'tracking',
    ...over,
  };
}

function legs(transfer: Transfer | null): [string, bigint][] {
  return transfer ? transfer.entries.map((e) => [e.account.key, e.amountMicros]) : [];
}

describe('accrueCampaignBatch', () => {
  test('consumes the budget in postId order and exhausts it exactly', () => {
    const result = accrueCampaignBatch(campaign({ budgetRemainingMicros: 5_000_000n }), [
      post('post_c', 'ptn_a', 2_000n),
      post('post_a', 'ptn_a', 2_000n),
      post('post_b', 'ptn_b', 2_000n),
    ]);
    expect(result.results.map((r) => [r.postId, r.accrueMicros, r.unpaidMicros])).toEqual([
      ['post_a', 2_000_000n, 0n],
      ['post_b', 2_000_000n, 0n],
      ['post_c', 1_000_000n, 1_000_000n],
    ]);
    expect(result.accruedMicros).toBe(5_000_000n);
    expect(result.unpaidMicros).toBe(1_000_000n);
    expect(result.budgetRemainingMicros).toBe(0n);
    expect(result.exhausted).toBe(true);
    expect(result.results[2]?.clampedBy).toEqual(['budget']);
    expect(result.transfers.map((t) => t.idempotencyKey)).toEqual([
      'earnings:post_a:0',
      'earnings:post_b:0',
      'earnings:post_c:0',
    ]);
    expect(legs(result.transfers[0] ?? null)).toEqual([
      ['campaign_budget:cmp_1:USD', -2_000_000n],
      ['participant_pending:ptn_a:USD', 2_000_000n],
    ]);
    expect(result.transfers[0]?.metadata).toEqual({
      campaignId: 'cmp_1',
      participationId: 'ptn_a',
      postId: 'post_a',
      sequence: '0',
      holdEndsAt: '2026-12-03T15:30:00.000Z', // now + 7 days
      metricTotal: '2000',
      owedMicros: '2000000',
    });
    expect(result.participations).toEqual([
      { participationId: 'ptn_a', postedMicros: 3_000_000n, pendingMicros: 3_000_000n },
      { participationId: 'ptn_b', postedMicros: 2_000_000n, pendingMicros: 2_000_000n },
    ]);
  });

  test('an exhausted budget accrues nothing more', () => {
    const result = accrueCampaignBatch(campaign({ budgetRemainingMicros: 0n }), [post('post_a', 'ptn_a', 5_000n)]);
    expect(result.transfers).toEqual([]);
    expect(result.results[0]).toMatchObject({
      accrueMicros: 0n,
      unpaidMicros: 5_000_000n,
      transfer: null,
      nextSequence: 0,
    });
    expect(result.exhausted).toBe(true);
  });

  test('clawbacks run first, so the budget they give back pays this run', () => {
    const result = accrueCampaignBatch(
      campaign({
        budgetRemainingMicros: 0n,
        participations: [
          { participationId: 'ptn_a', participantId: 'usr_a', postedMicros: 0n, pendingMicros: 0n },
          { participationId: 'ptn_b', participantId: 'usr_b', postedMicros: 3_000_000n, pendingMicros: 1_000_000n },
        ],
      }),
      [
        post('post_a', 'ptn_a', 2_000n),
        post('post_z', 'ptn_b', 1_000n, {
          alreadyPostedMicros: 3_000_000n,
          sequence: 5,
          snapshot: { id: 'snap_7', observedAt: NOW },
        }), // fell from 3,000 to 1,000
      ],
    );
    expect(result.transfers.map((t) => [t.kind, t.idempotencyKey])).toEqual([
      ['clawback', 'earnings:post_z:5'],
      ['accrue', 'earnings:post_a:0'],
    ]);
    expect(legs(result.transfers[0] ?? null)).toEqual([
      ['participant_pending:ptn_b:USD', -1_000_000n],
      ['participant_available:usr_b:USD', -1_000_000n],
      ['campaign_budget:cmp_1:USD', 2_000_000n],
    ]);
    expect(result.transfers[0]?.metadata).toMatchObject({
      reason: 'metric_fell',
      owedMicros: '1000000',
      snapshotId: 'snap_7',
    });
    expect(result.accruedMicros).toBe(2_000_000n);
    expect(result.clawedBackMicros).toBe(2_000_000n);
    expect(result.budgetRemainingMicros).toBe(0n);
    expect(result.results.map((r) => [r.postId, r.nextSequence])).toEqual([
      ['post_a', 1],
      ['post_z', 6],
    ]);
  });

  test('a participant cap is shared by all posts of a participation', () => {
    const result = accrueCampaignBatch(campaign({ participantCapMicros: 3_000_000n }), [
      post('post_a', 'ptn_a', 2_000n),
      post('post_b', 'ptn_a', 2_000n),
      post('post_c', 'ptn_b', 2_000n),
    ]);
    expect(result.results.map((r) => [r.postId, r.accrueMicros, r.clampedBy])).toEqual([
      ['post_a', 2_000_000n, []],
      ['post_b', 1_000_000n, ['participant_cap']],
      ['post_c', 2_000_000n, []],
    ]);
  });

  test('the pacing window limits the run and reports what is left of it', () => {
    const result = accrueCampaignBatch(
      campaign({ pacing: { hourlyCapMicros: 3_000_000n, spentInDayMicros: 0n, spentInHourMicros: 500_000n } }),
      [post('post_a', 'ptn_a', 2_000n), post('post_b', 'ptn_b', 2_000n)],
    );
    expect(result.accruedMicros).toBe(2_500_000n);
    expect(result.windowRemainingMicros).toBe(0n);
    expect(result.results[1]?.clampedBy).toEqual(['window']);
    expect(result.exhausted).toBe(false);
  });

  test.each<[string, () => unknown]>([
    ['a post listed twice', () => accrueCampaignBatch(campaign(), [post('p', 'ptn_a', 1n), post('p', 'ptn_a', 1n)])],
    ['an unlisted participation', () => accrueCampaignBatch(campaign(), [post('p', 'ptn_x', 1n)])],
    [
      'a participation listed twice',
      () =>
        accrueCampaignBatch(
          campaign({
            participations: [
              { participationId: 'ptn_a', participantId: 'usr_a', postedMicros: 0n, pendingMicros: 0n },
              { participationId: 'ptn_a', participantId: 'usr_a', postedMicros: 0n, pendingMicros: 0n },
            ],
          }),
          [],
        ),
    ],
    [
      'posts with more posted than their participation',
      () => accrueCampaignBatch(campaign(), [post('p', 'ptn_a', 1n, { alreadyPostedMicros: 1n })]),
    ],
    ['a negative budget', () => accrueCampaignBatch(campaign({ budgetRemainingMicros: -1n }), [])],
    ['a bad sequence', () => accrueCampaignBatch(campaign(), [post('p', 'ptn_a', 1n, { sequence: -1 })])],
    ['a bad post id', () => accrueCampaignBatch(campaign(), [post('a:b', 'ptn_a', 1n)])],
    ['an invalid now', () => accrueCampaignBatch(campaign({ now: new Date(Number.NaN) }), [])],
    ['a fractional hold', () => accrueCampaignBatch(campaign({ holdDays: 1.5 }), [])],
  ])('refuses %s', (_name, fn) => expect(fn).toThrow(EarningsError));
});

describe('accrueCampaignBatch properties', () => {
  const postArb = fc.record({
    participation: fc.integer({ min: 0, max: 5 }),
    metricTotal: fc.bigInt({ min: 0n, max: 20_000n }),
    alreadyPostedMicros: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 15_000_000n })),
    rejected: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  });
  const scenarioArb = fc.record({
    posts: fc.array(postArb, { minLength: 64, maxLength: 64 }),
    budget: fc.bigInt({ min: 0n, max: 50_000_000n }), // small next to 64 posts' demand
    postCap: fc.option(fc.bigInt({ min: 0n, max: 20_000_000n }), { nil: undefined }),
    participantCap: fc.option(fc.bigInt({ min: 0n, max: 60_000_000n }), { nil: undefined }),
    minimumMetric: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 2_000n })),
    lockedShare: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 }),
  });

  /**
   * A ledger in the state the batch expects: the budget funded, each post's earnings so far accrued, and a
   * share of every participation's pending locked to available (so clawbacks reach available too).
   */
  type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;
  function given(scenario: Scenario) {
    const posts = scenario.posts.map((p, i) => ({
      ...p,
      postId: `post_${String(i).padStart(2, '0')}`,
      participationId: `ptn_${p.participation}`,
    }));
    const postedBy = new Map<string, bigint>();
    for (const p of posts)
      postedBy.set(p.participationId, (postedBy.get(p.participationId) ?? 0n) + p.alreadyPostedMicros);
    const totalPosted = [...postedBy.values()].reduce((a, b) => a + b, 0n);

    const setup: Transfer[] = [];
    if (scenario.budget + totalPosted > 0n) {
      setup.push(
        buildFund({
          paymentId: 'pay_1',
          campaignId: 'cmp_1',
          currency: 'USD',
          grossMicros: scenario.budget + totalPosted,
        }),
      );
    }
    for (const p of posts) {
      if (p.alreadyPostedMicros === 0n) continue;
      setup.push(
        buildAccrue({
          campaignId: 'cmp_1',
          participationId: p.participationId,
          postId: p.postId,
          sequence: 0,
          currency: 'USD',
          amountMicros: p.alreadyPostedMicros,
          holdEndsAt: NOW,
        }),
      );
    }
    const pendingBy = new Map<string, bigint>();
    for (const [participationId, posted] of postedBy) {
      const share = BigInt(scenario.lockedShare[Number(participationId.slice(4))] ?? 0);
      const locked = (posted * share) / 100n;
      if (locked > 0n) {
        setup.push(
          buildLock({
            participationId,
            participantId: `usr_${participationId.slice(4)}`,
            sequence: 0,
            currency: 'USD',
            amountMicros: locked,
          }),
        );
      }
      pendingBy.set(participationId, posted - locked);
    }
    const ledger = applyTransfers(emptyLedger(), setup).ledger;
    const budgetAccount = accountRef('campaign_budget', 'cmp_1', 'USD');
    expect(balanceOf(ledger, budgetAccount)).toBe(scenario.budget);

    const batchCampaign = campaign({
      budgetRemainingMicros: scenario.budget,
      minimumMetric: scenario.minimumMetric,
      ...(scenario.postCap === undefined ? {} : { postCapMicros: scenario.postCap }),
      ...(scenario.participantCap === undefined ? {} : { participantCapMicros: scenario.participantCap }),
      participations: [...postedBy.keys()].map((participationId) => ({
        participationId,
        participantId: `usr_${participationId.slice(4)}`,
        postedMicros: postedBy.get(participationId) ?? 0n,
        pendingMicros: pendingBy.get(participationId) ?? 0n,
      })),
    });
    const batchPosts: BatchPost[] = posts.map((p) =>
      post(p.postId, p.participationId, p.metricTotal, {
        alreadyPostedMicros: p.alreadyPostedMicros,
        sequence: p.alreadyPostedMicros > 0n ? 1 : 0,
        postStatus: p.rejected ? 'rejected' : 'tracking',
      }),
    );
    return { ledger, batchCampaign, batchPosts, postedBy, budgetAccount };
  }

  test('property: 64 posts against a small budget: accrued == min(demand, budget + clawed back), never below 0', () => {
    fc.assert(
      fc.property(
        scenarioArb.map((s) => ({ ...s, participantCap: undefined })),
        (scenario) => {
          const { ledger, batchCampaign, batchPosts, budgetAccount } = given(scenario);
          const result = accrueCampaignBatch(batchCampaign, batchPosts);

          // Demand and clawbacks computed independently of the batch, straight from the rules.
          let demand = 0n;
          let clawbacks = 0n;
          for (const p of batchPosts) {
            const earned = p.metricTotal < scenario.minimumMetric ? 0n : earningsMicros(p.metricTotal, RATE);
            const posted = p.alreadyPostedMicros;
            if (p.postStatus === 'rejected') clawbacks += posted;
            else if (earned < posted) clawbacks += posted - earned;
            else {
              const cap =
                scenario.postCap === undefined ? earned : scenario.postCap > posted ? scenario.postCap : posted;
              demand += (earned < cap ? earned : cap) - posted;
            }
          }
          const available = scenario.budget + clawbacks;
          expect(result.clawedBackMicros).toBe(clawbacks);
          expect(result.accruedMicros).toBe(demand < available ? demand : available);
          expect(result.unpaidMicros).toBe(demand - result.accruedMicros);
          expect(result.budgetRemainingMicros).toBe(available - result.accruedMicros);
          expect(result.exhausted).toBe(result.budgetRemainingMicros === 0n);

          // The reference model accepts every transfer one by one (so every prefix is valid) and agrees with
          // the batch's one-UPDATE-per-account view.
          const applied = applyTransfers(ledger, result.transfers);
          expect(applied.outcomes.every((o) => o.status === 'applied')).toBe(true);
          expect(balanceOf(applied.ledger, budgetAccount)).toBe(result.budgetRemainingMicros);
          const aggregated = new Map(ledger.balances);
          for (const [key, change] of netChanges(result.transfers))
            aggregated.set(key, (aggregated.get(key) ?? 0n) + change);
          expect(aggregated).toEqual(applied.ledger.balances);
          for (const after of result.participations) {
            expect(balanceOf(applied.ledger, accountRef('participant_pending', after.participationId, 'USD'))).toBe(
              after.pendingMicros,
            );
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test('property: a second run on the state the first left posts nothing, and caps hold', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { batchCampaign, batchPosts, postedBy } = given(scenario);
        const first = accrueCampaignBatch(batchCampaign, batchPosts);
        const after = new Map(first.results.map((r) => [r.postId, r]));
        const second = accrueCampaignBatch(
          {
            ...batchCampaign,
            budgetRemainingMicros: first.budgetRemainingMicros,
            participations: batchCampaign.participations.map((p) => {
              const next = first.participations.find((a) => a.participationId === p.participationId);
              return { ...p, postedMicros: next?.postedMicros ?? 0n, pendingMicros: next?.pendingMicros ?? 0n };
            }),
          },
          batchPosts.map((p) => ({
            ...p,
            alreadyPostedMicros: after.get(p.postId)?.postedAfterMicros ?? 0n,
            sequence: after.get(p.postId)?.nextSequence ?? 0,
          })),
        );
        expect(second.transfers).toEqual([]);
        if (first.budgetRemainingMicros > 0n) expect(second.unpaidMicros).toBe(0n);

        if (scenario.participantCap !== undefined) {
          for (const p of first.participations) {
            const before = postedBy.get(p.participationId) ?? 0n;
            // A cap never takes back, and never lets a participation grow past it.
            expect(p.postedMicros <= (before > scenario.participantCap ? before : scenario.participantCap)).toBe(true);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
