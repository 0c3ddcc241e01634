import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseHandle } from '@creator-rewards/db';
import {
  accountKey,
  isAccountType,
  isCurrencyCode,
  naturalBalance,
  type AccountType,
  type CurrencyCode,
} from '@creator-rewards/domain';
import { AppError } from '../../platform/errors/app-error.js';
import { toMoney } from '../../platform/http/money.js';
import { DATABASE } from '../../platform/tokens.js';
import { decodeIdCursor, encodeCursor } from '../../platform/http/cursor.js';
import { LedgerReconciliationRepository } from './ledger-reconciliation.repository.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerService } from './ledger.service.js';

type Page = { cursor?: string | undefined; limit: number };

/** The accounts a participant reads about themselves: both are keyed by their user id. */
const MY_ACCOUNTS = { available: 'participant_available', in_transit: 'payouts_in_transit' } as const;
type MyAccount = keyof typeof MY_ACCOUNTS;

/**
 * The ledger's read side for people: a participant's own balances and statements, platform totals and
 * reconciliation runs for finance and admins. Every amount leaves as a decimal string of micro-units.
 */
@Injectable()
export class LedgerReadService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly ledger: LedgerService,
    private readonly repository: LedgerRepository,
    private readonly reconciliations: LedgerReconciliationRepository,
  ) {}

  /**
   * The caller's available and in-transit balances per currency. Pending earnings are kept per participation
   * (one participant in one campaign), so they cannot be found from the user id alone: they are not listed yet.
   */
  async myBalances(userId: string) {
    const wanted = new Set<AccountType>(Object.values(MY_ACCOUNTS));
    const balances = (await this.ledger.getBalancesByOwner([userId])).filter((b) => wanted.has(b.type));
    const byCurrency = new Map<CurrencyCode, { available: bigint; inTransit: bigint }>();
    for (const balance of balances) {
      const row = byCurrency.get(balance.currency) ?? { available: 0n, inTransit: 0n };
      if (balance.type === MY_ACCOUNTS.available) row.available += balance.balanceMicros;
      else row.inTransit += balance.balanceMicros;
      byCurrency.set(balance.currency, row);
    }
    const items = [...byCurrency]
      .filter(([, row]) => row.available !== 0n || row.inTransit !== 0n)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, row]) => ({
        currency,
        available: toMoney(row.available, currency),
        inTransit: toMoney(row.inTransit, currency),
      }));
    return { items };
  }

  /** One of the caller's accounts, newest first. The key is built from the caller's id: no one else's is reachable. */
  async myStatement(userId: string, query: Page & { currency: string; account: MyAccount }) {
    const currency = requireCurrency(query.currency);
    const type = MY_ACCOUNTS[query.account];
    const statement = await this.ledger.getStatement(accountKey(type, userId, currency), {
      limit: query.limit,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    });
    return {
      items: statement.lines.map((line) => ({
        entryId: line.entryId,
        transferId: line.transferId,
        kind: line.kind,
        amount: toMoney(naturalBalance(type, line.amountMicros), currency),
        balanceAfter: toMoney(naturalBalance(type, line.balanceAfterMicros), currency),
        createdAt: line.createdAt.toISOString(),
        effectiveAt: line.effectiveAt.toISOString(),
        metadata: line.metadata,
      })),
      nextCursor: statement.nextCursor,
    };
  }

  /** Per currency and account type, the sum of the stored balances (one GROUP BY over ledger_accounts). */
  async platformTotals() {
    const rows = await this.repository.totalsByType(this.database.db);
    const items = rows.flatMap((row) => {
      // Both lists are the database's own (CHECK constraints); a row outside them would be a schema drift.
      if (!isAccountType(row.type) || !isCurrencyCode(row.currency)) return [];
      return [
        {
          currency: row.currency,
          accountType: row.type,
          accounts: String(row.accounts),
          balance: toMoney(naturalBalance(row.type, row.storedMicros), row.currency),
          storedMicros: String(row.storedMicros),
        },
      ];
    });
    return { items };
  }

  async listReconciliations(query: Page & { status?: 'ok' | 'differences' | undefined }) {
    const rows = await this.reconciliations.listReconciliations(this.database.db, {
      limit: query.limit + 1,
      ...(query.cursor === undefined ? {} : { beforeId: String(decodeIdCursor(query.cursor)) }),
      ...(query.status === undefined ? {} : { ok: query.status === 'ok' }),
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => ({
        id: row.id,
        startedAt: row.startedAt.toISOString(),
        finishedAt: row.finishedAt.toISOString(),
        ok: row.ok,
        accountsChecked: String(row.accountsChecked),
        entriesChecked: String(row.entriesChecked),
        transfersChecked: String(row.transfersChecked),
        differences: row.differences,
      })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null,
    };
  }
}

function requireCurrency(code: string): CurrencyCode {
  if (isCurrencyCode(code)) return code;
  const message = `${code} is not a supported currency`;
  throw new AppError('VALIDATION_FAILED', `query.currency: ${message}`, {
    issues: [{ path: 'query.currency', code: 'unsupported_currency', message }],
  });
}
