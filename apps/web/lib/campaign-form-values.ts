// The campaign wizard's values (text as typed) and the request body they become. Pure, so it is unit-tested:
// amounts go through lib/money.ts (exact), dates through lib/datetime.ts (the browser's zone), lists are split on
// spaces and commas. Only what is plainly wrong is refused here; the API checks everything again.
import {
  moneyOrNull,
  type ApprovalMode,
  type Campaign,
  type CampaignCategory,
  type CampaignCreateBody,
  type CampaignMetric,
  type SocialPlatform,
} from './campaigns';
import { isoToLocalInput, localInputToIso } from './datetime';
import { formatMicros, microsToDecimal, parseAmount } from './money';

/** What the inputs hold: text as typed (amounts in major units, lists as text, dates in the browser's zone). */
export type CampaignFormValues = {
  title: string;
  platforms: SocialPlatform[];
  metric: CampaignMetric;
  category: CampaignCategory | '';
  countries: string;
  languages: string;
  minFollowers: string;
  currency: string;
  rate: string;
  budget: string;
  perPostCap: string;
  perParticipantCap: string;
  minimumViews: string;
  dailyCap: string;
  hourlyCap: string;
  hashtags: string;
  mentions: string;
  linkInCaption: boolean;
  disclosure: string;
  destinationUrl: string;
  maxSlots: string;
  maxSubmissions: string;
  approvalMode: ApprovalMode;
  allowlist: string;
  holdDays: string;
  startsAt: string;
  endsAt: string;
  brief: string;
};

export const emptyCampaignForm: CampaignFormValues = {
  title: '',
  platforms: [],
  metric: 'views',
  category: '',
  countries: '',
  languages: '',
  minFollowers: '',
  currency: 'USD',
  rate: '',
  budget: '',
  perPostCap: '',
  perParticipantCap: '',
  minimumViews: '',
  dailyCap: '',
  hourlyCap: '',
  hashtags: '',
  mentions: '',
  linkInCaption: false,
  disclosure: '#ad',
  destinationUrl: '',
  maxSlots: '',
  maxSubmissions: '',
  approvalMode: 'auto',
  allowlist: '',
  holdDays: '7',
  startsAt: '',
  endsAt: '',
  brief: '',
};

const decimalOf = (value: unknown) => {
  const money = moneyOrNull(value);
  return money ? microsToDecimal(money.micros) : '';
};

/** A stored draft as form values, for editing. */
export function campaignToForm(campaign: Campaign): CampaignFormValues {
  return {
    title: campaign.title,
    platforms: [...campaign.platforms],
    metric: campaign.metric,
    category: campaign.targeting.category ?? '',
    countries: campaign.targeting.countries.join(', '),
    languages: campaign.targeting.languages.join(', '),
    minFollowers: campaign.targeting.minFollowers ? String(campaign.targeting.minFollowers) : '',
    currency: campaign.currency,
    rate: microsToDecimal(campaign.ratePerThousand.micros),
    budget: microsToDecimal(campaign.budget.planned.micros),
    perPostCap: decimalOf(campaign.perPostCap),
    perParticipantCap: decimalOf(campaign.perParticipantCap),
    minimumViews: campaign.minimumViews ? String(campaign.minimumViews) : '',
    dailyCap: decimalOf(campaign.pacing.dailyCap),
    hourlyCap: decimalOf(campaign.pacing.hourlyCap),
    hashtags: campaign.requirements.hashtags.join(' '),
    mentions: campaign.requirements.mentions.join(' '),
    linkInCaption: campaign.requirements.linkInCaption,
    disclosure: campaign.requirements.disclosure ?? '',
    destinationUrl: campaign.destinationUrl ?? '',
    maxSlots: campaign.maxSlots === null ? '' : String(campaign.maxSlots),
    maxSubmissions: campaign.maxSubmissionsPerParticipant === null ? '' : String(campaign.maxSubmissionsPerParticipant),
    approvalMode: campaign.approvalMode,
    allowlist: campaign.allowlist.join('\n'),
    holdDays: String(campaign.holdDays),
    startsAt: isoToLocalInput(campaign.startsAt),
    endsAt: isoToLocalInput(campaign.endsAt),
    brief: campaign.briefMarkdown,
  };
}

/** Every field the API may name, by its body path: errors on these are shown beside the field. */
export const CAMPAIGN_FIELDS = [
  'title',
  'brief',
  'platforms',
  'metric',
  'currency',
  'ratePerThousandMicros',
  'budgetMicros',
  'perPostCapMicros',
  'perParticipantCapMicros',
  'minimumViews',
  'maxSlots',
  'maxSubmissionsPerParticipant',
  'targeting.countries',
  'targeting.languages',
  'targeting.category',
  'targeting.minFollowers',
  'requirements.hashtags',
  'requirements.mentions',
  'requirements.linkInCaption',
  'requirements.disclosure',
  'destinationUrl',
  'startsAt',
  'endsAt',
  'holdDays',
  'approvalMode',
  'allowlist',
  'pacing.dailyCapMicros',
  'pacing.hourlyCapMicros',
] as const;
export type CampaignField = (typeof CAMPAIGN_FIELDS)[number];

export const splitList = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);

/** Whole numbers typed in a field: '' is `empty`, anything but digits is an error. */
function parseWhole(text: string, empty: number | null): { ok: true; value: number | null } | { ok: false } {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return { ok: true, value: empty };
  if (!/^\d{1,15}$/.test(trimmed)) return { ok: false };
  return { ok: true, value: Number(trimmed) };
}

/**
 * The request body for the values, or the problems found before sending. Only what is plainly wrong is caught
 * here (not a number, a cap above the budget, the end before the start): the API has the last word.
 */
export function buildCampaignBody(
  v: CampaignFormValues,
): { ok: true; body: CampaignCreateBody } | { ok: false; errors: Partial<Record<CampaignField, string>> } {
  const errors: Partial<Record<CampaignField, string>> = {};
  const currency = v.currency;
  const amount = (field: CampaignField, text: string, required: boolean, charged = false): string | null => {
    if (!required && text.trim() === '') return null;
    const parsed = parseAmount(text, { currency: charged ? currency : undefined });
    if (!parsed.ok) {
      errors[field] = parsed.message;
      return null;
    }
    return parsed.micros.toString();
  };
  const whole = (field: CampaignField, text: string, empty: number | null) => {
    const parsed = parseWhole(text, empty);
    if (!parsed.ok) {
      errors[field] = 'Enter a whole number, such as 10.';
      return empty;
    }
    return parsed.value;
  };

  const title = v.title.trim();
  if (title.length < 3) errors.title = 'Give the campaign a title of at least 3 characters.';
  if (v.platforms.length === 0) errors.platforms = 'Choose at least one platform.';

  const rate = amount('ratePerThousandMicros', v.rate, true);
  const budget = amount('budgetMicros', v.budget, true, true);
  const perPost = amount('perPostCapMicros', v.perPostCap, false);
  const perParticipant = amount('perParticipantCapMicros', v.perParticipantCap, false);
  const daily = amount('pacing.dailyCapMicros', v.dailyCap, false);
  const hourly = amount('pacing.hourlyCapMicros', v.hourlyCap, false);
  const show = (micros: string) => formatMicros(BigInt(micros), currency);
  if (budget !== null) {
    const ceiling = BigInt(budget);
    const aboveBudget: [CampaignField, string | null, string][] = [
      ['ratePerThousandMicros', rate, 'The rate'],
      ['perPostCapMicros', perPost, 'The per-post cap'],
      ['perParticipantCapMicros', perParticipant, 'The per-participant cap'],
      ['pacing.dailyCapMicros', daily, 'The daily cap'],
      ['pacing.hourlyCapMicros', hourly, 'The hourly cap'],
    ];
    for (const [field, value, label] of aboveBudget) {
      if (value !== null && BigInt(value) > ceiling) {
        errors[field] ??= `${label} (${show(value)}) is above the budget (${show(budget)}).`;
      }
    }
  }
  if (perPost !== null && perParticipant !== null && BigInt(perPost) > BigInt(perParticipant)) {
    errors.perPostCapMicros ??= 'The per-post cap is above the per-participant cap.';
  }
  if (daily !== null && hourly !== null && BigInt(hourly) > BigInt(daily)) {
    errors['pacing.hourlyCapMicros'] ??= 'The hourly cap is above the daily cap.';
  }

  const minimumViews = whole('minimumViews', v.minimumViews, 0) ?? 0;
  const minFollowers = whole('targeting.minFollowers', v.minFollowers, 0) ?? 0;
  const maxSlots = whole('maxSlots', v.maxSlots, null);
  const maxSubmissions = whole('maxSubmissionsPerParticipant', v.maxSubmissions, null);
  const holdDays = whole('holdDays', v.holdDays, 7) ?? 7;
  if (maxSlots === 0) errors.maxSlots = 'Allow at least 1 slot, or leave it empty for no limit.';
  if (maxSubmissions === 0) errors.maxSubmissionsPerParticipant = 'Allow at least 1 post, or leave it empty.';
  if (holdDays > 365) errors.holdDays = 'The hold period can be at most 365 days.';

  const startsAt = localInputToIso(v.startsAt);
  const endsAt = localInputToIso(v.endsAt);
  if (startsAt === undefined) errors.startsAt = 'Enter a date and time.';
  if (endsAt === undefined) errors.endsAt = 'Enter a date and time.';
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) errors.endsAt = 'End after the start.';

  const hashtags = splitList(v.hashtags).map((tag) => (tag.startsWith('#') ? tag : `#${tag}`));
  const mentions = splitList(v.mentions).map((handle) => (handle.startsWith('@') ? handle : `@${handle}`));
  const countries = splitList(v.countries).map((code) => code.toUpperCase());
  const languages = splitList(v.languages).map((code) => code.toLowerCase());
  const allowlist = splitList(v.allowlist).map((email) => email.toLowerCase());
  if (countries.some((code) => !/^[A-Z]{2}$/.test(code))) {
    errors['targeting.countries'] = 'Use two-letter country codes such as US, GB, DE.';
  }
  if (languages.some((code) => !/^[a-z]{2}$/.test(code))) {
    errors['targeting.languages'] = 'Use two-letter language codes such as en, es, fr.';
  }
  if (v.approvalMode === 'allowlist' && allowlist.length === 0) {
    errors.allowlist = 'List at least one email address, or choose another approval mode.';
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      title,
      brief: v.brief,
      platforms: v.platforms,
      metric: v.metric,
      currency,
      ratePerThousandMicros: rate!,
      budgetMicros: budget!,
      perPostCapMicros: perPost,
      perParticipantCapMicros: perParticipant,
      minimumViews,
      maxSlots,
      maxSubmissionsPerParticipant: maxSubmissions,
      targeting: { countries, languages, category: v.category === '' ? null : v.category, minFollowers },
      requirements: {
        hashtags,
        mentions,
        linkInCaption: v.linkInCaption,
        disclosure: v.disclosure.trim() === '' ? null : v.disclosure.trim(),
      },
      destinationUrl: v.destinationUrl.trim() === '' ? null : v.destinationUrl.trim(),
      startsAt: startsAt ?? null,
      endsAt: endsAt ?? null,
      holdDays,
      approvalMode: v.approvalMode,
      allowlist: v.approvalMode === 'allowlist' ? allowlist : [],
      pacing: { dailyCapMicros: daily, hourlyCapMicros: hourly },
    },
  };
}
