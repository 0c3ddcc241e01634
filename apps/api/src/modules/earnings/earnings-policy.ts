import type { PacingInput, PostStatus } from '@creator-rewards/domain';
import type { CampaignTerms } from '../campaigns/campaigns.service.js';

/**
 * The earnings module's own decisions about WHEN the domain rules apply, in one place so the accrual run and the
 * explanation agree:
 *
 * - Campaigns: published and paused campaigns accrue (pausing stops new participants and submissions, not the
 *   earnings of posts already tracked). A completed campaign only claws back: the brand ended it, or its budget
 *   or dates ran out, so growth observed afterwards earns nothing, while a falling metric or a rejected post is
 *   still taken back (into its budget, which the close refunds). Drafts, campaigns in review and closed campaigns
 *   are not run at all (a closed campaign's budget has been refunded).
 * - Posts: a submission pending verification accrues like a tracked one, so verification delays nothing, but
 *   its participation's pending money says "under review" and is not released from hold until the decision
 *   (EarningsHoldsService); a rejected submission, or any post of a rejected
 *   participation, is clawed back to zero. Posts of participations not approved yet or withdrawn take no part
 *   (a withdrawn participant keeps what was posted). The repository's duePredicate applies the same rule in SQL.
 */
export const RUN_STATES = new Set<CampaignTerms['state']>(['published', 'paused', 'completed']);
export const ACCRUING_STATES = new Set<CampaignTerms['state']>(['published', 'paused']);

export function postStatusOf(submissionStatus: string, participationState: string): PostStatus {
  return submissionStatus === 'rejected' || participationState === 'rejected' ? 'rejected' : 'tracking';
}

/**
 * The pacing input of a run. For a campaign that does not accrue (completed) the window is closed, a cap of 0: the
 * batch then posts clawbacks only, and what growth there was shows as unpaid. Otherwise the campaign's daily and
 * hourly caps with the spend of the current UTC windows; undefined without caps.
 */
export function pacingOf(
  terms: Pick<CampaignTerms, 'state' | 'dailyCapMicros' | 'hourlyCapMicros'>,
  spend: { dayMicros: bigint; hourMicros: bigint } | null,
): PacingInput | undefined {
  if (!ACCRUING_STATES.has(terms.state)) {
    return { dailyCapMicros: 0n, spentInDayMicros: 0n, spentInHourMicros: 0n };
  }
  if (terms.dailyCapMicros === null && terms.hourlyCapMicros === null) return undefined;
  return {
    ...(terms.dailyCapMicros === null ? {} : { dailyCapMicros: terms.dailyCapMicros }),
    ...(terms.hourlyCapMicros === null ? {} : { hourlyCapMicros: terms.hourlyCapMicros }),
    spentInDayMicros: spend?.dayMicros ?? 0n,
    spentInHourMicros: spend?.hourMicros ?? 0n,
  };
}

export function hasPacingCaps(terms: Pick<CampaignTerms, 'state' | 'dailyCapMicros' | 'hourlyCapMicros'>): boolean {
  return ACCRUING_STATES.has(terms.state) && (terms.dailyCapMicros !== null || terms.hourlyCapMicros !== null);
}

/** Deductions by fraud rules travel as one cumulative total per snapshot. */
export const DEDUCTION_REASON = 'invalid_traffic';

export function deductionsOf(deductedTotal: bigint) {
  return deductedTotal > 0n ? [{ reason: DEDUCTION_REASON, metric: deductedTotal }] : undefined;
}
