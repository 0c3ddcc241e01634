import { Injectable } from '@nestjs/common';
import {
  boolArray,
  int4Array,
  int8Array,
  isoTime,
  queryRows,
  textArray,
  textArrayLiteral,
  uuidArray,
  type Executor,
} from '@creator-rewards/db';
import { sql, type SQL } from 'drizzle-orm';

/**
 * Queries of the ledger tables; no rules here. Every method takes the executor (database or transaction) so the
 * service decides the transaction. Raw SQL rather than the query builder: arrays travel as one parameter each,
 * and int8 and timestamps are cast to text so both drivers (pg and PGlite) return the same shapes. Amounts come
 * back as bigint, ids as strings. A posting batch is ONE statement, the database function ledger_post_batch
 * (migrations 0007 and 0009): its rules and its order of work are described there.
 */
export type NewAccount = {
  key: string;
  type: string;
  ownerId: string;
  currency: string;
  nonNegative: boolean;
  negativeVia: readonly string[];
};

export type StoredTransferRow = {
  id: string;
  kind: string;
  idempotencyKey: string;
  currency: string;
  metadata: Record<string, string>;
  createdAt: Date;
  effectiveAt: Date;
  /** In posting order. */
  entries: { accountKey: string; amountMicros: bigint }[];
};

export type NewTransferRow = {
  id: string;
  kind: string;
  idempotencyKey: string;
  currency: string;
  metadata: Readonly<Record<string, string>>;
};

/** An entry of a posting batch; its transfer and account as 1-based positions in the call's lists. */
export type NewEntryRow = { transfer: number; account: number; amountMicros: bigint; balanceAfterMicros: bigint };

/** One call of ledger_post_batch: what the engine decided, and the state it decided on. */
export type PostBatchCall = {
  /** Every account the batch names, created if missing. */
  accounts: readonly (NewAccount & {
    /** The stored balance and version the engine decided on (compare-and-set under the row lock). */
    expectedBalanceMicros: bigint;
    expectedVersion: bigint;
    /** Its balance once the batch is applied, per the engine. */
    finalBalanceMicros: bigint;
  })[];
  /** The batch's idempotency keys the engine believes unrecorded: none may be recorded yet. */
  transferKeys: readonly string[];
  /**
   * The transfers to record, in idempotency-key order: two batches on disjoint accounts (so not serialized by the
   * account locks) that share keys then wait on each other's uncommitted keys in one order, never in a cycle.
   */
  transfers: readonly NewTransferRow[];
  /** null: the posting time. */
  effectiveAt: Date | null;
  /** In posting order. */
  entries: readonly NewEntryRow[];
  /**
   * false: a first call, optimistic (the balance UPDATE is the compare-and-set; on a stale state it leaves nothing
   * behind). true: lock the accounts first and, on a stale state, keep them created and locked for the next call.
   */
  keepLocks: boolean;
};

export type PostBatchAnswer =
  | { status: 'applied'; createdAt: Date; effectiveAt: Date }
  /** The state differed from the expected one; nothing was written. In the order of the call's accounts. */
  | { status: 'stale'; accounts: BalanceRow[]; transfers: StoredTransferRow[] }
  /** The database refused (nothing was written); LG002 and LG003 are the function's own codes. */
  | { status: 'error'; sqlstate: string; constraint?: string; message: string };

export type KindSumRow = { key: string; kind: string; totalMicros: bigint };
export type BalanceRow = { key: string; balanceMicros: bigint; version: bigint };

/** One (currency, account type) group of ledger_accounts. */
export type AccountTypeTotalRow = { currency: string; type: string; accounts: bigint; storedMicros: bigint };

export type StatementRow = {
  entryId: string;
  transferId: string;
  kind: string;
  idempotencyKey: string;
  metadata: Record<string, string>;
  amountMicros: bigint;
  balanceAfterMicros: bigint;
  createdAt: Date;
  effectiveAt: Date;
};

type StoredTransferJson = {
  id: string;
  kind: string;
  key: string;
  currency: string;
  metadata: Record<string, string>;
  created_at: string;
  effective_at: string;
  entries: [key: string, amount: string][];
};

type PostBatchJson =
  | { status: 'applied'; created_at: string; effective_at: string }
  | { status: 'stale'; accounts: [key: string, balance: string, version: string][]; transfers: StoredTransferJson[] }
  | { status: 'error'; sqlstate: string; constraint: string | null; message: string };

@Injectable()
export class LedgerRepository {
  /**
   * Posts a batch in one statement (ledger_post_batch, migrations 0007 and 0009), atomically: on an error or a stale state
   * nothing is written and the caller's transaction stays usable.
   */
  async postBatch(tx: Executor, call: PostBatchCall): Promise<PostBatchAnswer> {
    const { accounts, transfers, entries } = call;
    const [row] = await queryRows<{ answer: string }>(
      tx,
      sql`SELECT ledger_post_batch(
            ${textArray(accounts.map((a) => a.key))},
            ${textArray(accounts.map((a) => a.type))},
            ${textArray(accounts.map((a) => a.ownerId))},
            ${textArray(accounts.map((a) => a.currency))},
            ${boolArray(accounts.map((a) => a.nonNegative))},
            ${textArray(accounts.map((a) => textArrayLiteral(a.negativeVia)))},
            ${int8Array(accounts.map((a) => a.expectedBalanceMicros))},
            ${int8Array(accounts.map((a) => a.expectedVersion))},
            ${int8Array(accounts.map((a) => a.finalBalanceMicros))},
            ${textArray(call.transferKeys)},
            ${uuidArray(transfers.map((t) => t.id))},
            ${JSON.stringify(
              transfers.map((t) => ({
                kind: t.kind,
                idempotency_key: t.idempotencyKey,
                currency: t.currency,
                metadata: t.metadata,
              })),
            )}::text::jsonb,
            ${call.effectiveAt?.toISOString() ?? null}::text::timestamptz,
            ${int4Array(entries.map((e) => e.transfer))},
            ${int4Array(entries.map((e) => e.account))},
            ${int8Array(entries.map((e) => e.amountMicros))},
            ${int8Array(entries.map((e) => e.balanceAfterMicros))},
            ${call.keepLocks ? sql`true` : sql`false`}
          )::text AS answer`,
    );
    const answer = JSON.parse(row!.answer) as PostBatchJson;
    switch (answer.status) {
      case 'applied':
        return {
          status: 'applied',
          createdAt: new Date(answer.created_at),
          effectiveAt: new Date(answer.effective_at),
        };
      case 'stale':
        return {
          status: 'stale',
          accounts: answer.accounts.map(([key, balance, version]) => ({
            key,
            balanceMicros: BigInt(balance),
            version: BigInt(version),
          })),
          transfers: answer.transfers.map((t) => ({
            id: t.id,
            kind: t.kind,
            idempotencyKey: t.key,
            currency: t.currency,
            metadata: t.metadata,
            createdAt: new Date(t.created_at),
            effectiveAt: new Date(t.effective_at),
            entries: t.entries.map(([accountKey, amount]) => ({ accountKey, amountMicros: BigInt(amount) })),
          })),
        };
      case 'error':
        return {
          status: 'error',
          sqlstate: answer.sqlstate,
          ...(answer.constraint === null ? {} : { constraint: answer.constraint }),
          message: answer.message,
        };
    }
  }

  /** Stored balances now, or as of a time (the sum of entries created up to it). Accounts that do not exist are absent. */
  async balances(tx: Executor, keys: readonly string[], asOf?: Date): Promise<BalanceRow[]> {
    return this.balanceRows(tx, sql`unnest(${textArray(keys)}) AS k(v) JOIN ledger_accounts a ON a.key = k.v`, asOf);
  }

  async balancesByOwner(tx: Executor, ownerIds: readonly string[], asOf?: Date): Promise<BalanceRow[]> {
    return this.balanceRows(
      tx,
      sql`unnest(${textArray(ownerIds)}) AS k(v) JOIN ledger_accounts a ON a.owner_id = k.v`,
      asOf,
    );
  }

  /**
   * Per account and transfer kind, the sum of the account's entries (signed, credit-positive), optionally only
   * those created at or after `since`. What a campaign spent, and how fast, is read this way.
   */
  async sumsByKind(tx: Executor, keys: readonly string[], since?: Date): Promise<KindSumRow[]> {
    const after = since === undefined ? sql`` : sql`AND e.created_at >= ${since.toISOString()}::text::timestamptz`;
    const rows = await queryRows<{ key: string; kind: string; total: string }>(
      tx,
      sql`SELECT a.key, t.kind, sum(e.amount_micros)::text AS total
            FROM unnest(${textArray(keys)}) AS k(v)
            JOIN ledger_accounts a ON a.key = k.v
            JOIN ledger_entries e ON e.account_id = a.id ${after}
            JOIN ledger_transfers t ON t.id = e.transfer_id
           GROUP BY a.key, t.kind ORDER BY a.key, t.kind`,
    );
    return rows.map((r) => ({ key: r.key, kind: r.kind, totalMicros: BigInt(r.total) }));
  }

  // Lists travel as unnest(array) joined to the table rather than `= ANY(array)`: a parameter array is searched
  // linearly per row when the planner picks a sequential scan; a join is hashed or index-driven either way.
  private async balanceRows(tx: Executor, from: SQL, asOf: Date | undefined): Promise<BalanceRow[]> {
    const balance =
      asOf === undefined
        ? sql`a.balance_micros`
        : sql`(SELECT coalesce(sum(e.amount_micros), 0) FROM ledger_entries e
                WHERE e.account_id = a.id AND e.created_at <= ${asOf.toISOString()}::text::timestamptz)`;
    const version =
      asOf === undefined
        ? sql`a.version`
        : sql`(SELECT count(*) FROM ledger_entries e
                WHERE e.account_id = a.id AND e.created_at <= ${asOf.toISOString()}::text::timestamptz)`;
    const rows = await queryRows<{ key: string; balance: string; version: string }>(
      tx,
      sql`SELECT a.key, (${balance})::text AS balance, (${version})::text AS version
            FROM ${from} ORDER BY a.key`,
    );
    return rows.map((r) => ({ key: r.key, balanceMicros: BigInt(r.balance), version: BigInt(r.version) }));
  }

  /** An account's entries, newest first, strictly before `beforeEntryId` when given. */
  async statement(
    tx: Executor,
    accountKey: string,
    page: { beforeEntryId?: string; limit: number },
  ): Promise<StatementRow[]> {
    const before = page.beforeEntryId === undefined ? sql`` : sql`AND e.id < ${page.beforeEntryId}::text::int8`;
    const rows = await queryRows<{
      entry_id: string;
      transfer_id: string;
      kind: string;
      idempotency_key: string;
      metadata: Record<string, string>;
      amount: string;
      balance_after: string;
      created_at: string;
      effective_at: string;
    }>(
      tx,
      sql`SELECT e.id::text AS entry_id, e.transfer_id::text AS transfer_id, t.kind, t.idempotency_key, t.metadata,
                 e.amount_micros::text AS amount, e.balance_after_micros::text AS balance_after,
                 ${isoTime(sql`e.created_at`)} AS created_at, ${isoTime(sql`t.effective_at`)} AS effective_at
            FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id
           WHERE e.account_id = (SELECT id FROM ledger_accounts WHERE key = ${accountKey}) ${before}
           ORDER BY e.id DESC
           LIMIT ${page.limit}`,
    );
    return rows.map((r) => ({
      entryId: r.entry_id,
      transferId: r.transfer_id,
      kind: r.kind,
      idempotencyKey: r.idempotency_key,
      metadata: r.metadata,
      amountMicros: BigInt(r.amount),
      balanceAfterMicros: BigInt(r.balance_after),
      createdAt: new Date(r.created_at),
      effectiveAt: new Date(r.effective_at),
    }));
  }

  /** Stored balances summed per currency and account type (the stored balances, not the entries: see reconciliation). */
  async totalsByType(tx: Executor): Promise<AccountTypeTotalRow[]> {
    const rows = await queryRows<{ currency: string; type: string; accounts: string; total: string }>(
      tx,
      sql`SELECT currency::text AS currency, type, count(*)::text AS accounts, sum(balance_micros)::text AS total
            FROM ledger_accounts
           GROUP BY currency, type
           ORDER BY currency, type`,
    );
    return rows.map((r) => ({
      currency: r.currency,
      type: r.type,
      accounts: BigInt(r.accounts),
      storedMicros: BigInt(r.total),
    }));
  }

  /**
   * A transaction-scoped advisory lock: one holder per scope at a time, released at COMMIT or ROLLBACK. With owner
   * ids, the same round trip then reads their accounts (ledger_lock_scope, migration 0010), after the lock.
   */
  async lockScope(tx: Executor, scope: string, ownerIds: readonly string[] = []): Promise<BalanceRow[]> {
    if (ownerIds.length === 0) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${scope}, 0))`);
      return [];
    }
    const rows = await queryRows<{ key: string; balance: string; version: string }>(
      tx,
      sql`SELECT key, balance, version FROM ledger_lock_scope(${scope}, ${textArray(ownerIds)})`,
    );
    return rows.map((r) => ({ key: r.key, balanceMicros: BigInt(r.balance), version: BigInt(r.version) }));
  }
}
