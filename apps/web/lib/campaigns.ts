// Names and small rules the campaign pages share: the glossary's words for states, platforms and settings, and
// the few derived sentences (runway, schedule) shown in more than one place.
import type { ApiError, Schemas } from './api';

export type Money = Schemas['Money'];

/**
 * The generated type of a nullable Money reference is an intersection TypeScript cannot use
 * (Money & (Record<string, never> | null)): these types restate those fields as `Money | null`. The generated
 * objects are assignable to them, so a load is typed with them explicitly: `useLoad<Campaign>(…)`.
 */
type NullableMoneyFields = { perPostCap: Money | null; perParticipantCap: Money | null };
export type Campaign = Omit<Schemas['Campaign'], 'perPostCap' | 'perParticipantCap' | 'pacing'> &
  NullableMoneyFields & { pacing: { dailyCap: Money | null; hourlyCap: Money | null } };
export type CampaignSummary = Schemas['CampaignSummary'];
export type CampaignState = Schemas['CampaignState'];
export type CampaignAsset = Schemas['CampaignAsset'];
export type CampaignFunding = Schemas['CampaignFunding'];
export type FundingQuote = Schemas['FundingQuote'];
export type PublicCampaign = Omit<Schemas['PublicCampaign'], 'perPostCap' | 'perParticipantCap'> & NullableMoneyFields;
export type PublicCampaignSummary = Schemas['PublicCampaignSummary'];
export type SocialPlatform = Schemas['SocialPlatform'];
export type CampaignMetric = Schemas['CampaignMetric'];
export type ApprovalMode = Schemas['ApprovalMode'];
export type CampaignCategory = NonNullable<Schemas['CampaignCategory']>;
export type CampaignCreateBody = Schemas['CampaignCreate'];
export type CampaignUpdateBody = Schemas['CampaignUpdate'];

/** A nullable amount as the API sends it, checked at run time. */
export function moneyOrNull(value: unknown): Money | null {
  if (typeof value !== 'object' || value === null) return null;
  const { currency, micros, display } = value as Partial<Money>;
  return typeof currency === 'string' && typeof micros === 'string' && typeof display === 'string'
    ? { currency, micros, display }
    : null;
}

export const platformLabels: Record<SocialPlatform, string> = {
  youtube: 'YouTube',
  tiktok: 'TikTok',
  instagram: 'Instagram',
  x: 'X',
};
export const allPlatforms = Object.keys(platformLabels) as SocialPlatform[];

export const metricLabels: Record<CampaignMetric, { plural: string; label: string }> = {
  views: { plural: 'views', label: 'Views' },
  clicks: { plural: 'clicks', label: 'Clicks on the tracking link' },
};

export const stateLabels: Record<CampaignState, { label: string; tone: 'neutral' | 'brand' | 'warning' | 'success' }> =
  {
    draft: { label: 'Draft', tone: 'neutral' },
    reviewing: { label: 'In review', tone: 'warning' },
    published: { label: 'Published', tone: 'success' },
    paused: { label: 'Paused', tone: 'warning' },
    completed: { label: 'Completed', tone: 'brand' },
    closed: { label: 'Closed', tone: 'neutral' },
  };
export const allStates = Object.keys(stateLabels) as CampaignState[];

export const categoryLabels: Record<CampaignCategory, string> = {
  gaming: 'Gaming',
  music: 'Music',
  entertainment: 'Entertainment',
  tech: 'Tech',
  beauty: 'Beauty',
  fashion: 'Fashion',
  fitness: 'Fitness',
  food: 'Food',
  travel: 'Travel',
  finance: 'Finance',
  education: 'Education',
  sports: 'Sports',
  lifestyle: 'Lifestyle',
  other: 'Other',
};
export const allCategories = Object.keys(categoryLabels) as CampaignCategory[];

export const approvalModeLabels: Record<ApprovalMode, { label: string; body: string }> = {
  auto: { label: 'Automatic', body: 'Anyone eligible who applies joins at once, while slots last.' },
  manual: { label: 'Manual', body: 'You approve or reject each application.' },
  allowlist: { label: 'Allowlist', body: 'Only the email addresses you list can join; they join at once.' },
};

/**
 * The public page's runway sentence: "about 12.5 days at the current pace", or "no spend yet" when nothing was
 * spent recently (the API sends null runway days then).
 */
export function describeRunway(runwayDays: number | null): string {
  if (runwayDays === null || !Number.isFinite(runwayDays)) return 'no spend yet';
  if (runwayDays < 1) return 'less than a day at the current pace';
  const rounded = Math.round(runwayDays * 10) / 10;
  const text = Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1);
  return `about ${text} ${rounded === 1 ? 'day' : 'days'} at the current pace`;
}

/** "12 of 50 left", "12 left", "No limit". */
export function describeSlots(slotsLeft: number | null, maxSlots?: number | null): string {
  if (slotsLeft === null) return 'No limit';
  if (maxSlots !== undefined && maxSlots !== null)
    return `${slotsLeft.toLocaleString()} of ${maxSlots.toLocaleString()} left`;
  return `${slotsLeft.toLocaleString()} left`;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;

/** A fresh key for one payment attempt: a random UUID's 32 hex digits (the API takes 8 to 64 of [A-Za-z0-9_-]). */
export function newIdempotencyKey(random: () => string = () => crypto.randomUUID()): string {
  const key = random().replace(/-/g, '').slice(0, 64);
  if (!IDEMPOTENCY_KEY.test(key))
    throw new Error('Could not make a payment key: the browser has no secure random source.');
  return key;
}

/** The lifecycle actions a brand may take from each state (the API decides; this only chooses the buttons). */
export type BrandAction = 'edit' | 'submit' | 'pause' | 'resume' | 'end';
export function brandActionsFor(state: CampaignState): BrandAction[] {
  switch (state) {
    case 'draft':
      return ['edit', 'submit'];
    case 'published':
      return ['pause', 'end'];
    case 'paused':
      return ['resume', 'end'];
    default:
      return [];
  }
}

/**
 * A 409 that means "what you see is out of date" (someone changed the campaign since it was loaded), as opposed to
 * a guard refusing the move (not funded, no start date): only the first is fixed by reloading.
 */
export function isStaleConflict(error: ApiError): boolean {
  if (error.code !== 'CONFLICT') return false;
  const details = error.details as { expectedVersion?: unknown; reason?: unknown } | undefined;
  return details?.expectedVersion !== undefined || details?.reason === 'INVALID_TRANSITION';
}
