// Names and small rules of the participant's pages (my campaigns, my posts, my earnings): the glossary's words for
// states, the URL field's error, and the one-sentence explanation of a post's earnings. Every amount here comes
// from the API as a display string; counts are decimal strings read with BigInt, never floats.
import type { ApiError, ParticipationState, Schemas } from './api';
import { moneyOrNull, type Money } from './campaigns';
import { formatDate } from './format';

export type Submission = Schemas['Submission'];
export type SubmissionStatus = Submission['status'];
type RawEarnings = Schemas['SubmissionEarnings'];
type RawTransfer = RawEarnings['transfers'][number];
/**
 * The generated type of a nullable Money reference is an intersection TypeScript cannot use (see lib/campaigns.ts):
 * restated as `Money | null`, so a load is typed explicitly: `useLoad<SubmissionEarnings>(…)`.
 */
export type EarningsTransfer = Omit<RawTransfer, 'fromPending' | 'fromAvailable' | 'owed'> & {
  fromPending: Money | null;
  fromAvailable: Money | null;
  owed: Money | null;
};
export type SubmissionEarnings = Omit<RawEarnings, 'campaign' | 'transfers'> & {
  campaign: Omit<RawEarnings['campaign'], 'perPostCap' | 'perParticipantCap' | 'dailyCap' | 'hourlyCap'> & {
    perPostCap: Money | null;
    perParticipantCap: Money | null;
    dailyCap: Money | null;
    hourlyCap: Money | null;
  };
  transfers: EarningsTransfer[];
};
export type EarningsStep = NonNullable<SubmissionEarnings['derivation']>['steps'][number];
export type ParticipationEarnings = Schemas['ParticipationEarnings'];
export type MyBalance = Schemas['MyBalance'];

type Tone = 'neutral' | 'brand' | 'warning' | 'danger' | 'success';

export const participationStateLabels: Record<ParticipationState, { label: string; tone: Tone; body: string }> = {
  applied: { label: 'Waiting for the brand', tone: 'warning', body: 'The brand approves each application.' },
  approved: { label: 'Approved', tone: 'brand', body: 'You can post and submit your posts.' },
  active: { label: 'Active', tone: 'success', body: 'Your posts are being tracked.' },
  completed: { label: 'Completed', tone: 'brand', body: 'The campaign has ended.' },
  paid: { label: 'Paid', tone: 'success', body: 'Your earnings were paid out.' },
  rejected: { label: 'Rejected', tone: 'danger', body: 'The brand did not accept this participation.' },
  withdrawn: { label: 'Withdrawn', tone: 'neutral', body: 'You left this campaign.' },
};

/** The states in which posts can be submitted (the API decides; this only chooses whether to show the form). */
export const SUBMITTING_STATES: readonly ParticipationState[] = ['approved', 'active'];
/** Withdrawing is allowed before a first post is accepted (the API decides). */
export const WITHDRAWABLE_STATES: readonly ParticipationState[] = ['applied', 'approved'];

export const submissionStatusLabels: Record<SubmissionStatus, { label: string; tone: Tone }> = {
  pending_verification: { label: 'Pending verification', tone: 'warning' },
  tracking: { label: 'Tracking', tone: 'success' },
  rejected: { label: 'Rejected', tone: 'danger' },
};

/** Only https links are made clickable (the API rebuilds them from the parsed post id). */
export function safeHttps(url: string): string | null {
  return /^https:\/\/[^\s]+$/.test(url) ? url : null;
}

/**
 * Where a refused post link is explained: under the URL field for what is about the link (validation of `url`,
 * already submitted, limit reached), in the form's alert for the rest. The API's field messages either read as
 * sentences ("This is not a link. …") or continue "url …" ("is a TikTok post, and …"); the second kind gets
 * "This link" in front.
 */
export function submissionUrlError(error: ApiError): string | null {
  if (error.code === 'ALREADY_SUBMITTED' || error.code === 'SUBMISSION_LIMIT_REACHED') return error.message;
  const issues = (error.details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return null;
  for (const issue of issues) {
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    if ((path === 'body.url' || path === 'url') && typeof message === 'string') {
      return /^[a-z]/.test(message) ? `This link ${message}` : message;
    }
  }
  return null;
}

/** "simulated" for sandbox observations (DESIGN §2: sandbox metrics are always labelled). */
export function isSimulated(source: string): boolean {
  return source === 'sandbox';
}

export function sourceLabel(source: string): string {
  if (isSimulated(source)) return 'Simulated (sandbox)';
  const names: Record<string, string> = {
    youtube: 'YouTube',
    tiktok: 'TikTok',
    instagram: 'Instagram',
    x: 'X',
    clicks: 'Tracking link clicks',
  };
  return names[source] ?? source;
}

/** A decimal count string grouped for people: "48900" → "48,900". Exact for any int8. */
export function formatCount(count: string): string {
  return /^\d+$/.test(count) ? count.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : count;
}

const clampLabels: Record<string, string> = {
  budget: 'the campaign budget',
  window: 'the campaign’s pacing limit',
};

export const transferKindLabels: Record<EarningsTransfer['kind'], string> = {
  accrue: 'Earned',
  clawback: 'Taken back',
};

export const clawbackReasonLabels: Record<'metric_fell' | 'post_rejected', string> = {
  metric_fell: 'the count went down',
  post_rejected: 'the post was rejected',
};

const isPositive = (money: Money) => /^[1-9]\d*$/.test(money.micros);

/**
 * The derivation in one or two sentences, from the API's figures only:
 * "48,900 views × $3.00 per 1,000 = $146.70. $146.70 posted, on hold until 3 Dec 2026."
 * `now` decides whether a hold end is still ahead.
 */
export function describeEarnings(earnings: SubmissionEarnings, now: Date = new Date()): string {
  const unit = earnings.campaign.metric;
  const parts: string[] = [];
  const derivation = earnings.derivation;
  if (!derivation) {
    parts.push(`No ${unit} observed yet: the post earns from its first observation.`);
  } else {
    const clauses: string[] = [];
    let first = '';
    for (const step of derivation.steps) {
      switch (step.step) {
        case 'snapshot':
          first = `${formatCount(step.metricTotal)} ${unit}`;
          break;
        case 'deduction':
          first = `${first} − ${formatCount(step.metric)} judged invalid (${step.reason})`;
          break;
        case 'rate':
          clauses.push(
            `${first}${first.includes('−') ? ` = ${formatCount(step.metric)} ${unit}` : ''} × ${step.ratePerThousand.display} per 1,000 = ${step.formula.display}`,
          );
          break;
        case 'minimum_metric':
          if (!step.met) {
            clauses.push(
              `${formatCount(step.metric)} ${unit} is below the campaign’s minimum of ${formatCount(step.minimumMetric)}, so nothing is owed yet`,
            );
          }
          break;
        case 'rejected':
          clauses.push('the post was rejected, so nothing is owed');
          break;
        case 'post_cap':
          if (step.applied) clauses.push(`capped at ${step.ceiling.display} per post`);
          break;
        case 'participant_cap':
          if (step.applied) clauses.push(`capped at ${step.ceiling.display} by your per-campaign cap`);
          break;
        case 'budget':
        case 'window':
          if (step.applied)
            clauses.push(`${step.result.display} can be posted now because of ${clampLabels[step.step]}`);
          break;
        default:
          break;
      }
    }
    if (clauses.length > 0) parts.push(`${capitalise(clauses.join('; '))}.`);
    if (!derivation.accruing) parts.push('The campaign has ended: nothing more accrues.');
  }
  const hold = latestHoldEnd(earnings.transfers, now);
  parts.push(
    isPositive(earnings.posted) && hold
      ? `${earnings.posted.display} posted, on hold until ${formatDate(hold)}.`
      : `${earnings.posted.display} posted.`,
  );
  if (derivation && isPositive(derivation.unpaid)) {
    parts.push(`${derivation.unpaid.display} more is owed and is posted when the campaign allows.`);
  }
  return parts.join(' ');
}

/** The latest hold end still ahead among the accruals, or null. */
export function latestHoldEnd(transfers: readonly EarningsTransfer[], now: Date): string | null {
  let latest: string | null = null;
  for (const t of transfers) {
    if (t.kind !== 'accrue' || !t.holdEndsAt) continue;
    const at = Date.parse(t.holdEndsAt);
    if (Number.isNaN(at) || at <= now.getTime()) continue;
    if (latest === null || at > Date.parse(latest)) latest = t.holdEndsAt;
  }
  return latest;
}

/** Sums display-less totals per currency with BigInt (for "total earned" across participations). */
export function sumByCurrency(amounts: readonly Money[]): { currency: string; micros: bigint }[] {
  const totals = new Map<string, bigint>();
  for (const money of amounts) totals.set(money.currency, (totals.get(money.currency) ?? 0n) + BigInt(money.micros));
  return [...totals]
    .map(([currency, micros]) => ({ currency, micros }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/** A nullable Money from a generated type, as `Money | null`. */
export const maybeMoney = (value: unknown): Money | null => moneyOrNull(value);

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
