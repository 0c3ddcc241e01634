import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { earningsMicros } from '../money/rate.js';
import { computeAccrual, type AccrualInput, type AccrualResult, type ClampReason } from './accrual.js';
import { EarningsError } from './errors.js';

const RATE = 5_000_000n; // $5 per 1,000 views
const BIG = 10n ** 15n;

function input(over: Partial<AccrualInput> = {}): AccrualInput {
  return {
    metricTotal: 1_000n,
    ratePerThousandMicros: RATE,
    minimumMetric: 0n,
    alreadyPostedMicros: 0n,
    budgetRemainingMicros: BIG,
    postStatus: 'tracking',
    ...over,
  };
}

type Expected = {
  owed: bigint;
  delta: bigint;
  accrue: bigint;
  clawback: bigint;
  unpaid: bigint;
  clampedBy: ClampReason[];
};

function summary(result: AccrualResult): Expected {
  return {
    owed: result.owedMicros,
    delta: result.deltaMicros,
    accrue: result.accrueMicros,
    clawback: result.clawbackMicros,
    unpaid: result.unpaidMicros,
    clampedBy: [...result.clampedBy],
  };
}

describe('computeAccrual', () => {
  test.each<[string, Partial<AccrualInput>, Expected]>([
    [
      'first accrual',
      {},
      { owed: 5_000_000n, delta: 5_000_000n, accrue: 5_000_000n, clawback: 0n, unpaid: 0n, clampedBy: [] },
    ],
    [
      'growth since the last accrual',
      { metricTotal: 1_500n, alreadyPostedMicros: 5_000_000n },
      { owed: 7_500_000n, delta: 2_500_000n, accrue: 2_500_000n, clawback: 0n, unpaid: 0n, clampedBy: [] },
    ],
    [
      'the post cap',
      { postCapMicros: 3_000_000n },
      { owed: 3_000_000n, delta: 3_000_000n, accrue: 3_000_000n, clawback: 0n, unpaid: 0n, clampedBy: ['post_cap'] },
    ],
    [
      'the participant cap left',
      { alreadyPostedMicros: 1_000_000n, participantCapLeftMicros: 500_000n },
      { owed: 1_500_000n, delta: 500_000n, accrue: 500_000n, clawback: 0n, unpaid: 0n, clampedBy: ['participant_cap'] },
    ],
    [
      'both caps, post cap first',
      { postCapMicros: 3_000_000n, participantCapLeftMicros: 2_000_000n },
      {
        owed: 2_000_000n,
        delta: 2_000_000n,
        accrue: 2_000_000n,
        clawback: 0n,
        unpaid: 0n,
        clampedBy: ['post_cap', 'participant_cap'],
      },
    ],
    [
      'the budget: a balancing debit, the rest stays owed',
      { budgetRemainingMicros: 1_200_000n },
      {
        owed: 5_000_000n,
        delta: 5_000_000n,
        accrue: 1_200_000n,
        clawback: 0n,
        unpaid: 3_800_000n,
        clampedBy: ['budget'],
      },
    ],
    [
      'an empty budget',
      { budgetRemainingMicros: 0n },
      { owed: 5_000_000n, delta: 5_000_000n, accrue: 0n, clawback: 0n, unpaid: 5_000_000n, clampedBy: ['budget'] },
    ],
    [
      'the pacing window',
      { windowRemainingMicros: 700_000n },
      {
        owed: 5_000_000n,
        delta: 5_000_000n,
        accrue: 700_000n,
        clawback: 0n,
        unpaid: 4_300_000n,
        clampedBy: ['window'],
      },
    ],
    [
      'budget then window, each listed only if it lowered the amount',
      { budgetRemainingMicros: 2_000_000n, windowRemainingMicros: 1_000_000n },
      {
        owed: 5_000_000n,
        delta: 5_000_000n,
        accrue: 1_000_000n,
        clawback: 0n,
        unpaid: 4_000_000n,
        clampedBy: ['budget', 'window'],
      },
    ],
    [
      'a window wider than the budget',
      { budgetRemainingMicros: 1_000_000n, windowRemainingMicros: 2_000_000n },
      {
        owed: 5_000_000n,
        delta: 5_000_000n,
        accrue: 1_000_000n,
        clawback: 0n,
        unpaid: 4_000_000n,
        clampedBy: ['budget'],
      },
    ],
    [
      'below the minimum metric',
      { minimumMetric: 1_001n },
      { owed: 0n, delta: 0n, accrue: 0n, clawback: 0n, unpaid: 0n, clampedBy: ['minimum_metric'] },
    ],
    [
      'exactly at the minimum metric',
      { minimumMetric: 1_000n },
      { owed: 5_000_000n, delta: 5_000_000n, accrue: 5_000_000n, clawback: 0n, unpaid: 0n, clampedBy: [] },
    ],
    [
      'falling back below the minimum metric claws everything back',
      { metricTotal: 900n, minimumMetric: 1_000n, alreadyPostedMicros: 5_000_000n },
      {
        owed: 0n,
        delta: -5_000_000n,
        accrue: 0n,
        clawback: 5_000_000n,
        unpaid: 0n,
        clampedBy: ['minimum_metric'],
      },
    ],
    [
      'a falling metric',
      { metricTotal: 800n, alreadyPostedMicros: 5_000_000n },
      { owed: 4_000_000n, delta: -1_000_000n, accrue: 0n, clawback: 1_000_000n, unpaid: 0n, clampedBy: [] },
    ],
    [
      'a falling metric still above the post cap takes nothing back',
      { metricTotal: 900n, alreadyPostedMicros: 3_000_000n, postCapMicros: 3_000_000n },
      { owed: 3_000_000n, delta: 0n, accrue: 0n, clawback: 0n, unpaid: 0n, clampedBy: ['post_cap'] },
    ],
    [
      'a rejected post gives everything back',
      { postStatus: 'rejected', alreadyPostedMicros: 4_000_000n },
      { owed: 0n, delta: -4_000_000n, accrue: 0n, clawback: 4_000_000n, unpaid: 0n, clampedBy: ['rejected'] },
    ],
    [
      'a rejected post with nothing posted',
      { postStatus: 'rejected' },
      { owed: 0n, delta: 0n, accrue: 0n, clawback: 0n, unpaid: 0n, clampedBy: ['rejected'] },
    ],
    [
      'fraud deductions come off the metric',
      { metricTotal: 1_000n, metricDeductions: [{ reason: 'bot_views', metric: 400n }] },
      { owed: 3_000_000n, delta: 3_000_000n, accrue: 3_000_000n, clawback: 0n, unpaid: 0n, clampedBy: [] },
    ],
    [
      'deductions beyond the metric leave 0, not a negative metric',
      { metricDeductions: [{ reason: 'bot_views', metric: 5_000n }] },
      { owed: 0n, delta: 0n, accrue: 0n, clawback: 0n, unpaid: 0n, clampedBy: [] },
    ],
    [
      'a post cap lowered below what was posted stops growth but takes nothing back',
      { metricTotal: 2_000n, alreadyPostedMicros: 5_000_000n, postCapMicros: 1_000_000n },
      { owed: 5_000_000n, delta: 0n, accrue: 0n, clawback: 0n, unpaid: 0n, clampedBy: ['post_cap'] },
    ],
    [
      'a negative participant cap left means no room, not a clawback',
      { metricTotal: 2_000n, alreadyPostedMicros: 5_000_000n, participantCapLeftMicros: -2_000_000n },
      { owed: 5_000_000n, delta: 0n, accrue: 0n, clawback: 0n, unpaid: 0n, clampedBy: ['participant_cap'] },
    ],
    [
      'sub-micro earnings floor to 0 without drift',
      { metricTotal: 1n, ratePerThousandMicros: 999n },
      { owed: 0n, delta: 0n, accrue: 0n, clawback: 0n, unpaid: 0n, clampedBy: [] },
    ],
  ])('%s', (_name, over, expected) => {
    const result = computeAccrual(input(over));
    expect(summary(result)).toEqual(expected);
    expect(result.postedAfterMicros).toBe((over.alreadyPostedMicros ?? 0n) + expected.accrue - expected.clawback);
  });

  test('the explanation walks snapshot → deductions → rate → minimum → caps → owed → budget → window → transfer', () => {
    const observedAt = new Date('2026-12-01T08:00:00Z');
    const result = computeAccrual(
      input({
        metricTotal: 10_000n,
        metricDeductions: [{ reason: 'bot_views', metric: 2_000n }],
        minimumMetric: 500n,
        postCapMicros: 30_000_000n,
        participantCapLeftMicros: 50_000_000n,
        alreadyPostedMicros: 10_000_000n,
        budgetRemainingMicros: 25_000_000n,
        windowRemainingMicros: 12_000_000n,
        snapshot: { id: 'snap_9', observedAt },
      }),
    );
    expect(result.explanation).toEqual([
      { step: 'snapshot', metricTotal: 10_000n, snapshotId: 'snap_9', observedAt },
      { step: 'deduction', reason: 'bot_views', metric: 2_000n },
      { step: 'rate', metric: 8_000n, ratePerThousandMicros: RATE, formulaMicros: 40_000_000n },
      { step: 'minimum_metric', minimumMetric: 500n, metric: 8_000n, met: true },
      {
        step: 'post_cap',
        capMicros: 30_000_000n,
        ceilingMicros: 30_000_000n,
        applied: true,
        resultMicros: 30_000_000n,
      },
      {
        step: 'participant_cap',
        capLeftMicros: 50_000_000n,
        ceilingMicros: 60_000_000n,
        applied: false,
        resultMicros: 30_000_000n,
      },
      { step: 'owed', owedMicros: 30_000_000n, alreadyPostedMicros: 10_000_000n, deltaMicros: 20_000_000n },
      { step: 'budget', remainingMicros: 25_000_000n, applied: false, resultMicros: 20_000_000n },
      { step: 'window', remainingMicros: 12_000_000n, applied: true, resultMicros: 12_000_000n },
      { step: 'accrue', amountMicros: 12_000_000n, unpaidMicros: 8_000_000n },
    ]);
    expect(result.clampedBy).toEqual(['post_cap', 'window']);
  });

  test('the explanation of a clawback names its reason', () => {
    expect(computeAccrual(input({ metricTotal: 0n, alreadyPostedMicros: 1n })).explanation.at(-1)).toEqual({
      step: 'clawback',
      amountMicros: 1n,
      reason: 'metric_fell',
    });
    const rejected = computeAccrual(input({ postStatus: 'rejected', alreadyPostedMicros: 1n }));
    expect(rejected.clawbackReason).toBe('post_rejected');
    expect(rejected.explanation.map((s) => s.step)).toEqual(['snapshot', 'rate', 'rejected', 'owed', 'clawback']);
    expect(computeAccrual(input({ metricTotal: 0n })).explanation.at(-1)).toEqual({ step: 'nothing_to_post' });
  });

  test.each<[string, Partial<AccrualInput>]>([
    ['a negative metric', { metricTotal: -1n }],
    ['a number metric', { metricTotal: 5 as unknown as bigint }],
    ['a negative rate', { ratePerThousandMicros: -1n }],
    ['a negative minimum', { minimumMetric: -1n }],
    ['a negative amount already posted', { alreadyPostedMicros: -1n }],
    ['a negative budget', { budgetRemainingMicros: -1n }],
    ['a negative window', { windowRemainingMicros: -1n }],
    ['a negative post cap', { postCapMicros: -1n }],
    ['a number participant cap', { participantCapLeftMicros: 1 as unknown as bigint }],
    ['an unknown status', { postStatus: 'paused' as 'tracking' }],
    ['a negative deduction', { metricDeductions: [{ reason: 'x', metric: -1n }] }],
    ['a deduction without a reason', { metricDeductions: [{ reason: '', metric: 1n }] }],
    ['a snapshot with an invalid date', { snapshot: { id: 's', observedAt: new Date(Number.NaN) } }],
  ])('refuses %s', (_name, over) => {
    expect(() => computeAccrual(input(over))).toThrow(EarningsError);
  });
});

describe('computeAccrual properties', () => {
  const metricArb = fc.bigInt({ min: 0n, max: 10n ** 9n });
  const rateArb = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 8n }), fc.bigInt({ min: 0n, max: 5_000n }));
  const amountArb = fc.bigInt({ min: 0n, max: 10n ** 12n });
  const optionalAmount = fc.option(amountArb, { nil: undefined });
  const contextArb = fc.record({
    ratePerThousandMicros: rateArb,
    minimumMetric: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10_000n })),
    postCapMicros: optionalAmount,
    participantCapLeftMicros: fc.option(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 12n }), { nil: undefined }),
    alreadyPostedMicros: amountArb,
    budgetRemainingMicros: amountArb,
    windowRemainingMicros: optionalAmount,
    postStatus: fc.constantFrom('tracking' as const, 'rejected' as const),
    metricDeductions: fc.option(
      fc.array(fc.record({ reason: fc.constant('bots'), metric: metricArb }), { maxLength: 2 }),
      {
        nil: undefined,
      },
    ),
  });
  const optionalKeys = [
    'postCapMicros',
    'participantCapLeftMicros',
    'windowRemainingMicros',
    'metricDeductions',
  ] as const;
  type Context = typeof contextArb extends fc.Arbitrary<infer T> ? T : never;
  // fc.option gives undefined for "not set"; the input type wants the key absent.
  function withMetric(context: Context, metricTotal: bigint): AccrualInput {
    const result: Record<string, unknown> = { ...context, metricTotal };
    for (const key of optionalKeys) if (result[key] === undefined) delete result[key];
    return result as AccrualInput;
  }

  test('property: monotone in the metric: more metric never owes or accrues less', () => {
    fc.assert(
      fc.property(contextArb, metricArb, metricArb, (context, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lo = computeAccrual(withMetric(context, low));
        const hi = computeAccrual(withMetric(context, high));
        expect(lo.owedMicros <= hi.owedMicros).toBe(true);
        expect(lo.accrueMicros <= hi.accrueMicros).toBe(true);
        expect(lo.clawbackMicros >= hi.clawbackMicros).toBe(true);
      }),
    );
  });

  test('property: idempotent: applying the result and asking again posts nothing', () => {
    fc.assert(
      fc.property(contextArb, metricArb, (context, metric) => {
        const first = computeAccrual(withMetric(context, metric));
        const again = computeAccrual({
          ...withMetric(context, metric),
          alreadyPostedMicros: first.postedAfterMicros,
          budgetRemainingMicros: context.budgetRemainingMicros - first.accrueMicros + first.clawbackMicros,
          ...(context.windowRemainingMicros === undefined
            ? {}
            : { windowRemainingMicros: context.windowRemainingMicros - first.accrueMicros }),
          ...(context.participantCapLeftMicros === undefined
            ? {}
            : {
                participantCapLeftMicros: context.participantCapLeftMicros - first.accrueMicros + first.clawbackMicros,
              }),
        });
        expect(again.accrueMicros).toBe(0n);
        expect(again.clawbackMicros).toBe(0n);
        // What budget or window held back is still owed, and nothing else.
        expect(again.deltaMicros).toBe(first.unpaidMicros);
        if (first.unpaidMicros === 0n) expect(again.deltaMicros).toBe(0n);
      }),
    );
  });

  test('property: without binding caps or budget, the deltas over any observation sequence sum to owed(final)', () => {
    fc.assert(
      fc.property(
        fc.array(metricArb, { minLength: 1, maxLength: 30 }),
        rateArb,
        fc.bigInt({ min: 0n, max: 1_000n }),
        (observations, rate, minimumMetric) => {
          let posted = 0n;
          let sum = 0n;
          for (const metricTotal of observations) {
            const r = computeAccrual({
              metricTotal,
              ratePerThousandMicros: rate,
              minimumMetric,
              alreadyPostedMicros: posted,
              budgetRemainingMicros: BIG * 10n,
              postStatus: 'tracking',
            });
            sum += r.accrueMicros - r.clawbackMicros;
            posted = r.postedAfterMicros;
          }
          const final = observations.at(-1) ?? 0n;
          expect(sum).toBe(final < minimumMetric ? 0n : earningsMicros(final, rate));
        },
      ),
    );
  });

  test('property: with fixed caps the sum is path-independent too: owed(final) as if observed once', () => {
    fc.assert(
      fc.property(
        fc.array(metricArb, { minLength: 1, maxLength: 30 }),
        rateArb,
        amountArb,
        amountArb,
        (observations, rate, postCap, participantCap) => {
          const base = {
            ratePerThousandMicros: rate,
            minimumMetric: 0n,
            postCapMicros: postCap,
            budgetRemainingMicros: BIG * 10n,
            postStatus: 'tracking' as const,
          };
          let posted = 0n;
          for (const metricTotal of observations) {
            const r = computeAccrual({
              ...base,
              metricTotal,
              alreadyPostedMicros: posted,
              participantCapLeftMicros: participantCap - posted,
            });
            posted = r.postedAfterMicros;
            expect(posted <= postCap && posted <= participantCap).toBe(true);
          }
          const once = computeAccrual({
            ...base,
            metricTotal: observations.at(-1) ?? 0n,
            alreadyPostedMicros: 0n,
            participantCapLeftMicros: participantCap,
          });
          expect(posted).toBe(once.owedMicros);
        },
      ),
    );
  });

  test('property: caps, budget and window are respected', () => {
    fc.assert(
      fc.property(contextArb, metricArb, (context, metric) => {
        const r = computeAccrual(withMetric(context, metric));
        const posted = context.alreadyPostedMicros;
        expect(r.accrueMicros <= context.budgetRemainingMicros).toBe(true);
        if (context.windowRemainingMicros !== undefined)
          expect(r.accrueMicros <= context.windowRemainingMicros).toBe(true);
        if (r.accrueMicros > 0n) {
          if (context.postCapMicros !== undefined) expect(r.postedAfterMicros <= context.postCapMicros).toBe(true);
          const left = context.participantCapLeftMicros;
          if (left !== undefined) expect(r.accrueMicros <= (left > 0n ? left : 0n)).toBe(true);
        }
        expect(r.accrueMicros === 0n || r.clawbackMicros === 0n).toBe(true);
        expect(r.postedAfterMicros >= 0n).toBe(true);
        expect(r.postedAfterMicros).toBe(posted + r.accrueMicros - r.clawbackMicros);
        expect(r.unpaidMicros + r.accrueMicros).toBe(r.deltaMicros > 0n ? r.deltaMicros : 0n);
      }),
    );
  });

  test('property: a falling metric claws back exactly what was posted above the new owed', () => {
    fc.assert(
      fc.property(metricArb, metricArb, rateArb, fc.option(amountArb, { nil: undefined }), (a, b, rate, postCap) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const base = {
          ratePerThousandMicros: rate,
          minimumMetric: 0n,
          budgetRemainingMicros: BIG * 10n,
          postStatus: 'tracking' as const,
          ...(postCap === undefined ? {} : { postCapMicros: postCap }),
        };
        const up = computeAccrual({ ...base, metricTotal: high, alreadyPostedMicros: 0n });
        const down = computeAccrual({ ...base, metricTotal: low, alreadyPostedMicros: up.postedAfterMicros });
        const fresh = computeAccrual({ ...base, metricTotal: low, alreadyPostedMicros: 0n });
        expect(down.accrueMicros).toBe(0n);
        expect(down.clawbackMicros).toBe(up.postedAfterMicros - fresh.owedMicros);
        expect(down.postedAfterMicros).toBe(fresh.owedMicros);
      }),
    );
  });

  test('property: a rejected post always ends at 0 posted', () => {
    fc.assert(
      fc.property(contextArb, metricArb, (context, metric) => {
        const r = computeAccrual({ ...withMetric(context, metric), postStatus: 'rejected' });
        expect(r.postedAfterMicros).toBe(0n);
        expect(r.clawbackMicros).toBe(context.alreadyPostedMicros);
      }),
    );
  });
});
