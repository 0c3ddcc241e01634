import { PageQuerySchema, TimestampSchema, pageOf } from './common.js';
import { defineRoute } from './route.js';
import { z } from './zod.js';

// The lists below repeat the domain's ACCOUNT_TYPE_NAMES and TRANSFER_KINDS on purpose (contracts depend on zod
// only, so the SDK stays small); apps/api's ledger read tests compare them.
export const LedgerAccountTypeSchema = z
  .enum([
    'platform_cash',
    'campaign_budget',
    'participant_pending',
    'participant_available',
    'payouts_in_transit',
    'platform_fees',
    'brand_refunds',
  ])
  .openapi('LedgerAccountType');

export const TransferKindSchema = z
  .enum(['fund', 'accrue', 'lock', 'clawback', 'payout', 'payout_settled', 'payout_failed', 'refund', 'refund_settled'])
  .openapi('TransferKind');

export const CurrencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD')
  .describe('ISO 4217 currency code.');

/** Amounts travel as decimal strings of micro-units (1/1,000,000 of the major unit), never as JSON numbers. */
export const MicrosSchema = z
  .string()
  .regex(/^-?\d{1,19}$/, 'must be a whole number of micro-units')
  .describe('Signed integer count of micro-units (1/1,000,000 of the major unit), as a decimal string.');

export const MoneySchema = z
  .object({
    currency: CurrencyCodeSchema,
    micros: MicrosSchema,
    display: z.string().describe('For people: formatted in the currency’s minor units (en-US), e.g. "$120.62".'),
  })
  .openapi('Money');

export const MyBalanceSchema = z
  .object({
    currency: CurrencyCodeSchema,
    available: MoneySchema.describe('Released earnings you can be paid; negative only after a clawback.'),
    inTransit: MoneySchema.describe('Payouts sent to the payment rail and not settled or failed yet.'),
  })
  .openapi('MyBalance');

export const MyStatementAccountSchema = z.enum(['available', 'in_transit']);

export const StatementEntrySchema = z
  .object({
    entryId: z.string(),
    transferId: z.string(),
    kind: TransferKindSchema,
    amount: MoneySchema.describe('Signed: positive adds to the balance, negative takes from it.'),
    balanceAfter: MoneySchema,
    createdAt: TimestampSchema.describe('When the ledger recorded it.'),
    effectiveAt: TimestampSchema.describe('Business time of the movement.'),
    metadata: z.record(z.string(), z.string()).describe('The transfer’s metadata (campaign, post, payout ids …).'),
  })
  .openapi('StatementEntry');

export const LedgerTotalSchema = z
  .object({
    currency: CurrencyCodeSchema,
    accountType: LedgerAccountTypeSchema,
    accounts: z.string().regex(/^\d+$/).describe('How many accounts of this type exist in this currency.'),
    balance: MoneySchema.describe('Total as people read it, from the account type’s normal side.'),
    storedMicros: MicrosSchema.describe(
      'Total in the ledger’s credit-positive convention: per currency these add up to exactly 0.',
    ),
  })
  .openapi('LedgerTotal');

export const ReconciliationRunSchema = z
  .object({
    id: z.string(),
    startedAt: TimestampSchema,
    finishedAt: TimestampSchema,
    ok: z.boolean().describe('True when every check passed.'),
    accountsChecked: z.string().regex(/^\d+$/),
    entriesChecked: z.string().regex(/^\d+$/),
    transfersChecked: z.string().regex(/^\d+$/),
    differences: z
      .array(z.record(z.string(), z.unknown()))
      .describe('What did not match, by `kind` (amounts as micro-unit strings); at most 100 of each kind.'),
  })
  .openapi('ReconciliationRun');

const mine = { roles: 'any', ownership: 'self', tokenScope: 'read' } as const;
const backOffice = { roles: ['finance', 'admin'], ownership: 'none', tokenScope: 'read' } as const;

export const ledgerRoutes = {
  getMyBalances: defineRoute({
    operationId: 'getMyBalances',
    method: 'get',
    path: '/v1/me/balances',
    summary: 'My balances per currency: available to be paid, and payouts in transit.',
    description:
      'Currencies where both balances are zero are left out. Earnings still in their hold period are held per ' +
      'participation (one participant in one campaign): GET /v1/me/earnings lists them with why and until when.',
    tags: ['ledger'],
    access: mine,
    response: {
      status: 200,
      schema: z.object({ items: z.array(MyBalanceSchema) }),
      description: 'My balances, by currency code.',
    },
  }),
  getMyStatement: defineRoute({
    operationId: 'getMyStatement',
    method: 'get',
    path: '/v1/me/statement',
    summary: 'The entries of one of my accounts, newest first.',
    description:
      'An account that has never moved answers an empty page. Pass `nextCursor` back as `cursor` for older ' +
      'entries; pages stay gap-free while new entries arrive.',
    tags: ['ledger'],
    access: mine,
    query: PageQuerySchema.extend({
      currency: CurrencyCodeSchema,
      account: MyStatementAccountSchema.default('available').describe('`available` (default) or `in_transit`.'),
    }),
    response: { status: 200, schema: pageOf(StatementEntrySchema), description: 'A page of entries.' },
  }),
  getLedgerTotals: defineRoute({
    operationId: 'getLedgerTotals',
    method: 'get',
    path: '/v1/finance/ledger/totals',
    summary: 'Platform totals: the sum of all balances per currency and account type.',
    tags: ['ledger', 'finance'],
    access: backOffice,
    response: {
      status: 200,
      schema: z.object({ items: z.array(LedgerTotalSchema) }),
      description: 'Totals, by currency then account type.',
    },
  }),
  listReconciliations: defineRoute({
    operationId: 'listLedgerReconciliations',
    method: 'get',
    path: '/v1/admin/ledger/reconciliations',
    summary: 'Ledger reconciliation runs, newest first, with the differences each found.',
    tags: ['ledger', 'admin'],
    access: backOffice,
    query: PageQuerySchema.extend({
      status: z
        .enum(['ok', 'differences'])
        .optional()
        .describe('Only runs that passed (`ok`) or only runs that found differences.'),
    }),
    response: { status: 200, schema: pageOf(ReconciliationRunSchema), description: 'A page of runs.' },
  }),
};
