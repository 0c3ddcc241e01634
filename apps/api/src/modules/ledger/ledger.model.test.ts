// The posting engine against the reference model: random, realistic sequences of every kind of transfer (the
// domain's own model-test generator: funds, accruals and clawbacks from cumulative metrics, holds released, payouts
// that settle or fail, refunds, retries, stale computations, overdrafts), posted to the real database in random
// batches, must give exactly the outcomes and balances of the in-memory model (domain applyTransfers).
// fast-check prints the seed and the shrunk counterexample on failure; replay with `{ seed, path }`.
import { queryRows } from '@creator-rewards/db';
import type { TestDatabase } from '@creator-rewards/db/testing';
import { applyTransfers, emptyLedger, type LedgerState, type Transfer } from '@creator-rewards/domain';
import { currencyArb, opsArbitrary, simulate } from '@creator-rewards/domain/testing';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LedgerReconciliationService } from './ledger-reconciliation.service.js';
import type { LedgerService } from './ledger.service.js';
import { openLedger } from './test-utils/ledger-testing.js';

let tdb: TestDatabase;
let ledger: LedgerService;
let reconciliation: LedgerReconciliationService;

beforeAll(async () => {
  ({ tdb, ledger, reconciliation } = await openLedger());
});
afterAll(() => tdb?.close());

/** Splits a list into consecutive batches of the given sizes (cycled). */
function batches<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  for (let i = 0, n = 0; i < items.length; n++) {
    const size = sizes[n % sizes.length] ?? 1;
    out.push(items.slice(i, i + size));
    i += size;
  }
  return out;
}

async function allStoredBalances(): Promise<Map<string, bigint>> {
  const rows = await queryRows<{ key: string; balance: string }>(
    tdb.db,
    sql`SELECT key, balance_micros::text AS balance FROM ledger_accounts`,
  );
  return new Map(rows.map((r) => [r.key, BigInt(r.balance)]));
}

function expectSameBalances(database: ReadonlyMap<string, bigint>, model: LedgerState): void {
  // The database may hold zero-balance accounts the model never saw (created for a transfer that was then rejected).
  for (const [key, balance] of database) expect(balance, key).toBe(model.balances.get(key) ?? 0n);
  for (const [key, balance] of model.balances) expect(database.get(key) ?? 0n, key).toBe(balance);
}

test('property: posted in random batches, the database gives the reference model’s outcomes and balances; replays change nothing; the books reconcile', async () => {
  const seen = new Map<string, number>();
  const tally = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
  await fc.assert(
    fc.asyncProperty(
      currencyArb,
      opsArbitrary({ minLength: 30, maxLength: 60 }),
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
      async (currency, ops, batchSizes) => {
        await tdb.truncateAll();
        const world = simulate(currency, ops);

        let model = emptyLedger();
        for (const batch of batches(world.history, batchSizes)) {
          const transfers: Transfer[] = batch.map((h) => h.transfer);
          const result = await ledger.post(transfers);
          for (const outcome of result.outcomes) {
            tally(outcome.status);
            if (outcome.status === 'applied') tally(outcome.transfer.kind);
          }
          if (transfers.length > 1) tally('multi-transfer batch');
          const expected = applyTransfers(model, transfers);
          model = expected.ledger;
          // The generator's own expectation (one transfer at a time) and the model on this batch agree, and the
          // database agrees with both.
          expect(result.outcomes.map((o) => o.status)).toEqual(batch.map((h) => h.status));
          expect(result.outcomes.map((o) => o.status)).toEqual(expected.outcomes.map((o) => o.status));
          for (const [key, balance] of result.balances) expect(balance, key).toBe(model.balances.get(key) ?? 0n);
        }
        expectSameBalances(await allStoredBalances(), world.ledger);

        // Replaying everything that was applied (as one batch) is a no-op made of duplicates.
        const replay = await ledger.post(world.applied);
        expect(replay.outcomes.every((o) => o.status === 'duplicate')).toBe(true);
        expectSameBalances(await allStoredBalances(), world.ledger);
        const [row] = await queryRows<{ n: number }>(tdb.db, sql`SELECT count(*)::int AS n FROM ledger_transfers`);
        expect(row!.n).toBe(world.applied.length);

        const report = await reconciliation.reconcile();
        expect(report.differences).toEqual([]);
        expect(report.ok).toBe(true);
      },
    ),
    { numRuns: 20 },
  );
  // Not vacuous: every outcome and the money paths reached the database (fast-check's default seed varies per run,
  // so this is a floor over 20 runs, far below what they produce).
  for (const what of [
    'applied',
    'duplicate',
    'key_conflict',
    'rejected',
    'fund',
    'accrue',
    'lock',
    'clawback',
    'payout',
    'multi-transfer batch',
  ]) {
    expect(seen.get(what) ?? 0, `${what} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
  }
}, 180_000);
