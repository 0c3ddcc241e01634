import { type ActorKind } from './actors.js';
import { invalidInput, refuse, type Refusal } from './errors.js';
import { allowedEvents, defineTransitions, nextState, type TransitionRefusalCode } from './transitions.js';

/**
 * Participation lifecycle: one participant in one campaign.
 *
 *   applied  --approve--> approved     brand/reviewer; guard: a slot is free
 *   applied  --reject---> rejected     brand/reviewer; optional reason (≤ 500 characters)
 *   applied  --withdraw-> withdrawn    the participant
 *   approved --activate-> active       system: the first submission is accepted
 *   approved --reject---> rejected     brand/reviewer
 *   approved --withdraw-> withdrawn    the participant, before earning anything (frees the slot)
 *   active   --complete-> completed    system: the campaign completed or the participant cap is reached
 *   completed --pay-----> paid         system: the last payout of the participation settled
 *   paid, rejected, withdrawn: terminal.
 *
 * Once active, a participation has earnings on the ledger, so it cannot be withdrawn or rejected: removing
 * an active participant is a fraud or review decision (clawbacks), handled elsewhere.
 *
 * Slots: approved, active, completed and paid participations hold one; applied ones do not. Entry into the
 * machine (initialParticipationState) follows the campaign's approval mode.
 */

export const PARTICIPATION_STATES = [
  'applied',
  'approved',
  'active',
  'completed',
  'paid',
  'rejected',
  'withdrawn',
] as const;
export type ParticipationState = (typeof PARTICIPATION_STATES)[number];

export const PARTICIPATION_EVENTS = ['approve', 'reject', 'withdraw', 'activate', 'complete', 'pay'] as const;
export type ParticipationEvent = (typeof PARTICIPATION_EVENTS)[number];

/** States that hold one of the campaign's slots (see slotsLeft). */
export const SLOT_HOLDING_STATES: readonly ParticipationState[] = Object.freeze([
  'approved',
  'active',
  'completed',
  'paid',
]);

export const APPROVAL_MODES = ['auto', 'manual', 'allowlist'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

export const PARTICIPATION_REJECTION_REASON_MAX_LENGTH = 500;

export const participationTransitions = defineTransitions<ParticipationState, ParticipationEvent>({
  applied: { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' },
  approved: { activate: 'active', reject: 'rejected', withdraw: 'withdrawn' },
  active: { complete: 'completed' },
  completed: { pay: 'paid' },
  paid: {},
  rejected: {},
  withdrawn: {},
});

/** Who may fire each event. */
export const PARTICIPATION_EVENT_ACTORS = {
  approve: ['brand', 'reviewer'],
  reject: ['brand', 'reviewer'],
  withdraw: ['participant'],
  activate: ['system'],
  complete: ['system'],
  pay: ['system'],
} as const satisfies Record<ParticipationEvent, readonly ActorKind[]>;

export type ParticipationCommand =
  | { readonly event: 'approve' | 'withdraw' | 'activate' | 'complete' | 'pay' }
  | { readonly event: 'reject'; readonly reason?: string };

export type ParticipationSnapshot = {
  readonly state: ParticipationState;
  /** slotsLeft(...) of the campaign; absent or null: no slot limit. */
  readonly slotsLeft?: number | null;
};

/**
 * Every way decideParticipationTransition says no, in the order checked (suggested HTTP status):
 * - ACTOR_NOT_ALLOWED (403): this kind of actor may not fire the event.
 * - INVALID_REASON (400): a rejection reason longer than 500 characters (after trimming).
 * - INVALID_TRANSITION (409): no exit for the event from the current state: usually a stale screen.
 * - NO_SLOTS_LEFT (409): approving while every slot is taken.
 */
export type ParticipationRefusalCode = 'ACTOR_NOT_ALLOWED' | 'INVALID_REASON' | TransitionRefusalCode | 'NO_SLOTS_LEFT';

export type ParticipationTransition = {
  readonly ok: true;
  readonly from: ParticipationState;
  readonly to: ParticipationState;
  readonly actor: ActorKind;
  /** The command as accepted: a rejection reason trimmed, and dropped when empty. */
  readonly command: ParticipationCommand;
};

const STATE_LABELS: Record<ParticipationState, string> = {
  applied: 'waiting for approval',
  approved: 'approved',
  active: 'active',
  completed: 'completed',
  paid: 'paid',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};

const EVENT_LABELS: Record<ParticipationEvent, string> = {
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  activate: 'activated',
  complete: 'completed',
  pay: 'marked paid',
};

/** Whether `actor` may fire `command` now, and where it leads. Throws INVALID_INPUT for a malformed snapshot. */
export function decideParticipationTransition(
  snapshot: ParticipationSnapshot,
  command: ParticipationCommand,
  actor: ActorKind,
): ParticipationTransition | Refusal<ParticipationRefusalCode> {
  allowedEvents(participationTransitions, snapshot.state); // throws for an unknown state
  const slots = checkSlots(snapshot.slotsLeft);
  const { event } = command;

  const allowed: readonly ActorKind[] | undefined = Object.hasOwn(PARTICIPATION_EVENT_ACTORS, event)
    ? PARTICIPATION_EVENT_ACTORS[event]
    : undefined;
  if (allowed !== undefined && !allowed.includes(actor)) {
    return refuse('ACTOR_NOT_ALLOWED', `A ${actor} cannot ${event} a participation.`);
  }

  let accepted: ParticipationCommand = { event: command.event };
  if (command.event === 'reject') {
    const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
    const length = [...reason].length;
    if (length > PARTICIPATION_REJECTION_REASON_MAX_LENGTH) {
      return refuse(
        'INVALID_REASON',
        `The rejection reason is ${length} characters long; keep it to ${PARTICIPATION_REJECTION_REASON_MAX_LENGTH}.`,
      );
    }
    accepted = length === 0 ? { event: 'reject' } : { event: 'reject', reason };
  }

  const next = nextState(participationTransitions, snapshot.state, event);
  if (!next.ok) {
    const label = Object.hasOwn(EVENT_LABELS, event) ? EVENT_LABELS[event] : JSON.stringify(event);
    return refuse(next.code, `The participation is ${STATE_LABELS[snapshot.state]}, so it cannot be ${label}.`);
  }

  if (event === 'approve' && slots === 0) {
    return refuse('NO_SLOTS_LEFT', 'Every slot in this campaign is taken.');
  }
  return { ok: true, from: snapshot.state, to: next.state, actor, command: accepted };
}

/** The events `actor` may try from `state` (guards not run). */
export function participationEventsFor(state: ParticipationState, actor: ActorKind): ParticipationEvent[] {
  return PARTICIPATION_EVENTS.filter((event) => {
    const actors: readonly ActorKind[] = PARTICIPATION_EVENT_ACTORS[event];
    return actors.includes(actor) && nextState(participationTransitions, state, event).ok;
  });
}

export type InitialParticipationOptions = {
  /** The applicant is on the campaign's allowlist; only read in 'allowlist' mode. Absent: not listed. */
  readonly onAllowlist?: boolean;
  /** slotsLeft(...) of the campaign; absent or null: no slot limit. */
  readonly slotsLeft?: number | null;
};

/**
 * NOT_ON_ALLOWLIST (403): the campaign takes only allowlisted participants. NO_SLOTS_LEFT (409): every slot
 * is taken, in any mode (a full campaign takes no applications, not even to wait for a manual review).
 */
export type ApplyRefusalCode = 'NOT_ON_ALLOWLIST' | 'NO_SLOTS_LEFT';

/**
 * Where a new participation starts: 'approved' in 'auto' mode and for an allowlisted applicant in
 * 'allowlist' mode, 'applied' (waiting for a brand or reviewer) in 'manual' mode. An applicant who is not
 * on the allowlist of an 'allowlist' campaign is refused.
 */
export function initialParticipationState(
  mode: ApprovalMode,
  options: InitialParticipationOptions = {},
): { readonly ok: true; readonly state: 'applied' | 'approved' } | Refusal<ApplyRefusalCode> {
  if (!(APPROVAL_MODES as readonly string[]).includes(mode)) {
    throw invalidInput(`Unknown approval mode ${JSON.stringify(mode)}`);
  }
  if (checkSlots(options.slotsLeft) === 0) {
    return refuse('NO_SLOTS_LEFT', 'Every slot in this campaign is taken.');
  }
  if (mode === 'manual') return { ok: true, state: 'applied' };
  if (mode === 'allowlist' && options.onAllowlist !== true) {
    return refuse(
      'NOT_ON_ALLOWLIST',
      'This campaign is open only to invited participants, and you are not on its list.',
    );
  }
  return { ok: true, state: 'approved' };
}

function checkSlots(slotsLeft: number | null | undefined): number | null {
  if (slotsLeft === null || slotsLeft === undefined) return null;
  if (!Number.isSafeInteger(slotsLeft) || slotsLeft < 0) {
    throw invalidInput(`slotsLeft must be a whole number ≥ 0 or null, got ${String(slotsLeft)}`);
  }
  return slotsLeft;
}
