import { SocialPlatformSchema } from './campaigns.js';
import { PageQuerySchema, TimestampSchema, UuidSchema, pageOf } from './common.js';
import { defineRoute } from './route.js';
import { z } from './zod.js';

/**
 * Participation: a participant's social accounts, their membership in a campaign (apply, approve or reject,
 * withdraw), its tracking link, and the posts they submit to it (with evidence screenshots). Brands manage the
 * participations and submissions of their org's campaigns; reviewers and admins may reject any submission.
 */

export const ParticipationStateSchema = z
  .enum(['applied', 'approved', 'active', 'completed', 'paid', 'rejected', 'withdrawn'])
  .openapi('ParticipationState');
export const SubmissionStatusSchema = z
  .enum(['pending_verification', 'tracking', 'rejected'])
  .openapi('SubmissionStatus');

type Platform = z.infer<typeof SocialPlatformSchema>;

/**
 * What a handle may look like on each platform (without the leading @). A declaration only: ownership is verified
 * with the tracking work. YouTube handles may hold "-"; X handles are letters, digits and "_" (a few old accounts
 * are longer than today's 15).
 */
export const SOCIAL_HANDLE_RULES: Record<Platform, { pattern: RegExp; description: string }> = {
  youtube: { pattern: /^[A-Za-z0-9_.-]{3,30}$/, description: '3 to 30 letters, digits, _, . or -' },
  tiktok: { pattern: /^[A-Za-z0-9_.]{2,24}$/, description: '2 to 24 letters, digits, _ or .' },
  instagram: { pattern: /^[A-Za-z0-9_.]{1,30}$/, description: '1 to 30 letters, digits, _ or .' },
  x: { pattern: /^[A-Za-z0-9_]{1,20}$/, description: '1 to 20 letters, digits or _' },
};

export const SocialAccountCreateSchema = z
  .strictObject({
    platform: SocialPlatformSchema,
    handle: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(31, 'must be at most 30 characters')
      .transform((v) => v.replace(/^@/, ''))
      .describe('Your handle on the platform, with or without the leading @.'),
  })
  .superRefine((value, ctx) => {
    const rule = SOCIAL_HANDLE_RULES[value.platform];
    if (!rule.pattern.test(value.handle)) {
      ctx.addIssue({ code: 'custom', path: ['handle'], message: `must be ${rule.description} on ${value.platform}` });
    }
  })
  .openapi('SocialAccountCreate');
export type SocialAccountCreate = z.infer<typeof SocialAccountCreateSchema>;

export const SocialAccountSchema = z
  .object({
    id: UuidSchema,
    platform: SocialPlatformSchema,
    handle: z.string().describe('Without the leading @.'),
    verified: z.boolean().describe('Ownership proven (comes with tracking); false for a declared account.'),
    createdAt: TimestampSchema,
  })
  .openapi('SocialAccount');

const CampaignRefSchema = z
  .object({
    id: UuidSchema,
    title: z.string(),
    state: z.enum(['draft', 'reviewing', 'published', 'paused', 'completed', 'closed']),
    platforms: z.array(SocialPlatformSchema),
  })
  .openapi('ParticipationCampaign');

const participationCommon = {
  id: UuidSchema,
  state: ParticipationStateSchema,
  stateReason: z.string().nullable().describe('Why it was rejected, when someone said so.'),
  socialAccounts: z
    .array(SocialAccountSchema)
    .describe('The accounts it applied with (ones since removed are left out).'),
  trackingCode: z.string().describe('The short code of the tracking link.'),
  trackingLink: z.string().describe('The full tracking link to put in captions and bios.'),
  submissionCount: z.number().int().describe('Posts submitted and not rejected (what the campaign’s limit counts).'),
  maxSubmissions: z.number().int().nullable().describe('The campaign’s limit of posts per participant; null: none.'),
  createdAt: TimestampSchema,
  decidedAt: TimestampSchema.nullable().describe('When a brand or reviewer approved or rejected it.'),
  updatedAt: TimestampSchema,
};

/** A participation as its participant sees it. */
export const ParticipationSchema = z
  .object({ ...participationCommon, campaign: CampaignRefSchema })
  .openapi('Participation');
export type Participation = z.infer<typeof ParticipationSchema>;

/** A participation as the campaign's org sees it. */
export const CampaignParticipationSchema = z
  .object({
    ...participationCommon,
    campaignId: UuidSchema,
    participant: z.object({ id: UuidSchema, displayName: z.string() }),
  })
  .openapi('CampaignParticipation');
export type CampaignParticipation = z.infer<typeof CampaignParticipationSchema>;

export const ApplySchema = z
  .strictObject({
    socialAccountIds: z
      .array(UuidSchema)
      .min(1, 'must list at least one of your social accounts')
      .max(10, 'must list at most 10 accounts')
      .refine((list) => new Set(list).size === list.length, 'must not list the same account twice'),
  })
  .openapi('ApplyToCampaign');

const ReasonSchema = z
  .string()
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(500, 'must be at most 500 characters');
const ReasonBodySchema = z.strictObject({ reason: ReasonSchema.describe('Shown to the participant.') });

export const SubmissionCreateSchema = z
  .strictObject({
    url: z
      .string()
      .max(10_000, 'is far too long for a post link')
      .describe(
        'The post’s link: YouTube watch, shorts or youtu.be; TikTok /@user/video/… or vm/vt short links; Instagram /reel/ or /p/; x.com or twitter.com /status/. Never fetched by the server.',
      ),
    note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  })
  .openapi('SubmissionCreate');
export type SubmissionCreate = z.infer<typeof SubmissionCreateSchema>;

export const EvidenceSchema = z
  .object({ id: UuidSchema, url: z.string().describe('Where to fetch the image (same origin, under /api).') })
  .openapi('SubmissionEvidence');

const submissionCommon = {
  id: UuidSchema,
  participationId: UuidSchema,
  platform: SocialPlatformSchema,
  postId: z.string().nullable().describe('The platform’s post id; null for a short link not yet resolved.'),
  canonicalUrl: z.string().describe('Rebuilt from the parsed link, never the text as submitted.'),
  status: SubmissionStatusSchema,
  statusReason: z.string().nullable().describe('Why it is in its status: pending what, or why it was rejected.'),
  note: z.string().nullable(),
  evidence: z.array(EvidenceSchema).describe('Screenshots, re-encoded as WebP.'),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
};

/** A submission as its participant sees it. */
export const SubmissionSchema = z
  .object({ ...submissionCommon, campaign: z.object({ id: UuidSchema, title: z.string() }) })
  .openapi('Submission');
export type Submission = z.infer<typeof SubmissionSchema>;

/** A submission as the campaign's org (or a reviewer) sees it. */
export const CampaignSubmissionSchema = z
  .object({
    ...submissionCommon,
    campaignId: UuidSchema,
    participant: z.object({ id: UuidSchema, displayName: z.string() }),
  })
  .openapi('CampaignSubmission');
export type CampaignSubmission = z.infer<typeof CampaignSubmissionSchema>;

/** Evidence screenshots: raw image bytes, at most this many bytes and this many per submission. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 5;

const participant = (tokenScope: 'read' | 'write') =>
  ({ roles: ['participant'], ownership: 'self', tokenScope }) as const;
const member = (orgRole: 'manager' | 'viewer', tokenScope: 'read' | 'write') =>
  ({ roles: 'any', ownership: 'org', orgRole, tokenScope }) as const;

const orgCampaignParams = z.strictObject({ orgId: UuidSchema, campaignId: UuidSchema });
const orgParticipationParams = orgCampaignParams.extend({ participationId: UuidSchema });
const orgSubmissionParams = orgCampaignParams.extend({ submissionId: UuidSchema });
const participationParams = z.strictObject({ participationId: UuidSchema });
const submissionParams = z.strictObject({ submissionId: UuidSchema });

export const participationRoutes = {
  listMySocialAccounts: defineRoute({
    operationId: 'listMySocialAccounts',
    method: 'get',
    path: '/v1/me/social-accounts',
    summary: 'Your social accounts.',
    tags: ['participation'],
    access: participant('read'),
    response: { status: 200, schema: z.object({ items: z.array(SocialAccountSchema) }), description: 'The accounts.' },
  }),
  addSocialAccount: defineRoute({
    operationId: 'addSocialAccount',
    method: 'post',
    path: '/v1/me/social-accounts',
    summary: 'Declare one of your social accounts (ownership is verified when tracking starts).',
    tags: ['participation'],
    access: participant('write'),
    body: SocialAccountCreateSchema,
    response: { status: 201, schema: SocialAccountSchema, description: 'The account.' },
    errors: ['CONFLICT'],
  }),
  deleteSocialAccount: defineRoute({
    operationId: 'deleteSocialAccount',
    method: 'delete',
    path: '/v1/me/social-accounts/{socialAccountId}',
    summary: 'Remove a social account (not while a live participation uses it).',
    tags: ['participation'],
    access: participant('write'),
    params: z.strictObject({ socialAccountId: UuidSchema }),
    response: { status: 204, schema: null, description: 'Removed.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),

  applyToCampaign: defineRoute({
    operationId: 'applyToCampaign',
    method: 'post',
    path: '/v1/campaigns/{campaignId}/participations',
    summary: 'Join a campaign with some of your social accounts.',
    description:
      'In auto mode (and allowlist mode, for a listed email) the participation is approved at once and takes a slot; in manual mode it waits for the brand. One participation per campaign.',
    tags: ['participation'],
    access: participant('write'),
    params: z.strictObject({ campaignId: UuidSchema }),
    body: ApplySchema,
    response: { status: 201, schema: ParticipationSchema, description: 'The participation: approved or applied.' },
    errors: ['NOT_FOUND', 'CONFLICT', 'NO_SLOTS_LEFT', 'FORBIDDEN'],
  }),
  listMyParticipations: defineRoute({
    operationId: 'listMyParticipations',
    method: 'get',
    path: '/v1/me/participations',
    summary: 'Your campaigns, newest first.',
    tags: ['participation'],
    access: participant('read'),
    query: PageQuerySchema.extend({ state: ParticipationStateSchema.optional() }),
    response: { status: 200, schema: pageOf(ParticipationSchema), description: 'A page of participations.' },
  }),
  getMyParticipation: defineRoute({
    operationId: 'getMyParticipation',
    method: 'get',
    path: '/v1/me/participations/{participationId}',
    summary: 'One of your participations, with its tracking link.',
    tags: ['participation'],
    access: participant('read'),
    params: participationParams,
    response: { status: 200, schema: ParticipationSchema, description: 'The participation.' },
    errors: ['NOT_FOUND'],
  }),
  withdrawParticipation: defineRoute({
    operationId: 'withdrawParticipation',
    method: 'post',
    path: '/v1/me/participations/{participationId}/withdraw',
    summary: 'Leave a campaign before your first post is accepted (frees your slot).',
    tags: ['participation'],
    access: participant('write'),
    params: participationParams,
    response: { status: 200, schema: ParticipationSchema, description: 'Withdrawn.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),

  listCampaignParticipations: defineRoute({
    operationId: 'listCampaignParticipations',
    method: 'get',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/participations',
    summary: 'The campaign’s participants and applications, oldest first (a queue).',
    tags: ['participation'],
    access: member('viewer', 'read'),
    params: orgCampaignParams,
    query: PageQuerySchema.extend({ state: ParticipationStateSchema.optional() }),
    response: { status: 200, schema: pageOf(CampaignParticipationSchema), description: 'A page of participations.' },
    errors: ['NOT_FOUND'],
  }),
  approveParticipation: defineRoute({
    operationId: 'approveParticipation',
    method: 'post',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/participations/{participationId}/approve',
    summary: 'Approve an application: it takes a slot.',
    tags: ['participation'],
    access: member('manager', 'write'),
    params: orgParticipationParams,
    response: { status: 200, schema: CampaignParticipationSchema, description: 'Approved.' },
    errors: ['NOT_FOUND', 'CONFLICT', 'NO_SLOTS_LEFT'],
  }),
  rejectParticipation: defineRoute({
    operationId: 'rejectParticipation',
    method: 'post',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/participations/{participationId}/reject',
    summary: 'Reject an application (or an approved participant with no accepted post yet), with a reason.',
    tags: ['participation'],
    access: member('manager', 'write'),
    params: orgParticipationParams,
    body: ReasonBodySchema,
    response: { status: 200, schema: CampaignParticipationSchema, description: 'Rejected.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),

  createSubmission: defineRoute({
    operationId: 'createSubmission',
    method: 'post',
    path: '/v1/me/participations/{participationId}/submissions',
    summary: 'Submit a post’s link to a campaign you joined.',
    description:
      'The link is parsed into (platform, post id) against an allowlist of hosts and forms and never fetched. A post can be submitted once on the whole platform. The first accepted post makes an approved participation active.',
    tags: ['participation'],
    access: participant('write'),
    params: participationParams,
    body: SubmissionCreateSchema,
    response: { status: 201, schema: SubmissionSchema, description: 'The submission, pending verification.' },
    errors: ['NOT_FOUND', 'CONFLICT', 'ALREADY_SUBMITTED', 'SUBMISSION_LIMIT_REACHED'],
  }),
  listMySubmissions: defineRoute({
    operationId: 'listMySubmissions',
    method: 'get',
    path: '/v1/me/submissions',
    summary: 'Your submitted posts, newest first, with their status and its reason.',
    tags: ['participation'],
    access: participant('read'),
    query: PageQuerySchema.extend({
      status: SubmissionStatusSchema.optional(),
      participationId: UuidSchema.optional(),
    }),
    response: { status: 200, schema: pageOf(SubmissionSchema), description: 'A page of submissions.' },
  }),
  uploadSubmissionEvidence: defineRoute({
    operationId: 'uploadSubmissionEvidence',
    method: 'post',
    path: '/v1/me/submissions/{submissionId}/evidence',
    summary: 'Attach a screenshot to a submission: send the image’s bytes as the body.',
    description: `JPEG, PNG, WebP or GIF, decided by the bytes; re-encoded as WebP without metadata. At most ${EVIDENCE_MAX_FILES} per submission.`,
    tags: ['participation'],
    access: participant('write'),
    params: submissionParams,
    query: z.strictObject({
      filename: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    }),
    upload: { maxBytes: EVIDENCE_MAX_BYTES },
    response: { status: 201, schema: SubmissionSchema, description: 'The submission with the new screenshot.' },
    errors: ['NOT_FOUND', 'CONFLICT', 'UPLOAD_REJECTED'],
  }),
  getMySubmissionEvidence: defineRoute({
    operationId: 'getMySubmissionEvidence',
    method: 'get',
    path: '/v1/me/submissions/{submissionId}/evidence/{evidenceId}',
    summary: 'A screenshot of one of your submissions.',
    tags: ['participation'],
    access: participant('read'),
    params: submissionParams.extend({ evidenceId: UuidSchema }),
    response: { status: 200, schema: null, file: true, description: 'The image (WebP).' },
    errors: ['NOT_FOUND'],
  }),

  listCampaignSubmissions: defineRoute({
    operationId: 'listCampaignSubmissions',
    method: 'get',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/submissions',
    summary: 'The posts submitted to the campaign, newest first.',
    tags: ['participation'],
    access: member('viewer', 'read'),
    params: orgCampaignParams,
    query: PageQuerySchema.extend({
      status: SubmissionStatusSchema.optional(),
      participationId: UuidSchema.optional(),
    }),
    response: { status: 200, schema: pageOf(CampaignSubmissionSchema), description: 'A page of submissions.' },
    errors: ['NOT_FOUND'],
  }),
  getCampaignSubmissionEvidence: defineRoute({
    operationId: 'getCampaignSubmissionEvidence',
    method: 'get',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/submissions/{submissionId}/evidence/{evidenceId}',
    summary: 'A screenshot attached to a submission of the campaign.',
    tags: ['participation'],
    access: member('viewer', 'read'),
    params: orgSubmissionParams.extend({ evidenceId: UuidSchema }),
    response: { status: 200, schema: null, file: true, description: 'The image (WebP).' },
    errors: ['NOT_FOUND'],
  }),
  rejectCampaignSubmission: defineRoute({
    operationId: 'rejectCampaignSubmission',
    method: 'post',
    path: '/v1/orgs/{orgId}/campaigns/{campaignId}/submissions/{submissionId}/reject',
    summary: 'Reject a submitted post, with a reason (it frees its place under the per-participant limit).',
    tags: ['participation'],
    access: member('manager', 'write'),
    params: orgSubmissionParams,
    body: ReasonBodySchema,
    response: { status: 200, schema: CampaignSubmissionSchema, description: 'Rejected.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  reviewRejectSubmission: defineRoute({
    operationId: 'reviewRejectSubmission',
    method: 'post',
    path: '/v1/review/submissions/{submissionId}/reject',
    summary: 'Reject any submitted post as a reviewer, with a reason.',
    tags: ['review'],
    access: { roles: ['reviewer', 'admin'], ownership: 'none' },
    params: submissionParams,
    body: ReasonBodySchema,
    response: { status: 200, schema: CampaignSubmissionSchema, description: 'Rejected.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
} as const;
