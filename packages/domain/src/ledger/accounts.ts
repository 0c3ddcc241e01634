import { assertCurrencyCode, type CurrencyCode } from '../money/currency.js';
import { LedgerError } from './errors.js';

/**
 * The account plan, as data.
 *
 * SIGN CONVENTION (the one used everywhere: entries, stored balances, SQL):
 *   an entry's `amountMicros` is signed, **positive = credit, negative = debit**;
 *   an account's stored balance is the plain sum of its entries (so also credit-positive);
 *   the sum of all stored balances in a currency is therefore always exactly 0.
 * An account's *natural* balance, the figure people read, is its stored balance seen from its normal side:
 * the stored balance for a credit-normal account, its negation for a debit-normal one (see naturalBalance).
 *
 * The platform's books: platform_cash is the one asset (debit-normal); everything else is money the
 * platform holds for someone (liabilities) or has earned (fees), all credit-normal. So a brand payment
 * debits cash and credits the budget (and fees), a payout or refund that leaves credits cash. Cash is the
 * counter-account for money entering and leaving, which is why there is no separate external
 * "brand_funding" / world account: it would only mirror platform_cash with the opposite sign.
 *
 * Every non-negative account is credit-normal, so in SQL the flag is simply `CHECK (balance >= 0)` on the
 * stored balance, with participant_available exempt (its floor is enforced per transfer kind, see
 * mayGoNegativeVia, which a CHECK cannot express: the trigger or the posting function must).
 */
export type AccountType =
  | 'platform_cash'
  | 'campaign_budget'
  | 'participant_pending'
  | 'participant_available'
  | 'payouts_in_transit'
  | 'platform_fees'
  | 'brand_refunds';

/**
 * Who an account belongs to, which fixes what its ownerId is:
 * - platform: the constant PLATFORM_OWNER_ID (one account per currency);
 * - campaign: the campaign id;
 * - participation: the participation id (one participant in one campaign);
 * - participant: the participant's user id;
 * - org: the id of the org that owns the campaign (the brand).
 */
export type AccountOwner = 'platform' | 'campaign' | 'participation' | 'participant' | 'org';

export type NormalBalance = 'debit' | 'credit';

export type AccountTypeRule = {
  readonly normalBalance: NormalBalance;
  /** The natural balance may never go below 0, except through the transfer kinds in mayGoNegativeVia. */
  readonly nonNegative: boolean;
  /** Transfer kinds allowed to take (or keep taking) a nonNegative account below 0. */
  readonly mayGoNegativeVia: readonly 'clawback'[];
  readonly owner: AccountOwner;
  readonly description: string;
};

export const ACCOUNT_TYPES = {
  platform_cash: {
    normalBalance: 'debit',
    // Not flagged: it is the books' view of real money at the bank or rail, which enforces its own floor.
    // It can only go below 0 if a campaign's unspent budget is refunded while a participant still owes a
    // clawback on that campaign (the platform fronted the difference).
    nonNegative: false,
    mayGoNegativeVia: [],
    owner: 'platform',
    description: 'Money the platform holds at its bank or payment rail (asset).',
  },
  campaign_budget: {
    normalBalance: 'credit',
    nonNegative: true,
    mayGoNegativeVia: [],
    owner: 'campaign',
    description: 'Escrowed budget of one campaign, net of fees; never negative, accruals are clamped to it.',
  },
  participant_pending: {
    normalBalance: 'credit',
    nonNegative: true,
    mayGoNegativeVia: [],
    owner: 'participation',
    // Per participation, not per participant, so a clawback on one campaign can only take back that
    // campaign's held earnings and every campaign's hold releases stay independent.
    description: "A participation's earnings still in their hold period.",
  },
  participant_available: {
    normalBalance: 'credit',
    nonNegative: true,
    mayGoNegativeVia: ['clawback'],
    owner: 'participant',
    // Per participant (across campaigns) so payouts net everything, and a negative balance left by a
    // clawback is netted against later earnings from any campaign.
    description: "A participant's released earnings, payable; negative only after a clawback.",
  },
  payouts_in_transit: {
    normalBalance: 'credit',
    nonNegative: true,
    mayGoNegativeVia: [],
    owner: 'participant',
    description: "A participant's payouts sent to the rail but not yet settled or failed.",
  },
  platform_fees: {
    normalBalance: 'credit',
    nonNegative: true,
    mayGoNegativeVia: [],
    owner: 'platform',
    description: 'Fees the platform has earned (revenue).',
  },
  brand_refunds: {
    normalBalance: 'credit',
    nonNegative: true,
    mayGoNegativeVia: [],
    owner: 'org',
    description: 'Unspent budget owed back to a brand, until the refund settles.',
  },
} as const satisfies Record<AccountType, AccountTypeRule>;

export const ACCOUNT_TYPE_NAMES: readonly AccountType[] = Object.freeze(Object.keys(ACCOUNT_TYPES) as AccountType[]);

/** The ownerId of platform-owned accounts (platform_cash, platform_fees). */
export const PLATFORM_OWNER_ID = 'platform';

/**
 * Business ids (owner ids, payment ids, post ids, …) are restricted so that keys built from them are
 * unambiguous (":" is the separator) and fit comfortably in a database text key and in a provider's
 * 255-character idempotency key. UUIDs, ULIDs and prefixed ids ("cmp_123") all match.
 */
export const ID_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;

const ID_CHARACTERS = /^[A-Za-z0-9_.-]+$/;

/**
 * ID_PATTERN's test, written as a length and an unbounded character class: V8 runs the bounded repetition
 * `{1,100}` several times slower, and ids are tested several times per accrual.
 */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 100 && ID_CHARACTERS.test(value);
}

export type AccountRef = {
  /** accountKey(type, ownerId, currency): the account's unique, deterministic name. */
  readonly key: string;
  readonly type: AccountType;
  readonly ownerId: string;
  readonly currency: CurrencyCode;
};

export function isAccountType(value: unknown): value is AccountType {
  return typeof value === 'string' && Object.hasOwn(ACCOUNT_TYPES, value);
}

export function accountRule(type: AccountType): AccountTypeRule {
  if (!isAccountType(type)) throw new LedgerError('INVALID_ACCOUNT', `Unknown account type ${String(type)}`);
  return ACCOUNT_TYPES[type];
}

/**
 * `<type>:<ownerId>:<currency>`, e.g. `campaign_budget:cmp_42:USD`. Deterministic, so the same account is
 * named the same way by every process (the database's unique account key), and parseable back.
 * Platform accounts must use PLATFORM_OWNER_ID.
 */
export function accountKey(type: AccountType, ownerId: string, currency: CurrencyCode): string {
  const rule = accountRule(type);
  assertCurrencyCode(currency);
  if (!isId(ownerId)) {
    throw new LedgerError('INVALID_ACCOUNT', `Owner id of a ${type} account must match ${ID_PATTERN}`);
  }
  if (rule.owner === 'platform' && ownerId !== PLATFORM_OWNER_ID) {
    throw new LedgerError('INVALID_ACCOUNT', `A ${type} account belongs to "${PLATFORM_OWNER_ID}", not "${ownerId}"`);
  }
  return `${type}:${ownerId}:${currency}`;
}

/**
 * The account's frozen reference. Refs are remembered by key and handed out again (an accrual batch names the same
 * budget and pending accounts over and over): a key with exactly two separators names one (type, owner, currency)
 * only, and none of the three may hold a ":", so a remembered ref is returned only for the very arguments that made
 * it, once they passed accountKey's checks.
 */
export function accountRef(type: AccountType, ownerId: string, currency: CurrencyCode): AccountRef {
  const remembered =
    typeof type === 'string' && typeof ownerId === 'string' && typeof currency === 'string'
      ? knownRefs.get(`${type}:${ownerId}:${currency}`)
      : undefined;
  if (remembered !== undefined) return remembered;
  const ref: AccountRef = Object.freeze({ key: accountKey(type, ownerId, currency), type, ownerId, currency });
  if (knownRefs.size >= KNOWN_REFS_CAPACITY) knownRefs.clear();
  knownRefs.set(ref.key, ref);
  return ref;
}

/** Refs accountRef made (each passed accountKey's checks); validateTransfer need not recompute their keys. */
export function isKnownAccountRef(account: AccountRef): boolean {
  return knownRefs.get(account.key) === account;
}

const KNOWN_REFS_CAPACITY = 50_000;
const knownRefs = new Map<string, AccountRef>();

/** The platform-owned account of a type in a currency. */
export function platformAccount(type: 'platform_cash' | 'platform_fees', currency: CurrencyCode): AccountRef {
  return accountRef(type, PLATFORM_OWNER_ID, currency);
}

/** The inverse of accountKey; throws INVALID_ACCOUNT (or INVALID_CURRENCY) for anything accountKey would not make. */
export function parseAccountKey(key: string): AccountRef {
  const parts = typeof key === 'string' ? key.split(':') : [];
  const [type, ownerId, currency] = parts;
  if (parts.length !== 3 || !isAccountType(type) || ownerId === undefined || currency === undefined) {
    throw new LedgerError('INVALID_ACCOUNT', `Malformed account key ${JSON.stringify(key)}`);
  }
  assertCurrencyCode(currency);
  return accountRef(type, ownerId, currency);
}

/** The balance people read: the stored (credit-positive) balance seen from the account's normal side. */
export function naturalBalance(type: AccountType, storedBalanceMicros: bigint): bigint {
  return accountRule(type).normalBalance === 'credit' ? storedBalanceMicros : -storedBalanceMicros;
}
