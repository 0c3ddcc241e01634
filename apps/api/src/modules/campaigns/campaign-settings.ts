import type { CampaignCreate } from '@creator-rewards/contracts';
import { validateCampaignSettings, type SettingsProblem } from '@creator-rewards/domain';
import { AppError } from '../../platform/errors/app-error.js';
import type { CampaignRow, NewCampaignRow } from './campaigns.repository.js';

/**
 * A campaign's settings between the API body (amounts as strings, dates as ISO) and the row (bigint, Date), and
 * the cross-field check (domain validateCampaignSettings) whose problems answer 400 naming `body.<field>`.
 */
export type CampaignSettings = CampaignCreate;

/** How far in the past a start date may be and still count as starting now. */
export const START_GRACE_MS = 10 * 60_000;

const big = (v: string | null) => (v === null ? null : BigInt(v));
const date = (v: string | null) => (v === null ? null : new Date(v));
const str = (v: bigint | null) => (v === null ? null : v.toString());
const isoOf = (v: Date | null) => (v === null ? null : v.toISOString());

/** The row columns a settings object sets (the brief's HTML is rendered separately). */
export function settingsToRow(s: CampaignSettings): Omit<NewCampaignRow, 'id' | 'orgId' | 'briefHtml'> {
  return {
    title: s.title,
    briefMarkdown: s.brief,
    platforms: s.platforms,
    metric: s.metric,
    currency: s.currency,
    ratePerThousandMicros: BigInt(s.ratePerThousandMicros),
    budgetMicros: BigInt(s.budgetMicros),
    perPostCapMicros: big(s.perPostCapMicros),
    perParticipantCapMicros: big(s.perParticipantCapMicros),
    minimumMetric: BigInt(s.minimumViews),
    dailyCapMicros: big(s.pacing.dailyCapMicros),
    hourlyCapMicros: big(s.pacing.hourlyCapMicros),
    maxSlots: s.maxSlots,
    maxSubmissionsPerParticipant: s.maxSubmissionsPerParticipant,
    category: s.targeting.category,
    countries: s.targeting.countries,
    targeting: s.targeting,
    requirements: s.requirements,
    destinationUrl: s.destinationUrl,
    startsAt: date(s.startsAt),
    endsAt: date(s.endsAt),
    holdDays: s.holdDays,
    approvalMode: s.approvalMode,
  };
}

/** The settings a stored campaign has, in the body's shape: the base an edit is merged onto. */
export function rowToSettings(row: CampaignRow, allowlist: string[]): CampaignSettings {
  return {
    title: row.title,
    brief: row.briefMarkdown,
    platforms: row.platforms as CampaignSettings['platforms'],
    metric: row.metric,
    currency: row.currency,
    ratePerThousandMicros: row.ratePerThousandMicros.toString(),
    budgetMicros: row.budgetMicros.toString(),
    perPostCapMicros: str(row.perPostCapMicros),
    perParticipantCapMicros: str(row.perParticipantCapMicros),
    minimumViews: Number(row.minimumMetric),
    maxSlots: row.maxSlots,
    maxSubmissionsPerParticipant: row.maxSubmissionsPerParticipant,
    targeting: row.targeting as CampaignSettings['targeting'],
    requirements: row.requirements,
    destinationUrl: row.destinationUrl,
    startsAt: isoOf(row.startsAt),
    endsAt: isoOf(row.endsAt),
    holdDays: row.holdDays,
    approvalMode: row.approvalMode,
    allowlist,
    pacing: { dailyCapMicros: str(row.dailyCapMicros), hourlyCapMicros: str(row.hourlyCapMicros) },
  };
}

/**
 * Throws VALIDATION_FAILED listing every cross-field problem (a cap above the budget, an end before the start, an
 * unknown currency...), each under the body path of its field. `now` checks that the dates are not in the past.
 */
export function assertConsistent(s: CampaignSettings, now: Date | undefined): void {
  // A start a few minutes ago means "now": a date picker in minutes, or a form filled slowly, must not be refused.
  const since = now === undefined ? undefined : new Date(now.getTime() - START_GRACE_MS);
  const problems: { path: string; code: string; message: string }[] = validateCampaignSettings(
    {
      currency: s.currency,
      budgetMicros: BigInt(s.budgetMicros),
      ratePerThousandMicros: BigInt(s.ratePerThousandMicros),
      perPostCapMicros: big(s.perPostCapMicros),
      perParticipantCapMicros: big(s.perParticipantCapMicros),
      pacing: { dailyCapMicros: big(s.pacing.dailyCapMicros), hourlyCapMicros: big(s.pacing.hourlyCapMicros) },
      startsAt: date(s.startsAt),
      endsAt: date(s.endsAt),
      holdDays: s.holdDays,
      minimumViews: s.minimumViews,
      maxSlots: s.maxSlots,
    },
    since === undefined ? {} : { now: since },
  ).map((p: SettingsProblem) => ({ path: `body.${p.field}`, code: p.code.toLowerCase(), message: p.message }));
  if (s.approvalMode === 'allowlist' && s.allowlist.length === 0) {
    problems.push({
      path: 'body.allowlist',
      code: 'empty_allowlist',
      message: 'List at least one email when only allowlisted participants may join.',
    });
  }
  if (problems.length === 0) return;
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new AppError('VALIDATION_FAILED', `${first!.path}: ${first!.message}${more}`, { issues: problems });
}
