import { Inject, Injectable } from '@nestjs/common';
import { uuidv7, type DatabaseHandle, type Executor, type Transaction } from '@creator-rewards/db';
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
  type RejectionReason,
  type Transfer,
  type TransferKind,
} from '@creator-rewards/domain';
import type { Logger } from 'pino';
import { AppError } from '../../platform/errors/app-error.js';
import { DATABASE, LOGGER } from '../../platform/tokens.js';
import {
  databaseError,
  isRetryable,
  LedgerDatabaseError,
  LedgerPostError,
  LostInsertRace,
  toLedgerPostError,
} from './ledger.errors.js';
import {
  LedgerRepository,
  type BalanceRow,
  type NewAccount,
  type NewEntryRow,
  type PostBatchAnswer,
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
   * Post inside the caller's transaction (e.g. under withSingleWriter). The batch is atomic on its own, like a
   * savepoint: a failure undoes all of it and leaves the caller's transaction usable. The database's deferred
   * checks run at the caller's COMMIT.
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
/**
 * Accounts whose last known balance and version the engine remembers (see BalanceHints): about 20 MB when full.
 * Above the number of accounts posted to in a cycle of the earnings job, a hint is usually there when needed.
 */
const HINT_CAPACITY = 100_000;
const DEFAULT_STATEMENT_LIMIT = 50;
const MAX_STATEMENT_LIMIT = 500;

/**
 * The posting engine and the ledger's reads. Every other module moves money through post(); the rules (plan,
 * floors, idempotency outcomes) are the domain's, applied here to rows locked in the database, and the database
 * enforces the invariants again on its own (migrations 0004 and 0007).
 */
@Injectable()
export class LedgerService {
  private readonly logger: Logger;
  private readonly hints = new BalanceHints(HINT_CAPACITY);

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
   * 2. the model decides on the state the engine expects: the balance and version it last saw of each account of
   *    the batch (0 for one it never saw, as a new account has) and no transfer recorded yet under the batch's keys;
   * 3. ONE statement (ledger_post_batch, migrations 0007 and 0009) writes what the model decided if the database is
   *    in that state: the applied transfers, ONE balance UPDATE per account of the batch, which is also the
   *    compare-and-set (each account changes only from its expected balance and version, locked in key order), and
   *    the entries with each one's balance after. Otherwise (an account moved, a key already recorded) the statement
   *    undoes itself and answers the state (balances, versions, the transfers recorded under the batch's keys, so
   *    that a repeated key is 'duplicate' or 'key_conflict'); the model decides again on that state, and a second
   *    statement, which locks the accounts first and keeps them locked between statements, writes that decision.
   *
   * The first statement is atomic on its own (the function's body is a subtransaction, without the round trips of
   * a savepoint); in the caller's transaction the second one runs in a savepoint. A key recorded by a concurrent
   * transaction between the second statement's check and its insert makes the attempt start over.
   *
   * Throws LedgerPostError: FLOOR_VIOLATION / INTEGRITY_VIOLATION when the database refuses the batch (nothing is
   * posted), CONTENTION when deadlocks or races persist past the retries.
   */
  async post(transfers: readonly Transfer[], opts: PostOptions = {}): Promise<PostResult> {
    for (const transfer of transfers) validateTransfer(transfer);
    if (transfers.length === 0) return { outcomes: [], balances: new Map() };
    const batch = prepareBatch(transfers, opts.effectiveAt ?? null);
    const outer = opts.tx;
    return this.withRetries(async () => {
      if (!outer) {
        return this.database.db.transaction(async (tx) => {
          const first = await this.attempt(tx, batch, this.expectedView(batch), false);
          return 'result' in first ? first.result : this.postUnderLocks(tx, batch, first.view);
        });
      }
      const first = await this.attempt(outer, batch, this.expectedView(batch), false);
      if ('result' in first) return first.result;
      return outer.transaction((tx) => this.postUnderLocks(tx, batch, first.view));
    });
  }

  /**
   * Runs fn in one transaction holding a transaction-level advisory lock on `scope` (e.g. `campaign:<id>`): one
   * writer per scope at a time, across processes, released at COMMIT or ROLLBACK. Accruals for a campaign read the
   * budget and post their batch under it, so the balancing debit is computed from a budget nobody else moves.
   *
   * `readOwners`: the accounts of these owners (a campaign's id: its budget), read once the lock is held, in the
   * same round trip as the lock, and given to fn (as getBalancesByOwner answers them).
   */
  async withSingleWriter<T>(
    scope: string,
    fn: (tx: Transaction, owned: AccountBalance[]) => Promise<T>,
    opts: { tx?: Executor; readOwners?: readonly string[] } = {},
  ): Promise<T> {
    const run = async (tx: Transaction) => {
      const rows = await this.repository.lockScope(tx, scope, opts.readOwners ?? []);
      for (const row of rows) this.hints.remember(row.key, row.balanceMicros, row.version);
      return fn(
        tx,
        rows.map((row) => toBalance(parseAccountKey(row.key), row)),
      );
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
    if (opts.asOf === undefined) for (const row of rows) this.hints.remember(row.key, row.balanceMicros, row.version);
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

  /**
   * Posts with the accounts kept locked between statements (in a transaction or savepoint of its own): the second
   * statement finds the balances the first one answered, so it applies, unless a key of the batch was recorded by a
   * concurrent transaction meanwhile (keys are not locked); each further turn needs one more such key.
   */
  private async postUnderLocks(tx: Transaction, batch: PreparedBatch, view: LedgerView): Promise<PostResult> {
    for (let turn = 0; ; turn++) {
      const answer = await this.attempt(tx, batch, view, true);
      if ('result' in answer) return answer.result;
      if (turn > batch.transferKeys.length) {
        throw new Error('Ledger engine bug: the locked state kept changing between statements');
      }
      view = answer.view;
    }
  }

  /** The state the engine expects: what it last saw of each account, no transfer recorded under the batch's keys. */
  private expectedView(batch: PreparedBatch): LedgerView {
    const balances = new Map<string, bigint>();
    const versions = new Map<string, bigint>();
    for (const account of batch.accounts) {
      const hint = this.hints.get(account.key);
      if (hint) {
        balances.set(account.key, hint.balanceMicros);
        versions.set(account.key, hint.version);
      }
    }
    return { balances, versions, transfers: new Map() };
  }

  /**
   * The reference model decides on `view`; one statement writes its decision if the database is in that state.
   * Answers the result, or the current state when it was not (nothing written).
   */
  private async attempt(
    tx: Executor,
    batch: PreparedBatch,
    view: LedgerView,
    keepLocks: boolean,
  ): Promise<{ result: PostResult } | { view: LedgerView }> {
    const { ledger, outcomes } = applyTransfers(
      { balances: view.balances, transfers: view.transfers },
      batch.transfers,
    );
    const applied: { transfer: Transfer; id: string }[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === 'applied') applied.push({ transfer: outcome.transfer, id: uuidv7() });
    }
    // Recorded in key order (see PostBatchCall.transfers); entries name their transfer by position in that order.
    // A single writer's batch usually comes in key order already (accrueCampaignBatch sorts its posts).
    const inKeyOrder = isInKeyOrder(applied) ? applied : [...applied].sort(byIdempotencyKey);
    const transferPosition = new Map<string, number>();
    for (let index = 0; index < inKeyOrder.length; index++) transferPosition.set(inKeyOrder[index]!.id, index + 1);
    const running = new Map(view.balances);
    const entryCounts = new Map<string, number>();
    const entries: NewEntryRow[] = [];
    for (const { transfer, id } of applied) {
      const position = transferPosition.get(id)!;
      for (const { account, amountMicros } of transfer.entries) {
        const after = (running.get(account.key) ?? 0n) + amountMicros;
        running.set(account.key, after);
        entryCounts.set(account.key, (entryCounts.get(account.key) ?? 0) + 1);
        entries.push({
          transfer: position,
          account: batch.positions.get(account.key)!,
          amountMicros,
          balanceAfterMicros: after,
        });
      }
    }

    const answer = await this.repository.postBatch(tx, {
      accounts: batch.accounts.map((account) => ({
        key: account.key,
        type: account.type,
        ownerId: account.ownerId,
        currency: account.currency,
        nonNegative: account.nonNegative,
        negativeVia: account.negativeVia,
        expectedBalanceMicros: view.balances.get(account.key) ?? 0n,
        expectedVersion: view.versions.get(account.key) ?? 0n,
        finalBalanceMicros: ledger.balances.get(account.key) ?? 0n,
      })),
      // Recorded keys stay recorded (transfers are append-only): only the others need checking.
      transferKeys: batch.transferKeys.filter((key) => !view.transfers.has(key)),
      transfers: inKeyOrder.map(({ transfer, id }) => ({
        id,
        kind: transfer.kind,
        idempotencyKey: transfer.idempotencyKey,
        currency: transfer.currency,
        metadata: transfer.metadata,
      })),
      effectiveAt: batch.effectiveAt,
      entries,
      keepLocks,
    });

    if (answer.status === 'error') throw postingError(answer);
    if (answer.status === 'stale') {
      for (const row of answer.accounts) this.hints.remember(row.key, row.balanceMicros, row.version);
      return {
        view: {
          balances: new Map(answer.accounts.map((row) => [row.key, row.balanceMicros])),
          versions: new Map(answer.accounts.map((row) => [row.key, row.version])),
          transfers: new Map([
            ...view.transfers,
            ...answer.transfers.map((row) => [row.idempotencyKey, toPostedTransfer(row)] as const),
          ]),
        },
      };
    }

    for (const { key } of batch.accounts) {
      const version = (view.versions.get(key) ?? 0n) + BigInt(entryCounts.get(key) ?? 0);
      this.hints.remember(key, ledger.balances.get(key) ?? 0n, version);
    }
    const posted = new Map<string, PostedTransfer>(view.transfers);
    for (const { transfer, id } of applied) {
      posted.set(transfer.idempotencyKey, {
        kind: transfer.kind,
        idempotencyKey: transfer.idempotencyKey,
        currency: transfer.currency,
        entries: transfer.entries,
        metadata: transfer.metadata,
        id,
        createdAt: answer.createdAt,
        effectiveAt: answer.effectiveAt,
      });
    }
    return {
      result: {
        outcomes: outcomes.map((outcome) => toPostOutcome(outcome, posted)),
        balances: new Map(batch.accounts.map(({ key }) => [key, ledger.balances.get(key) ?? 0n])),
      },
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

/** What the model decides on: balances and versions per account key, transfers recorded per idempotency key. */
type LedgerView = {
  readonly balances: ReadonlyMap<string, bigint>;
  readonly versions: ReadonlyMap<string, bigint>;
  readonly transfers: ReadonlyMap<string, PostedTransfer>;
};

/** A batch's accounts (each with its 1-based position, as the function addresses them) and keys, computed once. */
type PreparedBatch = {
  readonly transfers: readonly Transfer[];
  readonly accounts: readonly NewAccount[];
  readonly positions: ReadonlyMap<string, number>;
  readonly transferKeys: readonly string[];
  readonly effectiveAt: Date | null;
};

function prepareBatch(transfers: readonly Transfer[], effectiveAt: Date | null): PreparedBatch {
  const refs = new Map<string, AccountRef>();
  for (const transfer of transfers) for (const { account } of transfer.entries) refs.set(account.key, account);
  const accounts = [...refs.values()].map((ref) => {
    const rule = ACCOUNT_TYPES[ref.type];
    return {
      key: ref.key,
      type: ref.type,
      ownerId: ref.ownerId,
      currency: ref.currency,
      nonNegative: rule.nonNegative,
      negativeVia: rule.mayGoNegativeVia,
    };
  });
  return {
    transfers,
    accounts,
    positions: new Map(accounts.map((account, index) => [account.key, index + 1])),
    transferKeys: [...new Set(transfers.map((t) => t.idempotencyKey))],
    effectiveAt,
  };
}

function postingError(answer: Extract<PostBatchAnswer, { status: 'error' }>): Error {
  if (answer.sqlstate === 'LG002') return new LostInsertRace(answer.message);
  if (answer.sqlstate === 'LG003') return new Error(`Ledger engine bug: ${answer.message}`);
  return new LedgerDatabaseError(answer.message, answer.sqlstate, answer.constraint);
}

/**
 * The last balance and version the engine saw per account key, so that a batch can be decided and written in one
 * statement. Only a guess: the database compares it with the locked rows and answers the real state when it
 * differs (another process posted, a transaction rolled back), so a stale hint costs one more statement, never a
 * wrong posting. Bounded: the least recently remembered keys are forgotten first.
 */
class BalanceHints {
  private readonly entries = new Map<string, { balanceMicros: bigint; version: bigint }>();

  constructor(private readonly capacity: number) {}

  get(key: string): { balanceMicros: bigint; version: bigint } | undefined {
    return this.entries.get(key);
  }

  remember(key: string, balanceMicros: bigint, version: bigint): void {
    this.entries.delete(key);
    this.entries.set(key, { balanceMicros, version });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
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

function byIdempotencyKey(a: { transfer: Transfer }, b: { transfer: Transfer }): number {
  const x = a.transfer.idempotencyKey;
  const y = b.transfer.idempotencyKey;
  return x < y ? -1 : x > y ? 1 : 0;
}

function isInKeyOrder(transfers: readonly { transfer: Transfer }[]): boolean {
  for (let index = 1; index < transfers.length; index++) {
    if (byIdempotencyKey(transfers[index - 1]!, transfers[index]!) > 0) return false;
  }
  return true;
}
