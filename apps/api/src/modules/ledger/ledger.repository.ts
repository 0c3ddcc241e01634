import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { queryRows, type Executor } from '@creator-rewards/db';
import { sql, type SQL } from 'drizzle-orm';

/**
 * Queries of the ledger tables; no rules here. Every method takes the executor (database or transaction) so the
 * service decides the transaction. Raw SQL rather than the query builder on the posting path: each batch is a fixed
 * handful of statements whatever its size (arrays travel as one parameter each), and int8 and timestamps are cast
 * to text so both drivers (pg and PGlite) return the same shapes. Amounts come back as bigint, ids as strings.
 */
export type LockedAccount = { id: string; key: string; balanceMicros: bigint; version: bigint };

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
  /** null: the posting time. */
  effectiveAt: Date | null;
};

export type NewEntryRow = { transferId: string; accountId: string; amountMicros: bigint; balanceAfterMicros: bigint };

export type BalanceChange = { accountId: string; deltaMicros: bigint; entries: number };

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

@Injectable()
export class LedgerRepository {
  /** Locks the accounts that exist, in id order (every writer locks in the same order, so they cannot deadlock). */
  async lockAccounts(tx: Executor, keys: readonly string[]): Promise<LockedAccount[]> {
    const rows = await queryRows<{ id: string; key: string; balance: string; version: string }>(
      tx,
      sql`SELECT a.id::text AS id, a.key, a.balance_micros::text AS balance, a.version::text AS version
            FROM unnest(${textArray(keys)}) AS k(key) JOIN ledger_accounts a ON a.key = k.key
           ORDER BY a.id FOR UPDATE OF a`,
    );
    return rows.map((r) => ({ id: r.id, key: r.key, balanceMicros: BigInt(r.balance), version: BigInt(r.version) }));
  }

  /**
   * Creates the accounts that do not exist yet, in key order; a concurrent creator wins silently (the insert waits
   * for it, then skips). Existing keys are filtered out first, so they cost an index probe and no sequence value.
   * Runs before any row lock is taken: see the service for why that order cannot deadlock.
   */
  async ensureAccounts(tx: Executor, accounts: readonly NewAccount[]): Promise<void> {
    if (accounts.length === 0) return;
    const rows = [...accounts]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((a) => ({
        key: a.key,
        type: a.type,
        owner_id: a.ownerId,
        currency: a.currency,
        non_negative: a.nonNegative,
        negative_via: a.negativeVia,
      }));
    await tx.execute(
      sql`INSERT INTO ledger_accounts (key, type, owner_id, currency, non_negative, negative_via)
          SELECT r.key, r.type, r.owner_id, r.currency, r.non_negative, r.negative_via
            FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
                   AS (key text, type text, owner_id text, currency text, non_negative boolean, negative_via text[]))
                 WITH ORDINALITY AS r(key, type, owner_id, currency, non_negative, negative_via, ord)
           WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.key = r.key)
           ORDER BY r.ord
          ON CONFLICT (key) DO NOTHING`,
    );
  }

  /** The transfers already recorded under these idempotency keys, with their entries in posting order. */
  async findTransfers(tx: Executor, idempotencyKeys: readonly string[]): Promise<StoredTransferRow[]> {
    if (idempotencyKeys.length === 0) return [];
    // Usually none exists (a fresh batch): a plain index probe answers that, and the heavier query below (costly to
    // plan, at every call) only runs for the keys that do exist.
    const existing = await queryRows<{ key: string }>(
      tx,
      sql`SELECT t.idempotency_key AS key
            FROM unnest(${textArray(idempotencyKeys)}) AS k(key) JOIN ledger_transfers t ON t.idempotency_key = k.key`,
    );
    if (existing.length === 0) return [];
    const rows = await queryRows<{
      id: string;
      kind: string;
      idempotency_key: string;
      currency: string;
      metadata: Record<string, string>;
      created_at: string;
      effective_at: string;
      entries: { key: string; amount: string }[];
    }>(
      tx,
      sql`SELECT t.id::text AS id, t.kind, t.idempotency_key, t.currency::text AS currency, t.metadata,
                 ${isoTime(sql`t.created_at`)} AS created_at, ${isoTime(sql`t.effective_at`)} AS effective_at,
                 (SELECT coalesce(json_agg(json_build_object('key', a.key, 'amount', e.amount_micros::text) ORDER BY e.id), '[]'::json)
                    FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                   WHERE e.transfer_id = t.id) AS entries
            FROM unnest(${textArray(existing.map((e) => e.key))}) AS k(key)
            JOIN ledger_transfers t ON t.idempotency_key = k.key`,
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      idempotencyKey: r.idempotency_key,
      currency: r.currency,
      metadata: r.metadata,
      createdAt: new Date(r.created_at),
      effectiveAt: new Date(r.effective_at),
      entries: r.entries.map((e) => ({ accountKey: e.key, amountMicros: BigInt(e.amount) })),
    }));
  }

  /**
   * Inserts the transfers; a key that exists is skipped (ON CONFLICT DO NOTHING) and missing from the answer. An
   * insert racing a concurrent one on the same key waits for it, then skips if it committed. Rows go in key order:
   * two batches on disjoint accounts (so not serialized by account locks) that share keys in opposite orders would
   * otherwise wait on each other's uncommitted keys, a deadlock.
   */
  async insertTransfers(
    tx: Executor,
    transfers: readonly NewTransferRow[],
  ): Promise<{ id: string; idempotencyKey: string; createdAt: Date; effectiveAt: Date }[]> {
    if (transfers.length === 0) return [];
    const sorted = [...transfers].sort((a, b) =>
      a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0,
    );
    const rows = sorted.map((t) => ({
      id: t.id,
      kind: t.kind,
      idempotency_key: t.idempotencyKey,
      currency: t.currency,
      metadata: t.metadata,
      effective_at: t.effectiveAt?.toISOString() ?? null,
    }));
    const inserted = await queryRows<{ id: string; idempotency_key: string; created_at: string; effective_at: string }>(
      tx,
      sql`INSERT INTO ledger_transfers (id, kind, idempotency_key, currency, metadata, effective_at)
          SELECT r.id, r.kind, r.idempotency_key, r.currency, r.metadata, coalesce(r.effective_at, now())
            FROM jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
                 AS r(id uuid, kind text, idempotency_key text, currency text, metadata jsonb, effective_at timestamptz)
          ON CONFLICT (idempotency_key) DO NOTHING
          RETURNING id::text AS id, idempotency_key,
                    ${isoTime(sql`created_at`)} AS created_at, ${isoTime(sql`effective_at`)} AS effective_at`,
    );
    return inserted.map((r) => ({
      id: r.id,
      idempotencyKey: r.idempotency_key,
      createdAt: new Date(r.created_at),
      effectiveAt: new Date(r.effective_at),
    }));
  }

  /**
   * One statement for the whole batch, in the given order (so per account, id order is posting order). Goes after
   * applyBalanceChanges: the statement's check (migration 0004) wants each account's balance to equal its last
   * entry's balance_after once the entries are in.
   */
  async insertEntries(tx: Executor, entries: readonly NewEntryRow[]): Promise<void> {
    if (entries.length === 0) return;
    await tx.execute(
      sql`INSERT INTO ledger_entries (transfer_id, account_id, amount_micros, balance_after_micros)
          SELECT u.transfer_id, u.account_id, u.amount, u.balance_after
            FROM unnest(${uuidArray(entries.map((e) => e.transferId))},
                        ${int8Array(entries.map((e) => e.accountId))},
                        ${int8Array(entries.map((e) => e.amountMicros))},
                        ${int8Array(entries.map((e) => e.balanceAfterMicros))})
                 WITH ORDINALITY AS u(transfer_id, account_id, amount, balance_after, ord)
           ORDER BY u.ord`,
    );
  }

  /** ONE row update per account for the whole batch; answers each account's new balance. */
  async applyBalanceChanges(
    tx: Executor,
    changes: readonly BalanceChange[],
  ): Promise<{ id: string; balanceMicros: bigint }[]> {
    if (changes.length === 0) return [];
    const rows = await queryRows<{ id: string; balance: string }>(
      tx,
      sql`UPDATE ledger_accounts a
             SET balance_micros = a.balance_micros + c.delta, version = a.version + c.entries
            FROM unnest(${int8Array(changes.map((c) => c.accountId))},
                        ${int8Array(changes.map((c) => c.deltaMicros))},
                        ${int8Array(changes.map((c) => BigInt(c.entries)))}) AS c(id, delta, entries)
           WHERE a.id = c.id
       RETURNING a.id::text AS id, a.balance_micros::text AS balance`,
    );
    return rows.map((r) => ({ id: r.id, balanceMicros: BigInt(r.balance) }));
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

  /** A transaction-scoped advisory lock: one holder per scope at a time, released at COMMIT or ROLLBACK. */
  async lockScope(tx: Executor, scope: string): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${scope}, 0))`);
  }
}

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Time-ordered ids keep the transfers' primary
 * key index appending at its right edge instead of splitting random pages.
 */
export function uuidv7(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

// Arrays travel as one text parameter holding a PostgreSQL array literal, cast in SQL: one parameter per column
// whatever the batch size (no 65,535-parameter limit), and the same on both drivers.
function textArray(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values.map(quoteElement))}::text::text[]`;
}

function uuidArray(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values.map(quoteElement))}::text::uuid[]`;
}

function int8Array(values: readonly (bigint | string)[]): SQL {
  const items = values.map((v) => {
    const text = String(v);
    if (!/^-?\d{1,19}$/.test(text)) throw new RangeError(`Not an int8: ${text}`);
    return text;
  });
  return sql`${arrayLiteral(items)}::text::int8[]`;
}

function arrayLiteral(items: readonly string[]): string {
  return `{${items.join(',')}}`;
}

function quoteElement(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A timestamptz as ISO 8601 text in UTC with its microseconds (the drivers disagree on timestamp parsing). */
function isoTime(column: SQL): SQL {
  return sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
