import fc from 'fast-check';
import { computeAccrual } from '../earnings/accrual.js';
import { holdEndsAt, lockableMicros, payableMicros } from '../earnings/hold.js';
import { ACCOUNT_TYPES, accountRef, parseAccountKey } from '../ledger/accounts.js';
import { applyTransfers, balanceOf, emptyLedger, type ApplyOutcome } from '../ledger/apply.js';
import {
  buildAccrue,
  buildClawback,
  buildFund,
  buildLock,
  buildPayout,
  buildPayoutFailed,
  buildPayoutSettled,
  buildRefund,
  buildRefundSettled,
  type Transfer,
} from '../ledger/transfers.js';
import type { CurrencyCode } from '../money/currency.js';
import { microsPerMinorUnit } from '../money/money.js';

/**
 * The ledger model test's generator, shared by the domain's reference-model test (ledger/apply.test.ts) and the
 * database tests of the posting engine: random sequences of every kind of transfer, built by the real builders
 * from the model ledger's own balances, with every invariant checked after every step. `world.history` lists each
 * transfer with the outcome the reference model gave it.
 *
 * Test support only: it imports fast-check, so it is excluded from the package build and exported under the
 * "source" condition alone (`@creator-rewards/domain/testing`).
 */
export const CAMPAIGNS = ['cmp_a', 'cmp_b'] as const;
export const PARTICIPANTS = ['usr_a', 'usr_b'] as const;
const POSTS_PER_PARTICIPATION = 2;
export const RATE = 5_000_000n; // $5 per 1,000
const POST_CAP = 400_000_000n;
const PARTICIPANT_CAP = 600_000_000n;
const HOLD_DAYS = 1;
const T0 = Date.UTC(2026, 0, 1);

export type Op =
  | { op: 'fund'; campaign: number; units: bigint; bp: bigint }
  | { op: 'observe'; campaign: number; participant: number; post: number; change: bigint; reject: boolean }
  | { op: 'stale'; campaign: number; participant: number; post: number }
  | { op: 'lock'; campaign: number; participant: number }
  | { op: 'payout'; participant: number; share: number }
  | { op: 'overdraw'; participant: number }
  | { op: 'outcome'; pick: number; settle: boolean }
  | { op: 'refund'; campaign: number }
  | { op: 'retry'; pick: number }
  | { op: 'tick' };

const campaignArb = fc.integer({ min: 0, max: CAMPAIGNS.length - 1 });
const participantArb = fc.integer({ min: 0, max: PARTICIPANTS.length - 1 });
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('fund' as const),
      campaign: campaignArb,
      units: fc.bigInt({ min: 1n, max: 2_000n }),
      bp: fc.bigInt({ min: 0n, max: 3_000n }),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      op: fc.constant('observe' as const),
      campaign: campaignArb,
      participant: participantArb,
      post: fc.integer({ min: 0, max: POSTS_PER_PARTICIPATION - 1 }),
      change: fc.oneof(fc.bigInt({ min: 0n, max: 40_000n }), fc.bigInt({ min: -40_000n, max: 0n })),
      reject: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), // a post is rejected now and then
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('stale' as const),
      campaign: campaignArb,
      participant: participantArb,
      post: fc.integer({ min: 0, max: POSTS_PER_PARTICIPATION - 1 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant('lock' as const), campaign: campaignArb, participant: participantArb }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('payout' as const),
      participant: participantArb,
      share: fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 100 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('overdraw' as const), participant: participantArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('outcome' as const), pick: fc.nat(), settle: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('refund' as const), campaign: campaignArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('retry' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('tick' as const) }) },
);

type PostState = { metric: bigint; posted: bigint; sequence: number; rejected: boolean };
type ParticipationState = {
  accruals: { amount: bigint; holdEndsAt: Date }[];
  locked: bigint;
  clawedFromPending: bigint;
  posted: bigint;
  lockSequence: number;
};

export class World {
  ledger = emptyLedger();
  readonly applied: Transfer[] = [];
  /** Every transfer the model was given, in order, with its outcome: what a database run must reproduce. */
  readonly history: { transfer: Transfer; status: ApplyOutcome['status'] }[] = [];
  readonly posts = new Map<string, PostState>();
  readonly participations = new Map<string, ParticipationState>();
  readonly payouts: { id: string; participantId: string; amount: bigint; resolved: boolean }[] = [];
  day = 0;
  private counter = 0;

  constructor(readonly currency: CurrencyCode) {}

  get now(): Date {
    return new Date(T0 + this.day * 86_400_000);
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }

  account(type: Parameters<typeof accountRef>[0], owner: string) {
    return accountRef(type, owner, this.currency);
  }

  balance(type: Parameters<typeof accountRef>[0], owner: string): bigint {
    return balanceOf(this.ledger, this.account(type, owner));
  }

  participation(campaign: string, participant: string): ParticipationState {
    const key = `${campaign}.${participant}`;
    let state = this.participations.get(key);
    if (!state) {
      state = { accruals: [], locked: 0n, clawedFromPending: 0n, posted: 0n, lockSequence: 0 };
      this.participations.set(key, state);
    }
    return state;
  }

  post(postId: string): PostState {
    let state = this.posts.get(postId);
    if (!state) {
      state = { metric: 0n, posted: 0n, sequence: 0, rejected: false };
      this.posts.set(postId, state);
    }
    return state;
  }

  /** Applies one transfer through the model and checks the outcome is the expected one. */
  apply(transfer: Transfer, expected: 'applied' | 'rejected' | 'duplicate' | 'key_conflict'): void {
    const before = this.ledger;
    const { ledger, outcomes } = applyTransfers(this.ledger, [transfer]);
    const status = outcomes[0]?.status;
    check(status === expected, () => `${transfer.idempotencyKey}: ${String(status)}, expected ${expected}`);
    this.ledger = ledger;
    this.history.push({ transfer, status: expected });
    if (expected === 'applied') this.applied.push(transfer);
    else
      check(sameBalances(ledger.balances, before.balances), () => `${expected} ${transfer.idempotencyKey} moved money`);
  }
}

export function step(world: World, op: Op): void {
  const cur = world.currency;
  const minor = microsPerMinorUnit(cur);
  switch (op.op) {
    case 'fund': {
      const campaignId = CAMPAIGNS[op.campaign] ?? 'cmp_a';
      world.apply(
        buildFund({
          paymentId: world.nextId('pay'),
          campaignId,
          currency: cur,
          grossMicros: op.units * 1_000_000n,
          fee: { basisPoints: op.bp },
        }),
        'applied',
      );
      return;
    }
    case 'observe': {
      const campaignId = CAMPAIGNS[op.campaign] ?? 'cmp_a';
      const participantId = PARTICIPANTS[op.participant] ?? 'usr_a';
      const participationId = `${campaignId}.${participantId}`;
      const postId = `${participationId}.p${op.post}`;
      const post = world.post(postId);
      const participation = world.participation(campaignId, participantId);
      post.metric = post.metric + op.change < 0n ? 0n : post.metric + op.change;
      post.rejected ||= op.reject;
      const result = computeAccrual({
        metricTotal: post.metric,
        ratePerThousandMicros: RATE,
        minimumMetric: 100n,
        postCapMicros: POST_CAP,
        participantCapLeftMicros: PARTICIPANT_CAP - participation.posted,
        alreadyPostedMicros: post.posted,
        budgetRemainingMicros: world.balance('campaign_budget', campaignId),
        postStatus: post.rejected ? 'rejected' : 'tracking',
      });
      if (result.accrueMicros > 0n) {
        const held = holdEndsAt(world.now, HOLD_DAYS);
        world.apply(
          buildAccrue({
            campaignId,
            participationId,
            postId,
            sequence: post.sequence,
            currency: cur,
            amountMicros: result.accrueMicros,
            holdEndsAt: held,
          }),
          'applied',
        );
        participation.accruals.push({ amount: result.accrueMicros, holdEndsAt: held });
      } else if (result.clawbackMicros > 0n) {
        const transfer = buildClawback({
          campaignId,
          participationId,
          participantId,
          postId,
          sequence: post.sequence,
          currency: cur,
          amountMicros: result.clawbackMicros,
          pendingMicros: world.balance('participant_pending', participationId),
          reason: result.clawbackReason ?? 'metric_fell',
        });
        world.apply(transfer, 'applied');
        participation.clawedFromPending += BigInt(transfer.metadata.fromPendingMicros ?? '0');
      } else {
        return;
      }
      participation.posted += result.postedAfterMicros - post.posted;
      post.posted = result.postedAfterMicros;
      post.sequence += 1;
      return;
    }
    case 'stale': {
      // A second worker that read the post before the last transfer: same key, other content.
      const campaignId = CAMPAIGNS[op.campaign] ?? 'cmp_a';
      const participationId = `${campaignId}.${PARTICIPANTS[op.participant] ?? 'usr_a'}`;
      const postId = `${participationId}.p${op.post}`;
      const post = world.posts.get(postId);
      if (!post || post.sequence === 0) return;
      const original = world.ledger.transfers.get(`earnings:${postId}:${post.sequence - 1}`);
      const budgetLeg = original?.entries.find((e) => e.account.type === 'campaign_budget')?.amountMicros ?? 0n;
      const stale = buildAccrue({
        campaignId,
        participationId,
        postId,
        sequence: post.sequence - 1,
        currency: cur,
        amountMicros: (budgetLeg < 0n ? -budgetLeg : budgetLeg) + 1n, // never the original's amount
        holdEndsAt: world.now,
      });
      world.apply(stale, 'key_conflict');
      return;
    }
    case 'lock': {
      const campaignId = CAMPAIGNS[op.campaign] ?? 'cmp_a';
      const participantId = PARTICIPANTS[op.participant] ?? 'usr_a';
      const participationId = `${campaignId}.${participantId}`;
      const participation = world.participation(campaignId, participantId);
      const matured = participation.accruals
        .filter((a) => a.holdEndsAt.getTime() <= world.now.getTime())
        .reduce((sum, a) => sum + a.amount, 0n);
      const amount = lockableMicros({
        pendingMicros: world.balance('participant_pending', participationId),
        maturedAccruedMicros: matured,
        lockedMicros: participation.locked,
        clawedBackFromPendingMicros: participation.clawedFromPending,
      });
      if (amount === 0n) return;
      world.apply(
        buildLock({
          participationId,
          participantId,
          sequence: participation.lockSequence,
          currency: cur,
          amountMicros: amount,
        }),
        'applied',
      );
      participation.locked += amount;
      participation.lockSequence += 1;
      return;
    }
    case 'payout': {
      const participantId = PARTICIPANTS[op.participant] ?? 'usr_a';
      const payable = payableMicros({
        availableMicros: world.balance('participant_available', participantId),
        currency: cur,
      });
      if (payable === 0n) return;
      const units = ((payable / minor) * BigInt(op.share)) / 100n;
      const amount = (units > 0n ? units : 1n) * minor;
      const id = world.nextId('pi');
      world.apply(buildPayout({ payoutItemId: id, participantId, currency: cur, amountMicros: amount }), 'applied');
      world.payouts.push({ id, participantId, amount, resolved: false });
      return;
    }
    case 'overdraw': {
      const participantId = PARTICIPANTS[op.participant] ?? 'usr_a';
      const payable = payableMicros({
        availableMicros: world.balance('participant_available', participantId),
        currency: cur,
      });
      const tooMuch = payable + minor;
      world.apply(
        buildPayout({ payoutItemId: world.nextId('pi'), participantId, currency: cur, amountMicros: tooMuch }),
        'rejected',
      );
      return;
    }
    case 'outcome': {
      const open = world.payouts.filter((p) => !p.resolved);
      const payout = open[op.pick % Math.max(open.length, 1)];
      if (!payout) return;
      const input = {
        payoutItemId: payout.id,
        participantId: payout.participantId,
        currency: cur,
        amountMicros: payout.amount,
      };
      world.apply(op.settle ? buildPayoutSettled(input) : buildPayoutFailed(input), 'applied');
      world.apply(op.settle ? buildPayoutFailed(input) : buildPayoutSettled(input), 'key_conflict');
      payout.resolved = true;
      return;
    }
    case 'refund': {
      const campaignId = CAMPAIGNS[op.campaign] ?? 'cmp_a';
      const amount = payableMicros({ availableMicros: world.balance('campaign_budget', campaignId), currency: cur });
      if (amount === 0n) return;
      const refund = { refundId: world.nextId('rf'), campaignId, orgId: 'org_1', currency: cur, amountMicros: amount };
      world.apply(buildRefund(refund), 'applied');
      world.apply(buildRefundSettled(refund), 'applied');
      return;
    }
    case 'retry': {
      const transfer = world.applied[op.pick % Math.max(world.applied.length, 1)];
      if (transfer) world.apply(transfer, 'duplicate');
      return;
    }
    case 'tick':
      world.day += 1;
      return;
  }
}

// Plain checks rather than expect(): they run after every step of every run, and a thrown Error is all
// fast-check needs to shrink and print the seed.
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

function sameBalances(a: ReadonlyMap<string, bigint>, b: ReadonlyMap<string, bigint>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

export function checkInvariants(world: World): void {
  let total = 0n;
  for (const [key, stored] of world.ledger.balances) {
    total += stored;
    const { type } = parseAccountKey(key);
    const rule = ACCOUNT_TYPES[type];
    if (rule.nonNegative && rule.mayGoNegativeVia.length === 0) {
      check(balanceOf(world.ledger, key) >= 0n, () => `${key} is negative: ${stored}`);
    }
  }
  check(total === 0n, () => `balances sum to ${total}`);

  for (const transfer of world.applied) {
    const sum = transfer.entries.reduce((acc, e) => acc + e.amountMicros, 0n);
    check(sum === 0n, () => `${transfer.idempotencyKey} sums to ${sum}`);
  }

  // Budget never overspent: per campaign, net accrued ≤ funded − fees − refunded.
  for (const campaignId of CAMPAIGNS) {
    let fundedNet = 0n;
    let netAccrued = 0n;
    let refunded = 0n;
    for (const t of world.applied) {
      if (t.metadata.campaignId !== campaignId) continue;
      if (t.kind === 'fund') fundedNet += BigInt(t.metadata.grossMicros ?? '0') - BigInt(t.metadata.feeMicros ?? '0');
      const onBudget = t.entries.find((e) => e.account.type === 'campaign_budget')?.amountMicros ?? 0n;
      if (t.kind === 'accrue' || t.kind === 'clawback') netAccrued -= onBudget;
      if (t.kind === 'refund') refunded -= onBudget;
    }
    check(netAccrued <= fundedNet - refunded, () => `${campaignId} accrued ${netAccrued} of ${fundedNet - refunded}`);
    const balance = world.balance('campaign_budget', campaignId);
    check(balance === fundedNet - netAccrued - refunded, () => `${campaignId} budget ${balance} disagrees`);
  }

  // The model's own bookkeeping agrees with the ledger, and caps hold.
  for (const [postId, post] of world.posts) {
    // An accrual debits the budget, a clawback credits it: the post's net earnings are minus its budget legs.
    const posted = world.applied
      .filter((t) => t.metadata.postId === postId)
      .reduce((sum, t) => sum - (t.entries.find((e) => e.account.type === 'campaign_budget')?.amountMicros ?? 0n), 0n);
    check(posted === post.posted, () => `${postId} posted ${posted}, model says ${post.posted}`);
    check(post.posted <= POST_CAP, () => `${postId} above the post cap`);
  }
  for (const [id, participation] of world.participations) {
    check(participation.posted <= PARTICIPANT_CAP, () => `${id} above the participant cap`);
  }
}

export const currencyArb = fc.constantFrom<CurrencyCode>('USD', 'JPY', 'KWD');
/**
 * Sequences of operations. Both campaigns start funded so that most runs get to accruals, holds, payouts and
 * clawbacks. The database tests ask for shorter runs (maxLength) to stay fast on PGlite.
 */
export function opsArbitrary({ minLength = 10, maxLength = 60 } = {}): fc.Arbitrary<Op[]> {
  return fc
    .array(opArb, { minLength, maxLength, size: 'max' })
    .map((ops): Op[] => [
      ...CAMPAIGNS.map((_, campaign) => ({ op: 'fund' as const, campaign, units: 100n, bp: 500n })),
      ...ops,
    ]);
}

export const opsArb = opsArbitrary();

export function simulate(currency: CurrencyCode, ops: readonly Op[], afterStep?: (world: World) => void): World {
  const world = new World(currency);
  for (const op of ops) {
    step(world, op);
    checkInvariants(world);
    afterStep?.(world);
  }
  return world;
}
