import { PageQuerySchema, TimestampSchema, UuidSchema, pageOf } from './common.js';
import { CurrencyCodeSchema, MoneySchema } from './ledger.js';
import { defineRoute } from './route.js';
import { z } from './zod.js';

/**
 * Earnings: why a post earned what it did (the derivation, for its participant and for the brand that pays), and
 * a participant's earnings per participation, with what is still pending and why. Amounts are Money (decimal
 * strings of micro-units); metric counts are decimal strings too (they are int8 in the database).
 */

const MetricCountSchema = z
  .string()
  .regex(/^\d{1,19}$/)
  .describe('A count of metric units (views or clicks), as a decimal string.');

const CampaignStateValues = ['draft', 'reviewing', 'published', 'paused', 'completed', 'closed'] as const;

export const EarningsSnapshotSchema = z
  .object({
    id: z.string(),
    metricTotal: MetricCountSchema.describe('The cumulative metric as observed.'),
    deductedTotal: MetricCountSchema.describe('Units judged invalid by fraud rules (cumulative), not paid.'),
    source: z.string().describe('Where the observation came from: sandbox, youtube, tiktok, instagram, x, clicks.'),
    observedAt: TimestampSchema,
  })
  .openapi('EarningsSnapshot');

const flag = z.boolean();

/**
 * One line of the derivation, in order (the domain's computeAccrual explanation). Cap and window steps say whether
 * they lowered the amount (`applied`) and what was left after them (`result`).
 */
export const EarningsStepSchema = z
  .discriminatedUnion('step', [
    z.object({
      step: z.literal('snapshot'),
      metricTotal: MetricCountSchema,
      snapshotId: z.string().nullable(),
      observedAt: TimestampSchema.nullable(),
    }),
    z.object({ step: z.literal('deduction'), reason: z.string(), metric: MetricCountSchema }),
    z.object({
      step: z.literal('rate'),
      metric: MetricCountSchema.describe('The metric after deductions.'),
      ratePerThousand: MoneySchema,
      formula: MoneySchema.describe('floor(metric × rate / 1000).'),
    }),
    z.object({
      step: z.literal('minimum_metric'),
      minimumMetric: MetricCountSchema,
      metric: MetricCountSchema,
      met: flag,
    }),
    z.object({ step: z.literal('rejected') }),
    z.object({
      step: z.literal('post_cap'),
      cap: MoneySchema,
      ceiling: MoneySchema.describe('The larger of the cap and what the post already has: a cap never takes back.'),
      applied: flag,
      result: MoneySchema,
    }),
    z.object({
      step: z.literal('participant_cap'),
      capLeft: MoneySchema.describe('The participant cap minus what the participation already has.'),
      ceiling: MoneySchema,
      applied: flag,
      result: MoneySchema,
    }),
    z.object({
      step: z.literal('owed'),
      owed: MoneySchema,
      alreadyPosted: MoneySchema,
      delta: MoneySchema.describe('owed − already posted: positive accrues, negative claws back.'),
    }),
    z.object({ step: z.literal('budget'), remaining: MoneySchema, applied: flag, result: MoneySchema }),
    z.object({
      step: z.literal('window'),
      remaining: MoneySchema.describe('What the pacing window (UTC day or hour) still allows.'),
      applied: flag,
      result: MoneySchema,
    }),
    z.object({
      step: z.literal('accrue'),
      amount: MoneySchema,
      unpaid: MoneySchema.describe('Owed but held back by the budget or the window; a later run pays it.'),
    }),
    z.object({ step: z.literal('clawback'), amount: MoneySchema, reason: z.enum(['metric_fell', 'post_rejected']) }),
    z.object({ step: z.literal('nothing_to_post') }),
  ])
  .openapi('EarningsStep');
export type EarningsStep = z.infer<typeof EarningsStepSchema>;

export const EarningsTransferSchema = z
  .object({
    kind: z.enum(['accrue', 'clawback']),
    sequence: z.number().int().describe('The post’s earnings transfers are numbered from 0.'),
    idempotencyKey: z.string().describe('The ledger key, earnings:<submission id>:<sequence>.'),
    amount: MoneySchema.describe('Signed, for the post: positive for an accrual, negative for a clawback.'),
    createdAt: TimestampSchema.describe('When the ledger recorded it.'),
    effectiveAt: TimestampSchema.describe('Business time of the run that posted it.'),
    holdEndsAt: TimestampSchema.nullable().describe('Accruals: when their hold ends and they can be released.'),
    clawbackReason: z.enum(['metric_fell', 'post_rejected']).nullable(),
    fromPending: MoneySchema.nullable().describe('Clawbacks: the part taken from pending earnings.'),
    fromAvailable: MoneySchema.nullable().describe('Clawbacks: the part taken from the available balance.'),
    metricTotal: MetricCountSchema.nullable().describe('The cumulative metric the run used.'),
    owed: MoneySchema.nullable().describe('What the post was owed in total at that run, after caps.'),
    snapshotId: z.string().nullable(),
  })
  .openapi('EarningsTransfer');

export const SubmissionEarningsSchema = z
  .object({
    submission: z.object({
      id: UuidSchema,
      campaignId: UuidSchema,
      participationId: UuidSchema,
      status: z.enum(['pending_verification', 'tracking', 'rejected']),
      platform: z.string(),
      url: z.string(),
    }),
    campaign: z.object({
      id: UuidSchema,
      title: z.string(),
      state: z.enum(CampaignStateValues),
      metric: z.enum(['views', 'clicks']),
      currency: CurrencyCodeSchema,
      ratePerThousand: MoneySchema,
      minimumMetric: MetricCountSchema,
      perPostCap: MoneySchema.nullable(),
      perParticipantCap: MoneySchema.nullable(),
      dailyCap: MoneySchema.nullable(),
      hourlyCap: MoneySchema.nullable(),
      holdDays: z.number().int(),
    }),
    snapshots: z.object({
      items: z.array(EarningsSnapshotSchema).describe('The latest observations, newest first.'),
      total: z.number().int().describe('How many observations the post has in all.'),
    }),
    posted: MoneySchema.describe('Net earnings posted for the post so far (accruals − clawbacks).'),
    derivation: z
      .object({
        accruing: z
          .boolean()
          .describe('False once the campaign is completed or closed: only clawbacks run then, nothing accrues.'),
        owed: MoneySchema.describe('What the post is owed in total now, after caps (before budget and window).'),
        posted: MoneySchema,
        nextAccrual: MoneySchema.describe('What the next run would accrue with the budget and window as they are.'),
        unpaid: MoneySchema.describe('Owed but held back by the budget or the pacing window.'),
        nextClawback: MoneySchema,
        clampedBy: z.array(z.enum(['post_cap', 'participant_cap', 'budget', 'window', 'minimum_metric', 'rejected'])),
        steps: z.array(EarningsStepSchema),
      })
      .nullable()
      .describe('From the latest observation, as the next run would compute it; null before any observation.'),
    transfers: z.array(EarningsTransferSchema).describe('Every ledger transfer posted for the post, oldest first.'),
  })
  .openapi('SubmissionEarnings');
export type SubmissionEarnings = z.infer<typeof SubmissionEarningsSchema>;

export const PendingReasonSchema = z
  .object({
    reason: z.enum(['under_review', 'hold', 'awaiting_kyc', 'below_payout_minimum']),
    label: z.string().describe('For people: "hold ends 3 Dec", "under review".'),
    until: TimestampSchema.nullable(),
  })
  .openapi('PendingReason');

export const ParticipationEarningsSchema = z
  .object({
    participationId: UuidSchema,
    participationState: z.string(),
    campaign: z.object({ id: UuidSchema, title: z.string(), state: z.enum(CampaignStateValues) }),
    currency: CurrencyCodeSchema,
    earned: MoneySchema.describe('Net earnings posted over the participation’s posts (accruals − clawbacks).'),
    pending: MoneySchema.describe('Earnings still held; released to your available balance when the hold ends.'),
    released: MoneySchema.describe('Moved to your available balance so far (see /v1/me/balances).'),
    pendingReasons: z
      .array(PendingReasonSchema)
      .describe('Why the pending amount is not available, most decisive first.'),
    nextHoldEndsAt: TimestampSchema.nullable(),
    releases: z
      .array(z.object({ holdEndsAt: TimestampSchema, amount: MoneySchema }))
      .describe(
        'What the pending amount is made of, by the time its hold ends (a past time: released on the next run).',
      ),
  })
  .openapi('ParticipationEarnings');
export type ParticipationEarnings = z.infer<typeof ParticipationEarningsSchema>;

const participant = { roles: ['participant'], ownership: 'self', tokenScope: 'read' } as const;
const orgViewer = { roles: 'any', ownership: 'org', orgRole: 'viewer', tokenScope: 'read' } as const;

export const earningsRoutes = {
  getMySubmissionEarnings: defineRoute({
    operationId: 'getMySubmissionEarnings',
    method: 'get',
    path: '/v1/me/submissions/{submissionId}/earnings',
    summary: 'How one of my posts earned what it did: observations, rate, caps, deductions and ledger transfers.',
    tags: ['earnings'],
    access: participant,
    params: z.strictObject({ submissionId: UuidSchema }),
    response: { status: 200, schema: SubmissionEarningsSchema, description: 'The post’s earnings, explained.' },
    errors: ['NOT_FOUND'],
  }),
  getSubmissionEarnings: defineRoute({
    operationId: 'getSubmissionEarnings',
    method: 'get',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/submissions/{submissionId}/earnings',
    summary: 'How a post of the campaign earned what it did, for the brand to audit.',
    tags: ['earnings'],
    access: orgViewer,
    params: z.strictObject({ orgId: UuidSchema, campaignId: UuidSchema, submissionId: UuidSchema }),
    response: { status: 200, schema: SubmissionEarningsSchema, description: 'The post’s earnings, explained.' },
    errors: ['NOT_FOUND'],
  }),
  listMyEarnings: defineRoute({
    operationId: 'listMyEarnings',
    method: 'get',
    path: '/v1/me/earnings',
    summary: 'My earnings per participation, newest first: earned, pending (and why), released.',
    description:
      'Pending earnings are held per participation until their hold ends; released ones join the available ' +
      'balance, which is per participant and currency (GET /v1/me/balances).',
    tags: ['earnings'],
    access: participant,
    query: PageQuerySchema,
    response: { status: 200, schema: pageOf(ParticipationEarningsSchema), description: 'A page of participations.' },
  }),
};
