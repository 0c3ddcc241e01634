import { LedgerAccountTypeSchema, TransferKindSchema } from '@creator-rewards/contracts';
import {
  ACCOUNT_TYPE_NAMES,
  TRANSFER_KINDS,
  buildAccrue,
  buildFund,
  buildLock,
  buildPayout,
  type CurrencyCode,
  type Transfer,
} from '@creator-rewards/domain';
import type { Role } from '@creator-rewards/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { createUser, type TestUser } from '../../test-utils/users.js';
import { LedgerReconciliationService } from './ledger-reconciliation.service.js';
import { LedgerService, requireApplied } from './ledger.service.js';

type Money = { currency: string; micros: string; display: string };
type Balance = { currency: string; available: Money; inTransit: Money };
type Entry = {
  entryId: string;
  transferId: string;
  kind: string;
  amount: Money;
  balanceAfter: Money;
  createdAt: string;
  effectiveAt: string;
  metadata: Record<string, string>;
};
type Page<T> = { items: T[]; nextCursor: string | null };
type Total = { currency: string; accountType: string; accounts: string; balance: Money; storedMicros: string };
type Run = { id: string; ok: boolean; accountsChecked: string; differences: Record<string, unknown>[] };

let t: TestApp;
let ledger: LedgerService;
beforeAll(async () => {
  t = await startTestApp();
  ledger = t.app.get(LedgerService);
});
afterAll(() => t?.close());
beforeEach(() => t.tdb.truncateAll());

const HOLD = new Date('2026-12-03T00:00:00Z');

/**
 * Money for a participant through the real plan: a brand funds a campaign, the participant accrues on `posts`
 * posts, each accrual is released to available, then `paidOut` of it leaves as a payout (in transit).
 */
async function earn(
  participantId: string,
  opts: { currency?: CurrencyCode; posts: bigint[]; paidOut?: bigint; campaign?: string },
): Promise<void> {
  const currency = opts.currency ?? 'USD';
  const campaignId = opts.campaign ?? `cmp_${currency}_${participantId.slice(0, 8)}`;
  const participationId = `ptn_${campaignId}`;
  const total = opts.posts.reduce((a, b) => a + b, 0n);
  const transfers: Transfer[] = [
    buildFund({ paymentId: `pay_${campaignId}`, campaignId, currency, grossMicros: total * 2n, fee: {} }),
  ];
  opts.posts.forEach((amountMicros, index) => {
    transfers.push(
      buildAccrue({
        campaignId,
        participationId,
        postId: `post_${campaignId}_${index}`,
        sequence: 0,
        currency,
        amountMicros,
        holdEndsAt: HOLD,
      }),
      buildLock({ participationId, participantId, sequence: index, currency, amountMicros }),
    );
  });
  if (opts.paidOut) {
    transfers.push(
      buildPayout({ payoutItemId: `po_${campaignId}`, participantId, currency, amountMicros: opts.paidOut }),
    );
  }
  requireApplied(await ledger.post(transfers));
}

async function walk(user: TestUser, query: string, limit: number): Promise<{ items: Entry[]; pages: number }> {
  const items: Entry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await user.request(
      'GET',
      `/v1/me/statement?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<Page<Entry>>();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (++pages > 100) throw new Error('pagination does not end');
  } while (cursor);
  return { items, pages };
}

describe('contract lists', () => {
  test('the contract’s account types and transfer kinds are the domain’s', () => {
    expect([...LedgerAccountTypeSchema.options].sort()).toEqual([...ACCOUNT_TYPE_NAMES].sort());
    expect([...TransferKindSchema.options].sort()).toEqual([...TRANSFER_KINDS].sort());
  });
});

describe('GET /v1/me/balances', () => {
  test('the caller sees their own available and in-transit money per currency, as micro strings', async () => {
    const a = await createUser(t, { roles: ['participant'] });
    await earn(a.user.id, { posts: [100_000_000n, 20_625_000n], paidOut: 50_000_000n });
    await earn(a.user.id, { currency: 'JPY', posts: [1_500_000_000n] });

    const res = await a.request('GET', '/v1/me/balances');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          currency: 'JPY',
          available: { currency: 'JPY', micros: '1500000000', display: '¥1,500' },
          inTransit: { currency: 'JPY', micros: '0', display: '¥0' },
        },
        {
          currency: 'USD',
          available: { currency: 'USD', micros: '70625000', display: '$70.62' },
          inTransit: { currency: 'USD', micros: '50000000', display: '$50.00' },
        },
      ],
    });
  });

  test('another user sees none of it, and a currency whose balances are zero is left out', async () => {
    const a = await createUser(t, { roles: ['participant'] });
    const b = await createUser(t, { roles: ['participant'] });
    await earn(a.user.id, { posts: [5_000_000n] });
    // B's whole balance leaves as a payout, then its EUR accounts hold zero available but some in transit;
    // GBP: accrued but still pending (per participation), so nothing to show for B.
    await earn(b.user.id, { currency: 'EUR', posts: [3_000_000n], paidOut: 3_000_000n });
    await ledger.post([
      buildFund({ paymentId: 'pay_gbp', campaignId: 'cmp_gbp', currency: 'GBP', grossMicros: 9_000_000n, fee: {} }),
      buildAccrue({
        campaignId: 'cmp_gbp',
        participationId: 'ptn_gbp_b',
        postId: 'post_gbp',
        sequence: 0,
        currency: 'GBP',
        amountMicros: 1_000_000n,
        holdEndsAt: HOLD,
      }),
    ]);

    const res = await b.request('GET', '/v1/me/balances');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: Balance[] }>().items;
    expect(items.map((i) => i.currency)).toEqual(['EUR']);
    expect(items[0]!.available.micros).toBe('0');
    expect(items[0]!.inTransit.micros).toBe('3000000');

    const c = await createUser(t, { roles: ['participant'] });
    const empty = await c.request('GET', '/v1/me/balances');
    expect(empty.json()).toEqual({ items: [] });
  });
});

describe('GET /v1/me/statement', () => {
  test('entries newest first with kind, signed amount, balance after and the transfer’s metadata', async () => {
    const a = await createUser(t, { roles: ['participant'] });
    await earn(a.user.id, { posts: [10_000_000n, 2_500_000n], paidOut: 4_000_000n, campaign: 'cmp_s' });

    const res = await a.request('GET', '/v1/me/statement?currency=USD');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<Page<Entry>>();
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((e) => [e.kind, e.amount.micros, e.balanceAfter.micros])).toEqual([
      ['payout', '-4000000', '8500000'],
      ['lock', '2500000', '12500000'],
      ['lock', '10000000', '10000000'],
    ]);
    const payout = page.items[0]!;
    expect(payout.balanceAfter).toEqual({ currency: 'USD', micros: '8500000', display: '$8.50' });
    expect(payout.metadata).toMatchObject({ payoutItemId: 'po_cmp_s' });
    expect(Number.isNaN(Date.parse(payout.createdAt))).toBe(false);

    const transit = await a.request('GET', '/v1/me/statement?currency=USD&account=in_transit');
    expect(transit.json<Page<Entry>>().items.map((e) => [e.kind, e.amount.micros])).toEqual([['payout', '4000000']]);
  });

  test('someone else’s statement is unreachable: B reads only B’s own (empty) account, even with A’s cursor', async () => {
    const a = await createUser(t, { roles: ['participant'] });
    const b = await createUser(t, { roles: ['participant'] });
    await earn(a.user.id, { posts: [1_000_000n, 1_000_000n, 1_000_000n] });
    const first = await a.request('GET', '/v1/me/statement?currency=USD&limit=1');
    const cursor = first.json<Page<Entry>>().nextCursor;
    expect(cursor).not.toBeNull();

    for (const url of ['/v1/me/statement?currency=USD', `/v1/me/statement?currency=USD&cursor=${cursor}`]) {
      const res = await b.request('GET', url);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ items: [], nextCursor: null });
    }
  });

  test('pagination walks the whole statement with no gaps and no repeats', async () => {
    const a = await createUser(t, { roles: ['participant'] });
    await earn(a.user.id, { posts: Array.from({ length: 23 }, (_, i) => BigInt(i + 1) * 1_000_000n) });

    const { items, pages } = await walk(a, 'currency=USD&account=available', 5);
    expect(pages).toBe(5);
    expect(items).toHaveLength(23);
    expect(new Set(items.map((e) => e.entryId)).size).toBe(23);
    const ids = items.map((e) => BigInt(e.entryId));
    expect(ids).toEqual([...ids].sort((x, y) => (x > y ? -1 : x < y ? 1 : 0)));
    // Newest first: each entry's balance after is the next (older) one's plus its own amount.
    items.forEach((entry, i) => {
      const older = items[i + 1];
      const before = older ? BigInt(older.balanceAfter.micros) : 0n;
      expect(BigInt(entry.balanceAfter.micros)).toBe(before + BigInt(entry.amount.micros));
    });
    expect(items[0]!.balanceAfter.micros).toBe(String(276_000_000n));
  });

  test.each([
    ['missing currency', '', 'query.currency'],
    ['a lowercase currency', 'currency=usd', 'query.currency'],
    ['an unsupported currency', 'currency=XYZ', 'query.currency'],
    ['an unknown account', 'currency=USD&account=pending', 'query.account'],
    ['a limit above 100', 'currency=USD&limit=101', 'query.limit'],
    ['a limit of 0', 'currency=USD&limit=0', 'query.limit'],
    ['a forged cursor', 'currency=USD&cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
    ['an unknown parameter', 'currency=USD&owner=someone', 'query'],
  ])('%s → 400 naming the field', async (_label, query, field) => {
    const a = await createUser(t, { roles: ['participant'] });
    const res = await a.request('GET', `/v1/me/statement?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json<{ code: string; message: string; details?: { issues?: { path: string }[] } }>();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message.startsWith(field)).toBe(true);
  });
});

describe('GET /v1/finance/ledger/totals', () => {
  test('finance sees per currency and account type totals, which sum to zero per currency', async () => {
    const a = await createUser(t, { roles: ['participant'] });
    const b = await createUser(t, { roles: ['participant'] });
    await earn(a.user.id, { posts: [7_000_000n, 3_000_000n], paidOut: 2_000_000n });
    await earn(b.user.id, { posts: [1_000_000n] });
    await earn(b.user.id, { currency: 'JPY', posts: [5_000_000n] });

    const finance = await createUser(t, { roles: ['finance'] });
    const res = await finance.request('GET', '/v1/finance/ledger/totals');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: Total[] }>().items;

    const sums = new Map<string, bigint>();
    for (const item of items) sums.set(item.currency, (sums.get(item.currency) ?? 0n) + BigInt(item.storedMicros));
    expect(Object.fromEntries(sums)).toEqual({ JPY: 0n, USD: 0n });

    const usd = (type: string) => items.find((i) => i.currency === 'USD' && i.accountType === type);
    expect(usd('participant_available')).toMatchObject({ accounts: '2', balance: { micros: '9000000' } });
    expect(usd('payouts_in_transit')).toMatchObject({ accounts: '1', balance: { micros: '2000000' } });
    // Cash is debit-normal: people read it positive while it is stored negative.
    expect(usd('platform_cash')).toMatchObject({ balance: { micros: '22000000' }, storedMicros: '-22000000' });
  });

  test.each<[string, Role, boolean, string]>([
    ['a participant', 'participant', false, 'FORBIDDEN'],
    ['a brand', 'brand', false, 'FORBIDDEN'],
    ['finance without 2FA', 'finance', false, 'MFA_REQUIRED'],
    ['admin without 2FA', 'admin', false, 'MFA_REQUIRED'],
  ])('%s is refused on the back-office routes', async (_label, role, twoFactor, code) => {
    const user = await createUser(t, { roles: [role], twoFactor });
    for (const url of ['/v1/finance/ledger/totals', '/v1/admin/ledger/reconciliations']) {
      const res = await user.request('GET', url);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json<{ code: string }>().code).toBe(code);
    }
  });
});

describe('GET /v1/admin/ledger/reconciliations', () => {
  test('runs newest first with what they found, filterable and paginated', async () => {
    const a = await createUser(t, { roles: ['participant'] });
    await earn(a.user.id, { posts: [1_000_000n] });
    const reconciliation = t.app.get(LedgerReconciliationService);
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await reconciliation.reconcile());
    // A stored balance moved behind the ledger's back (as a bug would): the next run records the difference.
    // The integrity triggers forbid exactly this, so they are bypassed for the session that plants it.
    await t.tdb.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(
        sql`UPDATE ledger_accounts SET balance_micros = balance_micros + 1 WHERE type = 'participant_available'`,
      );
    });
    const bad = await reconciliation.reconcile();
    expect(bad.ok).toBe(false);

    const admin = await createUser(t, { roles: ['admin'] });
    const all = await admin.request('GET', '/v1/admin/ledger/reconciliations?limit=2');
    expect(all.statusCode, all.body).toBe(200);
    const first = all.json<Page<Run>>();
    expect(first.items.map((r) => r.id)).toEqual([bad.id, runs[2]!.id]);
    expect(first.items[0]!.ok).toBe(false);
    expect(first.items[0]!.differences).toContainEqual(
      expect.objectContaining({ kind: 'account_balance', accountKey: expect.stringContaining(a.user.id) }),
    );
    expect(first.items[1]!).toMatchObject({ ok: true, differences: [], accountsChecked: '4' });

    const second = await admin.request('GET', `/v1/admin/ledger/reconciliations?limit=2&cursor=${first.nextCursor}`);
    const rest = second.json<Page<Run>>();
    expect(rest.items.map((r) => r.id)).toEqual([runs[1]!.id, runs[0]!.id]);
    expect(rest.nextCursor).toBeNull();

    const finance = await createUser(t, { roles: ['finance'] });
    const failed = await finance.request('GET', '/v1/admin/ledger/reconciliations?status=differences');
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json<Page<Run>>().items.map((r) => r.id)).toEqual([bad.id]);

    const wrong = await admin.request('GET', '/v1/admin/ledger/reconciliations?status=broken');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ message: string }>().message.startsWith('query.status')).toBe(true);
  });
});
