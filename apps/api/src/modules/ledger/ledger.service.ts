import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseHandle, Executor, Transaction } from '@creator-rewards/db';
import {
  ACCOUNT_TYPES,
  applyTransfers,
  naturalBalance,
  parseAccountKey,
  validateTransfer,
  type AccountRef,
  type AccountType,
  type ApplyOutcome,
  type CurrencyCode,
  type LedgerState,
  type RejectionReason,
  type Transfer,
  type TransferKind,
} from '@creator-rewards/domain';
import type { Logger } from 'pino';
import { AppError } from '../../platform/errors/app-error.js';
import { DATABASE, LOGGER } from '../../platform/tokens.js';
import { databaseError, isRetryable, LedgerPostError, LostInsertRace, toLedgerPostError } from './ledger.errors.js';
import {
  LedgerRepository,
  uuidv7,
  type BalanceRow,
  type NewEntryRow,
  type StoredTransferRow,
} from './ledger.repository.js';

/** A transfer as the ledger recorded it. */
export type PostedTransfer = Transfer & { readonly id: string; readonly createdAt: Date; readonly effectiveAt: Date };

/** What happened to each transfer of a batch: the reference model's outcomes (domain applyTransfers), persisted. */
export type PostOutcome =
  | { readonly status: 'applied'; readonly transfer: PostedTransfer }
  /** The key was already recorded with the same transfer (a retry): the original is returned, nothing posted. */
  | { readonly status: 'duplicate'; readonly transfer: PostedTransfer }
  /** The key was already recorded with another transfer (a stale computation): re-read and recompute. */
  | { readonly status: 'key_conflict'; readonly transfer: PostedTransfer; readonly attempted: Transfer }
  /** It would take a non-negative account below zero: nothing posted for it, its key stays free. */
  | {
      readonly status: 'rejected';
      readonly attempted: Transfer;
      readonly reason: RejectionReason;
      readonly accountKey: string;
      readonly balanceAfterMicros: bigint;
    };

export type PostResult = {
  /** One per transfer given, in the same order. */
  readonly outcomes: readonly PostOutcome[];
  /** The stored (credit-positive) balance of every account the batch names, after it. */
  readonly balances: ReadonlyMap<string, bigint>;
};

export type PostOptions = {
  /**
   * Post inside the caller's transaction (e.g. under withSingleWriter). The batch then runs in a savepoint, so a
   * failure undoes all of it and leaves the caller's transaction usable. The database's deferred checks run at the
   * caller's COMMIT.
   */
  tx?: Executor;
  /** Business time of the movements (effective_at); default: the posting time. */
  effectiveAt?: Date;
};

export type AccountBalance = {
  readonly key: string;
  readonly type: AccountType;
  readonly ownerId: string;
  readonly currency: CurrencyCode;
  /** Credit-positive, the plain sum of the account's entries. */
  readonly storedMicros: bigint;
  /** As people read it, from the account's normal side (domain naturalBalance). */
  readonly balanceMicros: bigint;
  /** Entries counted: 0 for an account that does not exist yet (its balance is 0). */
  readonly entryCount: bigint;
};

export type StatementLine = {
  readonly entryId: string;
  readonly transferId: string;
  readonly kind: TransferKind;
  readonly idempotencyKey: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** Signed, credit-positive (stored convention). */
  readonly amountMicros: bigint;
  readonly balanceAfterMicros: bigint;
  readonly createdAt: Date;
  readonly effectiveAt: Date;
};

export type Statement = {
  readonly accountKey: string;
  /** Newest first. */
  readonly lines: readonly StatementLine[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
};

const MAX_ATTEMPTS = 5;
const DEFAULT_STATEMENT_LIMIT = 50;
const MAX_STATEMENT_LIMIT = 500;

/**
 * The posting engine and the ledger's reads. Every other module moves money through post(); the rules (plan,
 * floors, idempotency outcomes) are the domain's, applied here to rows locked in the database, and the database
 * enforces the invariants again on its own (migration 0004).
 */
@Injectable()
export class LedgerService {
  private readonly logger: Logger;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) logger: Logger,
    private readonly repository: LedgerRepository,
  ) {
    this.logger = logger.child({ component: 'ledger' });
  }

  /**
   * Applies a batch in one transaction. Outcomes are exactly the reference model's (domain applyTransfers, applied
   * one transfer at a time in order) on the ledger as it is once the touched accounts are locked:
   *
   * 1. every transfer passes validateTransfer (a malformed one throws LedgerError: only a bug builds one);
   * 2. the batch's accounts are created if missing, then locked in id order (SELECT … FOR UPDATE);
   * 3. the transfers already recorded under the batch's keys are loaded, so a repeated key is 'duplicate' (same
   *    transfer: the original is returned) or 'key_conflict'; floors are checked per transfer ('rejected');
   * 4. the applied transfers are inserted (ON CONFLICT (idempotency_key) DO NOTHING: a key a concurrent
   *    transaction took in the meantime makes the attempt start over), then ONE balance UPDATE per touched account
   *    (the batch's net change), then their entries with each one's balance after.
   *
   * Throws LedgerPostError: FLOOR_VIOLATION / INTEGRITY_VIOLATION when the database refuses the batch (nothing is
   * posted), CONTENTION when deadlocks or races persist past the retries.
   */
  async post(transfers: readonly Transfer[], opts: PostOptions = {}): Promise<PostResult> {
    for (const transfer of transfers) validateTransfer(transfer);
    if (transfers.length === 0) return { outcomes: [], balances: new Map() };
    const attempt = (tx: Transaction) => this.postInTransaction(tx, transfers, opts.effectiveAt ?? null);
    const outer = opts.tx;
    return this.withRetries(() => (outer ? outer.transaction(attempt) : this.database.db.transaction(attempt)));
  }

  /**
   * Runs fn in one transaction holding a transaction-level advisory lock on `scope` (e.g. `campaign:<id>`): one
   * writer per scope at a time, across processes, released at COMMIT or ROLLBACK. Accruals for a campaign read the
   * budget and post their batch under it, so the balancing debit is computed from a budget nobody else moves.
   */
  async withSingleWriter<T>(
    scope: string,
    fn: (tx: Transaction) => Promise<T>,
    opts: { tx?: Executor } = {},
  ): Promise<T> {
    const run = async (tx: Transaction) => {
      await this.repository.lockScope(tx, scope);
      return fn(tx);
    };
    return opts.tx ? opts.tx.transaction(run) : this.database.db.transaction(run);
  }

  /** Balances now, or as of a time (the sum of entries created up to it, millisecond precision). */
  async getBalances(
    accountKeys: readonly string[],
    opts: { asOf?: Date; tx?: Executor } = {},
  ): Promise<AccountBalance[]> {
    const refs = accountKeys.map((key) => parseAccountKey(key));
    const rows = await this.repository.balances(opts.tx ?? this.database.db, [...new Set(accountKeys)], opts.asOf);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return refs.map((ref) => toBalance(ref, byKey.get(ref.key)));
  }

  async getBalance(accountKey: string, opts: { asOf?: Date; tx?: Executor } = {}): Promise<AccountBalance> {
    const [balance] = await this.getBalances([accountKey], opts);
    return balance!;
  }

  /** Every account of these owners (participant ids, participation ids, campaign ids, org ids), by key. */
  async getBalancesByOwner(
    ownerIds: readonly string[],
    opts: { asOf?: Date; tx?: Executor } = {},
  ): Promise<AccountBalance[]> {
    if (ownerIds.length === 0) return [];
    const rows = await this.repository.balancesByOwner(opts.tx ?? this.database.db, ownerIds, opts.asOf);
    return rows.map((row) => toBalance(parseAccountKey(row.key), row));
  }

  /**
   * Sums of an account's entries per transfer kind (signed, credit-positive), since a time when given. Missing
   * accounts and kinds are absent (read as 0).
   */
  async getSumsByKind(
    accountKeys: readonly string[],
    opts: { since?: Date; tx?: Executor } = {},
  ): Promise<Map<string, Map<TransferKind, bigint>>> {
    const rows = await this.repository.sumsByKind(opts.tx ?? this.database.db, accountKeys, opts.since);
    const byKey = new Map<string, Map<TransferKind, bigint>>();
    for (const row of rows) {
      const kinds = byKey.get(row.key) ?? new Map<TransferKind, bigint>();
      kinds.set(row.kind as TransferKind, row.totalMicros);
      byKey.set(row.key, kinds);
    }
    return byKey;
  }

  /** An account's entries, newest first, keyset-paginated by entry id (stable while new entries arrive). */
  async getStatement(
    accountKey: string,
    opts: { cursor?: string; limit?: number; tx?: Executor } = {},
  ): Promise<Statement> {
    parseAccountKey(accountKey);
    const limit = Math.min(Math.max(Math.trunc(opts.limit ?? DEFAULT_STATEMENT_LIMIT), 1), MAX_STATEMENT_LIMIT);
    const beforeEntryId = opts.cursor === undefined ? undefined : decodeEntryCursor(opts.cursor);
    const rows = await this.repository.statement(opts.tx ?? this.database.db, accountKey, {
      ...(beforeEntryId === undefined ? {} : { beforeEntryId }),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      accountKey,
      lines: page.map((row) => ({ ...row, kind: row.kind as TransferKind })),
      nextCursor: rows.length > limit && last ? encodeEntryCursor(last.entryId) : null,
    };
  }

  private async postInTransaction(
    tx: Transaction,
    transfers: readonly Transfer[],
    effectiveAt: Date | null,
  ): Promise<PostResult> {
    const refs = new Map<string, AccountRef>();
    for (const transfer of transfers) for (const { account } of transfer.entries) refs.set(account.key, account);
    const keys = [...refs.keys()];

    // Create what is missing first, then lock every account of the batch in id order. No transaction waits on
    // another's new (uncommitted) account while holding a row lock, and row locks are always taken in one global
    // order, so concurrent batches cannot deadlock. (Locking existing accounts first and creating the missing ones
    // after would lock those out of order.)
    await this.repository.ensureAccounts(
      tx,
      keys.map((key) => {
        const ref = refs.get(key)!;
        const rule = ACCOUNT_TYPES[ref.type];
        return {
          key,
          type: ref.type,
          ownerId: ref.ownerId,
          currency: ref.currency,
          nonNegative: rule.nonNegative,
          negativeVia: rule.mayGoNegativeVia,
        };
      }),
    );
    const locked = await this.repository.lockAccounts(tx, keys);
    if (locked.length !== keys.length) throw new Error('Ledger engine bug: an account of the batch was not created');
    const accountIds = new Map(locked.map((a) => [a.key, a.id]));

    // The reference model decides, on the locked balances and the transfers already recorded under these keys.
    const stored = await this.repository.findTransfers(tx, [...new Set(transfers.map((t) => t.idempotencyKey))]);
    const storedByKey = new Map(stored.map((row) => [row.idempotencyKey, toPostedTransfer(row)]));
    const state: LedgerState = {
      balances: new Map(locked.map((a) => [a.key, a.balanceMicros])),
      transfers: storedByKey,
    };
    const { ledger, outcomes } = applyTransfers(state, transfers);

    const applied = outcomes.flatMap((o) => (o.status === 'applied' ? [o.transfer] : []));
    const posted = new Map<string, PostedTransfer>(storedByKey);
    if (applied.length > 0) {
      const ids = applied.map(() => uuidv7());
      const inserted = await this.repository.insertTransfers(
        tx,
        applied.map((transfer, index) => ({
          id: ids[index]!,
          kind: transfer.kind,
          idempotencyKey: transfer.idempotencyKey,
          currency: transfer.currency,
          metadata: transfer.metadata,
          effectiveAt,
        })),
      );
      if (inserted.length !== applied.length) {
        throw new LostInsertRace('An idempotency key of the batch was taken by a concurrent transaction');
      }
      const insertedByKey = new Map(inserted.map((row) => [row.idempotencyKey, row]));

      const running = new Map(state.balances);
      const entries: NewEntryRow[] = [];
      const changes = new Map<string, { deltaMicros: bigint; entries: number }>();
      applied.forEach((transfer, index) => {
        const row = insertedByKey.get(transfer.idempotencyKey)!;
        posted.set(transfer.idempotencyKey, {
          ...transfer,
          id: ids[index]!,
          createdAt: row.createdAt,
          effectiveAt: row.effectiveAt,
        });
        for (const { account, amountMicros } of transfer.entries) {
          const after = (running.get(account.key) ?? 0n) + amountMicros;
          running.set(account.key, after);
          const accountId = accountIds.get(account.key)!;
          entries.push({ transferId: ids[index]!, accountId, amountMicros, balanceAfterMicros: after });
          const change = changes.get(accountId) ?? { deltaMicros: 0n, entries: 0 };
          change.deltaMicros += amountMicros;
          change.entries += 1;
          changes.set(accountId, change);
        }
      });
      const updated = await this.repository.applyBalanceChanges(
        tx,
        [...changes].map(([accountId, change]) => ({ accountId, ...change })),
      );
      // The rows were locked and the model computed from them: any disagreement is a bug, never a race.
      const keyOf = new Map(locked.map((a) => [a.id, a.key]));
      for (const row of updated) {
        const key = keyOf.get(row.id)!;
        if (row.balanceMicros !== ledger.balances.get(key)) {
          throw new Error(
            `Ledger engine bug: ${key} ended at ${row.balanceMicros}, expected ${ledger.balances.get(key)}`,
          );
        }
      }
      await this.repository.insertEntries(tx, entries);
    }

    return {
      outcomes: outcomes.map((outcome) => toPostOutcome(outcome, posted)),
      balances: new Map(keys.map((key) => [key, ledger.balances.get(key) ?? 0n])),
    };
  }

  private async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        const mapped = toLedgerPostError(error);
        if (mapped) throw mapped;
        if (!isRetryable(error)) throw error;
        if (n >= MAX_ATTEMPTS) {
          throw new LedgerPostError(
            'CONTENTION',
            `Posting failed ${n} times on contention; retry later`,
            {},
            {
              cause: error,
            },
          );
        }
        this.logger.debug(
          { attempt: n, sqlstate: databaseError(error)?.code ?? 'lost_insert_race', err: error },
          'ledger post retried after contention',
        );
        // A little jitter so two colliding writers do not collide again in lockstep.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5 * n)));
      }
    }
  }
}

/**
 * The posted transfers of a result, for callers that expect every transfer to be applied or already there: throws
 * LedgerPostError KEY_CONFLICT or NEGATIVE_BALANCE for the first that is not.
 */
export function requireApplied(result: PostResult): PostedTransfer[] {
  return result.outcomes.map((outcome) => {
    if (outcome.status === 'applied' || outcome.status === 'duplicate') return outcome.transfer;
    if (outcome.status === 'key_conflict') {
      throw new LedgerPostError(
        'KEY_CONFLICT',
        `Idempotency key ${outcome.attempted.idempotencyKey} already holds another transfer`,
        { idempotencyKey: outcome.attempted.idempotencyKey },
      );
    }
    throw new LedgerPostError(
      'NEGATIVE_BALANCE',
      `${outcome.attempted.idempotencyKey} would take ${outcome.accountKey} to ${outcome.balanceAfterMicros}`,
      { idempotencyKey: outcome.attempted.idempotencyKey, accountKey: outcome.accountKey },
    );
  });
}

function toPostedTransfer(row: StoredTransferRow): PostedTransfer {
  return {
    id: row.id,
    kind: row.kind as TransferKind,
    idempotencyKey: row.idempotencyKey,
    currency: row.currency as CurrencyCode,
    entries: row.entries.map((e) => ({ account: parseAccountKey(e.accountKey), amountMicros: e.amountMicros })),
    metadata: row.metadata,
    createdAt: row.createdAt,
    effectiveAt: row.effectiveAt,
  };
}

function toPostOutcome(outcome: ApplyOutcome, posted: ReadonlyMap<string, PostedTransfer>): PostOutcome {
  if (outcome.status === 'rejected') return outcome;
  const transfer = posted.get(outcome.transfer.idempotencyKey)!;
  return outcome.status === 'key_conflict'
    ? { status: 'key_conflict', transfer, attempted: outcome.attempted }
    : { status: outcome.status, transfer };
}

function toBalance(ref: AccountRef, row: BalanceRow | undefined): AccountBalance {
  const stored = row?.balanceMicros ?? 0n;
  return {
    key: ref.key,
    type: ref.type,
    ownerId: ref.ownerId,
    currency: ref.currency,
    storedMicros: stored,
    balanceMicros: naturalBalance(ref.type, stored),
    entryCount: row?.version ?? 0n,
  };
}

function encodeEntryCursor(entryId: string): string {
  return Buffer.from(entryId, 'utf8').toString('base64url');
}

function decodeEntryCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!/^[1-9]\d{0,18}$/.test(text)) {
    const message = 'is not a cursor from a previous page; pass nextCursor back unchanged';
    throw new AppError('VALIDATION_FAILED', `query.cursor: ${message}`, {
      issues: [{ path: 'query.cursor', code: 'invalid_cursor', message }],
    });
  }
  return text;
}
