import { Inject, Injectable } from '@nestjs/common';
import {
  int8Array,
  isoTime,
  nullableInt8Array,
  queryRows,
  textArray,
  timestampArray,
  uuidArray,
  type DatabaseHandle,
  type Executor,
} from '@creator-rewards/db';
import { sql, type SQL } from 'drizzle-orm';
import { DATABASE } from '../../platform/tokens.js';

/**
 * Queries of the earnings module; no rules here. Every method takes the executor so the service decides the
 * transaction (the accrual run reads and writes under the campaign's single-writer lock).
 *
 * Tables it WRITES: metric_snapshots (append only) and post_earnings (where the writer is per post). Nothing else.
 *
 * Tables it READS without owning them, read-only, as the earnings read model:
 * - submissions and participations (participation module): the accrual run needs every due post of a campaign
 *   with its status, its participation's state, its latest snapshot and its post_earnings row in ONE round trip
 *   whatever the campaign's size, which no per-object service call can give. Never written here.
 * - ledger_accounts, ledger_entries, ledger_transfers (ledger module): aggregates the ledger's generic reads do not
 *   offer: pacing spend by the transfers' effective_at (the injected clock's time, see pacingSpend), the sums the
 *   hold release needs (accruals whose metadata holdEndsAt has passed, locks, clawbacks from pending), a post's
 *   earnings transfers, and a participation's pending money by hold end. Money only ever moves through
 *   LedgerService.post.
 *
 * Raw SQL, as in the ledger repository: lists travel as one array parameter each, int8 and timestamps come back
 * as text so both drivers (pg and PGlite) answer the same shapes; amounts are returned as bigint.
 */

export type NewSnapshot = {
  submissionId: string;
  metricTotal: bigint;
  deductedTotal: bigint;
  source: string;
  observedAt: Date;
};

export type InsertedSnapshot = { id: string; submissionId: string; campaignId: string };

/** One post of a campaign that needs an accrual run, with everything the run needs about it. */
export type DuePostRow = {
  submissionId: string;
  participationId: string;
  participantId: string;
  submissionStatus: string;
  participationState: string;
  /** False before the post's first run (no post_earnings row yet). */
  hasEarningsRow: boolean;
  postedMicros: bigint;
  sequence: number;
  lastSnapshotId: string | null;
  /** The latest observation (by observed_at, then id); null when the post has no snapshot. */
  snapshot: { id: string; metricTotal: bigint; deductedTotal: bigint; observedAt: Date } | null;
  /** The highest snapshot id of the post: the watermark a completed run records. */
  maxSnapshotId: string | null;
  /** Net posted over every post of the participation (not only the due ones). */
  participationPostedMicros: bigint;
};

export type PostEarningsWrite = {
  submissionId: string;
  campaignId: string;
  participationId: string;
  /** What the run read: an update only applies when the row still has this sequence (null: no row yet). */
  previousSequence: number | null;
  postedMicros: bigint;
  sequence: number;
  lastSnapshotId: string | null;
};

export type HoldSums = {
  /** Accruals into the pending account whose holdEndsAt ≤ now. */
  maturedAccruedMicros: bigint;
  lockedMicros: bigint;
  /** How many lock transfers the account has: the next lock's key sequence. */
  lockCount: number;
  /** Taken from pending by clawbacks (their fromPending legs). */
  clawedBackFromPendingMicros: bigint;
};

export type SubmissionRow = {
  id: string;
  campaignId: string;
  participationId: string;
  participantId: string;
  status: string;
  platform: string;
  canonicalUrl: string;
  participationState: string;
};

export type SnapshotRow = {
  id: string;
  metricTotal: bigint;
  deductedTotal: bigint;
  source: string;
  observedAt: Date;
};

export type PostEarningsRow = {
  postedMicros: bigint;
  sequence: number;
  lastSnapshotId: string | null;
  participationPostedMicros: bigint;
};

export type PostTransferRow = {
  kind: string;
  idempotencyKey: string;
  metadata: Record<string, string>;
  /** The transfer's leg on the campaign budget (credit-positive: an accrual is negative). */
  budgetLegMicros: bigint;
  createdAt: Date;
  effectiveAt: Date;
};

export type MyParticipationRow = {
  participationId: string;
  campaignId: string;
  state: string;
  postedMicros: bigint;
  /** A post of the participation with earnings awaits a decision (see underReview). */
  underReview: boolean;
};

export type PendingPortion = { accountKey: string; holdEndsAt: Date | null; amountMicros: bigint };

/** States of a participation whose posts take part in accrual runs ('rejected' ones are clawed back). */
const RUN_PARTICIPATION_STATES = ['approved', 'active', 'completed', 'paid', 'rejected'];

@Injectable()
export class EarningsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  get db() {
    return this.database.db;
  }

  /**
   * Inserts the snapshots in the given order (ids follow it), taking campaign_id from each submission. Snapshots of
   * unknown submissions are not inserted: the answer lacks them, and the caller decides.
   */
  async insertSnapshots(tx: Executor, items: readonly NewSnapshot[]): Promise<InsertedSnapshot[]> {
    if (items.length === 0) return [];
    const rows = await queryRows<{ id: string; submission_id: string; campaign_id: string }>(
      tx,
      sql`INSERT INTO metric_snapshots (submission_id, campaign_id, metric_total, deducted_total, source, observed_at)
          SELECT u.submission_id, s.campaign_id, u.metric_total, u.deducted_total, u.source, u.observed_at
            FROM unnest(${uuidArray(items.map((i) => i.submissionId))},
                        ${int8Array(items.map((i) => i.metricTotal))},
                        ${int8Array(items.map((i) => i.deductedTotal))},
                        ${textArray(items.map((i) => i.source))},
                        ${timestampArray(items.map((i) => i.observedAt))})
                 WITH ORDINALITY AS u(submission_id, metric_total, deducted_total, source, observed_at, ord)
            JOIN submissions s ON s.id = u.submission_id
           ORDER BY u.ord
       RETURNING id::text AS id, submission_id::text AS submission_id, campaign_id::text AS campaign_id`,
    );
    return rows.map((r) => ({ id: r.id, submissionId: r.submission_id, campaignId: r.campaign_id }));
  }

  /**
   * Every post of the campaign that needs a run, in one round trip (see duePredicate), ordered by submission id.
   */
  async duePosts(tx: Executor, campaignId: string): Promise<DuePostRow[]> {
    const rows = await queryRows<{
      submission_id: string;
      participation_id: string;
      participant_id: string;
      status: string;
      participation_state: string;
      has_row: boolean;
      posted: string;
      sequence: number;
      last_snapshot_id: string | null;
      snapshot_id: string | null;
      metric_total: string | null;
      deducted_total: string | null;
      observed_at: string | null;
      max_snapshot_id: string | null;
      participation_posted: string;
    }>(
      tx,
      sql`SELECT s.id::text AS submission_id, s.participation_id::text AS participation_id,
                 s.participant_id::text AS participant_id, s.status, p.state AS participation_state,
                 pe.submission_id IS NOT NULL AS has_row,
                 coalesce(pe.posted_micros, 0)::text AS posted, coalesce(pe.sequence, 0)::int AS sequence,
                 pe.last_snapshot_id::text AS last_snapshot_id,
                 ls.id::text AS snapshot_id, ls.metric_total::text AS metric_total,
                 ls.deducted_total::text AS deducted_total, ${isoTime(sql`ls.observed_at`)} AS observed_at,
                 mx.max_id::text AS max_snapshot_id,
                 (SELECT coalesce(sum(pp.posted_micros), 0) FROM post_earnings pp
                   WHERE pp.participation_id = s.participation_id)::text AS participation_posted
            FROM submissions s
            JOIN participations p ON p.id = s.participation_id
            LEFT JOIN post_earnings pe ON pe.submission_id = s.id
            LEFT JOIN LATERAL (SELECT max(m.id) AS max_id FROM metric_snapshots m WHERE m.submission_id = s.id) mx
                   ON true
            LEFT JOIN LATERAL (SELECT m.id, m.metric_total, m.deducted_total, m.observed_at
                                 FROM metric_snapshots m WHERE m.submission_id = s.id
                                ORDER BY m.observed_at DESC, m.id DESC LIMIT 1) ls ON true
           WHERE s.campaign_id = ${campaignId}::uuid AND ${duePredicate()}
           ORDER BY s.id`,
    );
    return rows.map((r) => ({
      submissionId: r.submission_id,
      participationId: r.participation_id,
      participantId: r.participant_id,
      submissionStatus: r.status,
      participationState: r.participation_state,
      hasEarningsRow: r.has_row,
      postedMicros: BigInt(r.posted),
      sequence: Number(r.sequence),
      lastSnapshotId: r.last_snapshot_id,
      snapshot:
        r.snapshot_id === null
          ? null
          : {
              id: r.snapshot_id,
              metricTotal: BigInt(r.metric_total!),
              deductedTotal: BigInt(r.deducted_total!),
              observedAt: new Date(r.observed_at!),
            },
      maxSnapshotId: r.max_snapshot_id,
      participationPostedMicros: BigInt(r.participation_posted),
    }));
  }

  /** Which of these campaigns have at least one due post (the sweeper's question; stops at the first per campaign). */
  async campaignsWithDuePosts(tx: Executor, campaignIds: readonly string[]): Promise<string[]> {
    if (campaignIds.length === 0) return [];
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`SELECT c.id::text AS id
            FROM unnest(${uuidArray(campaignIds)}) AS c(id)
           WHERE EXISTS (
                 SELECT 1
                   FROM submissions s
                   JOIN participations p ON p.id = s.participation_id
                   LEFT JOIN post_earnings pe ON pe.submission_id = s.id
                   LEFT JOIN LATERAL (SELECT max(m.id) AS max_id FROM metric_snapshots m
                                       WHERE m.submission_id = s.id) mx ON true
                  WHERE s.campaign_id = c.id AND ${duePredicate()})
           ORDER BY c.id`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Records where the writer is for each post of a run. An existing row is only updated when it still has the
   * sequence the run read, and a new row only inserted when none exists: the answer counts the rows written, and
   * anything short of all of them means the run computed from a stale state (the caller rolls back).
   */
  async writePostEarnings(tx: Executor, writes: readonly PostEarningsWrite[]): Promise<number> {
    const updates = writes.filter((w) => w.previousSequence !== null);
    const inserts = writes.filter((w) => w.previousSequence === null);
    let written = 0;
    if (updates.length > 0) {
      const rows = await queryRows<{ id: string }>(
        tx,
        sql`UPDATE post_earnings pe
               SET posted_micros = u.posted, sequence = u.sequence, last_snapshot_id = u.last_snapshot_id,
                   updated_at = now()
              FROM unnest(${uuidArray(updates.map((w) => w.submissionId))},
                          ${int8Array(updates.map((w) => BigInt(w.previousSequence!)))},
                          ${int8Array(updates.map((w) => w.postedMicros))},
                          ${int8Array(updates.map((w) => BigInt(w.sequence)))},
                          ${nullableInt8Array(updates.map((w) => w.lastSnapshotId))})
                   AS u(submission_id, previous_sequence, posted, sequence, last_snapshot_id)
             WHERE pe.submission_id = u.submission_id AND pe.sequence = u.previous_sequence
         RETURNING pe.submission_id::text AS id`,
      );
      written += rows.length;
    }
    if (inserts.length > 0) {
      const rows = await queryRows<{ id: string }>(
        tx,
        sql`INSERT INTO post_earnings (submission_id, campaign_id, participation_id, posted_micros, sequence,
                                       last_snapshot_id)
            SELECT u.submission_id, u.campaign_id, u.participation_id, u.posted, u.sequence, u.last_snapshot_id
              FROM unnest(${uuidArray(inserts.map((w) => w.submissionId))},
                          ${uuidArray(inserts.map((w) => w.campaignId))},
                          ${uuidArray(inserts.map((w) => w.participationId))},
                          ${int8Array(inserts.map((w) => w.postedMicros))},
                          ${int8Array(inserts.map((w) => BigInt(w.sequence)))},
                          ${nullableInt8Array(inserts.map((w) => w.lastSnapshotId))})
                   AS u(submission_id, campaign_id, participation_id, posted, sequence, last_snapshot_id)
            ON CONFLICT (submission_id) DO NOTHING
         RETURNING submission_id::text AS id`,
      );
      written += rows.length;
    }
    return written;
  }

  /**
   * Gross accruals out of a campaign budget whose effective_at falls in [dayStart, dayEnd) and [hourStart, hourEnd).
   * effective_at, not the entries' created_at: the accrual run sets it from the injected clock, so pacing windows
   * follow the same clock as everything else (and tests can move it); in production both are the same instant.
   * Scans the budget account's entries (an index on effective_at would need a migration); only called for campaigns
   * with a daily or hourly cap.
   */
  async pacingSpend(
    tx: Executor,
    budgetAccountKey: string,
    windows: { dayStart: Date; dayEnd: Date; hourStart: Date; hourEnd: Date },
  ): Promise<{ dayMicros: bigint; hourMicros: bigint }> {
    const [row] = await queryRows<{ day: string; hour: string }>(
      tx,
      sql`SELECT coalesce(-sum(e.amount_micros), 0)::text AS day,
                 coalesce(-sum(e.amount_micros) FILTER (
                   WHERE t.effective_at >= ${windows.hourStart.toISOString()}::text::timestamptz
                     AND t.effective_at < ${windows.hourEnd.toISOString()}::text::timestamptz), 0)::text AS hour
            FROM ledger_accounts a
            JOIN ledger_entries e ON e.account_id = a.id
            JOIN ledger_transfers t ON t.id = e.transfer_id
           WHERE a.key = ${budgetAccountKey} AND t.kind = 'accrue'
             AND t.effective_at >= ${windows.dayStart.toISOString()}::text::timestamptz
             AND t.effective_at < ${windows.dayEnd.toISOString()}::text::timestamptz`,
    );
    return { dayMicros: BigInt(row?.day ?? '0'), hourMicros: BigInt(row?.hour ?? '0') };
  }

  /** The participations of a campaign (every state): whose pending accounts the hold release and closing look at. */
  async participationsOf(tx: Executor, campaignId: string): Promise<{ id: string; participantId: string }[]> {
    const rows = await queryRows<{ id: string; participant_id: string }>(
      tx,
      sql`SELECT id::text AS id, participant_id::text AS participant_id
            FROM participations WHERE campaign_id = ${campaignId}::uuid ORDER BY id`,
    );
    return rows.map((r) => ({ id: r.id, participantId: r.participant_id }));
  }

  /** Which of the campaign's participations are under review (see underReview): their pending money is not released. */
  async participationsUnderReview(tx: Executor, campaignId: string): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`SELECT p.id::text AS id FROM participations p
           WHERE p.campaign_id = ${campaignId}::uuid AND ${underReview(sql`p`)}`,
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Per participant_pending account key: the sums lockableMicros needs, as of `now`. Accounts with no entry are absent. */
  async holdSums(tx: Executor, pendingAccountKeys: readonly string[], now: Date): Promise<Map<string, HoldSums>> {
    if (pendingAccountKeys.length === 0) return new Map();
    const rows = await queryRows<{ key: string; matured: string; locked: string; locks: string; clawed: string }>(
      tx,
      sql`SELECT a.key,
                 coalesce(sum(e.amount_micros) FILTER (
                   WHERE t.kind = 'accrue'
                     AND (t.metadata->>'holdEndsAt')::timestamptz <= ${now.toISOString()}::text::timestamptz), 0
                 )::text AS matured,
                 coalesce(-sum(e.amount_micros) FILTER (WHERE t.kind = 'lock'), 0)::text AS locked,
                 count(*) FILTER (WHERE t.kind = 'lock')::text AS locks,
                 coalesce(-sum(e.amount_micros) FILTER (WHERE t.kind = 'clawback'), 0)::text AS clawed
            FROM unnest(${textArray(pendingAccountKeys)}) AS k(key)
            JOIN ledger_accounts a ON a.key = k.key
            JOIN ledger_entries e ON e.account_id = a.id
            JOIN ledger_transfers t ON t.id = e.transfer_id
           GROUP BY a.key`,
    );
    return new Map(
      rows.map((r) => [
        r.key,
        {
          maturedAccruedMicros: BigInt(r.matured),
          lockedMicros: BigInt(r.locked),
          lockCount: Number(r.locks),
          clawedBackFromPendingMicros: BigInt(r.clawed),
        },
      ]),
    );
  }

  /** A submission with its participation's state; undefined when it does not exist. */
  async findSubmission(tx: Executor, submissionId: string): Promise<SubmissionRow | undefined> {
    const [row] = await queryRows<{
      id: string;
      campaign_id: string;
      participation_id: string;
      participant_id: string;
      status: string;
      platform: string;
      canonical_url: string;
      participation_state: string;
    }>(
      tx,
      sql`SELECT s.id::text AS id, s.campaign_id::text AS campaign_id, s.participation_id::text AS participation_id,
                 s.participant_id::text AS participant_id, s.status, s.platform, s.canonical_url,
                 p.state AS participation_state
            FROM submissions s JOIN participations p ON p.id = s.participation_id
           WHERE s.id = ${submissionId}::uuid`,
    );
    if (!row) return undefined;
    return {
      id: row.id,
      campaignId: row.campaign_id,
      participationId: row.participation_id,
      participantId: row.participant_id,
      status: row.status,
      platform: row.platform,
      canonicalUrl: row.canonical_url,
      participationState: row.participation_state,
    };
  }

  /** The post's latest snapshots, newest observation first, and how many it has in all. */
  async latestSnapshots(
    tx: Executor,
    submissionId: string,
    limit: number,
  ): Promise<{ items: SnapshotRow[]; total: number }> {
    const rows = await queryRows<{
      id: string;
      metric_total: string;
      deducted_total: string;
      source: string;
      observed_at: string;
      total: string;
    }>(
      tx,
      sql`SELECT m.id::text AS id, m.metric_total::text AS metric_total, m.deducted_total::text AS deducted_total,
                 m.source, ${isoTime(sql`m.observed_at`)} AS observed_at, count(*) OVER ()::text AS total
            FROM metric_snapshots m
           WHERE m.submission_id = ${submissionId}::uuid
           ORDER BY m.observed_at DESC, m.id DESC
           LIMIT ${limit}`,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        metricTotal: BigInt(r.metric_total),
        deductedTotal: BigInt(r.deducted_total),
        source: r.source,
        observedAt: new Date(r.observed_at),
      })),
      total: rows.length === 0 ? 0 : Number(rows[0]!.total),
    };
  }

  /** The post's earnings row with its participation's posted total; zeros before the first run. */
  async postEarnings(tx: Executor, submissionId: string, participationId: string): Promise<PostEarningsRow> {
    const [row] = await queryRows<{
      posted: string | null;
      sequence: number | null;
      last_snapshot_id: string | null;
      participation_posted: string;
    }>(
      tx,
      sql`SELECT pe.posted_micros::text AS posted, pe.sequence, pe.last_snapshot_id::text AS last_snapshot_id,
                 (SELECT coalesce(sum(pp.posted_micros), 0) FROM post_earnings pp
                   WHERE pp.participation_id = ${participationId}::uuid)::text AS participation_posted
            FROM (SELECT 1) one
            LEFT JOIN post_earnings pe ON pe.submission_id = ${submissionId}::uuid`,
    );
    return {
      postedMicros: BigInt(row?.posted ?? '0'),
      sequence: Number(row?.sequence ?? 0),
      lastSnapshotId: row?.last_snapshot_id ?? null,
      participationPostedMicros: BigInt(row?.participation_posted ?? '0'),
    };
  }

  /** The transfers recorded under these idempotency keys, with their leg on a campaign budget, in key order given. */
  async transfersByKeys(tx: Executor, keys: readonly string[]): Promise<PostTransferRow[]> {
    if (keys.length === 0) return [];
    const rows = await queryRows<{
      kind: string;
      idempotency_key: string;
      metadata: Record<string, string>;
      budget_leg: string;
      created_at: string;
      effective_at: string;
    }>(
      tx,
      sql`SELECT t.kind, t.idempotency_key, t.metadata, e.amount_micros::text AS budget_leg,
                 ${isoTime(sql`t.created_at`)} AS created_at, ${isoTime(sql`t.effective_at`)} AS effective_at
            FROM unnest(${textArray(keys)}) WITH ORDINALITY AS k(key, ord)
            JOIN ledger_transfers t ON t.idempotency_key = k.key
            JOIN ledger_entries e ON e.transfer_id = t.id
            JOIN ledger_accounts a ON a.id = e.account_id AND a.type = 'campaign_budget'
           ORDER BY k.ord`,
    );
    return rows.map((r) => ({
      kind: r.kind,
      idempotencyKey: r.idempotency_key,
      metadata: r.metadata,
      budgetLegMicros: BigInt(r.budget_leg),
      createdAt: new Date(r.created_at),
      effectiveAt: new Date(r.effective_at),
    }));
  }

  /** A participant's participations, newest first (ids are UUIDv7), strictly before `beforeId` when given. */
  async myParticipations(
    tx: Executor,
    participantId: string,
    page: { beforeId?: string; limit: number },
  ): Promise<MyParticipationRow[]> {
    const before = page.beforeId === undefined ? sql`` : sql`AND p.id < ${page.beforeId}::uuid`;
    const rows = await queryRows<{
      id: string;
      campaign_id: string;
      state: string;
      posted: string;
      under_review: boolean;
    }>(
      tx,
      sql`SELECT p.id::text AS id, p.campaign_id::text AS campaign_id, p.state,
                 (SELECT coalesce(sum(pe.posted_micros), 0) FROM post_earnings pe
                   WHERE pe.participation_id = p.id)::text AS posted,
                 ${underReview(sql`p`)} AS under_review
            FROM participations p
           WHERE p.participant_id = ${participantId}::uuid ${before}
           ORDER BY p.id DESC
           LIMIT ${page.limit}`,
    );
    return rows.map((r) => ({
      participationId: r.id,
      campaignId: r.campaign_id,
      state: r.state,
      postedMicros: BigInt(r.posted),
      underReview: r.under_review,
    }));
  }

  /**
   * What the pending balance of each account is made of, by hold end. Pending money is a queue (domain hold.ts):
   * accruals join at the back, locks and clawbacks take from the front, so the balance is always the NEWEST
   * `balance` micros of the account's accruals. Walking the accruals newest first, each contributes what is left
   * of the balance, up to its own amount; the answer lists those portions.
   */
  async pendingPortions(tx: Executor, pendingAccountKeys: readonly string[]): Promise<PendingPortion[]> {
    if (pendingAccountKeys.length === 0) return [];
    const rows = await queryRows<{ key: string; hold_ends_at: string | null; portion: string }>(
      tx,
      sql`SELECT x.key, x.hold_ends_at,
                 least(x.amount, x.balance - (x.running - x.amount))::text AS portion
            FROM (SELECT a.key, a.balance_micros AS balance, e.amount_micros AS amount,
                         t.metadata->>'holdEndsAt' AS hold_ends_at,
                         sum(e.amount_micros) OVER (PARTITION BY a.id ORDER BY e.id DESC) AS running
                    FROM unnest(${textArray(pendingAccountKeys)}) AS k(key)
                    JOIN ledger_accounts a ON a.key = k.key AND a.balance_micros > 0
                    JOIN ledger_entries e ON e.account_id = a.id
                    JOIN ledger_transfers t ON t.id = e.transfer_id AND t.kind = 'accrue') x
           WHERE x.running - x.amount < x.balance
           ORDER BY x.key, x.hold_ends_at`,
    );
    return rows.map((r) => ({
      accountKey: r.key,
      holdEndsAt: r.hold_ends_at === null ? null : new Date(r.hold_ends_at),
      amountMicros: BigInt(r.portion),
    }));
  }
}

/**
 * A participation is under review while one of its posts with earnings awaits a decision: its submission is still
 * pending verification, or it was rejected (the submission or the whole participation) and the accrual run has not
 * clawed it back yet. Its pending money is then not released (a rejection would otherwise claw back from available)
 * and says "under review". `p` is the participations alias of the caller.
 */
function underReview(p: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM submissions s JOIN post_earnings pe ON pe.submission_id = s.id
                      WHERE s.participation_id = ${p}.id AND pe.posted_micros > 0
                        AND (s.status IN ('pending_verification', 'rejected') OR ${p}.state = 'rejected'))`;
}

/**
 * A post needs a run when it has a snapshot newer than the last one a run recorded (for a post that counts), or
 * when it must be clawed back: its submission or its participation was rejected and it still has earnings.
 * Participations that are applied (not approved yet) or withdrawn take no part: a withdrawn participant keeps what
 * was posted and earns nothing more. Expects the aliases s, p, pe and mx (max snapshot id) of the callers.
 */
function duePredicate(): SQL {
  const states = sql.raw(RUN_PARTICIPATION_STATES.map((s) => `'${s}'`).join(', '));
  return sql`p.state IN (${states})
         AND CASE WHEN s.status = 'rejected' OR p.state = 'rejected'
                  THEN coalesce(pe.posted_micros, 0) > 0
                  ELSE mx.max_id > coalesce(pe.last_snapshot_id, 0) END`;
}
