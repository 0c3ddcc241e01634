import { describe, expect, test } from 'vitest';
import { MoneyError } from '../money/errors.js';
import {
  ACCOUNT_TYPES,
  ACCOUNT_TYPE_NAMES,
  accountKey,
  accountRef,
  naturalBalance,
  parseAccountKey,
  platformAccount,
  type AccountType,
} from './accounts.js';
import { LedgerError, type LedgerErrorCode } from './errors.js';

function codeOf(fn: () => unknown): LedgerErrorCode | string {
  try {
    fn();
  } catch (error) {
    if (error instanceof LedgerError || error instanceof MoneyError) return error.code;
    throw error;
  }
  throw new Error('expected an error');
}

describe('account plan', () => {
  test.each<[AccountType, 'debit' | 'credit', boolean, readonly string[]]>([
    ['platform_cash', 'debit', false, []],
    ['campaign_budget', 'credit', true, []],
    ['participant_pending', 'credit', true, []],
    ['participant_available', 'credit', true, ['clawback']],
    ['payouts_in_transit', 'credit', true, []],
    ['platform_fees', 'credit', true, []],
    ['brand_refunds', 'credit', true, []],
  ])('%s is %s-normal, nonNegative=%s, may go negative via %j', (type, normal, nonNegative, via) => {
    const rule = ACCOUNT_TYPES[type];
    expect(rule.normalBalance).toBe(normal);
    expect(rule.nonNegative).toBe(nonNegative);
    expect(rule.mayGoNegativeVia).toEqual(via);
  });

  test('every non-negative account is credit-normal, so SQL can CHECK (balance >= 0) on the stored balance', () => {
    for (const type of ACCOUNT_TYPE_NAMES) {
      if (ACCOUNT_TYPES[type].nonNegative) expect(ACCOUNT_TYPES[type].normalBalance).toBe('credit');
    }
  });
});

describe('accountKey', () => {
  test.each<[AccountType, string, 'USD' | 'JPY', string]>([
    ['campaign_budget', 'cmp_42', 'USD', 'campaign_budget:cmp_42:USD'],
    [
      'participant_pending',
      '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      'JPY',
      'participant_pending:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b:JPY',
    ],
    ['platform_cash', 'platform', 'USD', 'platform_cash:platform:USD'],
  ])('%s / %s / %s → %s, and back', (type, owner, currency, key) => {
    expect(accountKey(type, owner, currency)).toBe(key);
    expect(accountKey(type, owner, currency)).toBe(key); // deterministic
    expect(parseAccountKey(key)).toEqual({ key, type, ownerId: owner, currency });
  });

  test('platformAccount names the single platform-owned account per currency', () => {
    expect(platformAccount('platform_fees', 'EUR')).toEqual(accountRef('platform_fees', 'platform', 'EUR'));
  });

  test.each<[string, () => unknown, string]>([
    ['an unknown type', () => accountKey('escrow' as AccountType, 'x', 'USD'), 'INVALID_ACCOUNT'],
    ['an owner with the separator', () => accountKey('campaign_budget', 'a:b', 'USD'), 'INVALID_ACCOUNT'],
    ['an empty owner', () => accountKey('campaign_budget', '', 'USD'), 'INVALID_ACCOUNT'],
    ['an owner with spaces', () => accountKey('campaign_budget', 'a b', 'USD'), 'INVALID_ACCOUNT'],
    ['a platform account owned by someone', () => accountKey('platform_cash', 'cmp_1', 'USD'), 'INVALID_ACCOUNT'],
    ['an unsupported currency', () => accountKey('campaign_budget', 'c', 'XXX' as 'USD'), 'INVALID_CURRENCY'],
    ['a key with too few parts', () => parseAccountKey('campaign_budget:USD'), 'INVALID_ACCOUNT'],
    ['a key with too many parts', () => parseAccountKey('campaign_budget:a:b:USD'), 'INVALID_ACCOUNT'],
    ['a key of an unknown type', () => parseAccountKey('wallet:a:USD'), 'INVALID_ACCOUNT'],
    ['a key with a lowercase currency', () => parseAccountKey('campaign_budget:a:usd'), 'INVALID_CURRENCY'],
  ])('refuses %s', (_name, fn, code) => expect(codeOf(fn)).toBe(code));
});

describe('accountRef', () => {
  test('hands out one frozen ref per account', () => {
    const ref = accountRef('participant_pending', 'ptn_ref_1', 'USD');
    expect(ref).toBe(accountRef('participant_pending', 'ptn_ref_1', 'USD'));
    expect(Object.isFrozen(ref)).toBe(true);
    expect(ref).toEqual({
      key: 'participant_pending:ptn_ref_1:USD',
      type: 'participant_pending',
      ownerId: 'ptn_ref_1',
      currency: 'USD',
    });
    expect(accountRef('participant_pending', 'ptn_ref_2', 'USD')).not.toBe(ref);
  });

  // A remembered ref is looked up by its key: arguments that spell a known key another way must still be refused.
  test.each<[string, () => unknown, string]>([
    ['an owner with the separator', () => accountRef('campaign_budget', 'cmp_ref:x', 'USD'), 'INVALID_ACCOUNT'],
    [
      'a type holding the owner',
      () => accountRef('campaign_budget:cmp_ref' as AccountType, 'x', 'USD'),
      'INVALID_ACCOUNT',
    ],
    [
      'a type that only prints as one',
      () => accountRef({ toString: () => 'campaign_budget' } as unknown as AccountType, 'cmp_ref', 'USD'),
      'INVALID_ACCOUNT',
    ],
    [
      'a currency with the separator',
      () => accountRef('campaign_budget', 'cmp_ref', 'USD:x' as 'USD'),
      'INVALID_CURRENCY',
    ],
  ])('refuses %s, even once the account is known', (_name, fn, code) => {
    accountRef('campaign_budget', 'cmp_ref', 'USD');
    accountRef('campaign_budget', 'x', 'USD');
    expect(codeOf(fn)).toBe(code);
  });
});

describe('naturalBalance', () => {
  test.each<[AccountType, bigint, bigint]>([
    ['platform_cash', -500n, 500n], // cash in is a debit: stored negative, read positive
    ['campaign_budget', 500n, 500n],
    ['participant_available', -20n, -20n], // a clawback debt reads negative
  ])('%s stored %s reads %s', (type, stored, natural) => {
    expect(naturalBalance(type, stored)).toBe(natural);
  });
});
