import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseHandle } from '@creator-rewards/db';
import type { Logger } from 'pino';
import { DATABASE, LOGGER } from '../../platform/tokens.js';
import { LedgerReconciliationRepository, RECONCILIATION_ROW_LIMIT } from './ledger-reconciliation.repository.js';

export type ReconciliationDifference =
  | {
      readonly kind: 'account_balance';
      readonly accountKey: string;
      readonly storedMicros: bigint;
      readonly entriesSumMicros: bigint;
      readonly lastBalanceAfterMicros: bigint | null;
      readonly version: bigint;
      readonly entryCount: bigint;
    }
  | {
      readonly kind: 'balance_after_chain';
      readonly accountKey: string;
      readonly entryId: string;
      readonly balanceAfterMicros: bigint;
      readonly runningSumMicros: bigint;
    }
  | {
      readonly kind: 'currency_total';
      readonly currency: string;
      readonly entriesTotalMicros: bigint;
      readonly storedTotalMicros: bigint;
    }
  | {
      readonly kind: 'transfer_unbalanced';
      readonly idempotencyKey: string;
      readonly entryCount: bigint;
      readonly totalMicros: bigint;
    };

export type ReconciliationReport = {
  readonly id: string;
  readonly ok: boolean;
  readonly startedAt: Date;
  readonly accountsChecked: bigint;
  readonly entriesChecked: bigint;
  readonly transfersChecked: bigint;
  /** At most RECONCILIATION_ROW_LIMIT of each kind; `counts` has the exact numbers. */
  readonly differences: readonly ReconciliationDifference[];
  readonly counts: Readonly<Record<ReconciliationDifference['kind'], bigint>>;
};

/** Proves the books: run by the ledger.reconcile job (ledger.jobs.ts), and on demand. */
@Injectable()
export class LedgerReconciliationService {
  private readonly logger: Logger;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) logger: Logger,
    private readonly repository: LedgerReconciliationRepository,
  ) {
    this.logger = logger.child({ component: 'ledger' });
  }

  /**
   * Proves the books from the rows, in one consistent snapshot (REPEATABLE READ, so posting continues meanwhile):
   * every account's stored balance equals the sum of its entries and its last balance_after, and its version its
   * entry count; every balance_after is the running sum before it; every transfer has two or more entries summing
   * to 0; per currency, all entries and all stored balances total exactly 0 (total debits = total credits).
   * Each difference is logged at error level; the run is recorded in ledger_reconciliations for admins.
   */
  async reconcile(): Promise<ReconciliationReport> {
    const startedAt = new Date();
    const found = await this.database.db.transaction(
      async (tx) => {
        const counts = await this.repository.countRows(tx);
        const accounts = await this.repository.accountMismatches(tx);
        const chain = await this.repository.chainBreaks(tx);
        const currencies = await this.repository.currencyTotals(tx);
        const transfers = await this.repository.unbalancedTransfers(tx);
        return { counts, accounts, chain, currencies, transfers };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );

    const currencyDiffs = found.currencies.filter((c) => c.entriesTotalMicros !== 0n || c.storedTotalMicros !== 0n);
    const differences: ReconciliationDifference[] = [
      ...found.accounts.rows.map((r): ReconciliationDifference => ({
        kind: 'account_balance',
        accountKey: r.key,
        storedMicros: r.storedMicros,
        entriesSumMicros: r.entriesSumMicros,
        lastBalanceAfterMicros: r.lastBalanceAfterMicros,
        version: r.version,
        entryCount: r.entryCount,
      })),
      ...found.chain.rows.map((r): ReconciliationDifference => ({
        kind: 'balance_after_chain',
        accountKey: r.key,
        entryId: r.entryId,
        balanceAfterMicros: r.balanceAfterMicros,
        runningSumMicros: r.runningSumMicros,
      })),
      ...currencyDiffs.map((r): ReconciliationDifference => ({ kind: 'currency_total', ...r })),
      ...found.transfers.rows.map((r): ReconciliationDifference => ({ kind: 'transfer_unbalanced', ...r })),
    ];
    const counts = {
      account_balance: found.accounts.count,
      balance_after_chain: found.chain.count,
      currency_total: BigInt(currencyDiffs.length),
      transfer_unbalanced: found.transfers.count,
    };
    const ok = differences.length === 0;
    const id = await this.repository.insertReconciliation(this.database.db, {
      startedAt,
      ok,
      accountsChecked: found.counts.accounts,
      entriesChecked: found.counts.entries,
      transfersChecked: found.counts.transfers,
      differences: differences.map(toJson),
    });

    const summary = {
      reconciliationId: id,
      accountsChecked: String(found.counts.accounts),
      entriesChecked: String(found.counts.entries),
      transfersChecked: String(found.counts.transfers),
    };
    if (ok) {
      this.logger.info(summary, 'ledger reconciled: stored balances match their entries, every currency sums to 0');
    } else {
      for (const difference of differences) {
        this.logger.error({ ...summary, difference: toJson(difference) }, `ledger difference: ${difference.kind}`);
      }
      this.logger.error(
        { ...summary, counts: toJson(counts), reportedPerKind: RECONCILIATION_ROW_LIMIT },
        'ledger reconciliation found differences',
      );
    }
    return {
      id,
      ok,
      startedAt,
      accountsChecked: found.counts.accounts,
      entriesChecked: found.counts.entries,
      transfersChecked: found.counts.transfers,
      differences,
      counts,
    };
  }
}

/** bigint → decimal string, recursively: for logs and the jsonb record. */
function toJson(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<
    string,
    unknown
  >;
}
