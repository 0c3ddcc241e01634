import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACTOR_KINDS, type ActorKind } from './actors.js';
import { CampaignError } from './errors.js';
import {
  PARTICIPATION_EVENTS,
  PARTICIPATION_STATES,
  decideParticipationTransition,
  initialParticipationState,
  participationEventsFor,
  participationTransitions,
  type ApprovalMode,
  type ParticipationCommand,
  type ParticipationEvent,
  type ParticipationState,
} from './participation-lifecycle.js';
import { isTerminal, nextState, reachableStates } from './transitions.js';

const CAN_FIRE: Record<ParticipationEvent, ActorKind> = {
  approve: 'brand',
  reject: 'reviewer',
  withdraw: 'participant',
  activate: 'system',
  complete: 'system',
  pay: 'system',
};

// Written out by hand: every (state, event) pair, null where refused.
const EXPECTED: Record<ParticipationState, Record<ParticipationEvent, ParticipationState | null>> = {
  applied: {
    approve: 'approved',
    reject: 'rejected',
    withdraw: 'withdrawn',
    activate: null,
    complete: null,
    pay: null,
  },
  approved: { approve: null, reject: 'rejected', withdraw: 'withdrawn', activate: 'active', complete: null, pay: null },
  active: { approve: null, reject: null, withdraw: null, activate: null, complete: 'completed', pay: null },
  completed: { approve: null, reject: null, withdraw: null, activate: null, complete: null, pay: 'paid' },
  paid: { approve: null, reject: null, withdraw: null, activate: null, complete: null, pay: null },
  rejected: { approve: null, reject: null, withdraw: null, activate: null, complete: null, pay: null },
  withdrawn: { approve: null, reject: null, withdraw: null, activate: null, complete: null, pay: null },
};

const PAIRS = PARTICIPATION_STATES.flatMap((state) =>
  PARTICIPATION_EVENTS.map((event) => [state, event, EXPECTED[state][event]] as const),
);

describe('every (state, event) pair', () => {
  test('the matrix covers 7 states × 6 events', () => expect(PAIRS).toHaveLength(42));

  test.each(PAIRS)('table: %s --%s--> %s', (state, event, expected) => {
    const outcome = nextState(participationTransitions, state, event);
    expect(outcome.ok ? outcome.state : null).toBe(expected);
  });

  test.each(PAIRS)('decide: %s --%s--> %s', (state, event, expected) => {
    const actor = CAN_FIRE[event];
    const decision = decideParticipationTransition({ state, slotsLeft: 3 }, { event }, actor);
    if (expected === null) expect(decision).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    else expect(decision).toEqual({ ok: true, from: state, to: expected, actor, command: { event } });
  });

  test('paid, rejected and withdrawn are the terminal states; all are reachable from applied', () => {
    expect(PARTICIPATION_STATES.filter((s) => isTerminal(participationTransitions, s))).toEqual([
      'paid',
      'rejected',
      'withdrawn',
    ]);
    expect([...reachableStates(participationTransitions, 'applied')].sort()).toEqual([...PARTICIPATION_STATES].sort());
  });

  test('a stale request reads as a conflict', () => {
    expect(decideParticipationTransition({ state: 'active' }, { event: 'withdraw' }, 'participant')).toEqual({
      ok: false,
      code: 'INVALID_TRANSITION',
      message: 'The participation is active, so it cannot be withdrawn.',
    });
  });
});

describe('who may fire each event', () => {
  const ALLOWED: Record<ParticipationEvent, readonly ActorKind[]> = {
    approve: ['brand', 'reviewer'],
    reject: ['brand', 'reviewer'],
    withdraw: ['participant'],
    activate: ['system'],
    complete: ['system'],
    pay: ['system'],
  };
  const FROM: Record<ParticipationEvent, ParticipationState> = {
    approve: 'applied',
    reject: 'applied',
    withdraw: 'applied',
    activate: 'approved',
    complete: 'active',
    pay: 'completed',
  };
  const cases = PARTICIPATION_EVENTS.flatMap((event) =>
    ACTOR_KINDS.map((actor) => [event, actor, ALLOWED[event].includes(actor)] as const),
  );
  test.each(cases)('%s by %s: allowed %s', (event, actor, allowed) => {
    const decision = decideParticipationTransition({ state: FROM[event] }, { event }, actor);
    if (allowed) expect(decision.ok).toBe(true);
    else expect(decision).toMatchObject({ ok: false, code: 'ACTOR_NOT_ALLOWED' });
  });

  test('participationEventsFor', () => {
    expect(participationEventsFor('applied', 'brand')).toEqual(['approve', 'reject']);
    expect(participationEventsFor('approved', 'participant')).toEqual(['withdraw']);
    expect(participationEventsFor('active', 'participant')).toEqual([]);
    expect(participationEventsFor('completed', 'system')).toEqual(['pay']);
  });
});

describe('guards and reasons', () => {
  test.each<[string, number | null | undefined, boolean]>([
    ['a slot left', 1, true],
    ['no limit (null)', null, true],
    ['no limit (absent)', undefined, true],
    ['full', 0, false],
  ])('approve with %s', (_name, slotsLeft, ok) => {
    const decision = decideParticipationTransition(
      slotsLeft === undefined ? { state: 'applied' } : { state: 'applied', slotsLeft },
      { event: 'approve' },
      'brand',
    );
    if (ok) expect(decision).toMatchObject({ ok: true, to: 'approved' });
    else
      expect(decision).toEqual({ ok: false, code: 'NO_SLOTS_LEFT', message: 'Every slot in this campaign is taken.' });
  });

  test('a full campaign can still reject and withdraw', () => {
    expect(decideParticipationTransition({ state: 'applied', slotsLeft: 0 }, { event: 'reject' }, 'brand').ok).toBe(
      true,
    );
    expect(
      decideParticipationTransition({ state: 'approved', slotsLeft: 0 }, { event: 'withdraw' }, 'participant').ok,
    ).toBe(true);
  });

  test.each<[string, string | undefined, ParticipationCommand | null]>([
    ['no reason', undefined, { event: 'reject' }],
    ['a blank reason is dropped', '   ', { event: 'reject' }],
    [
      'a reason, trimmed',
      '  Audience outside the target countries. ',
      {
        event: 'reject',
        reason: 'Audience outside the target countries.',
      },
    ],
    ['500 characters', 'b'.repeat(500), { event: 'reject', reason: 'b'.repeat(500) }],
    ['501 characters', 'b'.repeat(501), null],
  ])('reject: %s', (_name, reason, command) => {
    const decision = decideParticipationTransition(
      { state: 'applied' },
      reason === undefined ? { event: 'reject' } : { event: 'reject', reason },
      'brand',
    );
    if (command === null) expect(decision).toMatchObject({ ok: false, code: 'INVALID_REASON' });
    else expect(decision).toMatchObject({ ok: true, to: 'rejected', command });
  });

  test.each<[string, ParticipationState, number]>([
    ['an unknown state', 'banned' as ParticipationState, 1],
    ['negative slots', 'applied', -1],
    ['fractional slots', 'applied', 1.5],
  ])('throws for %s', (_name, state, slotsLeft) => {
    expect(() => decideParticipationTransition({ state, slotsLeft }, { event: 'approve' }, 'brand')).toThrow(
      CampaignError,
    );
  });
});

describe('initialParticipationState', () => {
  type Expected = ParticipationState | 'NOT_ON_ALLOWLIST' | 'NO_SLOTS_LEFT';
  test.each<[ApprovalMode, boolean | undefined, number | null | undefined, Expected]>([
    ['auto', undefined, undefined, 'approved'],
    ['auto', false, 10, 'approved'],
    ['auto', false, 0, 'NO_SLOTS_LEFT'],
    ['manual', undefined, undefined, 'applied'],
    ['manual', true, null, 'applied'], // the allowlist matters only in allowlist mode
    ['manual', false, 0, 'NO_SLOTS_LEFT'],
    ['allowlist', true, undefined, 'approved'],
    ['allowlist', true, 1, 'approved'],
    ['allowlist', false, undefined, 'NOT_ON_ALLOWLIST'],
    ['allowlist', undefined, undefined, 'NOT_ON_ALLOWLIST'],
    ['allowlist', true, 0, 'NO_SLOTS_LEFT'],
  ])('%s, listed %s, slots left %s → %s', (mode, onAllowlist, slotsLeft, expected) => {
    const result = initialParticipationState(mode, {
      ...(onAllowlist === undefined ? {} : { onAllowlist }),
      ...(slotsLeft === undefined ? {} : { slotsLeft }),
    });
    if (expected === 'NOT_ON_ALLOWLIST' || expected === 'NO_SLOTS_LEFT') {
      expect(result).toMatchObject({ ok: false, code: expected });
    } else {
      expect(result).toEqual({ ok: true, state: expected });
    }
  });

  test('the allowlist refusal says why', () => {
    expect(initialParticipationState('allowlist')).toEqual({
      ok: false,
      code: 'NOT_ON_ALLOWLIST',
      message: 'This campaign is open only to invited participants, and you are not on its list.',
    });
  });

  test('an unknown mode is a bug in the caller', () => {
    expect(() => initialParticipationState('open' as ApprovalMode)).toThrow(CampaignError);
  });
});

describe('properties', () => {
  const eventArb = fc.constantFrom(...PARTICIPATION_EVENTS);
  const entryArb = fc.constantFrom<ParticipationState>('applied', 'approved');

  test('any event sequence visits only reachable states, in order, and terminal states stay put', () => {
    const reachable = new Set(reachableStates(participationTransitions, 'applied'));
    const terminal = new Set<ParticipationState>(['paid', 'rejected', 'withdrawn']);
    fc.assert(
      fc.property(entryArb, fc.array(eventArb, { maxLength: 30 }), (entry, events) => {
        const visited: ParticipationState[] = [entry];
        for (const event of events) {
          const current = visited[visited.length - 1] as ParticipationState;
          const outcome = nextState(participationTransitions, current, event);
          if (terminal.has(current)) expect(outcome.ok).toBe(false);
          if (outcome.ok) visited.push(outcome.state);
        }
        for (const state of visited) expect(reachable.has(state)).toBe(true);
        // Paid only after completed, completed only after active, active only after approved.
        const order = ['approved', 'active', 'completed', 'paid'] as const;
        order.forEach((state, i) => {
          if (i > 0 && visited.includes(state)) {
            expect(visited.indexOf(order[i - 1] as ParticipationState)).toBeLessThan(visited.indexOf(state));
          }
        });
        // Nothing after a terminal state, and each state at most once (no cycles).
        expect(new Set(visited).size).toBe(visited.length);
      }),
    );
  });

  test('an accepted decision follows the table by an allowed actor, and never approves into a full campaign', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PARTICIPATION_STATES),
        eventArb,
        fc.constantFrom(...ACTOR_KINDS),
        fc.option(fc.nat({ max: 3 }), { nil: null }),
        (state, event, actor, slotsLeft) => {
          const decision = decideParticipationTransition({ state, slotsLeft }, { event }, actor);
          if (!decision.ok) return;
          expect(nextState(participationTransitions, state, event)).toEqual({ ok: true, state: decision.to });
          expect(participationEventsFor(state, actor)).toContain(event);
          if (event === 'approve') expect(slotsLeft).not.toBe(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
