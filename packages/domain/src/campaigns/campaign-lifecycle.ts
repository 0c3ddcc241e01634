import { type ActorKind } from './actors.js';
import { checkDate, checkNonNegative, checkOptionalDate, invalidInput, refuse, type Refusal } from './errors.js';
import { formatInstant } from './format.js';
import { allowedEvents, defineTransitions, nextState, type TransitionRefusalCode } from './transitions.js';

/**
 * Campaign lifecycle: Draft → Reviewing → Published ⇄ Paused → Completed → Closed.
 *
 *   draft     --submit_for_review--> reviewing     brand; guard: publishable (below)
 *   draft     --close-------------> closed         brand/reviewer: abandon a draft, refunding any funding
 *   reviewing --approve-----------> published      reviewer; guard: publishable, checked again
 *   reviewing --reject------------> draft          reviewer; a reason of 1–500 characters, recorded
 *   published --pause-------------> paused         brand/reviewer
 *   paused    --resume------------> published      brand/reviewer (only a reviewer lifts a reviewer's pause);
 *                                                  guard: budget left and end date not passed
 *   published, paused --complete--> completed      reason 'budget_spent' or 'ended' (system, and the fact
 *                                                  must hold) or 'manual' (brand/reviewer ending it early)
 *   completed --close-------------> closed         guard: no earnings still on hold; the service then
 *                                                  refunds budgetRemainingMicros to the brand
 *   closed: terminal.
 *
 * Design choices:
 * - There is no 'approved' or 'rejected' state. Approval publishes at once, so it is refused (with the
 *   reason) unless the campaign is publishable: budget funded and not spent, a start date, an end date (if
 *   any) after the start and not yet passed. A rejection sends the campaign back to 'draft'; the service
 *   stores the returned reason on the campaign (shown to the brand) and in the audit entry.
 * - Submitting checks the same guard, so a reviewer never looks at a campaign that could not go live.
 * - "Scheduled" is derived, not a state: a published campaign whose start is still ahead (isScheduled).
 *   A start that passed during review is fine: the campaign is live from its approval.
 * - A draft can be closed: otherwise a funded draft the brand gave up on would hold its money forever.
 * - Completion waits for the system to notice (systemCampaignCommand); nothing here reads a clock except
 *   through `snapshot.now`.
 *
 * Every accepted transition comes back as a CampaignTransition (from, to, actor, normalized command): the
 * service applies it with `UPDATE … WHERE state = $from` (zero rows: stale, 409) and writes it to the audit
 * log in the same transaction.
 */

export const CAMPAIGN_STATES = ['draft', 'reviewing', 'published', 'paused', 'completed', 'closed'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const CAMPAIGN_EVENTS = [
  'submit_for_review',
  'approve',
  'reject',
  'pause',
  'resume',
  'complete',
  'close',
] as const;
export type CampaignEvent = (typeof CAMPAIGN_EVENTS)[number];

export const COMPLETION_REASONS = ['budget_spent', 'ended', 'manual'] as const;
export type CompletionReason = (typeof COMPLETION_REASONS)[number];

export const REJECTION_REASON_MAX_LENGTH = 500;

export const campaignTransitions = defineTransitions<CampaignState, CampaignEvent>({
  draft: { submit_for_review: 'reviewing', close: 'closed' },
  reviewing: { approve: 'published', reject: 'draft' },
  published: { pause: 'paused', complete: 'completed' },
  paused: { resume: 'published', complete: 'completed' },
  completed: { close: 'closed' },
  closed: {},
});

/** Who may fire each event. */
export const CAMPAIGN_EVENT_ACTORS = {
  submit_for_review: ['brand'],
  approve: ['reviewer'],
  reject: ['reviewer'],
  pause: ['brand', 'reviewer'],
  resume: ['brand', 'reviewer'],
  complete: ['brand', 'reviewer', 'system'],
  close: ['brand', 'reviewer', 'system'],
} as const satisfies Record<CampaignEvent, readonly ActorKind[]>;

/** Who may give each completion reason: facts are the system's to observe, an early end is a person's call. */
export const COMPLETION_REASON_ACTORS = {
  budget_spent: ['system'],
  ended: ['system'],
  manual: ['brand', 'reviewer'],
} as const satisfies Record<CompletionReason, readonly ActorKind[]>;

export type CampaignCommand =
  | { readonly event: 'submit_for_review' | 'approve' | 'pause' | 'resume' | 'close' }
  | { readonly event: 'reject'; readonly reason: string }
  | { readonly event: 'complete'; readonly reason: CompletionReason };

/** What the guards look at: plain values the service reads (in the transaction that applies the move). */
export type CampaignSnapshot = {
  readonly state: CampaignState;
  /** Everything ever funded into the campaign budget (gross of spend), ≥ 0. */
  readonly fundedMicros: bigint;
  /** The campaign_budget account's balance, ≥ 0. */
  readonly budgetRemainingMicros: bigint;
  /** Earnings of the campaign still in participant_pending (not yet released), ≥ 0. */
  readonly pendingHoldsMicros: bigint;
  readonly startsAt: Date | null;
  readonly endsAt: Date | null;
  readonly now: Date;
  /** Who paused the campaign, when it is paused; absent or null: not recorded (anyone allowed may resume). */
  readonly pausedBy?: ActorKind | null;
};

/**
 * Why a guard said no. All are conflicts with the campaign's current facts (suggested HTTP 409 or 422):
 * - BUDGET_NOT_FUNDED: submit/approve with nothing funded.
 * - BUDGET_SPENT: submit/approve/resume with nothing left in the budget.
 * - START_DATE_MISSING: submit/approve without a start date.
 * - END_NOT_AFTER_START: submit/approve with an end date at or before the start date.
 * - CAMPAIGN_ENDED: submit/approve/resume after the end date.
 * - COMPLETION_NOT_DUE: complete 'budget_spent' with budget left, or 'ended' before the end date.
 * - HOLDS_PENDING: close while earnings are still on hold.
 */
export type CampaignGuardCode =
  | 'BUDGET_NOT_FUNDED'
  | 'BUDGET_SPENT'
  | 'START_DATE_MISSING'
  | 'END_NOT_AFTER_START'
  | 'CAMPAIGN_ENDED'
  | 'COMPLETION_NOT_DUE'
  | 'HOLDS_PENDING';

/**
 * Every way decideCampaignTransition says no, checked in this order (suggested HTTP status in brackets):
 * - ACTOR_NOT_ALLOWED (403): this kind of actor may not fire the event or give this completion reason.
 * - INVALID_REASON (400): a rejection reason that is empty or longer than 500 characters (after trimming,
 *   counted in code points), or an unknown completion reason.
 * - INVALID_TRANSITION (409): the event has no exit from the current state: usually a stale screen.
 * - ACTOR_NOT_ALLOWED again (403): a brand tries to lift a reviewer's pause (needs the state to be paused).
 * - a CampaignGuardCode (409/422).
 */
export type CampaignRefusalCode = 'ACTOR_NOT_ALLOWED' | 'INVALID_REASON' | TransitionRefusalCode | CampaignGuardCode;

export type GuardResult<C extends string> = { readonly ok: true } | Refusal<C>;

export type CampaignGuard = (snapshot: CampaignSnapshot, command: CampaignCommand) => GuardResult<CampaignGuardCode>;

export type CampaignTransition = {
  readonly ok: true;
  readonly from: CampaignState;
  readonly to: CampaignState;
  readonly actor: ActorKind;
  /** The command as accepted (a rejection reason trimmed): what the campaign row and the audit log record. */
  readonly command: CampaignCommand;
};

const OK = Object.freeze({ ok: true as const });

/**
 * Ready to go live: funded, budget left, a start date, an end date (if any) after the start and ahead of
 * `now`. A start already passed is allowed: the campaign starts on approval.
 */
export function checkPublishable(snapshot: CampaignSnapshot): GuardResult<CampaignGuardCode> {
  if (snapshot.fundedMicros <= 0n) {
    return refuse('BUDGET_NOT_FUNDED', 'Fund the budget before the campaign can be reviewed and published.');
  }
  if (snapshot.budgetRemainingMicros <= 0n) {
    return refuse('BUDGET_SPENT', 'The budget has nothing left to spend: add funds first.');
  }
  if (snapshot.startsAt === null) {
    return refuse('START_DATE_MISSING', 'Set a start date before the campaign can be reviewed and published.');
  }
  if (snapshot.endsAt !== null && snapshot.endsAt.getTime() <= snapshot.startsAt.getTime()) {
    return refuse(
      'END_NOT_AFTER_START',
      `The end date (${formatInstant(snapshot.endsAt)}) must be after the start date (${formatInstant(snapshot.startsAt)}).`,
    );
  }
  if (snapshot.endsAt !== null && snapshot.endsAt.getTime() <= snapshot.now.getTime()) {
    return refuse('CAMPAIGN_ENDED', `The end date (${formatInstant(snapshot.endsAt)}) has passed: set a later one.`);
  }
  return OK;
}

/** A paused campaign may go live again only while it has budget and time left; otherwise it completes. */
export function checkResumable(snapshot: CampaignSnapshot): GuardResult<CampaignGuardCode> {
  if (snapshot.budgetRemainingMicros <= 0n) {
    return refuse('BUDGET_SPENT', 'The budget is spent, so the campaign cannot resume.');
  }
  if (snapshot.endsAt !== null && snapshot.endsAt.getTime() <= snapshot.now.getTime()) {
    return refuse(
      'CAMPAIGN_ENDED',
      `The end date (${formatInstant(snapshot.endsAt)}) has passed, so the campaign cannot resume.`,
    );
  }
  return OK;
}

/** 'budget_spent' and 'ended' must be true; 'manual' always may be given (by whom is CAMPAIGN_EVENT_ACTORS'). */
export function checkCompletion(snapshot: CampaignSnapshot, command: CampaignCommand): GuardResult<CampaignGuardCode> {
  if (command.event !== 'complete') return OK;
  if (command.reason === 'budget_spent' && snapshot.budgetRemainingMicros > 0n) {
    return refuse('COMPLETION_NOT_DUE', 'The budget is not spent yet.');
  }
  if (command.reason === 'ended' && (snapshot.endsAt === null || snapshot.endsAt.getTime() > snapshot.now.getTime())) {
    return refuse('COMPLETION_NOT_DUE', 'The end date has not passed yet.');
  }
  return OK;
}

/** Close refunds what is left, which is final only once no held earnings can come back to the budget. */
export function checkClosable(snapshot: CampaignSnapshot): GuardResult<CampaignGuardCode> {
  if (snapshot.pendingHoldsMicros > 0n) {
    return refuse(
      'HOLDS_PENDING',
      'Earnings are still on hold: the campaign closes, and the unspent budget is refunded, once the last hold releases.',
    );
  }
  return OK;
}

/** The guards each event runs after the transition is known to exist, in order; the first refusal wins. */
export const CAMPAIGN_GUARDS: Readonly<Record<CampaignEvent, readonly CampaignGuard[]>> = Object.freeze({
  submit_for_review: [checkPublishable],
  approve: [checkPublishable],
  reject: [],
  pause: [],
  resume: [checkResumable],
  complete: [checkCompletion],
  close: [checkClosable],
});

const STATE_LABELS: Record<CampaignState, string> = {
  draft: 'a draft',
  reviewing: 'in review',
  published: 'published',
  paused: 'paused',
  completed: 'completed',
  closed: 'closed',
};

const EVENT_LABELS: Record<CampaignEvent, string> = {
  submit_for_review: 'submitted for review',
  approve: 'approved',
  reject: 'rejected',
  pause: 'paused',
  resume: 'resumed',
  complete: 'completed',
  close: 'closed',
};

/**
 * Whether `actor` may fire `command` on the campaign now, and where it leads. Pure: the caller applies an
 * accepted transition with a conditional UPDATE and audits it. Throws INVALID_INPUT for a malformed
 * snapshot (negative amounts, invalid dates, unknown state).
 */
export function decideCampaignTransition(
  snapshot: CampaignSnapshot,
  command: CampaignCommand,
  actor: ActorKind,
): CampaignTransition | Refusal<CampaignRefusalCode> {
  checkSnapshot(snapshot);
  const { event } = command;

  const allowed: readonly ActorKind[] | undefined = Object.hasOwn(CAMPAIGN_EVENT_ACTORS, event)
    ? CAMPAIGN_EVENT_ACTORS[event]
    : undefined;
  if (allowed !== undefined && !allowed.includes(actor)) {
    return refuse('ACTOR_NOT_ALLOWED', `A ${actor} cannot ${verb(event)} a campaign.`);
  }

  const accepted = normalizeCommand(command, actor);
  if (!accepted.ok) return accepted;

  const next = nextState(campaignTransitions, snapshot.state, event);
  if (!next.ok) {
    const label = Object.hasOwn(EVENT_LABELS, event) ? EVENT_LABELS[event] : JSON.stringify(event);
    return refuse(next.code, `The campaign is ${STATE_LABELS[snapshot.state]}, so it cannot be ${label}.`);
  }

  if (event === 'resume' && snapshot.pausedBy === 'reviewer' && actor !== 'reviewer') {
    return refuse('ACTOR_NOT_ALLOWED', 'A reviewer paused this campaign: only a reviewer can resume it.');
  }

  for (const guard of CAMPAIGN_GUARDS[event]) {
    const result = guard(snapshot, accepted.command);
    if (!result.ok) return result;
  }
  return { ok: true, from: snapshot.state, to: next.state, actor, command: accepted.command };
}

/** The events `actor` may try from the snapshot's state (guards not run): which buttons a screen shows. */
export function campaignEventsFor(state: CampaignState, actor: ActorKind): CampaignEvent[] {
  return CAMPAIGN_EVENTS.filter((event) => {
    const actors: readonly ActorKind[] = CAMPAIGN_EVENT_ACTORS[event];
    return actors.includes(actor) && nextState(campaignTransitions, state, event).ok;
  });
}

/**
 * What the campaign sweeper should fire as 'system' now, or null: complete a live or paused campaign whose
 * budget is spent (checked first) or whose end date passed, close a completed one whose holds have all
 * released. Whatever it returns, decideCampaignTransition accepts from 'system' on the same snapshot.
 */
export function systemCampaignCommand(snapshot: CampaignSnapshot): CampaignCommand | null {
  checkSnapshot(snapshot);
  const { state, now, endsAt } = snapshot;
  if (state === 'published' || state === 'paused') {
    if (snapshot.budgetRemainingMicros === 0n) return { event: 'complete', reason: 'budget_spent' };
    if (endsAt !== null && endsAt.getTime() <= now.getTime()) return { event: 'complete', reason: 'ended' };
    return null;
  }
  if (state === 'completed' && snapshot.pendingHoldsMicros === 0n) return { event: 'close' };
  return null;
}

export type CampaignSchedule = Pick<CampaignSnapshot, 'state' | 'startsAt' | 'endsAt' | 'budgetRemainingMicros'>;

/** Published with its start still ahead: shown as "starts 3 Dec" and not yet accepting submissions. */
export function isScheduled(campaign: CampaignSchedule, now: Date): boolean {
  checkDate(now, 'now');
  const startsAt = checkOptionalDate(campaign.startsAt, 'startsAt');
  return campaign.state === 'published' && startsAt !== null && startsAt.getTime() > now.getTime();
}

/**
 * Live: published, started, not ended (the end instant itself is ended) and budget left. Between the budget
 * running out (or the end passing) and the sweeper completing the campaign, this already says no.
 */
export function isAcceptingSubmissions(campaign: CampaignSchedule, now: Date): boolean {
  const at = checkDate(now, 'now').getTime();
  const startsAt = checkOptionalDate(campaign.startsAt, 'startsAt');
  const endsAt = checkOptionalDate(campaign.endsAt, 'endsAt');
  const budgetRemaining = checkNonNegative(campaign.budgetRemainingMicros, 'budgetRemainingMicros');
  return (
    campaign.state === 'published' &&
    startsAt !== null &&
    startsAt.getTime() <= at &&
    (endsAt === null || at < endsAt.getTime()) &&
    budgetRemaining > 0n
  );
}

/** Live (isAcceptingSubmissions) with a slot free: whether the public page offers "Join". */
export function isAcceptingParticipants(campaign: CampaignSchedule, now: Date, slotsLeft: number | null): boolean {
  if (slotsLeft !== null && (!Number.isSafeInteger(slotsLeft) || slotsLeft < 0)) {
    throw invalidInput(`slotsLeft must be a whole number ≥ 0 or null, got ${String(slotsLeft)}`);
  }
  return isAcceptingSubmissions(campaign, now) && slotsLeft !== 0;
}

function normalizeCommand(
  command: CampaignCommand,
  actor: ActorKind,
): { readonly ok: true; readonly command: CampaignCommand } | Refusal<CampaignRefusalCode> {
  if (command.event === 'reject') {
    const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
    const length = [...reason].length;
    if (length === 0) return refuse('INVALID_REASON', 'Give the brand a reason for the rejection.');
    if (length > REJECTION_REASON_MAX_LENGTH) {
      return refuse(
        'INVALID_REASON',
        `The rejection reason is ${length} characters long; keep it to ${REJECTION_REASON_MAX_LENGTH}.`,
      );
    }
    return { ok: true, command: { event: 'reject', reason } };
  }
  if (command.event === 'complete') {
    const { reason } = command;
    if (!Object.hasOwn(COMPLETION_REASON_ACTORS, reason)) {
      return refuse('INVALID_REASON', `Unknown completion reason ${JSON.stringify(reason)}.`);
    }
    const actors: readonly ActorKind[] = COMPLETION_REASON_ACTORS[reason];
    if (!actors.includes(actor)) {
      return refuse(
        'ACTOR_NOT_ALLOWED',
        reason === 'manual'
          ? 'Only a brand or a reviewer can end a campaign early.'
          : `Only the system completes a campaign for the reason ${JSON.stringify(reason)}.`,
      );
    }
    return { ok: true, command: { event: 'complete', reason } };
  }
  return { ok: true, command: { event: command.event } };
}

function verb(event: CampaignEvent): string {
  return event === 'submit_for_review' ? 'submit for review' : event;
}

function checkSnapshot(snapshot: CampaignSnapshot): void {
  checkNonNegative(snapshot.fundedMicros, 'fundedMicros');
  checkNonNegative(snapshot.budgetRemainingMicros, 'budgetRemainingMicros');
  checkNonNegative(snapshot.pendingHoldsMicros, 'pendingHoldsMicros');
  checkOptionalDate(snapshot.startsAt, 'startsAt');
  checkOptionalDate(snapshot.endsAt, 'endsAt');
  checkDate(snapshot.now, 'now');
  // An unknown state throws INVALID_INPUT here rather than being refused as a transition.
  allowedEvents(campaignTransitions, snapshot.state);
}
