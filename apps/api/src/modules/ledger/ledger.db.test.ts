// The ledger's invariants as the database enforces them on its own: every case writes with raw SQL, around the
// posting engine, the way a bug elsewhere or a person with psql would.
import { ledgerAccountTypes, ledgerTransferKinds, queryRows, type Executor } from '@creator-rewards/db';
import type { TestDatabase } from '@creator-rewards/db/testing';
import {
  ACCOUNT_TYPE_NAMES,
  ACCOUNT_TYPES,
  TRANSFER_KINDS,
  TRANSFER_PLAN,
  buildAccrue,
  buildFund,
  buildLock,
} from '@creator-rewards/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { databaseError, toLedgerPostError } from './ledger.errors.js';
import type { LedgerReconciliationService } from './ledger-reconciliation.service.js';
import type { LedgerService } from './ledger.service.js';
import { openLedger } from './test-utils/ledger-testing.js';

const BUDGET = 'campaign_budget:cmp_1:USD';
const PENDING = 'participant_pending:ptn_1:USD';
const AVAILABLE = 'participant_available:usr_1:USD';

let tdb: TestDatabase;
let ledger: LedgerService;
let reconciliation: LedgerReconciliationService;

beforeAll(async () => {
  ({ tdb, ledger, reconciliation } = await openLedger());
});
afterAll(() => tdb?.close());

beforeEach(async () => {
  await tdb.truncateAll();
  // budget 100, pending 10, available 50 (micros).
  await ledger.post([
    buildFund({ paymentId: 'pay_1', campaignId: 'cmp_1', currency: 'USD', grossMicros: 100n }),
    buildAccrue({
      campaignId: 'cmp_1',
      participationId: 'ptn_1',
      postId: 'post_1',
      sequence: 0,
      currency: 'USD',
      amountMicros: 60n,
      holdEndsAt: new Date('2026-01-01T00:00:00Z'),
    }),
    buildLock({ participationId: 'ptn_1', participantId: 'usr_1', sequence: 0, currency: 'USD', amountMicros: 50n }),
  ]);
});

/** A transfer and its legs, written by hand: each leg moves its account's stored balance and records balance_after. */
async function rawTransfer(
  tx: Executor,
  transfer: { kind: string; key: string; currency?: string },
  legs: [accountKey: string, amountMicros: bigint][],
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`INSERT INTO ledger_transfers (kind, idempotency_key, currency)
        VALUES (${transfer.kind}, ${transfer.key}, ${transfer.currency ?? 'USD'}) RETURNING id::text AS id`,
  );
  for (const [accountKey, amount] of legs) await rawLeg(tx, row!.id, accountKey, amount);
  return row!.id;
}

async function rawLeg(tx: Executor, transferId: string, accountKey: string, amount: bigint): Promise<void> {
  await tx.execute(
    sql`WITH a AS (
          UPDATE ledger_accounts SET balance_micros = balance_micros + ${String(amount)}::text::int8, version = version + 1
           WHERE key = ${accountKey} RETURNING id, balance_micros
        )
        INSERT INTO ledger_entries (transfer_id, account_id, amount_micros, balance_after_micros)
        SELECT ${transferId}::text::uuid, a.id, ${String(amount)}::text::int8, a.balance_micros FROM a`,
  );
}

/** Runs fn and answers the database error it ends with (its SQLSTATE and constraint); fails the test if none. */
async function refusal(fn: () => Promise<unknown>): Promise<{ code: string; constraint?: string; error: unknown }> {
  try {
    await fn();
  } catch (error) {
    const db = databaseError(error);
    if (!db) throw error;
    return { ...db, error };
  }
  throw new Error('expected the database to refuse');
}

async function storedBalance(key: string): Promise<bigint> {
  return (await ledger.getBalance(key)).storedMicros;
}

async function transferExists(key: string): Promise<boolean> {
  const rows = await queryRows(tdb.db, sql`SELECT 1 FROM ledger_transfers WHERE idempotency_key = ${key}`);
  return rows.length > 0;
}

describe('sum to zero: a deferred constraint trigger, checked at COMMIT', () => {
  test('an unbalanced transfer is accepted statement by statement, then refused at COMMIT, and nothing stays', async () => {
    let statementsAccepted = false;
    const refused = await refusal(() =>
      tdb.db.transaction(async (tx) => {
        await rawTransfer(tx, { kind: 'accrue', key: 'earnings:post_x:0' }, [
          [BUDGET, -5n],
          [PENDING, 4n],
        ]);
        statementsAccepted = true;
      }),
    );
    expect(statementsAccepted).toBe(true);
    expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_transfer_balanced' });
    expect(await transferExists('earnings:post_x:0')).toBe(false);
    expect(await storedBalance(BUDGET)).toBe(40n);
  });

  test('the same transfer balanced, with its balances moved, commits: the rules refuse only what is wrong', async () => {
    await tdb.db.transaction((tx) =>
      rawTransfer(tx, { kind: 'accrue', key: 'earnings:post_x:0' }, [
        [BUDGET, -5n],
        [PENDING, 5n],
      ]),
    );
    expect(await storedBalance(BUDGET)).toBe(35n);
    expect((await reconciliation.reconcile()).ok).toBe(true);
  });

  test('a transfer without entries is refused at COMMIT', async () => {
    const refused = await refusal(() =>
      tdb.db.transaction((tx) => rawTransfer(tx, { kind: 'fund', key: 'fund:p9' }, [])),
    );
    expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_transfer_balanced' });
  });

  test('entries cannot be appended to a transfer committed earlier, not even a balanced pair', async () => {
    await ledger.post([buildFund({ paymentId: 'pay_2', campaignId: 'cmp_2', currency: 'USD', grossMicros: 100n })]);
    await tdb.db.execute(sql`INSERT INTO ledger_accounts (key, type, owner_id, currency, non_negative, negative_via)
                             VALUES ('participant_pending:ptn_2:USD', 'participant_pending', 'ptn_2', 'USD', true, '{}')`);
    const [accrual] = await queryRows<{ id: string }>(
      tdb.db,
      sql`SELECT id::text AS id FROM ledger_transfers WHERE idempotency_key = 'earnings:post_1:0'`,
    );
    const refused = await refusal(() =>
      tdb.db.transaction(async (tx) => {
        // Balanced and within an accrual's plan (debit a budget, credit a pending): only finality refuses it.
        await rawLeg(tx, accrual!.id, 'campaign_budget:cmp_2:USD', -7n);
        await rawLeg(tx, accrual!.id, 'participant_pending:ptn_2:USD', 7n);
      }),
    );
    expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_transfer_sealed' });
  });

  // Checked where each entry is written (migration 0011): what the rule compares can never change afterwards.
  test("an entry off its kind's plan, or in another currency, is refused by the statement that writes it", async () => {
    let statementsAccepted = false;
    // accrue may credit participant_pending only, not participant_available.
    const offPlan = await refusal(() =>
      tdb.db.transaction(async (tx) => {
        await rawTransfer(tx, { kind: 'accrue', key: 'earnings:post_y:0' }, [
          [BUDGET, -5n],
          [AVAILABLE, 5n],
        ]);
        statementsAccepted = true;
      }),
    );
    expect(offPlan).toMatchObject({ code: '23514', constraint: 'ledger_transfer_plan' });
    expect(statementsAccepted).toBe(false);

    const wrongCurrency = await refusal(() =>
      tdb.db.transaction(async (tx) => {
        await rawTransfer(tx, { kind: 'accrue', key: 'earnings:post_y:0', currency: 'EUR' }, [
          [BUDGET, -5n],
          [PENDING, 5n],
        ]);
        statementsAccepted = true;
      }),
    );
    expect(wrongCurrency).toMatchObject({ code: '23514', constraint: 'ledger_transfer_currency' });
    expect(statementsAccepted).toBe(false);
    expect(await transferExists('earnings:post_y:0')).toBe(false);
  });
});

// Migration 0007 runs the COMMIT checks once per statement over all its rows (a row of ledger_commit_checks per
// statement) instead of once per row: the same rules must hold for every row of a many-row statement, and nothing a
// transaction does to those recorded checks may skip them.
describe('checks at COMMIT: recorded per statement, run over every row', () => {
  /** One INSERT of several transfers; returns their ids by key. */
  async function insertTransfers(tx: Executor, keys: string[]): Promise<Map<string, string>> {
    const rows = await queryRows<{ id: string; key: string }>(
      tx,
      sql`INSERT INTO ledger_transfers (kind, idempotency_key, currency)
          SELECT 'accrue', k, 'USD' FROM unnest(${`{${keys.join(',')}}`}::text::text[]) AS k
          RETURNING id::text AS id, idempotency_key AS key`,
    );
    return new Map(rows.map((r) => [r.key, r.id]));
  }

  test('one statement inserting several transfers: the one without entries is found among the balanced ones', async () => {
    const refused = await refusal(() =>
      tdb.db.transaction(async (tx) => {
        const ids = await insertTransfers(tx, ['earnings:post_a:0', 'earnings:post_b:0', 'earnings:post_c:0']);
        for (const key of ['earnings:post_a:0', 'earnings:post_c:0']) {
          await rawLeg(tx, ids.get(key)!, BUDGET, -1n);
          await rawLeg(tx, ids.get(key)!, PENDING, 1n);
        }
      }),
    );
    expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_transfer_balanced' });
    expect(String((refused.error as Error).cause ?? refused.error)).toContain('earnings:post_b:0');
    expect(await transferExists('earnings:post_a:0')).toBe(false);
  });

  test('one statement inserting several transfers: an unbalanced one is found; all balanced, they commit', async () => {
    const unbalanced = await refusal(() =>
      tdb.db.transaction(async (tx) => {
        const ids = await insertTransfers(tx, ['earnings:post_a:0', 'earnings:post_b:0']);
        await rawLeg(tx, ids.get('earnings:post_a:0')!, BUDGET, -1n);
        await rawLeg(tx, ids.get('earnings:post_a:0')!, PENDING, 1n);
        await rawLeg(tx, ids.get('earnings:post_b:0')!, BUDGET, -2n);
        await rawLeg(tx, ids.get('earnings:post_b:0')!, PENDING, 1n);
      }),
    );
    expect(unbalanced).toMatchObject({ code: '23514', constraint: 'ledger_transfer_balanced' });

    await tdb.db.transaction(async (tx) => {
      const ids = await insertTransfers(tx, ['earnings:post_a:0', 'earnings:post_b:0']);
      for (const id of ids.values()) {
        await rawLeg(tx, id, BUDGET, -2n);
        await rawLeg(tx, id, PENDING, 2n);
      }
    });
    expect(await storedBalance(BUDGET)).toBe(36n);
    expect((await reconciliation.reconcile()).ok).toBe(true);
  });

  test('one statement writing the entries of several transfers: the one entry off its plan is found', async () => {
    const refused = await refusal(() =>
      tdb.db.transaction(async (tx) => {
        const ids = await insertTransfers(tx, ['earnings:post_a:0', 'earnings:post_b:0']);
        const [a, b] = [ids.get('earnings:post_a:0')!, ids.get('earnings:post_b:0')!];
        await tx.execute(
          sql`UPDATE ledger_accounts SET balance_micros = balance_micros + CASE WHEN key = ${BUDGET} THEN -2 ELSE 1 END,
                                         version = version + 1
               WHERE key IN (${BUDGET}, ${PENDING}, ${AVAILABLE})`,
        );
        // Balanced transfers, every balance where its last entry leaves it; post_b credits participant_available,
        // which an accrual may not.
        await tx.execute(
          sql`INSERT INTO ledger_entries (transfer_id, account_id, amount_micros, balance_after_micros)
              SELECT v.transfer_id::uuid, acc.id, v.amount::int8,
                     CASE WHEN v.last THEN acc.balance_micros ELSE acc.balance_micros + 1 END
                FROM (VALUES (1, ${a}, ${BUDGET}, -1, false), (2, ${a}, ${PENDING}, 1, true),
                             (3, ${b}, ${BUDGET}, -1, true), (4, ${b}, ${AVAILABLE}, 1, true))
                     AS v(ord, transfer_id, key, amount, last)
                JOIN ledger_accounts acc ON acc.key = v.key
               ORDER BY v.ord`,
        );
      }),
    );
    expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_transfer_plan' });
    expect(String((refused.error as Error).cause ?? refused.error)).toContain('earnings:post_b:0');
    expect(await transferExists('earnings:post_a:0')).toBe(false);
  });

  test('a balance moved by one of several UPDATEs, and not moved back, is found; the others as they are now pass', async () => {
    const refused = await refusal(() =>
      tdb.db.transaction(async (tx) => {
        await tx.execute(sql`UPDATE ledger_accounts SET balance_micros = balance_micros + 1
                              WHERE key IN (${BUDGET}, ${PENDING}, ${AVAILABLE})`);
        await tx.execute(sql`UPDATE ledger_accounts SET balance_micros = balance_micros - 1
                              WHERE key IN (${BUDGET}, ${PENDING})`);
      }),
    );
    expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_account_balance' });
    expect(String((refused.error as Error).cause ?? refused.error)).toContain(AVAILABLE);
    expect(await storedBalance(AVAILABLE)).toBe(50n);

    // Moved and moved back within the transaction: consistent at COMMIT, accepted (the rule is about COMMIT).
    await tdb.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE ledger_accounts SET balance_micros = balance_micros + 1 WHERE key = ${AVAILABLE}`);
      await tx.execute(sql`UPDATE ledger_accounts SET balance_micros = balance_micros - 1 WHERE key = ${AVAILABLE}`);
    });
    expect(await storedBalance(AVAILABLE)).toBe(50n);
  });

  test('a recorded check cannot be skipped: deleting or emptying its row changes nothing, TRUNCATE is refused', async () => {
    const unbalancedThen = (tamper: (tx: Executor) => Promise<unknown>) =>
      refusal(() =>
        tdb.db.transaction(async (tx) => {
          await rawTransfer(tx, { kind: 'accrue', key: 'earnings:post_x:0' }, [
            [BUDGET, -5n],
            [PENDING, 4n],
          ]);
          await tamper(tx);
        }),
      );
    expect(await unbalancedThen((tx) => tx.execute(sql`DELETE FROM ledger_commit_checks`))).toMatchObject({
      code: '23514',
      constraint: 'ledger_transfer_balanced',
    });
    expect(
      await unbalancedThen((tx) =>
        tx.execute(sql`UPDATE ledger_commit_checks SET transfer_ids = NULL, account_ids = NULL`),
      ),
    ).toMatchObject({ code: '23514', constraint: 'ledger_transfer_balanced' });
    // 55006 object_in_use: "cannot TRUNCATE ... because it has pending trigger events".
    expect(await unbalancedThen((tx) => tx.execute(sql`TRUNCATE ledger_commit_checks`))).toMatchObject({
      code: '55006',
    });
    expect(await transferExists('earnings:post_x:0')).toBe(false);
    expect(await storedBalance(BUDGET)).toBe(40n);
  });

  test('SET CONSTRAINTS ALL IMMEDIATE runs the recorded checks there and then', async () => {
    let reachedImmediate = false;
    const refused = await refusal(() =>
      tdb.db.transaction(async (tx) => {
        await rawTransfer(tx, { kind: 'fund', key: 'fund:p9' }, []);
        reachedImmediate = true;
        await tx.execute(sql`SET CONSTRAINTS ALL IMMEDIATE`);
        throw new Error('SET CONSTRAINTS should have refused');
      }),
    );
    expect(reachedImmediate).toBe(true);
    expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_transfer_balanced' });
  });

  test("entries leaving a balance other than the account's stored one are refused at their statement", async () => {
    let inserted = false;
    const refused = await refusal(() =>
      tdb.db.transaction(async (tx) => {
        const [row] = await queryRows<{ id: string }>(
          tx,
          sql`INSERT INTO ledger_transfers (kind, idempotency_key, currency) VALUES ('accrue', 'earnings:post_w:0', 'USD')
              RETURNING id::text AS id`,
        );
        // The amounts are right, the balances were not moved: balance_after disagrees with the stored balance.
        await tx.execute(sql`INSERT INTO ledger_entries (transfer_id, account_id, amount_micros, balance_after_micros)
                             SELECT ${row!.id}::text::uuid, id, CASE WHEN key = ${BUDGET} THEN -3 ELSE 3 END,
                                    balance_micros + CASE WHEN key = ${BUDGET} THEN -3 ELSE 3 END
                               FROM ledger_accounts WHERE key IN (${BUDGET}, ${PENDING})`);
        inserted = true;
      }),
    );
    expect(inserted).toBe(false);
    expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_account_balance' });
  });

  test('checks that pass leave nothing behind: ledger_commit_checks is empty after COMMIT', async () => {
    await ledger.post([
      buildAccrue({
        campaignId: 'cmp_1',
        participationId: 'ptn_1',
        postId: 'post_2',
        sequence: 0,
        currency: 'USD',
        amountMicros: 5n,
        holdEndsAt: new Date('2026-01-01T00:00:00Z'),
      }),
    ]);
    const [row] = await queryRows<{ n: number }>(tdb.db, sql`SELECT count(*)::int AS n FROM ledger_commit_checks`);
    expect(row!.n).toBe(0);
    expect(await storedBalance(BUDGET)).toBe(35n);
  });
});

describe('append-only: corrections are new transfers', () => {
  test('entries and transfers can be neither updated nor deleted', async () => {
    const attempts = [
      sql`UPDATE ledger_entries SET amount_micros = amount_micros * 2`,
      sql`UPDATE ledger_entries SET balance_after_micros = 0`,
      sql`DELETE FROM ledger_entries`,
      sql`UPDATE ledger_transfers SET metadata = '{}'::jsonb`,
      sql`UPDATE ledger_transfers SET idempotency_key = idempotency_key || ':x'`,
      sql`DELETE FROM ledger_transfers WHERE kind = 'lock'`,
    ];
    for (const statement of attempts) {
      expect(await refusal(() => tdb.db.execute(statement))).toMatchObject({ code: '23001' });
    }
    expect(await storedBalance(AVAILABLE)).toBe(50n);
    expect((await reconciliation.reconcile()).ok).toBe(true);
  });

  test('accounts are never deleted and keep their identity; their version never goes back', async () => {
    const attempts = [
      sql`DELETE FROM ledger_accounts WHERE key = ${AVAILABLE}`,
      sql`UPDATE ledger_accounts SET owner_id = 'usr_2', key = 'participant_available:usr_2:USD' WHERE key = ${AVAILABLE}`,
      sql`UPDATE ledger_accounts SET non_negative = false WHERE key = ${BUDGET}`,
      sql`UPDATE ledger_accounts SET version = version - 1 WHERE key = ${BUDGET}`,
    ];
    for (const statement of attempts) {
      expect(await refusal(() => tdb.db.execute(statement))).toMatchObject({ code: '23001' });
    }
  });
});

describe('floors', () => {
  test('a raw UPDATE taking a non-negative balance below zero fails at once (CHECK)', async () => {
    for (const key of [BUDGET, PENDING]) {
      const refused = await refusal(() =>
        tdb.db.execute(sql`UPDATE ledger_accounts SET balance_micros = -1 WHERE key = ${key}`),
      );
      expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_accounts_floor' });
    }
    // The engine maps the refusal to its own error.
    const refused = await refusal(() =>
      tdb.db.execute(sql`UPDATE ledger_accounts SET balance_micros = -1 WHERE key = ${BUDGET}`),
    );
    expect(toLedgerPostError(refused.error)).toMatchObject({ code: 'FLOOR_VIOLATION' });
  });

  test('a stored balance moved without entries is refused at COMMIT, upwards too', async () => {
    for (const key of [BUDGET, AVAILABLE]) {
      const refused = await refusal(() =>
        tdb.db.transaction(async (tx) => {
          await tx.execute(sql`UPDATE ledger_accounts SET balance_micros = balance_micros + 1 WHERE key = ${key}`);
        }),
      );
      expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_account_balance' });
      expect(toLedgerPostError(refused.error)).toMatchObject({ code: 'INTEGRITY_VIOLATION' });
    }
    // participant_available's CHECK exempts it (a clawback may take it below 0), so the commit check is its guard.
    const refused = await refusal(() =>
      tdb.db.transaction(async (tx) => {
        await tx.execute(sql`UPDATE ledger_accounts SET balance_micros = -1 WHERE key = ${AVAILABLE}`);
      }),
    );
    expect(refused).toMatchObject({ code: '23514', constraint: 'ledger_account_balance' });
  });

  test('participant_available goes below zero through a clawback only, per entry, whatever the batch', async () => {
    await tdb.db.execute(sql`INSERT INTO ledger_accounts (key, type, owner_id, currency, non_negative, negative_via)
                             VALUES ('payouts_in_transit:usr_1:USD', 'payouts_in_transit', 'usr_1', 'USD', true, '{}')`);
    const payout = await refusal(() =>
      tdb.db.transaction((tx) =>
        rawTransfer(tx, { kind: 'payout', key: 'payout:pi_1' }, [
          [AVAILABLE, -60n],
          ['payouts_in_transit:usr_1:USD', 60n],
        ]),
      ),
    );
    expect(payout).toMatchObject({ code: '23514', constraint: 'ledger_entries_floor' });

    // The same move as a clawback (pending 10, then available 60 → -10) is allowed.
    await tdb.db.transaction((tx) =>
      rawTransfer(tx, { kind: 'clawback', key: 'earnings:post_1:1' }, [
        [PENDING, -10n],
        [AVAILABLE, -60n],
        [BUDGET, 70n],
      ]),
    );
    expect(await storedBalance(AVAILABLE)).toBe(-10n);
    expect((await reconciliation.reconcile()).ok).toBe(true);

    // Further down by a payout: refused, although the final balance would be what it is.
    const deeper = await refusal(() =>
      tdb.db.transaction((tx) =>
        rawTransfer(tx, { kind: 'payout', key: 'payout:pi_2' }, [
          [AVAILABLE, -1n],
          ['payouts_in_transit:usr_1:USD', 1n],
        ]),
      ),
    );
    expect(deeper).toMatchObject({ code: '23514', constraint: 'ledger_entries_floor' });
  });
});

describe('the account plan in the database is the domain’s', () => {
  test('account rows must carry their type’s flags and a matching key', async () => {
    const insert = (key: string, type: string, owner: string, nonNegative: boolean, negativeVia: string) =>
      tdb.db.execute(sql`INSERT INTO ledger_accounts (key, type, owner_id, currency, non_negative, negative_via)
                         VALUES (${key}, ${type}, ${owner}, 'USD', ${nonNegative}, ${negativeVia}::text::text[])`);
    expect(
      await refusal(() => insert('participant_available:u9:USD', 'participant_available', 'u9', true, '{}')),
    ).toMatchObject({ code: '23514', constraint: 'ledger_accounts_rule' });
    expect(await refusal(() => insert('campaign_budget:c9:USD', 'campaign_budget', 'c9', false, '{}'))).toMatchObject({
      code: '23514',
      constraint: 'ledger_accounts_rule',
    });
    expect(await refusal(() => insert('campaign_budget:c8:USD', 'campaign_budget', 'c9', true, '{}'))).toMatchObject({
      code: '23514',
      constraint: 'ledger_accounts_key_matches',
    });
    expect(await refusal(() => insert('savings:c9:USD', 'savings', 'c9', true, '{}'))).toMatchObject({
      code: '23514',
      constraint: 'ledger_accounts_type',
    });
  });

  test('types, kinds and the transfer plan match the domain exactly', async () => {
    expect([...ledgerAccountTypes].sort()).toEqual([...ACCOUNT_TYPE_NAMES].sort());
    expect([...ledgerTransferKinds].sort()).toEqual([...TRANSFER_KINDS].sort());
    const plan = await queryRows<{ kind: string; side: string; account_type: string }>(
      tdb.db,
      sql`SELECT kind, side, account_type FROM ledger_transfer_plan()`,
    );
    const fromDatabase = plan.map((p) => `${p.kind}/${p.side}/${p.account_type}`).sort();
    const fromDomain = Object.entries(TRANSFER_PLAN)
      .flatMap(([kind, p]) => [
        ...p.debit.map((type) => `${kind}/debit/${type}`),
        ...p.credit.map((type) => `${kind}/credit/${type}`),
      ])
      .sort();
    expect(fromDatabase).toEqual(fromDomain);

    // And the CHECK on flags agrees with ACCOUNT_TYPES: the engine creates one account of every type.
    for (const type of ACCOUNT_TYPE_NAMES) {
      const rule = ACCOUNT_TYPES[type];
      const owner = rule.owner === 'platform' ? 'platform' : 'x1';
      await tdb.db.execute(sql`INSERT INTO ledger_accounts (key, type, owner_id, currency, non_negative, negative_via)
        VALUES (${`${type}:${owner}:EUR`}, ${type}, ${owner}, 'EUR', ${rule.nonNegative},
                ${`{${rule.mayGoNegativeVia.join(',')}}`}::text::text[])`);
    }
  });
});
