import { accountRule, naturalBalance, parseAccountKey, type AccountRef } from './accounts.js';
import { validateTransfer, type Transfer } from './transfers.js';

/**
 * The reference model of the ledger: what the database must do, in memory. Database tests run the same
 * transfers through both and compare balances and outcomes.
 *
 * Rules it enforces, each mirrored by the database:
 * 1. Every transfer passes validateTransfer (sum to zero, plan, currency); a malformed one throws, since only
 *    a bug builds one (database: constraint/trigger error, transaction rolled back).
 * 2. Idempotency: a key already recorded is a no-op that returns the recorded transfer, 'duplicate' when the
 *    attempt is identical (a retry), 'key_conflict' when it differs (a computation from a stale state: the
 *    caller re-reads and recomputes). Database: UNIQUE(idempotency_key), on conflict load and compare.
 * 3. Non-negative accounts: a transfer that would take a nonNegative account below 0, or further below 0,
 *    is rejected as a whole and changes nothing; its key stays free, as a rolled-back insert leaves it.
 *    The exception is an account whose rule lists the transfer's kind in mayGoNegativeVia
 *    (participant_available under a clawback). A transfer that raises a negative balance without reaching 0
 *    (a lock netting a clawback debt) is fine.
 * 4. Transfers apply one at a time, in order, each atomically: the database may aggregate a batch into one
 *    UPDATE per account only when every prefix of the batch is valid on its own, which accrueCampaignBatch
 *    guarantees by ordering clawbacks (which only raise the budget) before accruals.
 */
export type LedgerState = {
  /** Stored (credit-positive) balance per account key; an absent account is 0. */
  readonly balances: ReadonlyMap<string, bigint>;
  /** Every applied transfer by idempotency key, in application order. */
  readonly transfers: ReadonlyMap<string, Transfer>;
};

export type RejectionReason = 'NEGATIVE_BALANCE';

export type ApplyOutcome =
  | { readonly status: 'applied'; readonly transfer: Transfer }
  | { readonly status: 'duplicate'; readonly transfer: Transfer }
  | { readonly status: 'key_conflict'; readonly transfer: Transfer; readonly attempted: Transfer }
  | {
      readonly status: 'rejected';
      readonly attempted: Transfer;
      /** NEGATIVE_BALANCE: accountKey would end at balanceAfterMicros (stored, credit-positive) below 0. */
      readonly reason: RejectionReason;
      readonly accountKey: string;
      readonly balanceAfterMicros: bigint;
    };

export type ApplyResult = { readonly ledger: LedgerState; readonly outcomes: readonly ApplyOutcome[] };

export function emptyLedger(): LedgerState {
  return { balances: new Map(), transfers: new Map() };
}

/** Applies transfers in order; the input ledger is not modified. One outcome per transfer, same order. */
export function applyTransfers(ledger: LedgerState, transfers: readonly Transfer[]): ApplyResult {
  const balances = new Map(ledger.balances);
  const recorded = new Map(ledger.transfers);
  const outcomes: ApplyOutcome[] = [];

  for (const attempted of transfers) {
    validateTransfer(attempted);
    const original = recorded.get(attempted.idempotencyKey);
    if (original) {
      outcomes.push(
        sameTransfer(original, attempted)
          ? { status: 'duplicate', transfer: original }
          : { status: 'key_conflict', transfer: original, attempted },
      );
      continue;
    }

    const violation = firstViolation(balances, attempted);
    if (violation) {
      outcomes.push({ status: 'rejected', attempted, reason: 'NEGATIVE_BALANCE', ...violation });
      continue;
    }
    for (const { account, amountMicros } of attempted.entries) {
      balances.set(account.key, (balances.get(account.key) ?? 0n) + amountMicros);
    }
    recorded.set(attempted.idempotencyKey, attempted);
    outcomes.push({ status: 'applied', transfer: attempted });
  }

  return { ledger: { balances, transfers: recorded }, outcomes };
}

function firstViolation(
  balances: ReadonlyMap<string, bigint>,
  transfer: Transfer,
): { accountKey: string; balanceAfterMicros: bigint } | undefined {
  for (const { account, amountMicros } of transfer.entries) {
    const rule = accountRule(account.type);
    if (!rule.nonNegative) continue;
    if ((rule.mayGoNegativeVia as readonly string[]).includes(transfer.kind)) continue;
    const after = (balances.get(account.key) ?? 0n) + amountMicros;
    const movesDown = naturalBalance(account.type, amountMicros) < 0n;
    if (movesDown && naturalBalance(account.type, after) < 0n) {
      return { accountKey: account.key, balanceAfterMicros: after };
    }
  }
  return undefined;
}

/** Same kind, key, currency, entries (in order) and metadata: a retry, not a different transfer. */
export function sameTransfer(a: Transfer, b: Transfer): boolean {
  if (a.kind !== b.kind || a.idempotencyKey !== b.idempotencyKey || a.currency !== b.currency) return false;
  if (a.entries.length !== b.entries.length) return false;
  const entriesMatch = a.entries.every((entry, index) => {
    const other = b.entries[index];
    return other !== undefined && other.account.key === entry.account.key && other.amountMicros === entry.amountMicros;
  });
  if (!entriesMatch) return false;
  const aKeys = Object.keys(a.metadata);
  const bKeys = Object.keys(b.metadata);
  return aKeys.length === bKeys.length && aKeys.every((key) => b.metadata[key] === a.metadata[key]);
}

/** The stored (credit-positive) balance of an account; 0 when it has no entries. */
export function storedBalance(ledger: LedgerState, account: AccountRef | string): bigint {
  return ledger.balances.get(typeof account === 'string' ? account : account.key) ?? 0n;
}

/** The balance people read (see naturalBalance in accounts.ts). */
export function balanceOf(ledger: LedgerState, account: AccountRef | string): bigint {
  const ref = typeof account === 'string' ? parseAccountKey(account) : account;
  return naturalBalance(ref.type, storedBalance(ledger, ref));
}

/**
 * The net stored-balance change per account key over a list of transfers: what a batch adds to each
 * account row in one UPDATE (balance = balance + change). Accounts whose changes cancel out are kept with 0
 * so the caller still sees they were touched.
 */
export function netChanges(transfers: readonly Transfer[]): Map<string, bigint> {
  const changes = new Map<string, bigint>();
  for (const transfer of transfers) {
    for (const { account, amountMicros } of transfer.entries) {
      changes.set(account.key, (changes.get(account.key) ?? 0n) + amountMicros);
    }
  }
  return changes;
}
