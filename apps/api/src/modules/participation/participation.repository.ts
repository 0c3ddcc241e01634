import { Inject, Injectable } from '@nestjs/common';
import { participations, socialAccounts, submissions, type DatabaseHandle, type Executor } from '@creator-rewards/db';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { after, before, exactTime, type Keyset } from '../../platform/http/pagination.js';
import { DATABASE } from '../../platform/tokens.js';

export type SocialAccountRow = typeof socialAccounts.$inferSelect;
export type ParticipationRow = typeof participations.$inferSelect;
export type NewParticipationRow = typeof participations.$inferInsert;
export type ParticipationState = ParticipationRow['state'];
export type SubmissionRow = typeof submissions.$inferSelect;
export type NewSubmissionRow = typeof submissions.$inferInsert;
export type SubmissionStatus = SubmissionRow['status'];

export type Paged<Row> = Row & { cursorAt: string };
type PageFilter = { after?: Keyset | undefined; limit: number };

/** Queries of social accounts, participations and submissions: plain rows, no rules. */
@Injectable()
export class ParticipationRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  get db() {
    return this.database.db;
  }

  // Social accounts

  async listSocialAccounts(userId: string): Promise<SocialAccountRow[]> {
    return this.db
      .select()
      .from(socialAccounts)
      .where(eq(socialAccounts.userId, userId))
      .orderBy(asc(socialAccounts.platform), asc(socialAccounts.createdAt), asc(socialAccounts.id));
  }

  async countSocialAccounts(userId: string, tx: Executor = this.db): Promise<number> {
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(socialAccounts)
      .where(eq(socialAccounts.userId, userId));
    return row?.n ?? 0;
  }

  /** Undefined when the user already declared this handle on this platform (unique, case-insensitive). */
  async insertSocialAccount(
    values: typeof socialAccounts.$inferInsert,
    tx: Executor = this.db,
  ): Promise<SocialAccountRow | undefined> {
    const [row] = await tx.insert(socialAccounts).values(values).onConflictDoNothing().returning();
    return row;
  }

  async socialAccountsByIds(ids: readonly string[], tx: Executor = this.db): Promise<SocialAccountRow[]> {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(socialAccounts)
      .where(inArray(socialAccounts.id, [...ids]));
  }

  /**
   * The user's accounts among `ids`, share-locked until the transaction ends: a concurrent delete waits, and
   * then sees the participation that uses them.
   */
  async lockOwnSocialAccounts(userId: string, ids: readonly string[], tx: Executor): Promise<SocialAccountRow[]> {
    return tx
      .select()
      .from(socialAccounts)
      .where(and(eq(socialAccounts.userId, userId), inArray(socialAccounts.id, [...ids])))
      .for('share');
  }

  async lockOwnSocialAccount(userId: string, id: string, tx: Executor): Promise<SocialAccountRow | undefined> {
    const [row] = await tx
      .select()
      .from(socialAccounts)
      .where(and(eq(socialAccounts.userId, userId), eq(socialAccounts.id, id)))
      .for('update');
    return row;
  }

  /** Whether a participation of the user in one of `states` applied with the account. */
  async isSocialAccountUsed(
    userId: string,
    id: string,
    states: readonly ParticipationState[],
    tx: Executor,
  ): Promise<boolean> {
    const rows = await tx
      .select({ id: participations.id })
      .from(participations)
      .where(
        and(
          eq(participations.participantId, userId),
          inArray(participations.state, [...states]),
          sql`${id}::uuid = ANY(${participations.socialAccountIds})`,
        ),
      )
      .limit(1);
    return rows.length > 0;
  }

  async deleteSocialAccount(id: string, tx: Executor): Promise<void> {
    await tx.delete(socialAccounts).where(eq(socialAccounts.id, id));
  }

  // Participations

  /** Undefined when the participant already has a participation in the campaign (unique per campaign). */
  async insertParticipation(values: NewParticipationRow, tx: Executor): Promise<ParticipationRow | undefined> {
    const [row] = await tx
      .insert(participations)
      .values(values)
      .onConflictDoNothing({ target: [participations.campaignId, participations.participantId] })
      .returning();
    return row;
  }

  async findParticipation(id: string, tx: Executor = this.db): Promise<ParticipationRow | undefined> {
    const [row] = await tx.select().from(participations).where(eq(participations.id, id));
    return row;
  }

  async findParticipationByTrackingCode(code: string): Promise<ParticipationRow | undefined> {
    const [row] = await this.db.select().from(participations).where(eq(participations.trackingCode, code));
    return row;
  }

  async findParticipationOf(
    campaignId: string,
    participantId: string,
    tx: Executor = this.db,
  ): Promise<ParticipationRow | undefined> {
    const [row] = await tx
      .select()
      .from(participations)
      .where(and(eq(participations.campaignId, campaignId), eq(participations.participantId, participantId)));
    return row;
  }

  async lockParticipation(id: string, tx: Executor): Promise<ParticipationRow | undefined> {
    const [row] = await tx.select().from(participations).where(eq(participations.id, id)).for('update');
    return row;
  }

  /** Compare-and-set on the state: zero rows (undefined) means someone moved it first. */
  async updateParticipationIf(
    id: string,
    from: readonly ParticipationState[],
    set: Partial<NewParticipationRow>,
    tx: Executor,
  ): Promise<ParticipationRow | undefined> {
    const [row] = await tx
      .update(participations)
      .set(set)
      .where(and(eq(participations.id, id), inArray(participations.state, [...from])))
      .returning();
    return row;
  }

  /**
   * The per-participant submission cap as an atomic counter: one more submission while the participation is in
   * `states` and under `cap` (null: no cap). Returns the participation's state, or undefined when refused.
   */
  async claimSubmissionPlace(
    id: string,
    states: readonly ParticipationState[],
    cap: number | null,
    at: Date,
    tx: Executor,
  ): Promise<ParticipationState | undefined> {
    const [row] = await tx
      .update(participations)
      .set({ submissionCount: sql`${participations.submissionCount} + 1`, updatedAt: at })
      .where(
        and(
          eq(participations.id, id),
          inArray(participations.state, [...states]),
          cap === null ? undefined : sql`${participations.submissionCount} < ${cap}`,
        ),
      )
      .returning({ state: participations.state });
    return row?.state;
  }

  async releaseSubmissionPlace(id: string, at: Date, tx: Executor): Promise<void> {
    await tx
      .update(participations)
      .set({ submissionCount: sql`${participations.submissionCount} - 1`, updatedAt: at })
      .where(and(eq(participations.id, id), sql`${participations.submissionCount} > 0`));
  }

  /** The participant's participations, newest first. */
  async listByParticipant(
    participantId: string,
    filter: PageFilter & { state?: ParticipationState | undefined },
  ): Promise<Paged<ParticipationRow>[]> {
    const rows = await this.db
      .select({ row: participations, cursorAt: exactTime(participations.createdAt) })
      .from(participations)
      .where(
        and(
          eq(participations.participantId, participantId),
          filter.state ? eq(participations.state, filter.state) : undefined,
          filter.after ? before(participations.createdAt, participations.id, filter.after) : undefined,
        ),
      )
      .orderBy(desc(participations.createdAt), desc(participations.id))
      .limit(filter.limit + 1);
    return rows.map((r) => ({ ...r.row, cursorAt: r.cursorAt }));
  }

  /** A campaign's participations, oldest first (applications are a queue). */
  async listByCampaign(
    campaignId: string,
    filter: PageFilter & { state?: ParticipationState | undefined },
  ): Promise<Paged<ParticipationRow>[]> {
    const rows = await this.db
      .select({ row: participations, cursorAt: exactTime(participations.createdAt) })
      .from(participations)
      .where(
        and(
          eq(participations.campaignId, campaignId),
          filter.state ? eq(participations.state, filter.state) : undefined,
          filter.after ? after(participations.createdAt, participations.id, filter.after) : undefined,
        ),
      )
      .orderBy(asc(participations.createdAt), asc(participations.id))
      .limit(filter.limit + 1);
    return rows.map((r) => ({ ...r.row, cursorAt: r.cursorAt }));
  }

  // Submissions

  /** Undefined when the post (its dedup key) is already on the platform, even from a transaction still open. */
  async insertSubmission(values: NewSubmissionRow, tx: Executor): Promise<SubmissionRow | undefined> {
    const [row] = await tx
      .insert(submissions)
      .values(values)
      .onConflictDoNothing({ target: submissions.dedupKey })
      .returning();
    return row;
  }

  async findSubmissionByDedupKey(dedupKey: string, tx: Executor = this.db): Promise<SubmissionRow | undefined> {
    const [row] = await tx.select().from(submissions).where(eq(submissions.dedupKey, dedupKey));
    return row;
  }

  async findSubmission(id: string, tx: Executor = this.db): Promise<SubmissionRow | undefined> {
    const [row] = await tx.select().from(submissions).where(eq(submissions.id, id));
    return row;
  }

  async lockSubmission(id: string, tx: Executor): Promise<SubmissionRow | undefined> {
    const [row] = await tx.select().from(submissions).where(eq(submissions.id, id)).for('update');
    return row;
  }

  async updateSubmissionIf(
    id: string,
    from: readonly SubmissionStatus[],
    set: Partial<NewSubmissionRow>,
    tx: Executor,
  ): Promise<SubmissionRow | undefined> {
    const [row] = await tx
      .update(submissions)
      .set(set)
      .where(and(eq(submissions.id, id), inArray(submissions.status, [...from])))
      .returning();
    return row;
  }

  /** Appends a stored evidence key while the submission is in `from` and has fewer than `max` of them. */
  async appendEvidence(
    id: string,
    key: string,
    guard: { from: readonly SubmissionStatus[]; max: number },
    at: Date,
    tx: Executor,
  ): Promise<SubmissionRow | undefined> {
    const [row] = await tx
      .update(submissions)
      .set({ evidenceKeys: sql`array_append(${submissions.evidenceKeys}, ${key}::text)`, updatedAt: at })
      .where(
        and(
          eq(submissions.id, id),
          inArray(submissions.status, [...guard.from]),
          sql`cardinality(${submissions.evidenceKeys}) < ${guard.max}`,
        ),
      )
      .returning();
    return row;
  }

  /** Newest first, for a participant or a campaign (exactly one of the two owners is given). */
  async listSubmissions(
    owner: { participantId: string } | { campaignId: string },
    filter: PageFilter & { status?: SubmissionStatus | undefined; participationId?: string | undefined },
  ): Promise<Paged<SubmissionRow>[]> {
    const rows = await this.db
      .select({ row: submissions, cursorAt: exactTime(submissions.createdAt) })
      .from(submissions)
      .where(
        and(
          'participantId' in owner
            ? eq(submissions.participantId, owner.participantId)
            : eq(submissions.campaignId, owner.campaignId),
          filter.status ? eq(submissions.status, filter.status) : undefined,
          filter.participationId ? eq(submissions.participationId, filter.participationId) : undefined,
          filter.after ? before(submissions.createdAt, submissions.id, filter.after) : undefined,
        ),
      )
      .orderBy(desc(submissions.createdAt), desc(submissions.id))
      .limit(filter.limit + 1);
    return rows.map((r) => ({ ...r.row, cursorAt: r.cursorAt }));
  }

  /** Every submission of a campaign, oldest first (UUIDv7 ids sort by creation): for the earnings batch. */
  async submissionsOfCampaign(
    campaignId: string,
    statuses: readonly SubmissionStatus[],
    tx: Executor = this.db,
  ): Promise<SubmissionRow[]> {
    return tx
      .select()
      .from(submissions)
      .where(and(eq(submissions.campaignId, campaignId), inArray(submissions.status, [...statuses])))
      .orderBy(asc(submissions.id));
  }
}
