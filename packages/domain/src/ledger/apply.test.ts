import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { computeAccrual } from '../earnings/accrual.js';
import { CAMPAIGNS, PARTICIPANTS, RATE, currencyArb, opsArb, simulate } from '../testing/ledger-scenario.js';
import { accountRef, platformAccount } from './accounts.js';
import { applyTransfers, balanceOf, emptyLedger, netChanges, storedBalance, type LedgerState } from './apply.js';
import { LedgerError } from './errors.js';
import {
  buildAccrue,
  buildClawback,
  buildFund,
  buildLock,
  buildPayout,
  buildPayoutFailed,
  buildPayoutSettled,
  type Transfer,
} from './transfers.js';

const HOLD = new Date('2026-12-03T00:00:00Z');
const budget = accountRef('campaign_budget', 'cmp_1', 'USD');
const pending = accountRef('participant_pending', 'ptn_1', 'USD');
const available = accountRef('participant_available', 'usr_1', 'USD');

function fund(paymentId: string, grossMicros: bigint): Transfer {
  return buildFund({ paymentId, campaignId: 'cmp_1', currency: 'USD', grossMicros });
}
function accrue(sequence: number, amountMicros: bigint): Transfer {
  return buildAccrue({
    campaignId: 'cmp_1',
    participationId: 'ptn_1',
    postId: 'post_1',
    sequence,
    currency: 'USD',
    amountMicros,
    holdEndsAt: HOLD,
  });
}
function clawback(sequence: number, amountMicros: bigint, pendingMicros: bigint): Transfer {
  return buildClawback({
    campaignId: 'cmp_1',
    participationId: 'ptn_1',
    participantId: 'usr_1',
    postId: 'post_1',
    sequence,
    currency: 'USD',
    amountMicros,
    pendingMicros,
    reason: 'metric_fell',
  });
}
function lock(sequence: number, amountMicros: bigint): Transfer {
  return buildLock({ participationId: 'ptn_1', participantId: 'usr_1', sequence, currency: 'USD', amountMicros });
}

function run(ledger: LedgerState, transfers: Transfer[]) {
  const result = applyTransfers(ledger, transfers);
  return { ledger: result.ledger, statuses: result.outcomes.map((o) => o.status) };
}

describe('applyTransfers', () => {
  test('applies in order and keeps every balance, read naturally', () => {
    const { ledger, statuses } = run(emptyLedger(), [fund('pay_1', 100n), accrue(0, 60n), lock(0, 50n)]);
    expect(statuses).toEqual(['applied', 'applied', 'applied']);
    expect(balanceOf(ledger, platformAccount('platform_cash', 'USD'))).toBe(100n);
    expect(storedBalance(ledger, platformAccount('platform_cash', 'USD'))).toBe(-100n);
    expect(balanceOf(ledger, budget)).toBe(40n);
    expect(balanceOf(ledger, pending)).toBe(10n);
    expect(balanceOf(ledger, available.key)).toBe(50n);
  });

  test('does not modify the ledger it is given', () => {
    const start = run(emptyLedger(), [fund('pay_1', 100n)]).ledger;
    run(start, [accrue(0, 60n)]);
    expect(balanceOf(start, budget)).toBe(100n);
    expect(start.transfers.size).toBe(1);
  });

  test('a retry (same key, same transfer) is a duplicate and changes nothing', () => {
    const first = run(emptyLedger(), [fund('pay_1', 100n), accrue(0, 60n)]).ledger;
    const { ledger, statuses } = run(first, [accrue(0, 60n), fund('pay_1', 100n)]);
    expect(statuses).toEqual(['duplicate', 'duplicate']);
    expect(ledger.balances).toEqual(first.balances);
  });

  test('a stale computation (same key, other content) is a key conflict returning the original', () => {
    const first = run(emptyLedger(), [fund('pay_1', 100n), accrue(0, 60n)]).ledger;
    const outcome = applyTransfers(first, [clawback(0, 10n, 60n)]).outcomes[0];
    expect(outcome?.status).toBe('key_conflict');
    expect(outcome?.status === 'key_conflict' && outcome.transfer.kind).toBe('accrue');
  });

  test('a payout resolves once: after settled, failed is a key conflict', () => {
    const payout = { payoutItemId: 'pi_1', participantId: 'usr_1', currency: 'USD', amountMicros: 10_000n } as const;
    const { ledger, statuses } = run(emptyLedger(), [
      fund('pay_1', 10_000n),
      accrue(0, 10_000n),
      lock(0, 10_000n),
      buildPayout(payout),
      buildPayoutSettled(payout),
      buildPayoutFailed(payout),
    ]);
    expect(statuses).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'key_conflict']);
    expect(balanceOf(ledger, available)).toBe(0n);
    expect(balanceOf(ledger, accountRef('payouts_in_transit', 'usr_1', 'USD'))).toBe(0n);
  });

  test('a transfer that would take a non-negative account below 0 is rejected whole, and its key stays free', () => {
    const start = run(emptyLedger(), [fund('pay_1', 100n)]).ledger;
    const result = applyTransfers(start, [accrue(0, 101n)]);
    expect(result.outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: 'NEGATIVE_BALANCE',
      accountKey: budget.key,
      balanceAfterMicros: -1n,
    });
    expect(result.ledger.balances).toEqual(start.balances);
    expect(run(result.ledger, [accrue(0, 100n)]).statuses).toEqual(['applied']);
  });

  test('pending may not go negative, even under a clawback', () => {
    const start = run(emptyLedger(), [fund('pay_1', 100n), accrue(0, 50n)]).ledger;
    // Built as if pending held 80: a stale read.
    expect(run(start, [clawback(1, 80n, 80n)]).statuses).toEqual(['rejected']);
  });

  test('available goes negative only through a clawback, and later locks net the debt', () => {
    let { ledger } = run(emptyLedger(), [fund('pay_1', 100n), accrue(0, 50n), lock(0, 50n)]);
    const payout = { payoutItemId: 'pi_1', participantId: 'usr_1', currency: 'USD', amountMicros: 60_000n } as const;
    expect(run(ledger, [buildPayout(payout)]).statuses).toEqual(['rejected']); // no overdraft by payout

    ({ ledger } = run(ledger, [clawback(1, 70n, 0n)]));
    expect(balanceOf(ledger, available)).toBe(-20n);
    expect(balanceOf(ledger, budget)).toBe(120n);

    ({ ledger } = run(ledger, [accrue(2, 15n), lock(1, 15n)])); // raises the debt without reaching 0: allowed
    expect(balanceOf(ledger, available)).toBe(-5n);
    ({ ledger } = run(ledger, [accrue(3, 25n), lock(2, 25n)]));
    expect(balanceOf(ledger, available)).toBe(20n);
  });

  test('malformed transfers throw: only a bug builds one', () => {
    const bad = {
      ...accrue(0, 5n),
      entries: [
        { account: budget, amountMicros: -5n },
        { account: pending, amountMicros: 4n },
      ],
    };
    expect(() => applyTransfers(emptyLedger(), [bad])).toThrow(LedgerError);
  });

  test('netChanges sums entries per account: the one UPDATE per account of a batch', () => {
    const transfers = [fund('pay_1', 100n), accrue(0, 60n), lock(0, 60n), clawback(1, 10n, 0n)];
    expect(netChanges(transfers)).toEqual(run(emptyLedger(), transfers).ledger.balances);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The model test: random sequences of every kind of transfer (the generator lives in testing/ledger-scenario.ts,
// which the database tests of the posting engine share).

describe('reference model: random sequences of transfers', () => {
  test('property: transfers balance, totals are 0, floors hold, budgets are never overspent, replays change nothing', () => {
    fc.assert(
      fc.property(currencyArb, opsArb, fc.nat(), (currency, ops, prefixPick) => {
        const world = simulate(currency, ops);

        // Replaying the full history and any prefix of it (same keys) changes nothing.
        const prefix = world.applied.slice(0, prefixPick % (world.applied.length + 1));
        for (const replay of [world.applied, prefix]) {
          const { ledger, outcomes } = applyTransfers(world.ledger, replay);
          expect(outcomes.every((o) => o.status === 'duplicate')).toBe(true);
          expect(ledger.balances).toEqual(world.ledger.balances);
        }
        // And the history replayed on an empty ledger rebuilds exactly the same balances.
        expect(applyTransfers(emptyLedger(), world.applied).ledger.balances).toEqual(world.ledger.balances);
      }),
    );
  });

  test('the generator reaches every kind and the edge states (fixed seed, so the property above is not vacuous)', () => {
    const seen = new Map<string, number>();
    const count = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    for (const [currency, ops] of fc.sample(fc.tuple(currencyArb, opsArb), { seed: 20_261_203, numRuns: 100 })) {
      const world = simulate(currency, ops);
      for (const t of world.applied) count(t.kind);
      for (const t of world.applied)
        if (t.kind === 'clawback' && t.metadata.fromAvailableMicros !== '0') count('clawback from available');
      for (const p of PARTICIPANTS) if (world.balance('participant_available', p) < 0n) count('negative available');
      for (const c of CAMPAIGNS) if (world.balance('campaign_budget', c) === 0n) count('exhausted budget');
    }
    for (const what of [
      'fund',
      'accrue',
      'lock',
      'clawback',
      'payout',
      'payout_settled',
      'payout_failed',
      'refund',
      'refund_settled',
      'clawback from available',
      'negative available',
      'exhausted budget',
    ]) {
      expect(seen.get(what) ?? 0, `${what} in ${JSON.stringify([...seen])}`).toBeGreaterThan(2);
    }
  });

  test('property: when demand exceeds the budget, the budget ends at exactly 0 and accruals equal it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 50_000_000n }),
        fc.array(fc.bigInt({ min: 0n, max: 5_000n }), { minLength: 1, maxLength: 40 }),
        (budgetMicros, growth) => {
          let world = run(emptyLedger(), [fund('pay_1', budgetMicros)]).ledger;
          const metrics = [0n, 0n, 0n];
          const posted = [0n, 0n, 0n];
          const sequence = [0, 0, 0];
          let accrued = 0n;
          // Observations round-robin over three posts; then one big final observation guarantees demand > budget.
          const observations = [...growth, 10n ** 8n];
          observations.forEach((g, index) => {
            const i = index % 3;
            metrics[i] = (metrics[i] ?? 0n) + g;
            const result = computeAccrual({
              metricTotal: metrics[i] ?? 0n,
              ratePerThousandMicros: RATE,
              minimumMetric: 0n,
              alreadyPostedMicros: posted[i] ?? 0n,
              budgetRemainingMicros: balanceOf(world, budget),
              postStatus: 'tracking',
            });
            if (result.accrueMicros === 0n) return;
            const t = buildAccrue({
              campaignId: 'cmp_1',
              participationId: 'ptn_1',
              postId: `post_${i}`,
              sequence: sequence[i] ?? 0,
              currency: 'USD',
              amountMicros: result.accrueMicros,
              holdEndsAt: HOLD,
            });
            const applied = run(world, [t]);
            expect(applied.statuses).toEqual(['applied']);
            world = applied.ledger;
            posted[i] = result.postedAfterMicros;
            sequence[i] = (sequence[i] ?? 0) + 1;
            accrued += result.accrueMicros;
          });
          expect(balanceOf(world, budget)).toBe(0n);
          expect(accrued).toBe(budgetMicros);
        },
      ),
    );
  });
});
