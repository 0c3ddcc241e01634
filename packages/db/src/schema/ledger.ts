import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  char,
  check,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The double-entry ledger (DESIGN §4). The rules live in packages/domain (ledger/accounts.ts, transfers.ts); these
 * tables hold their results and the database enforces the invariants itself, so no code path can break them:
 *
 * - CHECKs below: account plan (type, flags, key), kinds, non-zero entries, and the floor of non-negative accounts.
 * - Migration 0004 (ledger_rules): entries, transfers and reconciliation runs are append-only; accounts are never
 *   deleted and only their balance and version change; at COMMIT each new transfer has two or more entries summing
 *   to zero, on accounts of its currency, following its kind's plan (deferred constraint trigger); entries can only
 *   be added to a transfer of the same transaction, and each touched account's stored balance must equal its last
 *   entry's balance_after (statement trigger, and a deferred one for balances moved without entries); an entry may
 *   take participant_available below zero only in a clawback (per-entry trigger).
 *
 * Sign convention (the domain's): an entry's amount is positive for a credit, negative for a debit; an account's
 * stored balance is the plain sum of its entries, so every currency's balances add up to exactly 0.
 *
 * The lists here repeat the domain's ACCOUNT_TYPES and TRANSFER_KINDS on purpose (drizzle-kit cannot load the
 * domain package); apps/api's ledger tests compare them.
 */
export const ledgerAccountTypes = [
  'platform_cash',
  'campaign_budget',
  'participant_pending',
  'participant_available',
  'payouts_in_transit',
  'platform_fees',
  'brand_refunds',
] as const;

export const ledgerTransferKinds = [
  'fund',
  'accrue',
  'lock',
  'clawback',
  'payout',
  'payout_settled',
  'payout_failed',
  'refund',
  'refund_settled',
] as const;

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    /** The domain's accountKey(type, ownerId, currency), e.g. `campaign_budget:cmp_42:USD`. */
    key: text('key').notNull(),
    type: text('type', { enum: ledgerAccountTypes }).notNull(),
    ownerId: text('owner_id').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    /** Stored, credit-positive balance: always the sum of the account's entries (proved by reconciliation). */
    balanceMicros: bigint('balance_micros', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    /** How many entries the account has: bumped by every batch that touches it. */
    version: bigint('version', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    /** The domain's nonNegative flag: the natural balance may not go below 0. */
    nonNegative: boolean('non_negative').notNull(),
    /**
     * The domain's mayGoNegativeVia: transfer kinds allowed to take this (non-negative) account below 0.
     * Only participant_available has one ('clawback'); for it the floor is enforced per entry by a trigger that
     * knows the transfer's kind, since a CHECK on the balance cannot see which transfer moved it.
     */
    negativeVia: text('negative_via')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_accounts_key_key').on(t.key),
    index('ledger_accounts_owner_idx').on(t.ownerId, t.type),
    check('ledger_accounts_type', sql`type IN (${inList(ledgerAccountTypes)})`),
    check('ledger_accounts_currency', sql`currency ~ '^[A-Z]{3}$'`),
    // The domain's ID_PATTERN, /^[A-Za-z0-9_.-]{1,100}$/, written as `+` and a length: PostgreSQL's regex engine
    // runs a bounded repetition ({1,100}) about 20 times slower, and every CHECK runs at every balance UPDATE.
    check('ledger_accounts_owner_id', sql`owner_id ~ '^[A-Za-z0-9_.-]+$' AND length(owner_id) <= 100`),
    check('ledger_accounts_key_matches', sql`key = type || ':' || owner_id || ':' || currency`),
    // The account plan's flags, so a hand-made row cannot exempt an account from its floor.
    check(
      'ledger_accounts_rule',
      sql`non_negative = (type <> 'platform_cash') AND negative_via = CASE WHEN type = 'participant_available' THEN ARRAY['clawback']::text[] ELSE ARRAY[]::text[] END`,
    ),
    check('ledger_accounts_floor', sql`NOT non_negative OR balance_micros >= 0 OR cardinality(negative_via) > 0`),
    check('ledger_accounts_version', sql`version >= 0`),
  ],
);

export const ledgerTransfers = pgTable(
  'ledger_transfers',
  {
    /** UUIDv7 from the posting engine (time-ordered, so the primary key index grows at its right edge). */
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ledgerTransferKinds }).notNull(),
    /** Deterministic, from business ids (domain idempotencyKeys): a retried step hits the same key. */
    idempotencyKey: text('idempotency_key').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    /** The builder's metadata: string values only (amounts as decimal strings of micros, dates ISO 8601). */
    metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
    /** When the movement happened in business terms (the caller's clock); defaults to the posting time. */
    effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_transfers_idempotency_key_key').on(t.idempotencyKey),
    check('ledger_transfers_kind', sql`kind IN (${inList(ledgerTransferKinds)})`),
    check('ledger_transfers_currency', sql`currency ~ '^[A-Z]{3}$'`),
    check('ledger_transfers_idempotency_key', sql`length(idempotency_key) BETWEEN 1 AND 255`),
    check('ledger_transfers_metadata', sql`jsonb_typeof(metadata) = 'object'`),
  ],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    /** Per account, id order is posting order (entries are written under the account's row lock). */
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    /**
     * No foreign keys on the two ids, on purpose: a statement-level trigger (migration 0004) checks that every new
     * entry's transfer and account exist, once per INSERT instead of two lookups per row, and neither can ever be
     * deleted (append-only transfers, undeletable accounts).
     */
    transferId: uuid('transfer_id').notNull(),
    accountId: bigint('account_id', { mode: 'bigint' }).notNull(),
    /** Signed: positive = credit, negative = debit; never 0. */
    amountMicros: bigint('amount_micros', { mode: 'bigint' }).notNull(),
    /** The account's stored balance right after this entry. */
    balanceAfterMicros: bigint('balance_after_micros', { mode: 'bigint' }).notNull(),
    /**
     * statement_timestamp() of the INSERT, which runs while the account's row lock is held: per account, later
     * entries never get an earlier time than the ones before them (unlike now(), the transaction's start).
     */
    createdAt: timestamp('created_at', { withTimezone: true })
      .notNull()
      .default(sql`statement_timestamp()`),
  },
  (t) => [
    // One leg per account per transfer (the domain's rule); also the index the per-transfer checks use.
    uniqueIndex('ledger_entries_transfer_account_key').on(t.transferId, t.accountId),
    // Statements: an account's entries in posting order, keyset-paginated by id.
    index('ledger_entries_account_id_idx').on(t.accountId, t.id),
    // Balances as of a time: the sum of an account's entries up to it.
    index('ledger_entries_account_created_idx').on(t.accountId, t.createdAt),
    check('ledger_entries_amount_nonzero', sql`amount_micros <> 0`),
  ],
);

/**
 * One row per reconciliation run (the ledger.reconcile job, or on demand): what was checked and every difference
 * found, so admins see the last result and its history. An empty `differences` means the books balance.
 */
export const ledgerReconciliations = pgTable(
  'ledger_reconciliations',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
    ok: boolean('ok').notNull(),
    accountsChecked: bigint('accounts_checked', { mode: 'bigint' }).notNull(),
    entriesChecked: bigint('entries_checked', { mode: 'bigint' }).notNull(),
    transfersChecked: bigint('transfers_checked', { mode: 'bigint' }).notNull(),
    /** The differences as found (amounts as decimal strings of micros). */
    differences: jsonb('differences').$type<Record<string, unknown>[]>().notNull().default([]),
  },
  (t) => [index('ledger_reconciliations_finished_at_idx').on(t.finishedAt)],
);
