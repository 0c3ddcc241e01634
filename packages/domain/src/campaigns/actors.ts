/**
 * Who fires a lifecycle event, as a kind rather than a user: the API maps the caller to one before asking
 * a lifecycle. An admin acts as a 'reviewer' (every reviewer power, nothing more from these tables); a
 * brand is a member of the campaign's org; 'system' is a job (hold release, accrual, the sweeper). Ownership
 * (is this the brand's campaign, the participant's own participation) is the API's check, not this one.
 */
export const ACTOR_KINDS = ['brand', 'participant', 'reviewer', 'system'] as const;

export type ActorKind = (typeof ACTOR_KINDS)[number];
