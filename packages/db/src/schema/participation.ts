import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { campaigns, socialPlatforms } from './campaigns.js';
import { users } from './identity.js';

/**
 * Participation (DESIGN §1): a participant's social accounts, their membership in a campaign, and the posts
 * they submit to it. State lists repeat packages/domain's on purpose (drizzle-kit cannot load it).
 */
export const participationStates = [
  'applied',
  'approved',
  'active',
  'completed',
  'paid',
  'rejected',
  'withdrawn',
] as const;
export const submissionStatuses = ['pending_verification', 'tracking', 'rejected'] as const;

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** A participant's account on a platform, as they declared it. Verification comes with the tracking work. */
export const socialAccounts = pgTable(
  'social_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: socialPlatforms }).notNull(),
    /** Without the leading @, as the platform spells it; unique per platform case-insensitively per user. */
    handle: text('handle').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('social_accounts_user_platform_handle_key').on(t.userId, t.platform, sql`lower(${t.handle})`),
    check('social_accounts_platform', sql`platform IN (${inList(socialPlatforms)})`),
  ],
);

export const participations = pgTable(
  'participations',
  {
    /** UUIDv7: sorts by creation, so the accrual batch is first come, first served. */
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    state: text('state', { enum: participationStates }).notNull(),
    stateReason: text('state_reason'),
    /** The social accounts the participant applied with (theirs, on platforms the campaign allows). */
    socialAccountIds: uuid('social_account_ids').array().notNull(),
    /** Whether the participation holds one of the campaign's slots (approved, active, completed, paid). */
    holdsSlot: boolean('holds_slot').notNull().default(false),
    /** Short code of the tracking link (CSPRNG, base62). */
    trackingCode: text('tracking_code').notNull(),
    /** Atomic counter against the campaign's maxSubmissionsPerParticipant. */
    submissionCount: integer('submission_count').notNull().default(0),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('participations_campaign_participant_key').on(t.campaignId, t.participantId),
    uniqueIndex('participations_tracking_code_key').on(t.trackingCode),
    index('participations_participant_id_idx').on(t.participantId, t.createdAt),
    index('participations_campaign_state_idx').on(t.campaignId, t.state),
    check('participations_state', sql`state IN (${inList(participationStates)})`),
    check('participations_submission_count', sql`submission_count >= 0`),
    check('participations_tracking_code', sql`tracking_code ~ '^[A-Za-z0-9]{8,32}$'`),
  ],
);

/**
 * One post URL submitted to a participation, parsed to (platform, post id). dedupKey is unique platform-wide:
 * the same post cannot earn twice, in any campaign.
 */
export const submissions = pgTable(
  'submissions',
  {
    /** UUIDv7 (time-ordered): the accrual batch orders posts by it. */
    id: uuid('id').primaryKey(),
    participationId: uuid('participation_id')
      .notNull()
      .references(() => participations.id, { onDelete: 'restrict' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    platform: text('platform', { enum: socialPlatforms }).notNull(),
    /** The platform's post id; null until a short link is resolved. */
    postId: text('post_id'),
    dedupKey: text('dedup_key').notNull(),
    /** Rebuilt from the parsed parts, never the participant's string. */
    canonicalUrl: text('canonical_url').notNull(),
    status: text('status', { enum: submissionStatuses }).notNull().default('pending_verification'),
    statusReason: text('status_reason'),
    /** Storage keys of evidence screenshots (re-encoded images). */
    evidenceKeys: text('evidence_keys')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('submissions_dedup_key_key').on(t.dedupKey),
    index('submissions_participation_id_idx').on(t.participationId, t.createdAt),
    index('submissions_campaign_id_idx').on(t.campaignId, t.status),
    index('submissions_participant_id_idx').on(t.participantId, t.createdAt),
    check('submissions_status', sql`status IN (${inList(submissionStatuses)})`),
    check('submissions_platform', sql`platform IN (${inList(socialPlatforms)})`),
    check('submissions_canonical_url', sql`canonical_url LIKE 'https://%'`),
  ],
);
