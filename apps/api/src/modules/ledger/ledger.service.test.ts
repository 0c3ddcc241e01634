import { queryRows } from '@creator-rewards/db';
import type { TestDatabase } from '@creator-rewards/db/testing';
import {
  LedgerError,
  accountKey,
  applyTransfers,
  buildAccrue,
  buildClawback,
  buildFund,
  buildLock,
  buildPayout,
  buildPayoutFailed,
  buildPayoutSettled,
  emptyLedger,
  type Transfer,
} from '@creator-rewards/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AppError } from '../../platform/errors/app-error.js';
import type { LedgerReconciliationService } from './ledger-reconciliation.service.js';
import { requireApplied, type LedgerService } from './ledger.service.js';
import { LEVEL, ledgerOn, openLedger, type CapturedLogs } from './test-utils/ledger-testing.js';

const HOLD = new Date('2026-12-03T00:00:00Z');
const BUDGET = accountKey('campaign_budget', 'cmp_1', 'USD');
const CASH = accountKey('platform_cash', 'platform', 'USD');
const FEES = accountKey('platform_fees', 'platform', 'USD');
const AVAILABLE = accountKey('participant_available', 'usr_1', 'USD');

const fund = (paymentId: string, grossMicros: bigint, basisPoints = 0n) =>
  buildFund({ paymentId, campaignId: 'cmp_1', currency: 'USD', grossMicros, fee: { basisPoints } });
const accrue = (post: string, sequence: number, amountMicros: bigint, participation = 'ptn_1') =>
  buildAccrue({
    campaignId: 'cmp_1',
    participationId: participation,
    postId: post,
    sequence,
    currency: 'USD',
    amountMicros,
    holdEndsAt: HOLD,
  });
const lock = (sequence: number, amountMicros: bigint) =>
  buildLock({ participationId: 'ptn_1', participantId: 'usr_1', sequence, currency: 'USD', amountMicros });
const payout = (id: string, amountMicros: bigint) =>
  buildPayout({ payoutItemId: id, participantId: 'usr_1', currency: 'USD', amountMicros });

let tdb: TestDatabase;
let ledger: LedgerService;
let reconciliation: LedgerReconciliationService;
let logs: CapturedLogs;

beforeAll(async () => {
  ({ tdb, ledger, reconciliation, logs } = await openLedger());
});
afterAll(() => tdb?.close());
beforeEach(async () => {
  await tdb.truncateAll();
  logs.clear();
});

const statuses = (result: { outcomes: readonly { status: string }[] }) => result.outcomes.map((o) => o.status);
const stored = async (key: string) => (await ledger.getBalance(key)).storedMicros;
const count = async (table: 'ledger_transfers' | 'ledger_entries' | 'ledger_accounts') =>
  Number((await queryRows<{ n: number }>(tdb.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`))[0]!.n);

describe('post', () => {
  test('applies a batch: entries with their balance after, stored balances, versions, outcomes with ids', async () => {
    const result = await ledger.post([
      fund('pay_1', 1_000_000n, 500n),
      accrue('post_1', 0, 300_000n),
      lock(0, 100_000n),
    ]);
    expect(statuses(result)).toEqual(['applied', 'applied', 'applied']);
    const [first] = result.outcomes;
    expect(first?.status === 'applied' && first.transfer.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);

    expect(await stored(CASH)).toBe(-1_000_000n);
    expect(await stored(FEES)).toBe(50_000n);
    expect(await stored(BUDGET)).toBe(650_000n);
    expect((await ledger.getBalance(CASH)).balanceMicros).toBe(1_000_000n); // read from its debit side
    expect(result.balances.get(BUDGET)).toBe(650_000n);

    const budget = await ledger.getStatement(BUDGET);
    expect(budget.lines.map((l) => [l.kind, l.amountMicros, l.balanceAfterMicros])).toEqual([
      ['accrue', -300_000n, 650_000n],
      ['fund', 950_000n, 950_000n],
    ]);
    expect((await ledger.getBalance(BUDGET)).entryCount).toBe(2n);
    expect((await reconciliation.reconcile()).ok).toBe(true);
  });

  test('one balance UPDATE per touched account per batch, however many transfers touch it', async () => {
    await ledger.post([fund('pay_1', 10_000_000n)]);
    const accruals = Array.from({ length: 12 }, (_, i) => accrue(`post_${i}`, 0, 1_000n, `ptn_${i % 3}`));
    let updatesPerAccount: { key: string; n: number }[] = [];
    const observed = new Error('observed; roll back the probe');
    await expect(
      tdb.db.transaction(async (tx) => {
        // A probe trigger counting row updates, gone with the rollback below.
        await tx.execute(sql`CREATE TEMP TABLE account_updates (id bigint) ON COMMIT DROP`);
        await tx.execute(
          sql.raw(`CREATE FUNCTION probe_account_update() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN INSERT INTO account_updates VALUES (NEW.id); RETURN NULL; END $$`),
        );
        await tx.execute(sql`CREATE TRIGGER probe_account_update AFTER UPDATE ON ledger_accounts
                             FOR EACH ROW EXECUTE FUNCTION probe_account_update()`);
        const result = await ledger.post(accruals, { tx });
        expect(statuses(result).every((s) => s === 'applied')).toBe(true);
        updatesPerAccount = await queryRows<{ key: string; n: number }>(
          tx,
          sql`SELECT a.key, count(*)::int AS n FROM account_updates u JOIN ledger_accounts a ON a.id = u.id
               GROUP BY a.key ORDER BY a.key`,
        );
        throw observed;
      }),
    ).rejects.toBe(observed);
    expect(updatesPerAccount).toEqual([
      { key: BUDGET, n: 1 },
      { key: 'participant_pending:ptn_0:USD', n: 1 },
      { key: 'participant_pending:ptn_1:USD', n: 1 },
      { key: 'participant_pending:ptn_2:USD', n: 1 },
    ]);
  });

  test('a retry is a duplicate: the original comes back and nothing is posted again', async () => {
    const first = await ledger.post([fund('pay_1', 1_000n), accrue('post_1', 0, 400n)]);
    const rows = await count('ledger_entries');
    const again = await ledger.post([accrue('post_1', 0, 400n), fund('pay_1', 1_000n)]);
    expect(statuses(again)).toEqual(['duplicate', 'duplicate']);
    const original = first.outcomes[1];
    const duplicate = again.outcomes[0];
    expect(duplicate?.status === 'duplicate' && duplicate.transfer.id).toBe(
      original?.status === 'applied' && original.transfer.id,
    );
    expect(duplicate?.status === 'duplicate' && duplicate.transfer.metadata).toEqual(
      accrue('post_1', 0, 400n).metadata,
    );
    expect(await count('ledger_entries')).toBe(rows);
    expect(await stored(BUDGET)).toBe(600n);
  });

  test('a stale computation is a key conflict carrying the original, and requireApplied turns it into an error', async () => {
    await ledger.post([fund('pay_1', 1_000n), accrue('post_1', 0, 400n)]);
    const stale = await ledger.post([accrue('post_1', 0, 500n)]);
    const [outcome] = stale.outcomes;
    expect(outcome?.status).toBe('key_conflict');
    if (outcome?.status !== 'key_conflict') return;
    expect(outcome.transfer.entries.map((e) => e.amountMicros)).toEqual([-400n, 400n]);
    expect(outcome.attempted.entries.map((e) => e.amountMicros)).toEqual([-500n, 500n]);
    expect(() => requireApplied(stale)).toThrow(expect.objectContaining({ code: 'KEY_CONFLICT' }));
    expect(await stored(BUDGET)).toBe(600n);
  });

  test('a transfer that would break a floor is rejected alone; its key stays free; the rest of the batch applies', async () => {
    await ledger.post([fund('pay_1', 100_000_000n), accrue('post_1', 0, 30_000_000n), lock(0, 30_000_000n)]);
    const result = await ledger.post([payout('pi_1', 40_000_000n), payout('pi_2', 10_000_000n)]);
    expect(result.outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: 'NEGATIVE_BALANCE',
      accountKey: AVAILABLE,
      balanceAfterMicros: -10_000_000n,
    });
    expect(result.outcomes[1]?.status).toBe('applied');
    expect(() => requireApplied(result)).toThrow(expect.objectContaining({ code: 'NEGATIVE_BALANCE' }));
    expect(await stored(AVAILABLE)).toBe(20_000_000n);
    expect(statuses(await ledger.post([payout('pi_1', 20_000_000n)]))).toEqual(['applied']);
  });

  test('a payout leaves through in-transit; a failure brings it back; its outcome resolves once', async () => {
    const item = { payoutItemId: 'pi_1', participantId: 'usr_1', currency: 'USD', amountMicros: 20_000n } as const;
    const IN_TRANSIT = accountKey('payouts_in_transit', 'usr_1', 'USD');
    await ledger.post([fund('pay_1', 100_000n), accrue('post_1', 0, 50_000n), lock(0, 50_000n)]);
    expect(statuses(await ledger.post([buildPayout(item)]))).toEqual(['applied']);
    expect([await stored(AVAILABLE), await stored(IN_TRANSIT)]).toEqual([30_000n, 20_000n]);
    expect(statuses(await ledger.post([buildPayoutFailed({ ...item, failureCode: 'account_closed' })]))).toEqual([
      'applied',
    ]);
    expect([await stored(AVAILABLE), await stored(IN_TRANSIT)]).toEqual([50_000n, 0n]);
    // A late "settled" event for the same item cannot also apply: both outcomes share one key.
    expect(statuses(await ledger.post([buildPayoutSettled(item)]))).toEqual(['key_conflict']);
    expect(await stored(CASH)).toBe(-100_000n);
  });

  test('inside one batch, outcomes follow the reference model transfer by transfer', async () => {
    const batch: Transfer[] = [
      fund('pay_1', 1_000n),
      accrue('post_1', 0, 1_200n), // more than the budget: rejected
      accrue('post_1', 0, 700n), // same key, now applies (the rejected one left it free)
      accrue('post_1', 0, 700n), // a retry inside the batch
      accrue('post_1', 0, 300n), // a stale one inside the batch
      accrue('post_2', 0, 300n), // exactly what is left
      buildClawback({
        campaignId: 'cmp_1',
        participationId: 'ptn_1',
        participantId: 'usr_1',
        postId: 'post_1',
        sequence: 1,
        currency: 'USD',
        amountMicros: 900n,
        pendingMicros: 1_000n,
        reason: 'metric_fell',
      }),
    ];
    const result = await ledger.post(batch);
    const model = applyTransfers(emptyLedger(), batch);
    expect(statuses(result)).toEqual(model.outcomes.map((o) => o.status));
    expect(statuses(result)).toEqual([
      'applied',
      'rejected',
      'applied',
      'duplicate',
      'key_conflict',
      'applied',
      'applied',
    ]);
    for (const [key, balance] of model.ledger.balances) expect(await stored(key)).toBe(balance);
    expect((await reconciliation.reconcile()).ok).toBe(true);
  });

  test('malformed transfers throw before anything is written: only a bug builds one', async () => {
    const good = accrue('post_1', 0, 5n);
    const unbalanced = { ...good, entries: [good.entries[0]!, { ...good.entries[1]!, amountMicros: 4n }] };
    await expect(ledger.post([fund('pay_1', 100n), unbalanced])).rejects.toBeInstanceOf(LedgerError);
    expect(await count('ledger_transfers')).toBe(0);
  });

  test("in the caller's transaction: nothing stays if the caller rolls back; a savepoint keeps the caller usable", async () => {
    await expect(
      ledger.withSingleWriter('campaign:cmp_1', async (tx) => {
        await ledger.post([fund('pay_1', 1_000n)], { tx });
        expect((await ledger.getBalance(BUDGET, { tx })).storedMicros).toBe(1_000n);
        throw new Error('the caller changes its mind');
      }),
    ).rejects.toThrow('the caller changes its mind');
    expect(await count('ledger_transfers')).toBe(0);

    await tdb.db.transaction(async (tx) => {
      const result = await ledger.post([fund('pay_1', 1_000n)], { tx, effectiveAt: new Date('2026-02-01T10:00:00Z') });
      const [outcome] = result.outcomes;
      expect(outcome?.status === 'applied' && outcome.transfer.effectiveAt.toISOString()).toBe(
        '2026-02-01T10:00:00.000Z',
      );
      await ledger.post([accrue('post_1', 0, 100n)], { tx });
    });
    expect(await stored(BUDGET)).toBe(900n);
  });

  // That the read comes after the lock (it sees the previous writer's commit) is what the 64-producer concurrency test
  // on PostgreSQL relies on: a read with the snapshot from before the wait overspends there.
  test("a single writer reads its owners' accounts in the lock's round trip", async () => {
    await ledger.post([fund('pay_1', 1_000n), accrue('post_1', 0, 300n)]);
    const owned = await ledger.withSingleWriter('campaign:cmp_1', async (_tx, accounts) => accounts, {
      readOwners: ['cmp_1', 'ptn_1', 'cmp_unknown'],
    });
    expect(owned.map((b) => [b.key, b.storedMicros, b.entryCount])).toEqual([
      [BUDGET, 700n, 2n],
      [accountKey('participant_pending', 'ptn_1', 'USD'), 300n, 1n],
    ]);
    // Without owners, nothing is read.
    expect(await ledger.withSingleWriter('campaign:cmp_1', async (_tx, accounts) => accounts)).toEqual([]);
  });

  test('another engine (another process) moved the accounts meanwhile: outcomes follow the real state', async () => {
    // This engine decides a batch on the balances it last saw, and the database writes it only if they are still
    // current (ledger_post_batch, migrations 0007 and 0009); otherwise it decides again on the real, locked state.
    const other = ledgerOn(tdb).ledger;
    await ledger.post([fund('pay_1', 1_000n)]); // this engine saw the budget at 1,000
    expect(statuses(await other.post([accrue('post_1', 0, 700n)]))).toEqual(['applied']);
    const result = await ledger.post([accrue('post_2', 0, 500n), accrue('post_3', 0, 300n)]);
    expect(statuses(result)).toEqual(['rejected', 'applied']); // 300 left, not 1,000
    expect(result.balances.get(BUDGET)).toBe(0n);
    expect(await stored(BUDGET)).toBe(0n);

    // The same in the caller's transaction, where the second decision runs in a savepoint.
    await other.post([fund('pay_2', 100n)]);
    await tdb.db.transaction(async (tx) => {
      const inTx = await ledger.post([accrue('post_4', 0, 100n), accrue('post_1', 0, 700n)], { tx });
      expect(statuses(inTx)).toEqual(['applied', 'duplicate']);
    });
    expect(await stored(BUDGET)).toBe(0n);
    expect((await reconciliation.reconcile()).ok).toBe(true);
  });

  test("a batch the database refuses in the caller's transaction writes nothing and leaves the transaction usable", async () => {
    await ledger.post([fund('pay_1', 1_000n)]);
    await tdb.db.transaction(async (tx) => {
      // A probe standing in for a database rule the engine does not foresee: it refuses every entry.
      await tx.execute(
        sql.raw(`CREATE FUNCTION probe_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'probe' USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entries_floor'; END $$`),
      );
      await tx.execute(sql`CREATE TRIGGER probe_refuse BEFORE INSERT ON ledger_entries
                           FOR EACH ROW EXECUTE FUNCTION probe_refuse()`);
      await expect(ledger.post([accrue('post_1', 0, 100n)], { tx })).rejects.toMatchObject({
        code: 'FLOOR_VIOLATION',
      });
      expect((await ledger.getBalance(BUDGET, { tx })).storedMicros).toBe(1_000n);
      await tx.execute(sql`DROP TRIGGER probe_refuse ON ledger_entries`);
      await tx.execute(sql`DROP FUNCTION probe_refuse()`);
      expect(statuses(await ledger.post([accrue('post_1', 0, 100n)], { tx }))).toEqual(['applied']);
    });
    expect(await stored(BUDGET)).toBe(900n);
    expect(await count('ledger_transfers')).toBe(2);
    expect((await reconciliation.reconcile()).ok).toBe(true);
  });

  test('an empty batch posts nothing', async () => {
    expect(await ledger.post([])).toEqual({ outcomes: [], balances: new Map() });
  });
});

describe('reads', () => {
  test('balances as of a time are the sum of the entries up to it', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 15));
    const now = async () =>
      new Date((await queryRows<{ t: string }>(tdb.db, sql`SELECT clock_timestamp()::text AS t`))[0]!.t);
    const t0 = await now();
    await pause();
    await ledger.post([fund('pay_1', 1_000n)]);
    await pause();
    const t1 = await now();
    await pause();
    await ledger.post([accrue('post_1', 0, 300n)]);
    await pause();
    const t2 = await now();

    const at = async (asOf: Date) => (await ledger.getBalance(BUDGET, { asOf })).storedMicros;
    expect([await at(t0), await at(t1), await at(t2)]).toEqual([0n, 1_000n, 700n]);
    expect((await ledger.getBalance(BUDGET, { asOf: t1 })).entryCount).toBe(1n);
    expect(await stored(BUDGET)).toBe(700n);
  });

  test('an account that does not exist reads as 0; owners list all their accounts', async () => {
    expect(await ledger.getBalance(accountKey('participant_available', 'nobody', 'EUR'))).toMatchObject({
      storedMicros: 0n,
      balanceMicros: 0n,
      entryCount: 0n,
      type: 'participant_available',
      currency: 'EUR',
    });
    await ledger.post([fund('pay_1', 1_000n), accrue('post_1', 0, 300n), lock(0, 100n)]);
    const owned = await ledger.getBalancesByOwner(['usr_1', 'ptn_1']);
    expect(owned.map((b) => [b.key, b.balanceMicros])).toEqual([
      [AVAILABLE, 100n],
      [accountKey('participant_pending', 'ptn_1', 'USD'), 200n],
    ]);
  });

  test('statements page by entry id, newest first, stable while entries arrive', async () => {
    await ledger.post([fund('pay_1', 1_000_000n)]);
    await ledger.post(Array.from({ length: 6 }, (_, i) => accrue(`post_${i}`, 0, BigInt(i + 1))));
    const first = await ledger.getStatement(BUDGET, { limit: 3 });
    expect(first.lines.map((l) => l.amountMicros)).toEqual([-6n, -5n, -4n]);
    await ledger.post([accrue('post_9', 0, 100n)]); // arrives between pages: the next page is unaffected
    const second = await ledger.getStatement(BUDGET, { limit: 3, cursor: first.nextCursor! });
    expect(second.lines.map((l) => l.amountMicros)).toEqual([-3n, -2n, -1n]);
    const last = await ledger.getStatement(BUDGET, { limit: 3, cursor: second.nextCursor! });
    expect(last.lines.map((l) => [l.kind, l.amountMicros, l.balanceAfterMicros])).toEqual([
      ['fund', 1_000_000n, 1_000_000n],
    ]);
    expect(last.nextCursor).toBeNull();
    expect(second.lines[0]?.metadata.postId).toBe('post_2');

    await expect(ledger.getStatement(BUDGET, { cursor: 'not a cursor' })).rejects.toBeInstanceOf(AppError);
    await expect(
      ledger.getStatement(BUDGET, { cursor: Buffer.from('-1').toString('base64url') }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('reconcile', () => {
  test('clean books: ok, recorded, logged at info', async () => {
    await ledger.post([fund('pay_1', 1_000n, 1_000n), accrue('post_1', 0, 300n), lock(0, 300n)]);
    await ledger.post([fund('pay_9', 500n), { ...fund('pay_9', 500n) }]);
    const report = await reconciliation.reconcile();
    expect(report).toMatchObject({
      ok: true,
      differences: [],
      accountsChecked: 5n,
      transfersChecked: 4n,
      entriesChecked: 9n,
    });
    const [row] = await queryRows<{ ok: boolean; differences: unknown[] }>(
      tdb.db,
      sql`SELECT ok, differences FROM ledger_reconciliations WHERE id = ${report.id}::text::int8`,
    );
    expect(row).toEqual({ ok: true, differences: [] });
    expect(logs.lines().some((l) => l.level === LEVEL.info && String(l.msg).startsWith('ledger reconciled'))).toBe(
      true,
    );
    expect(logs.lines().some((l) => Number(l.level) >= LEVEL.error)).toBe(false);
  });

  test('tampered books (triggers switched off, as only a superuser can): every difference is found, logged at error level and recorded', async () => {
    await ledger.post([fund('pay_1', 1_000n), accrue('post_1', 0, 300n)]);
    await tdb.db.transaction(async (tx) => {
      // session_replication_role = replica disables the ledger's triggers (not its CHECKs): the attack reconciliation exists for.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE ledger_accounts SET balance_micros = balance_micros + 5 WHERE key = ${BUDGET}`);
      await tx.execute(sql`UPDATE ledger_entries SET balance_after_micros = balance_after_micros + 1
                            WHERE id = (SELECT min(id) FROM ledger_entries)`);
      await tx.execute(
        sql`INSERT INTO ledger_transfers (kind, idempotency_key, currency) VALUES ('fund', 'fund:ghost', 'USD')`,
      );
    });
    const report = await reconciliation.reconcile();
    expect(report.ok).toBe(false);
    const kinds = report.differences.map((d) => d.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['account_balance', 'balance_after_chain', 'currency_total', 'transfer_unbalanced']),
    );
    expect(report.differences).toContainEqual(
      expect.objectContaining({
        kind: 'account_balance',
        accountKey: BUDGET,
        storedMicros: 705n,
        entriesSumMicros: 700n,
      }),
    );
    expect(report.differences).toContainEqual({
      kind: 'currency_total',
      currency: 'USD',
      entriesTotalMicros: 0n,
      storedTotalMicros: 5n,
    });
    expect(report.differences).toContainEqual({
      kind: 'transfer_unbalanced',
      idempotencyKey: 'fund:ghost',
      entryCount: 0n,
      totalMicros: 0n,
    });

    const errors = logs.lines().filter((l) => l.level === LEVEL.error);
    expect(errors.length).toBe(report.differences.length + 1);
    expect(errors.map((l) => l.msg)).toContain('ledger difference: account_balance');
    const [row] = await queryRows<{ ok: boolean; n: number }>(
      tdb.db,
      sql`SELECT ok, jsonb_array_length(differences) AS n FROM ledger_reconciliations WHERE id = ${report.id}::text::int8`,
    );
    expect(row).toEqual({ ok: false, n: report.differences.length });
  });
});
