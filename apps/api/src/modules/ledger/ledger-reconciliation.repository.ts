import { Injectable } from '@nestjs/common';
import { queryRows, type Executor } from '@creator-rewards/db';
import { sql } from 'drizzle-orm';

/**
 * The reconciliation's queries (no rules here). The service runs the reads inside one REPEATABLE READ snapshot, so
 * they describe the same state while posting goes on. Each reads whole tables: a background job's work, not a
 * request's.
 */
export type AccountMismatchRow = {
  key: string;
  storedMicros: bigint;
  entriesSumMicros: bigint;
  lastBalanceAfterMicros: bigint | null;
  version: bigint;
  entryCount: bigint;
};

export type ChainBreakRow = { key: string; entryId: string; balanceAfterMicros: bigint; runningSumMicros: bigint };

export type CurrencyTotalRow = { currency: string; entriesTotalMicros: bigint; storedTotalMicros: bigint };

export type UnbalancedTransferRow = { idempotencyKey: string; entryCount: bigint; totalMicros: bigint };

export type ReconciliationRecord = {
  startedAt: Date;
  ok: boolean;
  accountsChecked: bigint;
  entriesChecked: bigint;
  transfersChecked: bigint;
  differences: Record<string, unknown>[];
};

export type StoredReconciliationRow = ReconciliationRecord & { id: string; finishedAt: Date };

/** How many rows of each kind of difference a reconciliation reports (the counts are exact). */
export const RECONCILIATION_ROW_LIMIT = 100;

@Injectable()
export class LedgerReconciliationRepository {
  async countRows(tx: Executor): Promise<{ accounts: bigint; entries: bigint; transfers: bigint }> {
    const [row] = await queryRows<{ accounts: string; entries: string; transfers: string }>(
      tx,
      sql`SELECT (SELECT count(*) FROM ledger_accounts)::text AS accounts,
                 (SELECT count(*) FROM ledger_entries)::text AS entries,
                 (SELECT count(*) FROM ledger_transfers)::text AS transfers`,
    );
    return {
      accounts: BigInt(row?.accounts ?? '0'),
      entries: BigInt(row?.entries ?? '0'),
      transfers: BigInt(row?.transfers ?? '0'),
    };
  }

  /** Accounts whose stored balance differs from the sum of their entries or from their last balance_after, or whose version is not their entry count. */
  async accountMismatches(tx: Executor): Promise<{ rows: AccountMismatchRow[]; count: bigint }> {
    const rows = await queryRows<{
      key: string;
      stored: string;
      entries_sum: string;
      last_after: string | null;
      version: string;
      entry_count: string;
      total: string;
    }>(
      tx,
      sql`WITH sums AS (
            SELECT account_id, sum(amount_micros) AS total, count(*) AS n, max(id) AS last_id
              FROM ledger_entries GROUP BY account_id
          ), bad AS (
            SELECT a.id, a.key, a.balance_micros, a.version, coalesce(s.total, 0) AS entries_sum,
                   coalesce(s.n, 0) AS entry_count, last.balance_after_micros AS last_after
              FROM ledger_accounts a
              LEFT JOIN sums s ON s.account_id = a.id
              LEFT JOIN ledger_entries last ON last.id = s.last_id
             WHERE a.balance_micros <> coalesce(s.total, 0)
                OR a.version <> coalesce(s.n, 0)
                OR a.balance_micros IS DISTINCT FROM coalesce(last.balance_after_micros, 0)
          )
          SELECT key, balance_micros::text AS stored, entries_sum::text AS entries_sum, last_after::text AS last_after,
                 version::text AS version, entry_count::text AS entry_count, (count(*) OVER ())::text AS total
            FROM bad ORDER BY id LIMIT ${RECONCILIATION_ROW_LIMIT}`,
    );
    return {
      count: BigInt(rows[0]?.total ?? '0'),
      rows: rows.map((r) => ({
        key: r.key,
        storedMicros: BigInt(r.stored),
        entriesSumMicros: BigInt(r.entries_sum),
        lastBalanceAfterMicros: r.last_after === null ? null : BigInt(r.last_after),
        version: BigInt(r.version),
        entryCount: BigInt(r.entry_count),
      })),
    };
  }

  /** Entries whose balance_after is not the running sum of their account's entries up to them (in id order). */
  async chainBreaks(tx: Executor): Promise<{ rows: ChainBreakRow[]; count: bigint }> {
    const rows = await queryRows<{ key: string; entry_id: string; after: string; running: string; total: string }>(
      tx,
      sql`WITH running AS (
            SELECT id, account_id, balance_after_micros,
                   sum(amount_micros) OVER (PARTITION BY account_id ORDER BY id) AS running
              FROM ledger_entries
          ), bad AS (
            SELECT * FROM running WHERE running <> balance_after_micros
          )
          SELECT a.key, b.id::text AS entry_id, b.balance_after_micros::text AS after, b.running::text AS running,
                 (count(*) OVER ())::text AS total
            FROM bad b JOIN ledger_accounts a ON a.id = b.account_id
           ORDER BY b.id LIMIT ${RECONCILIATION_ROW_LIMIT}`,
    );
    return {
      count: BigInt(rows[0]?.total ?? '0'),
      rows: rows.map((r) => ({
        key: r.key,
        entryId: r.entry_id,
        balanceAfterMicros: BigInt(r.after),
        runningSumMicros: BigInt(r.running),
      })),
    };
  }

  /** Per currency, the total of all entries and of all stored balances: both must be exactly 0. */
  async currencyTotals(tx: Executor): Promise<CurrencyTotalRow[]> {
    const rows = await queryRows<{ currency: string; entries_total: string; stored_total: string }>(
      tx,
      sql`WITH sums AS (SELECT account_id, sum(amount_micros) AS total FROM ledger_entries GROUP BY account_id)
          SELECT a.currency::text AS currency, coalesce(sum(s.total), 0)::text AS entries_total,
                 sum(a.balance_micros)::text AS stored_total
            FROM ledger_accounts a LEFT JOIN sums s ON s.account_id = a.id
           GROUP BY a.currency ORDER BY a.currency`,
    );
    return rows.map((r) => ({
      currency: r.currency,
      entriesTotalMicros: BigInt(r.entries_total),
      storedTotalMicros: BigInt(r.stored_total),
    }));
  }

  /** Transfers with fewer than two entries or entries that do not sum to zero. */
  async unbalancedTransfers(tx: Executor): Promise<{ rows: UnbalancedTransferRow[]; count: bigint }> {
    const rows = await queryRows<{ idempotency_key: string; n: string; total: string; bad_count: string }>(
      tx,
      sql`WITH bad AS (
            SELECT t.id, t.idempotency_key, count(e.id) AS n, coalesce(sum(e.amount_micros), 0) AS total
              FROM ledger_transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id
             GROUP BY t.id, t.idempotency_key
            HAVING count(e.id) < 2 OR coalesce(sum(e.amount_micros), 0) <> 0
          )
          SELECT idempotency_key, n::text AS n, total::text AS total, (count(*) OVER ())::text AS bad_count
            FROM bad ORDER BY idempotency_key LIMIT ${RECONCILIATION_ROW_LIMIT}`,
    );
    return {
      count: BigInt(rows[0]?.bad_count ?? '0'),
      rows: rows.map((r) => ({
        idempotencyKey: r.idempotency_key,
        entryCount: BigInt(r.n),
        totalMicros: BigInt(r.total),
      })),
    };
  }

  async insertReconciliation(tx: Executor, record: ReconciliationRecord): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`INSERT INTO ledger_reconciliations
            (started_at, ok, accounts_checked, entries_checked, transfers_checked, differences)
          VALUES (${record.startedAt.toISOString()}::text::timestamptz, ${record.ok},
                  ${String(record.accountsChecked)}::text::int8, ${String(record.entriesChecked)}::text::int8,
                  ${String(record.transfersChecked)}::text::int8, ${JSON.stringify(record.differences)}::text::jsonb)
          RETURNING id::text AS id`,
    );
    return row!.id;
  }

  /** Recorded runs, newest first, strictly before `beforeId` when given; `ok` filters by outcome. */
  async listReconciliations(
    tx: Executor,
    page: { beforeId?: string; ok?: boolean; limit: number },
  ): Promise<StoredReconciliationRow[]> {
    const before = page.beforeId === undefined ? sql`` : sql`AND id < ${page.beforeId}::text::int8`;
    const ok = page.ok === undefined ? sql`` : sql`AND ok = ${page.ok}`;
    const rows = await queryRows<{
      id: string;
      started_at: string;
      finished_at: string;
      ok: boolean;
      accounts: string;
      entries: string;
      transfers: string;
      differences: Record<string, unknown>[];
    }>(
      tx,
      sql`SELECT id::text AS id,
                 to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS started_at,
                 to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS finished_at,
                 ok, accounts_checked::text AS accounts, entries_checked::text AS entries,
                 transfers_checked::text AS transfers, differences
            FROM ledger_reconciliations
           WHERE true ${before} ${ok}
           ORDER BY id DESC
           LIMIT ${page.limit}`,
    );
    return rows.map((r) => ({
      id: r.id,
      startedAt: new Date(r.started_at),
      finishedAt: new Date(r.finished_at),
      ok: r.ok,
      accountsChecked: BigInt(r.accounts),
      entriesChecked: BigInt(r.entries),
      transfersChecked: BigInt(r.transfers),
      differences: r.differences,
    }));
  }
}
