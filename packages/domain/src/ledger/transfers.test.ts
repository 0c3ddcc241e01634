import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MoneyError } from '../money/errors.js';
import { accountRef, platformAccount } from './accounts.js';
import { LedgerError } from './errors.js';
import {
  TRANSFER_KINDS,
  buildAccrue,
  buildClawback,
  buildFund,
  buildLock,
  buildPayout,
  buildPayoutFailed,
  buildPayoutSettled,
  buildRefund,
  buildRefundSettled,
  IDEMPOTENCY_KEY_PATTERN,
  fundingSplit,
  idempotencyKeys,
  validateTransfer,
  type Transfer,
} from './transfers.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof LedgerError || error instanceof MoneyError) return error.code;
    throw error;
  }
  throw new Error('expected an error');
}

/** [account key, amount] pairs: the readable form of a transfer's entries. */
function legs(transfer: Transfer): [string, bigint][] {
  return transfer.entries.map((e) => [e.account.key, e.amountMicros]);
}

const HOLD_ENDS = new Date('2026-12-03T10:00:00Z');

describe('builders', () => {
  test.each<[string, () => Transfer, string, string, [string, bigint][]]>([
    [
      'fund with a 10 % + 0.30 fee',
      () =>
        buildFund({
          paymentId: 'pay_1',
          campaignId: 'cmp_1',
          currency: 'USD',
          grossMicros: 100_000_000n,
          fee: { basisPoints: 1_000n, fixedMicros: 300_000n },
        }),
      'fund',
      'fund:pay_1',
      [
        ['platform_cash:platform:USD', -100_000_000n],
        ['campaign_budget:cmp_1:USD', 89_700_000n],
        ['platform_fees:platform:USD', 10_300_000n],
      ],
    ],
    [
      'fund without a fee (no fee leg)',
      () => buildFund({ paymentId: 'pay_2', campaignId: 'cmp_1', currency: 'USD', grossMicros: 5n }),
      'fund',
      'fund:pay_2',
      [
        ['platform_cash:platform:USD', -5n],
        ['campaign_budget:cmp_1:USD', 5n],
      ],
    ],
    [
      'accrue',
      () =>
        buildAccrue({
          campaignId: 'cmp_1',
          participationId: 'ptn_1',
          postId: 'post_1',
          sequence: 3,
          currency: 'USD',
          amountMicros: 1_234n,
          holdEndsAt: HOLD_ENDS,
        }),
      'accrue',
      'earnings:post_1:3',
      [
        ['campaign_budget:cmp_1:USD', -1_234n],
        ['participant_pending:ptn_1:USD', 1_234n],
      ],
    ],
    [
      'lock',
      () =>
        buildLock({ participationId: 'ptn_1', participantId: 'usr_1', sequence: 0, currency: 'USD', amountMicros: 9n }),
      'lock',
      'lock:ptn_1:0',
      [
        ['participant_pending:ptn_1:USD', -9n],
        ['participant_available:usr_1:USD', 9n],
      ],
    ],
    [
      'clawback covered by pending',
      () => clawback({ amountMicros: 50n, pendingMicros: 80n }),
      'clawback',
      'earnings:post_1:4',
      [
        ['participant_pending:ptn_1:USD', -50n],
        ['campaign_budget:cmp_1:USD', 50n],
      ],
    ],
    [
      'clawback split between pending and available',
      () => clawback({ amountMicros: 50n, pendingMicros: 30n }),
      'clawback',
      'earnings:post_1:4',
      [
        ['participant_pending:ptn_1:USD', -30n],
        ['participant_available:usr_1:USD', -20n],
        ['campaign_budget:cmp_1:USD', 50n],
      ],
    ],
    [
      'clawback with nothing pending',
      () => clawback({ amountMicros: 50n, pendingMicros: 0n }),
      'clawback',
      'earnings:post_1:4',
      [
        ['participant_available:usr_1:USD', -50n],
        ['campaign_budget:cmp_1:USD', 50n],
      ],
    ],
    [
      'payout',
      () => buildPayout({ payoutItemId: 'pi_1', participantId: 'usr_1', currency: 'USD', amountMicros: 12_340_000n }),
      'payout',
      'payout:pi_1',
      [
        ['participant_available:usr_1:USD', -12_340_000n],
        ['payouts_in_transit:usr_1:USD', 12_340_000n],
      ],
    ],
    [
      'payout settled',
      () =>
        buildPayoutSettled({ payoutItemId: 'pi_1', participantId: 'usr_1', currency: 'USD', amountMicros: 10_000n }),
      'payout_settled',
      'payout:pi_1:outcome',
      [
        ['payouts_in_transit:usr_1:USD', -10_000n],
        ['platform_cash:platform:USD', 10_000n],
      ],
    ],
    [
      'payout failed',
      () =>
        buildPayoutFailed({
          payoutItemId: 'pi_1',
          participantId: 'usr_1',
          currency: 'JPY',
          amountMicros: 3_000_000n,
          failureCode: 'account_closed',
        }),
      'payout_failed',
      'payout:pi_1:outcome',
      [
        ['payouts_in_transit:usr_1:JPY', -3_000_000n],
        ['participant_available:usr_1:JPY', 3_000_000n],
      ],
    ],
    [
      'refund',
      () =>
        buildRefund({ refundId: 'rf_1', campaignId: 'cmp_1', orgId: 'org_1', currency: 'KWD', amountMicros: 1_000n }),
      'refund',
      'refund:rf_1',
      [
        ['campaign_budget:cmp_1:KWD', -1_000n],
        ['brand_refunds:org_1:KWD', 1_000n],
      ],
    ],
    [
      'refund settled',
      () =>
        buildRefundSettled({
          refundId: 'rf_1',
          campaignId: 'cmp_1',
          orgId: 'org_1',
          currency: 'KWD',
          amountMicros: 1_000n,
        }),
      'refund_settled',
      'refund:rf_1:outcome',
      [
        ['brand_refunds:org_1:KWD', -1_000n],
        ['platform_cash:platform:KWD', 1_000n],
      ],
    ],
  ])('%s', (_name, build, kind, key, expected) => {
    const transfer = build();
    expect(transfer.kind).toBe(kind);
    expect(transfer.idempotencyKey).toBe(key);
    expect(legs(transfer)).toEqual(expected);
    expect(transfer.entries.reduce((sum, e) => sum + e.amountMicros, 0n)).toBe(0n);
    expect(Object.isFrozen(transfer) && Object.isFrozen(transfer.entries)).toBe(true);
  });

  test('metadata carries the business ids and amounts as strings', () => {
    const fund = buildFund({
      paymentId: 'pay_1',
      campaignId: 'cmp_1',
      currency: 'USD',
      grossMicros: 1_000n,
      fee: { basisPoints: 250n },
      extra: { stripePaymentIntent: 'pi_3Mt' },
    });
    expect(fund.metadata).toEqual({
      campaignId: 'cmp_1',
      paymentId: 'pay_1',
      grossMicros: '1000',
      budgetMicros: '975',
      feeMicros: '25',
      feeBasisPoints: '250',
      feeFixedMicros: '0',
      stripePaymentIntent: 'pi_3Mt',
    });
    const accrue = buildAccrue({
      campaignId: 'cmp_1',
      participationId: 'ptn_1',
      postId: 'post_1',
      sequence: 0,
      currency: 'USD',
      amountMicros: 1n,
      holdEndsAt: HOLD_ENDS,
    });
    expect(accrue.metadata.holdEndsAt).toBe('2026-12-03T10:00:00.000Z');
    expect(clawback({ amountMicros: 50n, pendingMicros: 30n, reason: 'post_rejected' }).metadata).toMatchObject({
      reason: 'post_rejected',
      fromPendingMicros: '30',
      fromAvailableMicros: '20',
    });
  });

  test('an accrual and a clawback of the same post at the same sequence share a key, so only one can apply', () => {
    const accrue = buildAccrue({
      campaignId: 'cmp_1',
      participationId: 'ptn_1',
      postId: 'post_1',
      sequence: 4,
      currency: 'USD',
      amountMicros: 1n,
      holdEndsAt: HOLD_ENDS,
    });
    expect(accrue.idempotencyKey).toBe(clawback({ amountMicros: 1n, pendingMicros: 0n }).idempotencyKey);
  });

  test.each<[string, () => unknown, string]>([
    ['a zero amount', () => clawback({ amountMicros: 0n, pendingMicros: 0n }), 'INVALID_INPUT'],
    ['a negative amount', () => buildLock({ ...lockBase, amountMicros: -1n }), 'INVALID_INPUT'],
    ['a number amount', () => buildLock({ ...lockBase, amountMicros: 1 as unknown as bigint }), 'INVALID_INPUT'],
    ['an amount beyond int8', () => buildLock({ ...lockBase, amountMicros: 2n ** 63n }), 'OVERFLOW'],
    ['a negative pending balance', () => clawback({ amountMicros: 1n, pendingMicros: -1n }), 'INVALID_INPUT'],
    [
      'an unknown clawback reason',
      () => clawback({ amountMicros: 1n, pendingMicros: 0n, reason: 'x' as 'metric_fell' }),
      'INVALID_INPUT',
    ],
    ['a fractional sequence', () => buildLock({ ...lockBase, sequence: 1.5 }), 'INVALID_INPUT'],
    ['a negative sequence', () => buildLock({ ...lockBase, sequence: -1 }), 'INVALID_INPUT'],
    ['an id with the separator', () => buildLock({ ...lockBase, participationId: 'a:b' }), 'INVALID_INPUT'],
    [
      'an empty id',
      () => buildFund({ paymentId: '', campaignId: 'c', currency: 'USD', grossMicros: 1n }),
      'INVALID_INPUT',
    ],
    ['an invalid hold date', () => buildAccrue({ ...accrueBase, holdEndsAt: new Date('nope') }), 'INVALID_INPUT'],
    ['an unsupported currency', () => buildLock({ ...lockBase, currency: 'XXX' as 'USD' }), 'INVALID_CURRENCY'],
    ['a fee that eats the payment', () => buildFund({ ...fundBase, fee: { fixedMicros: 100n } }), 'INVALID_INPUT'],
    ['a 100 % fee', () => buildFund({ ...fundBase, fee: { basisPoints: 10_000n } }), 'INVALID_INPUT'],
    ['negative fee basis points', () => buildFund({ ...fundBase, fee: { basisPoints: -1n } }), 'INVALID_INPUT'],
    ['a payout of a fraction of a cent', () => buildPayout({ ...payoutBase, amountMicros: 10_001n }), 'INVALID_INPUT'],
    [
      'a JPY payout of a fraction of a yen',
      () => buildPayout({ ...payoutBase, currency: 'JPY', amountMicros: 1_500_000n }),
      'INVALID_INPUT',
    ],
    ['a refund of a fraction of a cent', () => buildRefund({ ...refundBase, amountMicros: 5n }), 'INVALID_INPUT'],
    [
      'extra metadata overriding a builder key',
      () => buildLock({ ...lockBase, extra: { sequence: '9' } }),
      'INVALID_INPUT',
    ],
    [
      'extra metadata that is not a string',
      () => buildLock({ ...lockBase, extra: { n: 1 as unknown as string } }),
      'INVALID_INPUT',
    ],
    ['a long failure code', () => buildPayoutFailed({ ...payoutBase, failureCode: 'x'.repeat(201) }), 'INVALID_INPUT'],
  ])('refuses %s', (_name, fn, code) => expect(codeOf(fn)).toBe(code));

  test('idempotencyKeys spell the documented scheme', () => {
    expect(idempotencyKeys.fund('pay_1')).toBe('fund:pay_1');
    expect(idempotencyKeys.earnings('post_1', 0)).toBe('earnings:post_1:0');
    expect(idempotencyKeys.lock('ptn_1', 2)).toBe('lock:ptn_1:2');
    expect(idempotencyKeys.payout('pi_1')).toBe('payout:pi_1');
    expect(idempotencyKeys.payoutOutcome('pi_1')).toBe('payout:pi_1:outcome');
    expect(idempotencyKeys.refund('rf_1')).toBe('refund:rf_1');
    expect(idempotencyKeys.refundOutcome('rf_1')).toBe('refund:rf_1:outcome');
  });
});

describe('validateTransfer', () => {
  const good = buildLock({ ...lockBase, amountMicros: 10n });
  const pending = accountRef('participant_pending', 'ptn_1', 'USD');
  const available = accountRef('participant_available', 'usr_1', 'USD');

  test.each<[string, Transfer, string]>([
    [
      'entries that do not sum to zero',
      {
        ...good,
        entries: [
          { account: pending, amountMicros: -10n },
          { account: available, amountMicros: 9n },
        ],
      },
      'INVALID_TRANSFER',
    ],
    ['a single entry', { ...good, entries: [{ account: pending, amountMicros: 0n }] }, 'INVALID_TRANSFER'],
    [
      'a zero entry',
      {
        ...good,
        entries: [
          { account: pending, amountMicros: 0n },
          { account: available, amountMicros: 0n },
        ],
      },
      'INVALID_TRANSFER',
    ],
    [
      'one account twice',
      {
        ...good,
        entries: [
          { account: pending, amountMicros: -1n },
          { account: pending, amountMicros: 1n },
        ],
      },
      'INVALID_TRANSFER',
    ],
    [
      'a direction the plan forbids',
      {
        ...good,
        entries: [
          { account: pending, amountMicros: 10n },
          { account: available, amountMicros: -10n },
        ],
      },
      'INVALID_TRANSFER',
    ],
    [
      'an account type the plan forbids',
      {
        ...good,
        entries: [
          { account: platformAccount('platform_cash', 'USD'), amountMicros: -10n },
          { account: available, amountMicros: 10n },
        ],
      },
      'INVALID_TRANSFER',
    ],
    [
      'an entry in another currency',
      {
        ...good,
        entries: [
          { account: accountRef('participant_pending', 'ptn_1', 'EUR'), amountMicros: -10n },
          { account: available, amountMicros: 10n },
        ],
      },
      'CURRENCY_MISMATCH',
    ],
    [
      'a forged account key',
      {
        ...good,
        entries: [
          { account: { ...pending, key: 'participant_pending:other:USD' }, amountMicros: -10n },
          { account: available, amountMicros: 10n },
        ],
      },
      'INVALID_TRANSFER',
    ],
    ['an unknown kind', { ...good, kind: 'gift' as 'lock' }, 'INVALID_TRANSFER'],
    ['a key with spaces', { ...good, idempotencyKey: 'lock:a b' }, 'INVALID_TRANSFER'],
    [
      'a key longer than 255 characters',
      { ...good, idempotencyKey: `lock${':abcdefghij'.repeat(26)}` },
      'INVALID_TRANSFER',
    ],
    ['non-string metadata', { ...good, metadata: { n: 1 as unknown as string } }, 'INVALID_TRANSFER'],
  ])('refuses %s', (_name, transfer, code) => expect(codeOf(() => validateTransfer(transfer))).toBe(code));

  test('an id in a key may have 100 characters, not 101', () => {
    expect(validateTransfer({ ...good, idempotencyKey: `lock:${'a'.repeat(100)}:3` }).idempotencyKey).toHaveLength(107);
    expect(codeOf(() => validateTransfer({ ...good, idempotencyKey: `lock:${'a'.repeat(101)}:3` }))).toBe(
      'INVALID_TRANSFER',
    );
    expect(codeOf(() => validateTransfer({ ...good, idempotencyKey: `lock:3:${'a'.repeat(101)}` }))).toBe(
      'INVALID_TRANSFER',
    );
  });

  // The key check is written without IDEMPOTENCY_KEY_PATTERN's bounded repetition (slow in V8); it must accept
  // exactly what the pattern (and the 255-character limit) accepts.
  test('property: a key passes exactly when it matches IDEMPOTENCY_KEY_PATTERN and has at most 255 characters', () => {
    const piece = fc.oneof(
      fc.stringMatching(/^[a-z_]{0,4}$/),
      fc.constantFrom(':', '::', ' ', 'A', '-', '.', '9', 'é'),
      fc.integer({ min: 0, max: 130 }).map((n) => 'x'.repeat(n)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const key = pieces.join('');
        const expected = key.length <= 255 && IDEMPOTENCY_KEY_PATTERN.test(key);
        let accepted = true;
        try {
          validateTransfer({ ...good, idempotencyKey: key });
        } catch (error) {
          if (!(error instanceof LedgerError) || error.code !== 'INVALID_TRANSFER') throw error;
          accepted = false;
        }
        expect(accepted).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  // validateTransfer remembers the transfers it passed only when they cannot change any more (deeply frozen, as the
  // builders return them); anything mutable is checked again at every call.
  test('a mutable transfer that passed is checked again after it changed', () => {
    const entries = [
      { account: pending, amountMicros: -10n },
      { account: available, amountMicros: 10n },
    ];
    const mutable = { ...good, entries, metadata: { ...good.metadata } };
    expect(validateTransfer(mutable)).toBe(mutable);
    entries[1] = { account: available, amountMicros: 9n };
    expect(codeOf(() => validateTransfer(mutable))).toBe('INVALID_TRANSFER');
    entries[1] = { account: available, amountMicros: 10n };
    (mutable.metadata as Record<string, unknown>).n = 1;
    expect(codeOf(() => validateTransfer(mutable))).toBe('INVALID_TRANSFER');
  });

  test('a transfer frozen at the top but with mutable entries is not remembered', () => {
    const entries = [
      { account: pending, amountMicros: -10n },
      { account: available, amountMicros: 10n },
    ];
    const shallow = Object.freeze({ ...good, entries });
    validateTransfer(shallow);
    entries[0]!.amountMicros = -11n;
    expect(codeOf(() => validateTransfer(shallow))).toBe('INVALID_TRANSFER');
  });

  test("builders' transfers are deeply frozen, so nothing can change them after their check", () => {
    expect(Object.isFrozen(good)).toBe(true);
    expect(Object.isFrozen(good.entries)).toBe(true);
    expect(Object.isFrozen(good.metadata)).toBe(true);
    for (const entry of good.entries) {
      expect(Object.isFrozen(entry)).toBe(true);
      expect(Object.isFrozen(entry.account)).toBe(true);
    }
    expect(validateTransfer(good)).toBe(good);
  });

  test('the plan lists exactly the nine kinds', () => {
    expect([...TRANSFER_KINDS].sort()).toEqual(
      [
        'accrue',
        'clawback',
        'fund',
        'lock',
        'payout',
        'payout_failed',
        'payout_settled',
        'refund',
        'refund_settled',
      ].sort(),
    );
  });
});

describe('fundingSplit', () => {
  test.each<[bigint, bigint, bigint, bigint, bigint]>([
    [1_000_000n, 250n, 0n, 975_000n, 25_000n],
    [399n, 250n, 0n, 390n, 9n], // 9.975 floored: the sub-micro stays in the budget
    [1_000_000n, 0n, 300_000n, 700_000n, 300_000n],
    [1_000_000n, 500n, 300_000n, 650_000n, 350_000n],
    [7n, 0n, 0n, 7n, 0n],
  ])('%s at %s bp + %s fixed → budget %s, fee %s', (gross, bp, fixed, budget, fee) => {
    expect(fundingSplit(gross, { basisPoints: bp, fixedMicros: fixed })).toEqual({
      budgetMicros: budget,
      feeMicros: fee,
    });
  });

  test('property: budget + fee == gross, the fee never exceeds its rate, and the fund transfer balances', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 9_999n }),
        fc.bigInt({ min: 0n, max: 10n ** 6n }),
        (gross, bp, fixed) => {
          fc.pre(gross * (10_000n - bp) > fixed * 10_000n + 10_000n); // fee leaves something
          const { budgetMicros, feeMicros } = fundingSplit(gross, { basisPoints: bp, fixedMicros: fixed });
          expect(budgetMicros + feeMicros).toBe(gross);
          expect((feeMicros - fixed) * 10_000n <= gross * bp).toBe(true);
          expect(budgetMicros > 0n).toBe(true);
          const fund = buildFund({ ...fundBase, grossMicros: gross, fee: { basisPoints: bp, fixedMicros: fixed } });
          expect(fund.entries.reduce((sum, e) => sum + e.amountMicros, 0n)).toBe(0n);
        },
      ),
    );
  });
});

const fundBase = { paymentId: 'pay_1', campaignId: 'cmp_1', currency: 'USD', grossMicros: 100n } as const;
const lockBase = {
  participationId: 'ptn_1',
  participantId: 'usr_1',
  sequence: 0,
  currency: 'USD',
  amountMicros: 1n,
} as const;
const accrueBase = {
  campaignId: 'cmp_1',
  participationId: 'ptn_1',
  postId: 'post_1',
  sequence: 0,
  currency: 'USD',
  amountMicros: 1n,
  holdEndsAt: HOLD_ENDS,
} as const;
const payoutBase = { payoutItemId: 'pi_1', participantId: 'usr_1', currency: 'USD', amountMicros: 10_000n } as const;
const refundBase = {
  refundId: 'rf_1',
  campaignId: 'cmp_1',
  orgId: 'org_1',
  currency: 'USD',
  amountMicros: 10_000n,
} as const;

function clawback(over: {
  amountMicros: bigint;
  pendingMicros: bigint;
  reason?: 'metric_fell' | 'post_rejected';
}): Transfer {
  return buildClawback({
    campaignId: 'cmp_1',
    participationId: 'ptn_1',
    participantId: 'usr_1',
    postId: 'post_1',
    sequence: 4,
    currency: 'USD',
    reason: 'metric_fell',
    ...over,
  });
}
