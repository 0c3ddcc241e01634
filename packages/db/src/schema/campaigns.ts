import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.js';
import { orgs } from './orgs.js';

/**
 * Campaigns (DESIGN §1): a funded offer owned by an org. The lists repeat packages/domain's campaign states,
 * platforms and modes on purpose (drizzle-kit cannot load the domain package); the campaigns tests compare them.
 *
 * Money here is configuration (rate, caps, the planned budget); the money itself lives in the ledger
 * (campaign_budget account), read through the ledger's `ledger_campaign_budgets` view.
 */
export const campaignStates = ['draft', 'reviewing', 'published', 'paused', 'completed', 'closed'] as const;
export const socialPlatforms = ['youtube', 'tiktok', 'instagram', 'x'] as const;
export const campaignMetrics = ['views', 'clicks'] as const;
export const approvalModes = ['auto', 'manual', 'allowlist'] as const;

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export type CampaignTargeting = {
  countries: string[];
  languages: string[];
  category: string | null;
  minFollowers: number;
};
export type CampaignRequirements = {
  hashtags: string[];
  mentions: string[];
  linkInCaption: boolean;
  disclosure: string | null;
};

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    /** What the brand wrote, and the sanitized HTML rendered from it on write (the only HTML ever served). */
    briefMarkdown: text('brief_markdown').notNull().default(''),
    briefHtml: text('brief_html').notNull().default(''),
    state: text('state', { enum: campaignStates }).notNull().default('draft'),
    /** Why it is in its state when someone said so: a reviewer's rejection, a completion reason. */
    stateReason: text('state_reason'),
    /** Bumped by every change; a client's stale edit (If-Match style expectedVersion) answers 409. */
    version: integer('version').notNull().default(1),
    platforms: text('platforms').array().notNull(),
    metric: text('metric', { enum: campaignMetrics }).notNull().default('views'),
    currency: char('currency', { length: 3 }).notNull(),
    ratePerThousandMicros: bigint('rate_per_thousand_micros', { mode: 'bigint' }).notNull(),
    /** The budget the brand plans to fund (what the caps are checked against); funding moves the real money. */
    budgetMicros: bigint('budget_micros', { mode: 'bigint' }).notNull(),
    perPostCapMicros: bigint('per_post_cap_micros', { mode: 'bigint' }),
    perParticipantCapMicros: bigint('per_participant_cap_micros', { mode: 'bigint' }),
    minimumMetric: bigint('minimum_metric', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    dailyCapMicros: bigint('daily_cap_micros', { mode: 'bigint' }),
    hourlyCapMicros: bigint('hourly_cap_micros', { mode: 'bigint' }),
    /** Most participants at once (approved or further); null = unlimited. slotsTaken is its atomic counter. */
    maxSlots: integer('max_slots'),
    slotsTaken: integer('slots_taken').notNull().default(0),
    /** Most posts one participant may submit; null = unlimited. */
    maxSubmissionsPerParticipant: integer('max_submissions_per_participant'),
    category: text('category'),
    countries: text('countries')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    targeting: jsonb('targeting').$type<CampaignTargeting>().notNull(),
    requirements: jsonb('requirements').$type<CampaignRequirements>().notNull(),
    /** https only, validated on write: tracking links redirect here and nowhere else. */
    destinationUrl: text('destination_url'),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    holdDays: integer('hold_days').notNull().default(7),
    approvalMode: text('approval_mode', { enum: approvalModes }).notNull().default('auto'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('campaigns_org_id_idx').on(t.orgId, t.createdAt),
    index('campaigns_state_idx').on(t.state, t.publishedAt),
    check('campaigns_state', sql`state IN (${inList(campaignStates)})`),
    check('campaigns_platforms', sql`cardinality(platforms) >= 1 AND platforms <@ ARRAY[${inList(socialPlatforms)}]`),
    check('campaigns_currency', sql`currency ~ '^[A-Z]{3}$'`),
    check('campaigns_rate', sql`rate_per_thousand_micros > 0`),
    check('campaigns_budget', sql`budget_micros > 0`),
    check(
      'campaigns_caps',
      sql`(per_post_cap_micros IS NULL OR per_post_cap_micros > 0) AND (per_participant_cap_micros IS NULL OR per_participant_cap_micros > 0) AND (daily_cap_micros IS NULL OR daily_cap_micros > 0) AND (hourly_cap_micros IS NULL OR hourly_cap_micros > 0) AND minimum_metric >= 0`,
    ),
    // Slots can never be over-taken, whatever the code does: the backstop of the atomic counter.
    check(
      'campaigns_slots',
      sql`slots_taken >= 0 AND (max_slots IS NULL OR (max_slots >= 1 AND slots_taken <= max_slots))`,
    ),
    check('campaigns_dates', sql`starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at`),
    check('campaigns_hold_days', sql`hold_days BETWEEN 0 AND 365`),
    check('campaigns_destination', sql`destination_url IS NULL OR destination_url LIKE 'https://%'`),
    check('campaigns_version', sql`version >= 1`),
  ],
);

/** Images and videos attached to a campaign's brief; the bytes live in the storage port under storageKey. */
export const campaignAssets = pgTable(
  'campaign_assets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    storageKey: text('storage_key').notNull(),
    kind: text('kind', { enum: ['image', 'video'] }).notNull(),
    mime: text('mime').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    width: integer('width'),
    height: integer('height'),
    sha256: char('sha256', { length: 64 }).notNull(),
    /** The uploader's file name, for display only (never used to build a path). */
    filename: text('filename').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('campaign_assets_campaign_id_idx').on(t.campaignId, t.createdAt),
    uniqueIndex('campaign_assets_storage_key_key').on(t.storageKey),
  ],
);

/** Who may join an allowlist-mode campaign, by email (lower-cased). */
export const campaignAllowlist = pgTable(
  'campaign_allowlist',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.email] })],
);

export const fundingStates = ['pending', 'succeeded', 'failed'] as const;

/**
 * A brand payment into a campaign, written before the rail is called (the intent), then settled. The ledger's
 * fund transfer is keyed by this id, so a retried settlement posts once.
 */
export const campaignFundings = pgTable(
  'campaign_fundings',
  {
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'restrict' }),
    rail: text('rail', { enum: ['sandbox', 'stripe'] }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    grossMicros: bigint('gross_micros', { mode: 'bigint' }).notNull(),
    feeMicros: bigint('fee_micros', { mode: 'bigint' }).notNull(),
    budgetMicros: bigint('budget_micros', { mode: 'bigint' }).notNull(),
    status: text('status', { enum: fundingStates }).notNull().default('pending'),
    failureReason: text('failure_reason'),
    /** The rail's id for the payment, once known. */
    providerRef: text('provider_ref'),
    /** The caller's Idempotency-Key: the same key on the same campaign returns the same funding. */
    requestKey: text('request_key').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('campaign_fundings_request_key').on(t.campaignId, t.requestKey),
    index('campaign_fundings_campaign_id_idx').on(t.campaignId, t.createdAt),
    check('campaign_fundings_status', sql`status IN (${inList(fundingStates)})`),
    check(
      'campaign_fundings_amounts',
      sql`gross_micros > 0 AND fee_micros >= 0 AND budget_micros > 0 AND gross_micros = fee_micros + budget_micros`,
    ),
  ],
);
