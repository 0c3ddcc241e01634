import { EmailSchema, PageQuerySchema, TimestampSchema, UuidSchema, pageOf } from './common.js';
import { CurrencyCodeSchema, MoneySchema } from './ledger.js';
import { defineRoute } from './route.js';
import { z } from './zod.js';

/**
 * Campaigns: a brand's draft → review → published offer, its funding, its assets, the reviewer queue and the
 * public directory. Amounts in requests are decimal strings of micro-units (like every amount the API returns);
 * cross-field rules (a cap above the budget, an end before the start, a currency we do not know) are checked by
 * the domain's validateCampaignSettings and answer VALIDATION_FAILED naming each field.
 */

export const CampaignStateSchema = z
  .enum(['draft', 'reviewing', 'published', 'paused', 'completed', 'closed'])
  .openapi('CampaignState');
export const SocialPlatformSchema = z.enum(['youtube', 'tiktok', 'instagram', 'x']).openapi('SocialPlatform');
export const CampaignMetricSchema = z.enum(['views', 'clicks']).openapi('CampaignMetric');
export const ApprovalModeSchema = z.enum(['auto', 'manual', 'allowlist']).openapi('ApprovalMode');

/** The categories a campaign can be filed under (the directory's filter). */
export const campaignCategories = [
  'gaming',
  'music',
  'entertainment',
  'tech',
  'beauty',
  'fashion',
  'fitness',
  'food',
  'travel',
  'finance',
  'education',
  'sports',
  'lifestyle',
  'other',
] as const;
export const CampaignCategorySchema = z.enum(campaignCategories).openapi('CampaignCategory');

const PositiveMicrosInput = z
  .string()
  .regex(/^\d{1,19}$/, 'must be a whole number of micro-units, as a decimal string')
  .refine((v) => BigInt(v) > 0n, 'must be greater than 0')
  .refine((v) => BigInt(v) <= 9_000_000_000_000_000_000n, 'is too large')
  .describe('A positive amount in micro-units (1/1,000,000 of the currency’s major unit), as a decimal string.');

const CountryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code such as US');
const LanguageCodeSchema = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 language code such as en');
const HashtagSchema = z
  .string()
  .regex(/^#[\p{L}\p{N}_]{1,100}$/u, 'must be a hashtag such as #ad (letters, digits and _ after the #)');
const MentionSchema = z
  .string()
  .regex(/^@[A-Za-z0-9_.]{1,30}$/, 'must be a handle such as @brand (letters, digits, _ and . after the @)');

const unique = <T extends z.ZodType>(item: T, max: number, what: string) =>
  z
    .array(item)
    .max(max, `must list at most ${max} ${what}`)
    .refine((list) => new Set(list as unknown[]).size === list.length, `must not list the same ${what} twice`);

/**
 * An https URL to send tracking-link clicks to. Parsed here with the WHATWG parser; no credentials, no IP
 * address, no port, a dotted host name. Stored as parsed (normalised), and tracking links redirect only to it.
 */
export const DestinationUrlSchema = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a full https:// address' });
      return z.NEVER;
    }
    const problem =
      url.protocol !== 'https:'
        ? 'must start with https://'
        : url.username || url.password
          ? 'must not contain a user name or password'
          : url.port
            ? 'must not name a port'
            : /^\[|^\d+(\.\d+){3}$/.test(url.hostname)
              ? 'must use a domain name, not an IP address'
              : !/^([a-z0-9-]+\.)+[a-z]{2,63}$/.test(url.hostname)
                ? 'must use a public domain name such as example.com'
                : null;
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return url.href;
  })
  .describe('https only; no credentials, IP addresses or ports.');

const TargetingSchema = z
  .strictObject({
    countries: unique(CountryCodeSchema, 250, 'country').default([]),
    languages: unique(LanguageCodeSchema, 50, 'language').default([]),
    category: CampaignCategorySchema.nullable().default(null),
    minFollowers: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(1_000_000_000, 'is too large')
      .default(0),
  })
  .openapi('CampaignTargeting');

const RequirementsSchema = z
  .strictObject({
    hashtags: unique(HashtagSchema, 30, 'hashtag').default([]),
    mentions: unique(MentionSchema, 30, 'mention').default([]),
    linkInCaption: z.boolean().default(false),
    disclosure: z
      .string()
      .trim()
      .min(2, 'must be at least 2 characters')
      .max(40, 'must be at most 40 characters')
      .nullable()
      .default(null)
      .describe('The ad disclosure posts must carry, such as #ad or "Paid partnership".'),
  })
  .openapi('CampaignRequirements');

const PacingSchema = z
  .strictObject({
    dailyCapMicros: PositiveMicrosInput.nullable().default(null),
    hourlyCapMicros: PositiveMicrosInput.nullable().default(null),
  })
  .openapi('CampaignPacing');

/** Every setting a brand chooses; used whole to create and partly to edit a draft. */
const campaignSettingsShape = {
  title: z.string().trim().min(3, 'must be at least 3 characters').max(120, 'must be at most 120 characters'),
  brief: z
    .string()
    .max(20_000, 'must be at most 20,000 characters')
    .default('')
    .describe('Markdown. Sanitized on write; only the sanitized HTML is ever served.'),
  platforms: z
    .array(SocialPlatformSchema)
    .min(1, 'must allow at least one platform')
    .refine((list) => new Set(list).size === list.length, 'must not list a platform twice'),
  metric: CampaignMetricSchema.default('views'),
  currency: CurrencyCodeSchema,
  ratePerThousandMicros: PositiveMicrosInput.describe('Paid per 1,000 units of the metric, in micro-units.'),
  budgetMicros: PositiveMicrosInput.describe('The budget you plan to fund, in micro-units.'),
  perPostCapMicros: PositiveMicrosInput.nullable().default(null),
  perParticipantCapMicros: PositiveMicrosInput.nullable().default(null),
  minimumViews: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(1_000_000_000_000, 'is too large')
    .default(0)
    .describe('A post earns nothing until its metric reaches this total.'),
  maxSlots: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1_000_000, 'must be at most 1,000,000')
    .nullable()
    .default(null),
  maxSubmissionsPerParticipant: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .nullable()
    .default(null),
  targeting: TargetingSchema.default({ countries: [], languages: [], category: null, minFollowers: 0 }),
  requirements: RequirementsSchema.default({ hashtags: [], mentions: [], linkInCaption: false, disclosure: null }),
  destinationUrl: DestinationUrlSchema.nullable().default(null),
  startsAt: TimestampSchema.nullable().default(null),
  endsAt: TimestampSchema.nullable().default(null),
  holdDays: z
    .number()
    .int('must be a whole number of days')
    .min(0, 'must be 0 or more')
    .max(365, 'must be at most 365')
    .default(7),
  approvalMode: ApprovalModeSchema.default('auto'),
  allowlist: unique(EmailSchema, 5000, 'email')
    .default([])
    .describe('Emails allowed to join when approvalMode is allowlist.'),
  pacing: PacingSchema.default({ dailyCapMicros: null, hourlyCapMicros: null }),
};

export const CampaignCreateSchema = z.strictObject(campaignSettingsShape).openapi('CampaignCreate');
export type CampaignCreate = z.infer<typeof CampaignCreateSchema>;

/** Edit a draft: any subset of the settings, with the version you read (a stale version answers 409). */
export const CampaignUpdateSchema = z
  .strictObject({
    expectedVersion: z.number().int().min(1),
    ...Object.fromEntries(
      Object.entries(campaignSettingsShape).map(([key, schema]) => [
        key,
        // Without .default(): an absent field is left unchanged, not reset.
        ('removeDefault' in schema ? (schema as { removeDefault(): z.ZodType }).removeDefault() : schema).optional(),
      ]),
    ),
  })
  .openapi('CampaignUpdate') as unknown as z.ZodType<
  { expectedVersion: number } & Partial<z.output<typeof CampaignCreateSchema>>,
  { expectedVersion: number } & Partial<z.input<typeof CampaignCreateSchema>>
>;
export type CampaignUpdate = z.infer<typeof CampaignUpdateSchema>;

export const CampaignAssetSchema = z
  .object({
    id: UuidSchema,
    kind: z.enum(['image', 'video']),
    mime: z.string(),
    sizeBytes: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    filename: z.string(),
    url: z.string().describe('Where to fetch the file (same origin, under /api).'),
    createdAt: TimestampSchema,
  })
  .openapi('CampaignAsset');

export const CampaignBudgetSchema = z
  .object({
    planned: MoneySchema.describe('The budget the brand set.'),
    funded: MoneySchema.describe('Paid in, net of platform fees: what the campaign can spend.'),
    fees: MoneySchema.describe('Platform fees taken from the payments.'),
    remaining: MoneySchema.describe('Funded minus spent: never below 0.'),
    spent: MoneySchema.describe('Earnings accrued to participants, net of clawbacks.'),
  })
  .openapi('CampaignBudget');

const campaignCommon = {
  id: UuidSchema,
  title: z.string(),
  briefHtml: z.string().describe('The brief rendered from markdown and sanitized (safe to insert as HTML).'),
  state: CampaignStateSchema,
  platforms: z.array(SocialPlatformSchema),
  metric: CampaignMetricSchema,
  currency: CurrencyCodeSchema,
  ratePerThousand: MoneySchema,
  perPostCap: MoneySchema.nullable(),
  perParticipantCap: MoneySchema.nullable(),
  minimumViews: z.number().int(),
  maxSlots: z.number().int().nullable(),
  slotsLeft: z.number().int().nullable().describe('null when the campaign has no slot limit.'),
  maxSubmissionsPerParticipant: z.number().int().nullable(),
  targeting: TargetingSchema,
  requirements: RequirementsSchema,
  startsAt: TimestampSchema.nullable(),
  endsAt: TimestampSchema.nullable(),
  holdDays: z.number().int(),
  approvalMode: ApprovalModeSchema,
  assets: z.array(CampaignAssetSchema),
};

/** What the owning org (and reviewers) see. */
export const CampaignSchema = z
  .object({
    ...campaignCommon,
    orgId: UuidSchema,
    version: z.number().int(),
    stateReason: z.string().nullable(),
    briefMarkdown: z.string(),
    destinationUrl: z.string().nullable(),
    allowlist: z.array(z.string()),
    pacing: z.object({ dailyCap: MoneySchema.nullable(), hourlyCap: MoneySchema.nullable() }),
    budget: CampaignBudgetSchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    submittedAt: TimestampSchema.nullable(),
    publishedAt: TimestampSchema.nullable(),
  })
  .openapi('Campaign');
export type Campaign = z.infer<typeof CampaignSchema>;

export const CampaignSummarySchema = z
  .object({
    id: UuidSchema,
    orgId: UuidSchema,
    title: z.string(),
    state: CampaignStateSchema,
    platforms: z.array(SocialPlatformSchema),
    currency: CurrencyCodeSchema,
    ratePerThousand: MoneySchema,
    budgetPlanned: MoneySchema,
    budgetRemaining: MoneySchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi('CampaignSummary');

/** What anyone sees of a published (or paused, completed) campaign. */
export const PublicCampaignSchema = z
  .object({
    ...campaignCommon,
    orgName: z.string(),
    budgetLeft: MoneySchema,
    burnRatePerDay: MoneySchema.describe('Spent in the last 24 hours.'),
    runwayDays: z
      .number()
      .nullable()
      .describe('Days until the budget runs out at the current burn rate (one decimal); null with no recent spend.'),
    acceptingParticipants: z.boolean().describe('Published, started, not ended, and slots left.'),
    publishedAt: TimestampSchema.nullable(),
  })
  .openapi('PublicCampaign');

export const PublicCampaignSummarySchema = z
  .object({
    id: UuidSchema,
    title: z.string(),
    orgName: z.string(),
    state: CampaignStateSchema,
    platforms: z.array(SocialPlatformSchema),
    metric: CampaignMetricSchema,
    category: CampaignCategorySchema.nullable(),
    countries: z.array(z.string()),
    ratePerThousand: MoneySchema,
    budgetLeft: MoneySchema,
    slotsLeft: z.number().int().nullable(),
    startsAt: TimestampSchema.nullable(),
    endsAt: TimestampSchema.nullable(),
    publishedAt: TimestampSchema.nullable(),
  })
  .openapi('PublicCampaignSummary');

export const PublicCampaignQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100, 'must be at most 100 characters').optional().describe('Words in the title.'),
  platform: SocialPlatformSchema.optional(),
  category: CampaignCategorySchema.optional(),
  country: CountryCodeSchema.optional(),
  currency: CurrencyCodeSchema.optional(),
  minRateMicros: z
    .string()
    .regex(/^\d{1,19}$/, 'must be a whole number of micro-units')
    .optional(),
  minBudgetLeftMicros: z
    .string()
    .regex(/^\d{1,19}$/, 'must be a whole number of micro-units')
    .optional(),
  sort: z.enum(['newest', 'rate', 'budget_left']).default('newest'),
});

export const FundingQuoteSchema = z
  .object({
    gross: MoneySchema.describe('What you pay.'),
    fee: MoneySchema.describe('The platform fee taken from it.'),
    budget: MoneySchema.describe('What the campaign can spend: gross minus fee.'),
    feeBasisPoints: z.number().int(),
    rail: z.enum(['sandbox', 'stripe']),
  })
  .openapi('FundingQuote');

export const CampaignFundingSchema = z
  .object({
    id: UuidSchema,
    status: z.enum(['pending', 'succeeded', 'failed']),
    rail: z.enum(['sandbox', 'stripe']),
    gross: MoneySchema,
    fee: MoneySchema,
    budget: MoneySchema,
    failureReason: z.string().nullable(),
    createdAt: TimestampSchema,
    settledAt: TimestampSchema.nullable(),
  })
  .openapi('CampaignFunding');

export const FundCampaignSchema = z
  .strictObject({
    grossMicros: PositiveMicrosInput.describe('What you pay, fee included.'),
    idempotencyKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, _ or -')
      .describe('Your key for this payment: repeating a request with the same key returns the same funding.'),
    expectedFeeMicros: z
      .string()
      .regex(/^\d{1,19}$/, 'must be a whole number of micro-units')
      .optional()
      .describe('The fee you were shown; if the fee differs the payment is refused (409) and nothing is charged.'),
  })
  .openapi('FundCampaign');

const orgCampaignParams = z.strictObject({ orgId: UuidSchema, campaignId: UuidSchema });
const orgParams = z.strictObject({ orgId: UuidSchema });
const reviewParams = z.strictObject({ campaignId: UuidSchema });
const VersionBodySchema = z.strictObject({ expectedVersion: z.number().int().min(1) });
const ReasonSchema = z
  .string()
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(500, 'must be at most 500 characters');

const member = (orgRole: 'owner' | 'manager' | 'viewer', tokenScope: 'read' | 'write') =>
  ({ roles: 'any', ownership: 'org', orgRole, tokenScope }) as const;
const reviewer = { roles: ['reviewer', 'admin'], ownership: 'none' } as const;

/** Uploads are raw bytes (the file itself as the body), not JSON or multipart. */
export const ASSET_MAX_BYTES = 100 * 1024 * 1024;

export const campaignRoutes = {
  createCampaign: defineRoute({
    operationId: 'createCampaign',
    method: 'post',
    path: '/v1/orgs/{orgId}/campaigns',
    summary: 'Create a campaign draft.',
    tags: ['campaigns'],
    access: member('manager', 'write'),
    params: orgParams,
    body: CampaignCreateSchema,
    response: { status: 201, schema: CampaignSchema, description: 'The draft.' },
  }),
  listOrgCampaigns: defineRoute({
    operationId: 'listOrgCampaigns',
    method: 'get',
    path: '/v1/orgs/{orgId}/campaigns',
    summary: 'The org’s campaigns, newest first.',
    tags: ['campaigns'],
    access: member('viewer', 'read'),
    params: orgParams,
    query: PageQuerySchema.extend({ state: CampaignStateSchema.optional() }),
    response: { status: 200, schema: pageOf(CampaignSummarySchema), description: 'A page of campaigns.' },
  }),
  getOrgCampaign: defineRoute({
    operationId: 'getOrgCampaign',
    method: 'get',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}',
    summary: 'One of the org’s campaigns, with its budget and spend.',
    tags: ['campaigns'],
    access: member('viewer', 'read'),
    params: orgCampaignParams,
    response: { status: 200, schema: CampaignSchema, description: 'The campaign.' },
    errors: ['NOT_FOUND'],
  }),
  updateCampaign: defineRoute({
    operationId: 'updateCampaign',
    method: 'patch',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}',
    summary: 'Edit a draft (send the version you read).',
    tags: ['campaigns'],
    access: member('manager', 'write'),
    params: orgCampaignParams,
    body: CampaignUpdateSchema,
    response: { status: 200, schema: CampaignSchema, description: 'The edited draft.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  submitCampaign: defineRoute({
    operationId: 'submitCampaign',
    method: 'post',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/submit',
    summary: 'Send a draft to review.',
    tags: ['campaigns'],
    access: member('manager', 'write'),
    params: orgCampaignParams,
    body: VersionBodySchema,
    response: { status: 200, schema: CampaignSchema, description: 'In review.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  pauseCampaign: defineRoute({
    operationId: 'pauseCampaign',
    method: 'post',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/pause',
    summary: 'Pause a published campaign: no new participants or submissions; tracking goes on.',
    tags: ['campaigns'],
    access: member('manager', 'write'),
    params: orgCampaignParams,
    body: VersionBodySchema,
    response: { status: 200, schema: CampaignSchema, description: 'Paused.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  resumeCampaign: defineRoute({
    operationId: 'resumeCampaign',
    method: 'post',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/resume',
    summary: 'Resume a paused campaign.',
    tags: ['campaigns'],
    access: member('manager', 'write'),
    params: orgCampaignParams,
    body: VersionBodySchema,
    response: { status: 200, schema: CampaignSchema, description: 'Published again.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  endCampaign: defineRoute({
    operationId: 'endCampaign',
    method: 'post',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/end',
    summary: 'End a published or paused campaign now (it completes; it closes and refunds once holds release).',
    tags: ['campaigns'],
    access: member('manager', 'write'),
    params: orgCampaignParams,
    body: VersionBodySchema,
    response: { status: 200, schema: CampaignSchema, description: 'Completed.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  getFundingQuote: defineRoute({
    operationId: 'getFundingQuote',
    method: 'get',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/funding-quote',
    summary: 'The fee and net budget of a payment, before paying.',
    tags: ['campaigns'],
    access: member('manager', 'read'),
    params: orgCampaignParams,
    query: z.strictObject({ grossMicros: PositiveMicrosInput }),
    response: { status: 200, schema: FundingQuoteSchema, description: 'The quote.' },
    errors: ['NOT_FOUND'],
  }),
  fundCampaign: defineRoute({
    operationId: 'fundCampaign',
    method: 'post',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/fundings',
    summary: 'Pay into the campaign’s budget (first funding or a top-up).',
    tags: ['campaigns'],
    access: { roles: 'any', ownership: 'org', orgRole: 'owner', tokenScope: 'write' },
    params: orgCampaignParams,
    body: FundCampaignSchema,
    response: { status: 201, schema: CampaignFundingSchema, description: 'The funding, settled or failed.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  listCampaignFundings: defineRoute({
    operationId: 'listCampaignFundings',
    method: 'get',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/fundings',
    summary: 'Payments into the campaign, newest first.',
    tags: ['campaigns'],
    access: member('viewer', 'read'),
    params: orgCampaignParams,
    response: {
      status: 200,
      schema: z.object({ items: z.array(CampaignFundingSchema) }),
      description: 'The fundings.',
    },
    errors: ['NOT_FOUND'],
  }),
  uploadCampaignAsset: defineRoute({
    operationId: 'uploadCampaignAsset',
    method: 'post',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/assets',
    summary: 'Attach an image or video: send the file’s bytes as the body.',
    description:
      'The type is decided by the file’s content (magic bytes), not its name or Content-Type. Images (JPEG, PNG, WebP, GIF) are re-encoded, their metadata stripped; videos (MP4, WebM, MOV) are stored as sent.',
    tags: ['campaigns'],
    access: member('manager', 'write'),
    params: orgCampaignParams,
    query: z.strictObject({
      filename: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    }),
    upload: { maxBytes: ASSET_MAX_BYTES },
    response: { status: 201, schema: CampaignAssetSchema, description: 'The stored asset.' },
    errors: ['NOT_FOUND', 'CONFLICT', 'UPLOAD_REJECTED'],
  }),
  deleteCampaignAsset: defineRoute({
    operationId: 'deleteCampaignAsset',
    method: 'delete',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/assets/{assetId}',
    summary: 'Remove an asset from a draft.',
    tags: ['campaigns'],
    access: member('manager', 'write'),
    params: z.strictObject({ orgId: UuidSchema, campaignId: UuidSchema, assetId: UuidSchema }),
    response: { status: 204, schema: null, description: 'Removed.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  previewBrief: defineRoute({
    operationId: 'previewBrief',
    method: 'post',
    path: '/v1/briefs/preview',
    summary: 'Render brief markdown exactly as it will be stored and shown (sanitized HTML).',
    tags: ['campaigns'],
    access: { roles: ['brand', 'admin', 'reviewer'], ownership: 'none', tokenScope: 'read' },
    body: z.strictObject({ markdown: z.string().max(20_000, 'must be at most 20,000 characters') }),
    response: { status: 200, schema: z.object({ html: z.string() }), description: 'The sanitized HTML.' },
  }),

  listCampaignsForReview: defineRoute({
    operationId: 'listCampaignsForReview',
    method: 'get',
    path: '/v1/review/campaigns',
    summary: 'Campaigns waiting for review, oldest first.',
    tags: ['review'],
    access: reviewer,
    query: PageQuerySchema,
    response: { status: 200, schema: pageOf(CampaignSummarySchema), description: 'The queue.' },
  }),
  getCampaignForReview: defineRoute({
    operationId: 'getCampaignForReview',
    method: 'get',
    path: '/v1/review/campaigns/{campaignId}',
    summary: 'A campaign as its reviewer sees it.',
    tags: ['review'],
    access: reviewer,
    params: reviewParams,
    response: { status: 200, schema: CampaignSchema, description: 'The campaign.' },
    errors: ['NOT_FOUND'],
  }),
  approveCampaign: defineRoute({
    operationId: 'approveCampaign',
    method: 'post',
    path: '/v1/review/campaigns/{campaignId}/approve',
    summary: 'Approve a campaign in review: it is published (it needs a funded budget and a start date).',
    tags: ['review'],
    access: reviewer,
    params: reviewParams,
    body: VersionBodySchema,
    response: { status: 200, schema: CampaignSchema, description: 'Published.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  rejectCampaign: defineRoute({
    operationId: 'rejectCampaign',
    method: 'post',
    path: '/v1/review/campaigns/{campaignId}/reject',
    summary: 'Send a campaign in review back to its brand as a draft, with the reason.',
    tags: ['review'],
    access: reviewer,
    params: reviewParams,
    body: z.strictObject({ expectedVersion: z.number().int().min(1), reason: ReasonSchema }),
    response: { status: 200, schema: CampaignSchema, description: 'Back to draft.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),

  listPublicCampaigns: defineRoute({
    operationId: 'listPublicCampaigns',
    method: 'get',
    path: '/v1/campaigns',
    summary: 'Search published campaigns.',
    tags: ['directory'],
    access: 'public',
    query: PublicCampaignQuerySchema,
    response: { status: 200, schema: pageOf(PublicCampaignSummarySchema), description: 'A page of campaigns.' },
  }),
  getPublicCampaign: defineRoute({
    operationId: 'getPublicCampaign',
    method: 'get',
    path: '/v1/campaigns/{campaignId}',
    summary: 'A published campaign’s page: brief, rate, budget left, burn rate, runway, slots.',
    tags: ['directory'],
    access: 'public',
    params: reviewParams,
    response: { status: 200, schema: PublicCampaignSchema, description: 'The campaign.' },
    errors: ['NOT_FOUND'],
  }),
  getCampaignAssetFile: defineRoute({
    operationId: 'getCampaignAssetFile',
    method: 'get',
    path: '/v1/campaign-assets/{assetId}',
    summary: 'The bytes of a campaign asset (public once the campaign is published).',
    tags: ['directory'],
    access: 'public',
    params: z.strictObject({ assetId: UuidSchema }),
    response: { status: 200, schema: null, description: 'The file, with its content type.' },
    errors: ['NOT_FOUND'],
  }),
} as const;
