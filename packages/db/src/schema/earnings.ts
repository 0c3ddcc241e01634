import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { campaigns } from './campaigns.js';
import { participations, submissions } from './participation.js';

/**
 * Metrics and earnings state (DESIGN §4): snapshots of a post's cumulative metric, and per post what the
 * earnings writer has already posted to the ledger. The ledger transfers themselves are the record of money;
 * post_earnings only remembers where the writer is (posted total, key sequence, last snapshot used), and is
 * written in the same transaction as the transfers it describes.
 */
export const metricSnapshots = pgTable(
  'metric_snapshots',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'restrict' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    /** The cumulative metric (views or clicks) as observed. */
    metricTotal: bigint('metric_total', { mode: 'bigint' }).notNull(),
    /** Views or clicks judged invalid by fraud rules, deducted before earnings (cumulative too). */
    deductedTotal: bigint('deducted_total', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    /** Where it came from: sandbox, youtube, tiktok, instagram, x, clicks. */
    source: text('source').notNull(),
    observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('metric_snapshots_submission_id_idx').on(t.submissionId, t.id),
    index('metric_snapshots_campaign_id_idx').on(t.campaignId, t.id),
    check('metric_snapshots_totals', sql`metric_total >= 0 AND deducted_total >= 0 AND deducted_total <= metric_total`),
  ],
);

export const postEarnings = pgTable(
  'post_earnings',
  {
    submissionId: uuid('submission_id')
      .primaryKey()
      .references(() => submissions.id, { onDelete: 'restrict' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    participationId: uuid('participation_id')
      .notNull()
      .references(() => participations.id, { onDelete: 'restrict' }),
    /** Net earnings posted for the post (accruals − clawbacks). */
    postedMicros: bigint('posted_micros', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    /** How many earnings transfers the post has: the next idempotency key's sequence. */
    sequence: integer('sequence').notNull().default(0),
    /** The last snapshot the writer used; null before the first run. */
    lastSnapshotId: bigint('last_snapshot_id', { mode: 'bigint' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('post_earnings_campaign_id_idx').on(t.campaignId),
    index('post_earnings_participation_id_idx').on(t.participationId),
    check('post_earnings_posted', sql`posted_micros >= 0 AND sequence >= 0`),
  ],
);
