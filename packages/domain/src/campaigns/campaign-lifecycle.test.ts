import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACTOR_KINDS, type ActorKind } from './actors.js';
import {
  CAMPAIGN_EVENTS,
  CAMPAIGN_STATES,
  campaignEventsFor,
  campaignTransitions,
  decideCampaignTransition,
  isAcceptingParticipants,
  isAcceptingSubmissions,
  isScheduled,
  systemCampaignCommand,
  type CampaignCommand,
  type CampaignEvent,
  type CampaignSnapshot,
  type CampaignState,
  type CompletionReason,
} from './campaign-lifecycle.js';
import { CampaignError } from './errors.js';
import { isTerminal, nextState, reachableStates, type TransitionOutcome } from './transitions.js';

const NOW = new Date('2026-11-26T15:30:00Z');
const PAST = new Date('2026-11-01T00:00:00Z');
const FUTURE = new Date('2026-12-31T00:00:00Z');

/** Every guard passes: funded, budget left, started, no end, no holds. */
function snapshot(state: CampaignState, over: Partial<CampaignSnapshot> = {}): CampaignSnapshot {
  return {
    state,
    fundedMicros: 500_000_000n,
    budgetRemainingMicros: 400_000_000n,
    pendingHoldsMicros: 0n,
    startsAt: PAST,
    endsAt: null,
    now: NOW,
    ...over,
  };
}

/** An actor allowed to fire each event, and a well-formed command for it. */
const CAN_FIRE: Record<CampaignEvent, [CampaignCommand, ActorKind]> = {
  submit_for_review: [{ event: 'submit_for_review' }, 'brand'],
  approve: [{ event: 'approve' }, 'reviewer'],
  reject: [{ event: 'reject', reason: 'The brief promises guaranteed earnings.' }, 'reviewer'],
  pause: [{ event: 'pause' }, 'brand'],
  resume: [{ event: 'resume' }, 'brand'],
  complete: [{ event: 'complete', reason: 'manual' }, 'brand'],
  close: [{ event: 'close' }, 'system'],
};

// The lifecycle as specified, written out by hand: every (state, event) pair, null where refused.
const EXPECTED: Record<CampaignState, Record<CampaignEvent, CampaignState | null>> = {
  draft: {
    submit_for_review: 'reviewing',
    approve: null,
    reject: null,
    pause: null,
    resume: null,
    complete: null,
    close: 'closed',
  },
  reviewing: {
    submit_for_review: null,
    approve: 'published',
    reject: 'draft',
    pause: null,
    resume: null,
    complete: null,
    close: null,
  },
  published: {
    submit_for_review: null,
    approve: null,
    reject: null,
    pause: 'paused',
    resume: null,
    complete: 'completed',
    close: null,
  },
  paused: {
    submit_for_review: null,
    approve: null,
    reject: null,
    pause: null,
    resume: 'published',
    complete: 'completed',
    close: null,
  },
  completed: {
    submit_for_review: null,
    approve: null,
    reject: null,
    pause: null,
    resume: null,
    complete: null,
    close: 'closed',
  },
  closed: {
    submit_for_review: null,
    approve: null,
    reject: null,
    pause: null,
    resume: null,
    complete: null,
    close: null,
  },
};

const PAIRS = CAMPAIGN_STATES.flatMap((state) =>
  CAMPAIGN_EVENTS.map((event) => [state, event, EXPECTED[state][event]] as const),
);

describe('every (state, event) pair', () => {
  test('the matrix covers 6 states × 7 events', () => expect(PAIRS).toHaveLength(42));

  test.each(PAIRS)('table: %s --%s--> %s', (state, event, expected) => {
    const outcome: TransitionOutcome<CampaignState> = nextState(campaignTransitions, state, event);
    expect(outcome.ok ? outcome.state : null).toBe(expected);
  });

  test.each(PAIRS)('decide, guards passing: %s --%s--> %s', (state, event, expected) => {
    const [command, actor] = CAN_FIRE[event];
    const decision = decideCampaignTransition(snapshot(state), command, actor);
    if (expected === null) {
      expect(decision).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    } else {
      expect(decision).toEqual({ ok: true, from: state, to: expected, actor, command });
    }
  });

  test('a stale request reads as a conflict the brand understands', () => {
    expect(decideCampaignTransition(snapshot('reviewing'), { event: 'pause' }, 'brand')).toEqual({
      ok: false,
      code: 'INVALID_TRANSITION',
      message: 'The campaign is in review, so it cannot be paused.',
    });
    expect(decideCampaignTransition(snapshot('closed'), { event: 'close' }, 'system')).toMatchObject({
      message: 'The campaign is closed, so it cannot be closed.',
    });
  });

  test('closed is the only terminal state, and every state is reachable from draft', () => {
    expect(CAMPAIGN_STATES.filter((s) => isTerminal(campaignTransitions, s))).toEqual(['closed']);
    expect([...reachableStates(campaignTransitions, 'draft')].sort()).toEqual([...CAMPAIGN_STATES].sort());
  });
});

describe('who may fire each event', () => {
  const ALLOWED: Record<Exclude<CampaignEvent, 'complete'>, readonly ActorKind[]> = {
    submit_for_review: ['brand'],
    approve: ['reviewer'],
    reject: ['reviewer'],
    pause: ['brand', 'reviewer'],
    resume: ['brand', 'reviewer'],
    close: ['brand', 'reviewer', 'system'],
  };
  const FROM: Record<Exclude<CampaignEvent, 'complete'>, CampaignState> = {
    submit_for_review: 'draft',
    approve: 'reviewing',
    reject: 'reviewing',
    pause: 'published',
    resume: 'paused',
    close: 'completed',
  };
  const cases = (Object.keys(ALLOWED) as (keyof typeof ALLOWED)[]).flatMap((event) =>
    ACTOR_KINDS.map((actor) => [event, actor, ALLOWED[event].includes(actor)] as const),
  );

  test.each(cases)('%s by %s: allowed %s', (event, actor, allowed) => {
    const decision = decideCampaignTransition(snapshot(FROM[event]), CAN_FIRE[event][0], actor);
    if (allowed) expect(decision.ok).toBe(true);
    else expect(decision).toMatchObject({ ok: false, code: 'ACTOR_NOT_ALLOWED' });
  });

  // complete: who may give which reason. The snapshot makes every reason true, so only the actor decides.
  const done = snapshot('published', { budgetRemainingMicros: 0n, endsAt: PAST });
  test.each<[CompletionReason, ActorKind, boolean]>([
    ['budget_spent', 'system', true],
    ['budget_spent', 'brand', false],
    ['budget_spent', 'reviewer', false],
    ['budget_spent', 'participant', false],
    ['ended', 'system', true],
    ['ended', 'brand', false],
    ['ended', 'reviewer', false],
    ['ended', 'participant', false],
    ['manual', 'brand', true],
    ['manual', 'reviewer', true],
    ['manual', 'system', false],
    ['manual', 'participant', false],
  ])('complete %s by %s: allowed %s', (reason, actor, allowed) => {
    const decision = decideCampaignTransition(done, { event: 'complete', reason }, actor);
    if (allowed) expect(decision).toMatchObject({ ok: true, to: 'completed' });
    else expect(decision).toMatchObject({ ok: false, code: 'ACTOR_NOT_ALLOWED' });
  });

  test('only a reviewer lifts a reviewer’s pause', () => {
    const paused = snapshot('paused', { pausedBy: 'reviewer' });
    expect(decideCampaignTransition(paused, { event: 'resume' }, 'brand')).toEqual({
      ok: false,
      code: 'ACTOR_NOT_ALLOWED',
      message: 'A reviewer paused this campaign: only a reviewer can resume it.',
    });
    expect(decideCampaignTransition(paused, { event: 'resume' }, 'reviewer')).toMatchObject({ ok: true });
    expect(
      decideCampaignTransition(snapshot('paused', { pausedBy: 'brand' }), { event: 'resume' }, 'brand'),
    ).toMatchObject({ ok: true });
  });

  test('the actor is checked before the state: a participant is refused whatever the state', () => {
    expect(decideCampaignTransition(snapshot('closed'), { event: 'approve' }, 'participant')).toEqual({
      ok: false,
      code: 'ACTOR_NOT_ALLOWED',
      message: 'A participant cannot approve a campaign.',
    });
  });

  test('campaignEventsFor lists what a screen may offer', () => {
    expect(campaignEventsFor('draft', 'brand')).toEqual(['submit_for_review', 'close']);
    expect(campaignEventsFor('reviewing', 'reviewer')).toEqual(['approve', 'reject']);
    expect(campaignEventsFor('reviewing', 'brand')).toEqual([]);
    expect(campaignEventsFor('published', 'brand')).toEqual(['pause', 'complete']);
    expect(campaignEventsFor('closed', 'system')).toEqual([]);
  });
});

describe('guards', () => {
  type Case = [string, CampaignSnapshot, CampaignCommand, ActorKind, string | null, string?];
  const approve: CampaignCommand = { event: 'approve' };
  const submit: CampaignCommand = { event: 'submit_for_review' };
  test.each<Case>([
    ['approve: publishable', snapshot('reviewing'), approve, 'reviewer', null],
    [
      'approve: a start in the future is fine (scheduled)',
      snapshot('reviewing', { startsAt: FUTURE }),
      approve,
      'reviewer',
      null,
    ],
    [
      'approve: nothing funded',
      snapshot('reviewing', { fundedMicros: 0n, budgetRemainingMicros: 0n }),
      approve,
      'reviewer',
      'BUDGET_NOT_FUNDED',
      'Fund the budget before the campaign can be reviewed and published.',
    ],
    [
      'approve: funded but nothing left',
      snapshot('reviewing', { budgetRemainingMicros: 0n }),
      approve,
      'reviewer',
      'BUDGET_SPENT',
    ],
    [
      'approve: no start date',
      snapshot('reviewing', { startsAt: null }),
      approve,
      'reviewer',
      'START_DATE_MISSING',
      'Set a start date before the campaign can be reviewed and published.',
    ],
    [
      'approve: end at the start',
      snapshot('reviewing', { startsAt: FUTURE, endsAt: FUTURE }),
      approve,
      'reviewer',
      'END_NOT_AFTER_START',
      'The end date (31 Dec 2026, 00:00 UTC) must be after the start date (31 Dec 2026, 00:00 UTC).',
    ],
    [
      'approve: end passed during review',
      snapshot('reviewing', { endsAt: new Date('2026-11-20T12:00:00Z') }),
      approve,
      'reviewer',
      'CAMPAIGN_ENDED',
      'The end date (20 Nov 2026, 12:00 UTC) has passed: set a later one.',
    ],
    [
      'approve: end exactly now has passed',
      snapshot('reviewing', { endsAt: NOW }),
      approve,
      'reviewer',
      'CAMPAIGN_ENDED',
    ],
    ['submit: same guard', snapshot('draft', { fundedMicros: 0n }), submit, 'brand', 'BUDGET_NOT_FUNDED'],
    ['submit: no start date', snapshot('draft', { startsAt: null }), submit, 'brand', 'START_DATE_MISSING'],
    ['resume: fine', snapshot('paused', { endsAt: FUTURE }), { event: 'resume' }, 'brand', null],
    [
      'resume: budget spent',
      snapshot('paused', { budgetRemainingMicros: 0n }),
      { event: 'resume' },
      'brand',
      'BUDGET_SPENT',
      'The budget is spent, so the campaign cannot resume.',
    ],
    ['resume: ended', snapshot('paused', { endsAt: PAST }), { event: 'resume' }, 'brand', 'CAMPAIGN_ENDED'],
    [
      'complete budget_spent: budget left',
      snapshot('published', { budgetRemainingMicros: 1n }),
      { event: 'complete', reason: 'budget_spent' },
      'system',
      'COMPLETION_NOT_DUE',
      'The budget is not spent yet.',
    ],
    [
      'complete budget_spent: spent',
      snapshot('paused', { budgetRemainingMicros: 0n }),
      { event: 'complete', reason: 'budget_spent' },
      'system',
      null,
    ],
    [
      'complete ended: no end date',
      snapshot('published'),
      { event: 'complete', reason: 'ended' },
      'system',
      'COMPLETION_NOT_DUE',
      'The end date has not passed yet.',
    ],
    [
      'complete ended: end ahead',
      snapshot('published', { endsAt: FUTURE }),
      { event: 'complete', reason: 'ended' },
      'system',
      'COMPLETION_NOT_DUE',
    ],
    [
      'complete ended: end now',
      snapshot('published', { endsAt: NOW }),
      { event: 'complete', reason: 'ended' },
      'system',
      null,
    ],
    [
      'complete manual: always',
      snapshot('published', { endsAt: FUTURE }),
      { event: 'complete', reason: 'manual' },
      'brand',
      null,
    ],
    [
      'close: holds pending',
      snapshot('completed', { pendingHoldsMicros: 1n }),
      { event: 'close' },
      'system',
      'HOLDS_PENDING',
      'Earnings are still on hold: the campaign closes, and the unspent budget is refunded, once the last hold releases.',
    ],
    ['close: holds released', snapshot('completed', { budgetRemainingMicros: 7n }), { event: 'close' }, 'system', null],
    ['close a funded draft', snapshot('draft'), { event: 'close' }, 'brand', null],
    [
      'pause: no guard',
      snapshot('published', { budgetRemainingMicros: 0n, endsAt: PAST }),
      { event: 'pause' },
      'brand',
      null,
    ],
  ])('%s', (_name, snap, command, actor, code, message) => {
    const decision = decideCampaignTransition(snap, command, actor);
    if (code === null) {
      expect(decision.ok).toBe(true);
      return;
    }
    expect(decision).toMatchObject({ ok: false, code });
    if (message !== undefined) expect(decision).toMatchObject({ message });
  });
});

describe('reasons', () => {
  const reviewing = snapshot('reviewing');
  test.each<[string, string | null, string?]>([
    ['trimmed and kept', '  Missing #ad disclosure.  ', 'Missing #ad disclosure.'],
    ['one character is enough', 'x', 'x'],
    ['500 characters', 'a'.repeat(500), 'a'.repeat(500)],
    ['500 emoji (code points, not UTF-16 units)', '🎬'.repeat(500), '🎬'.repeat(500)],
    ['empty', '', undefined],
    ['only spaces', '   \n\t ', undefined],
    ['501 characters', 'a'.repeat(501), undefined],
  ])('reject reason: %s', (_name, reason, kept) => {
    const decision = decideCampaignTransition(reviewing, { event: 'reject', reason: reason ?? '' }, 'reviewer');
    if (kept === undefined) {
      expect(decision).toMatchObject({ ok: false, code: 'INVALID_REASON' });
    } else {
      expect(decision).toEqual({
        ok: true,
        from: 'reviewing',
        to: 'draft',
        actor: 'reviewer',
        command: { event: 'reject', reason: kept },
      });
    }
  });

  test('messages say what to do', () => {
    expect(decideCampaignTransition(reviewing, { event: 'reject', reason: ' ' }, 'reviewer')).toMatchObject({
      message: 'Give the brand a reason for the rejection.',
    });
    expect(decideCampaignTransition(reviewing, { event: 'reject', reason: 'a'.repeat(600) }, 'reviewer')).toMatchObject(
      { message: 'The rejection reason is 600 characters long; keep it to 500.' },
    );
  });

  test('an unknown completion reason from an untyped caller is refused', () => {
    const command = { event: 'complete', reason: 'bored' } as unknown as CampaignCommand;
    expect(decideCampaignTransition(snapshot('published'), command, 'brand')).toMatchObject({
      ok: false,
      code: 'INVALID_REASON',
    });
  });
});

describe('malformed snapshots throw', () => {
  test.each<[string, Partial<CampaignSnapshot>]>([
    ['negative remaining', { budgetRemainingMicros: -1n }],
    ['a number amount', { fundedMicros: 5 as unknown as bigint }],
    ['negative holds', { pendingHoldsMicros: -1n }],
    ['an invalid now', { now: new Date(Number.NaN) }],
    ['an invalid start', { startsAt: new Date(Number.NaN) }],
    ['an unknown state', { state: 'archived' as CampaignState }],
  ])('%s', (_name, over) => {
    expect(() => decideCampaignTransition(snapshot('published', over), { event: 'pause' }, 'brand')).toThrow(
      CampaignError,
    );
  });
});

describe('systemCampaignCommand', () => {
  test.each<[string, CampaignSnapshot, CampaignCommand | null]>([
    ['live, nothing due', snapshot('published', { endsAt: FUTURE }), null],
    [
      'budget spent',
      snapshot('published', { budgetRemainingMicros: 0n }),
      { event: 'complete', reason: 'budget_spent' },
    ],
    [
      'budget spent wins over ended',
      snapshot('paused', { budgetRemainingMicros: 0n, endsAt: PAST }),
      { event: 'complete', reason: 'budget_spent' },
    ],
    ['ended while paused', snapshot('paused', { endsAt: PAST }), { event: 'complete', reason: 'ended' }],
    ['completed, holds released', snapshot('completed'), { event: 'close' }],
    ['completed, holds pending', snapshot('completed', { pendingHoldsMicros: 3n }), null],
    ['a draft is the brand’s to close', snapshot('draft', { budgetRemainingMicros: 0n, endsAt: PAST }), null],
    ['reviewing', snapshot('reviewing', { endsAt: PAST }), null],
    ['closed', snapshot('closed'), null],
  ])('%s', (_name, snap, expected) => {
    expect(systemCampaignCommand(snap)).toEqual(expected);
  });
});

describe('derived schedule', () => {
  const live = { state: 'published', startsAt: PAST, endsAt: FUTURE, budgetRemainingMicros: 1n } as const;
  test.each<[string, Partial<typeof live> | { state: CampaignState }, boolean, boolean]>([
    ['live', {}, true, false],
    ['scheduled', { startsAt: FUTURE }, false, true],
    ['starts exactly now', { startsAt: NOW }, true, false],
    ['ends exactly now', { endsAt: NOW }, false, false],
    ['no end date', { endsAt: null } as never, true, false],
    ['budget spent', { budgetRemainingMicros: 0n } as never, false, false],
    ['paused', { state: 'paused' }, false, false],
    ['reviewing with a future start is not scheduled', { state: 'reviewing', startsAt: FUTURE } as never, false, false],
  ])('%s: accepting %s, scheduled %s', (_name, over, accepting, scheduled) => {
    const campaign = { ...live, ...over } as Parameters<typeof isAcceptingSubmissions>[0];
    expect(isAcceptingSubmissions(campaign, NOW)).toBe(accepting);
    expect(isScheduled(campaign, NOW)).toBe(scheduled);
  });

  test('accepting participants also needs a free slot', () => {
    expect(isAcceptingParticipants(live, NOW, null)).toBe(true);
    expect(isAcceptingParticipants(live, NOW, 1)).toBe(true);
    expect(isAcceptingParticipants(live, NOW, 0)).toBe(false);
    expect(isAcceptingParticipants({ ...live, startsAt: FUTURE }, NOW, 5)).toBe(false);
    expect(() => isAcceptingParticipants(live, NOW, -1)).toThrow(CampaignError);
  });
});

describe('properties', () => {
  const stateArb = fc.constantFrom(...CAMPAIGN_STATES);
  const eventArb = fc.constantFrom(...CAMPAIGN_EVENTS);
  const actorArb = fc.constantFrom(...ACTOR_KINDS);
  const dateArb = fc.date({
    min: new Date('2026-01-01T00:00:00Z'),
    max: new Date('2027-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  const amountArb = fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 12n }));
  // Remaining never exceeds funded (remaining = funded − net spend); 0 and "all spent" come up often.
  const budgetArb = fc
    .tuple(amountArb, fc.oneof(fc.constant('none' as const), fc.constant('all' as const), amountArb))
    .map(([funded, spent]) => {
      const net = spent === 'none' ? 0n : spent === 'all' || spent > funded ? funded : spent;
      return { fundedMicros: funded, budgetRemainingMicros: funded - net };
    });
  const snapshotArb = fc
    .tuple(
      budgetArb,
      fc.record({
        state: stateArb,
        pendingHoldsMicros: amountArb,
        startsAt: fc.option(dateArb, { nil: null }),
        endsAt: fc.option(dateArb, { nil: null }),
        now: dateArb,
        pausedBy: fc.option(actorArb, { nil: null }),
      }),
    )
    .map(([budget, rest]): CampaignSnapshot => ({ ...rest, ...budget }));
  const commandArb: fc.Arbitrary<CampaignCommand> = fc.oneof(
    fc.constantFrom(
      ...(['submit_for_review', 'approve', 'pause', 'resume', 'close'] as const).map((event) => ({ event })),
    ),
    fc.string({ maxLength: 20 }).map((reason) => ({ event: 'reject' as const, reason })),
    fc.constantFrom('budget_spent', 'ended', 'manual').map((reason) => ({ event: 'complete' as const, reason })),
  );

  test('any event sequence from draft stays among reachable states, and closed is terminal', () => {
    const reachable = new Set(reachableStates(campaignTransitions, 'draft'));
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        let state: CampaignState = 'draft';
        let closed = false;
        for (const event of events) {
          const outcome: TransitionOutcome<CampaignState> = nextState(campaignTransitions, state, event);
          if (closed) expect(outcome.ok).toBe(false);
          if (outcome.ok) state = outcome.state;
          expect(reachable.has(state)).toBe(true);
          closed ||= state === 'closed';
        }
      }),
    );
  });

  test('published is only ever entered from review (approve) or from paused (resume)', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        let state: CampaignState = 'draft';
        for (const event of events) {
          const outcome: TransitionOutcome<CampaignState> = nextState(campaignTransitions, state, event);
          if (outcome.ok && outcome.state === 'published') {
            expect([state, event]).toEqual(state === 'reviewing' ? ['reviewing', 'approve'] : ['paused', 'resume']);
          }
          if (outcome.ok) state = outcome.state;
        }
      }),
    );
  });

  test('an accepted decision follows the table, by an allowed actor, and never publishes or closes unsafely', () => {
    fc.assert(
      fc.property(snapshotArb, commandArb, actorArb, (snap, command, actor) => {
        const decision = decideCampaignTransition(snap, command, actor);
        if (!decision.ok) return;
        const table = nextState(campaignTransitions, snap.state, command.event);
        expect(table).toEqual({ ok: true, state: decision.to });
        expect(decision.from).toBe(snap.state);
        expect(campaignEventsFor(snap.state, actor)).toContain(command.event);
        if (decision.to === 'published') {
          expect(snap.budgetRemainingMicros > 0n).toBe(true);
          expect(snap.fundedMicros > 0n).toBe(true);
          expect(snap.endsAt === null || snap.endsAt.getTime() > snap.now.getTime()).toBe(true);
          if (decision.from === 'reviewing') expect(snap.startsAt).not.toBeNull();
        }
        if (decision.to === 'closed') expect(snap.pendingHoldsMicros).toBe(0n);
        if (decision.command.event === 'reject') {
          expect(decision.command.reason).toBe(decision.command.reason.trim());
          expect(decision.command.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('whatever systemCampaignCommand proposes, the system is allowed to do', () => {
    fc.assert(
      fc.property(snapshotArb, (snap) => {
        const command = systemCampaignCommand(snap);
        if (command === null) return;
        expect(decideCampaignTransition(snap, command, 'system')).toMatchObject({ ok: true });
      }),
    );
  });
});
