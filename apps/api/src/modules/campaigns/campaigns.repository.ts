import { Inject, Injectable } from '@nestjs/common';
import {
  campaignAllowlist,
  campaignAssets,
  campaignFundings,
  campaigns,
  orgs,
  type DatabaseHandle,
  type Executor,
} from '@creator-rewards/db';
import { and, asc, desc, eq, gte, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { escapeLike } from '../../platform/http/cursor.js';
import { after, before, exactTime, type Keyset } from '../../platform/http/pagination.js';
import { DATABASE } from '../../platform/tokens.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type NewCampaignRow = typeof campaigns.$inferInsert;
export type CampaignAssetRow = typeof campaignAssets.$inferSelect;
export type CampaignFundingRow = typeof campaignFundings.$inferSelect;
export type CampaignState = CampaignRow['state'];
export type CampaignListRow = CampaignRow & { cursorAt: string; remainingMicros: bigint };
export type DirectoryRow = CampaignRow & { orgName: string; remainingMicros: bigint; cursorKey: string };

export type DirectoryFilter = {
  q?: string | undefined;
  platform?: string | undefined;
  category?: string | undefined;
  country?: string | undefined;
  currency?: string | undefined;
  minRateMicros?: bigint | undefined;
  minBudgetLeftMicros?: bigint | undefined;
  sort: 'newest' | 'rate' | 'budget_left';
  after?: { value: string; id: string } | undefined;
  limit: number;
};

/** States anyone may see in the directory. */
export const PUBLIC_STATES: CampaignState[] = ['published', 'paused', 'completed'];

/** The campaign's remaining budget from the ledger's published view (0 before the first funding). */
const remaining = sql<string>`coalesce((SELECT b.remaining_micros FROM campaign_budget_balances b
  WHERE b.campaign_id = ${campaigns.id}::text AND b.currency = ${campaigns.currency}), 0)::text`;

/** Queries of campaigns, their allowlist, assets and fundings; no rules here. */
@Injectable()
export class CampaignsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  get db() {
    return this.database.db;
  }

  async insert(values: NewCampaignRow, tx: Executor = this.db): Promise<CampaignRow> {
    const [row] = await tx.insert(campaigns).values(values).returning();
    return row!;
  }

  async findById(id: string, tx: Executor = this.db): Promise<CampaignRow | undefined> {
    const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, id));
    return row;
  }

  async findByIds(ids: readonly string[], tx: Executor = this.db): Promise<CampaignRow[]> {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(campaigns)
      .where(inArray(campaigns.id, [...ids]));
  }

  async findInOrg(orgId: string, id: string, tx: Executor = this.db): Promise<CampaignRow | undefined> {
    const [row] = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, id), eq(campaigns.orgId, orgId)));
    return row;
  }

  /** Locks the row for the rest of the transaction (funding and transitions read-then-write under it). */
  async lock(id: string, tx: Executor): Promise<CampaignRow | undefined> {
    const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
    return row;
  }

  /**
   * Compare-and-set: applies `set` and bumps the version only while the row is still in `from` at
   * `expectedVersion` (when given). Zero rows means someone changed it first: the caller answers 409.
   */
  async updateIf(
    id: string,
    guard: { from: readonly CampaignState[]; expectedVersion?: number },
    set: Partial<NewCampaignRow>,
    tx: Executor = this.db,
  ): Promise<CampaignRow | undefined> {
    const [row] = await tx
      .update(campaigns)
      .set({ ...set, version: sql`${campaigns.version} + 1`, updatedAt: set.updatedAt ?? sql`now()` })
      .where(
        and(
          eq(campaigns.id, id),
          inArray(campaigns.state, [...guard.from]),
          guard.expectedVersion === undefined ? undefined : eq(campaigns.version, guard.expectedVersion),
        ),
      )
      .returning();
    return row;
  }

  async listByOrg(
    orgId: string,
    filter: { state?: CampaignState | undefined; after?: Keyset | undefined; limit: number },
  ): Promise<CampaignListRow[]> {
    const rows = await this.db
      .select({ campaign: campaigns, cursorAt: exactTime(campaigns.createdAt), remaining })
      .from(campaigns)
      .where(
        and(
          eq(campaigns.orgId, orgId),
          filter.state ? eq(campaigns.state, filter.state) : undefined,
          filter.after ? before(campaigns.createdAt, campaigns.id, filter.after) : undefined,
        ),
      )
      .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
      .limit(filter.limit + 1);
    return rows.map((r) => ({ ...r.campaign, cursorAt: r.cursorAt, remainingMicros: BigInt(r.remaining) }));
  }

  /** Campaigns in review, oldest submission first (a queue). */
  async listInReview(filter: { after?: Keyset | undefined; limit: number }): Promise<CampaignListRow[]> {
    const rows = await this.db
      .select({ campaign: campaigns, cursorAt: exactTime(campaigns.submittedAt), remaining })
      .from(campaigns)
      .where(
        and(
          eq(campaigns.state, 'reviewing'),
          isNotNull(campaigns.submittedAt),
          filter.after ? after(campaigns.submittedAt, campaigns.id, filter.after) : undefined,
        ),
      )
      .orderBy(asc(campaigns.submittedAt), asc(campaigns.id))
      .limit(filter.limit + 1);
    return rows.map((r) => ({ ...r.campaign, cursorAt: r.cursorAt, remainingMicros: BigInt(r.remaining) }));
  }

  /**
   * The public directory: published, paused and completed campaigns, filtered and sorted. Sorting by rate or
   * budget left pages by (value DESC, id DESC) with the value in the cursor, like newest pages by time.
   */
  async listDirectory(filter: DirectoryFilter): Promise<DirectoryRow[]> {
    const remainingValue = sql`coalesce(b.remaining_micros, 0)`;
    const sortValue: SQL =
      filter.sort === 'rate'
        ? sql`${campaigns.ratePerThousandMicros}`
        : filter.sort === 'budget_left'
          ? remainingValue
          : sql`extract(epoch from ${campaigns.publishedAt})::numeric`;
    const conditions: (SQL | undefined)[] = [
      sql`${campaigns.state} IN ('published', 'paused', 'completed')`,
      filter.q ? sql`${campaigns.title} ILIKE ${`%${escapeLike(filter.q)}%`} ESCAPE '\\'` : undefined,
      filter.platform ? sql`${filter.platform} = ANY(${campaigns.platforms})` : undefined,
      filter.category ? eq(campaigns.category, filter.category) : undefined,
      // A campaign without countries targets everyone.
      filter.country
        ? sql`(cardinality(${campaigns.countries}) = 0 OR ${filter.country} = ANY(${campaigns.countries}))`
        : undefined,
      filter.currency ? eq(campaigns.currency, filter.currency) : undefined,
      filter.minRateMicros !== undefined ? gte(campaigns.ratePerThousandMicros, filter.minRateMicros) : undefined,
      filter.minBudgetLeftMicros !== undefined
        ? sql`${remainingValue} >= ${filter.minBudgetLeftMicros.toString()}::int8`
        : undefined,
      filter.after
        ? sql`(${sortValue}, ${campaigns.id}) < (${filter.after.value}::numeric, ${filter.after.id}::uuid)`
        : undefined,
    ];
    const where = and(...conditions.filter((c): c is SQL => c !== undefined));
    const rows = await this.db
      .select({
        campaign: campaigns,
        orgName: orgs.name,
        remaining: sql<string>`${remainingValue}::text`,
        cursorKey: sql<string>`(${sortValue})::text`,
      })
      .from(campaigns)
      .innerJoin(orgs, eq(orgs.id, campaigns.orgId))
      .leftJoin(
        sql`campaign_budget_balances b`,
        sql`b.campaign_id = ${campaigns.id}::text AND b.currency = ${campaigns.currency}`,
      )
      .where(where)
      .orderBy(sql`${sortValue} DESC NULLS LAST`, desc(campaigns.id))
      .limit(filter.limit + 1);
    return rows.map((r) => ({
      ...r.campaign,
      orgName: r.orgName,
      remainingMicros: BigInt(r.remaining),
      cursorKey: r.cursorKey,
    }));
  }

  /** Campaigns the sweeper may have to move: live ones (to complete) and completed ones (to close). */
  async openCampaignIds(): Promise<string[]> {
    const rows = await this.db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(inArray(campaigns.state, ['published', 'paused', 'completed']))
      .orderBy(asc(campaigns.id));
    return rows.map((r) => r.id);
  }

  async orgName(orgId: string): Promise<string> {
    const [row] = await this.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, orgId));
    return row?.name ?? '';
  }

  // Slots: an atomic counter with a CHECK as backstop; never read-then-write.

  /** Takes one slot if any is left; false when the campaign is full. */
  async takeSlot(campaignId: string, tx: Executor): Promise<boolean> {
    const rows = await tx
      .update(campaigns)
      .set({ slotsTaken: sql`${campaigns.slotsTaken} + 1` })
      .where(
        and(
          eq(campaigns.id, campaignId),
          sql`(${campaigns.maxSlots} IS NULL OR ${campaigns.slotsTaken} < ${campaigns.maxSlots})`,
        ),
      )
      .returning({ id: campaigns.id });
    return rows.length === 1;
  }

  async releaseSlot(campaignId: string, tx: Executor): Promise<void> {
    await tx
      .update(campaigns)
      .set({ slotsTaken: sql`${campaigns.slotsTaken} - 1` })
      .where(and(eq(campaigns.id, campaignId), sql`${campaigns.slotsTaken} > 0`));
  }

  // Allowlist

  async replaceAllowlist(campaignId: string, emails: readonly string[], tx: Executor): Promise<void> {
    await tx.delete(campaignAllowlist).where(eq(campaignAllowlist.campaignId, campaignId));
    if (emails.length > 0) {
      await tx.insert(campaignAllowlist).values(emails.map((email) => ({ campaignId, email })));
    }
  }

  async allowlist(campaignId: string, tx: Executor = this.db): Promise<string[]> {
    const rows = await tx
      .select({ email: campaignAllowlist.email })
      .from(campaignAllowlist)
      .where(eq(campaignAllowlist.campaignId, campaignId))
      .orderBy(asc(campaignAllowlist.email));
    return rows.map((r) => r.email);
  }

  async isAllowlisted(campaignId: string, email: string, tx: Executor = this.db): Promise<boolean> {
    const rows = await tx
      .select({ email: campaignAllowlist.email })
      .from(campaignAllowlist)
      .where(and(eq(campaignAllowlist.campaignId, campaignId), eq(campaignAllowlist.email, email.toLowerCase())));
    return rows.length > 0;
  }

  // Assets

  async insertAsset(values: typeof campaignAssets.$inferInsert, tx: Executor = this.db): Promise<CampaignAssetRow> {
    const [row] = await tx.insert(campaignAssets).values(values).returning();
    return row!;
  }

  async assets(campaignId: string, tx: Executor = this.db): Promise<CampaignAssetRow[]> {
    return tx
      .select()
      .from(campaignAssets)
      .where(eq(campaignAssets.campaignId, campaignId))
      .orderBy(asc(campaignAssets.createdAt), asc(campaignAssets.id));
  }

  async findAsset(assetId: string): Promise<(CampaignAssetRow & { campaign: CampaignRow }) | undefined> {
    const [row] = await this.db
      .select({ asset: campaignAssets, campaign: campaigns })
      .from(campaignAssets)
      .innerJoin(campaigns, eq(campaigns.id, campaignAssets.campaignId))
      .where(eq(campaignAssets.id, assetId));
    return row ? { ...row.asset, campaign: row.campaign } : undefined;
  }

  async deleteAsset(campaignId: string, assetId: string, tx: Executor): Promise<CampaignAssetRow | undefined> {
    const [row] = await tx
      .delete(campaignAssets)
      .where(and(eq(campaignAssets.id, assetId), eq(campaignAssets.campaignId, campaignId)))
      .returning();
    return row;
  }

  // Fundings

  /** The intent row, written before the rail is called; undefined when the request key was used already. */
  async insertFunding(
    values: typeof campaignFundings.$inferInsert,
    tx: Executor = this.db,
  ): Promise<CampaignFundingRow | undefined> {
    const [row] = await tx
      .insert(campaignFundings)
      .values(values)
      .onConflictDoNothing({ target: [campaignFundings.campaignId, campaignFundings.requestKey] })
      .returning();
    return row;
  }

  async findFundingByKey(campaignId: string, requestKey: string, tx: Executor = this.db) {
    const [row] = await tx
      .select()
      .from(campaignFundings)
      .where(and(eq(campaignFundings.campaignId, campaignId), eq(campaignFundings.requestKey, requestKey)));
    return row;
  }

  async settleFunding(
    id: string,
    outcome: { status: 'succeeded' | 'failed'; providerRef: string | null; failureReason: string | null; at: Date },
    tx: Executor,
  ): Promise<CampaignFundingRow | undefined> {
    const [row] = await tx
      .update(campaignFundings)
      .set({
        status: outcome.status,
        providerRef: outcome.providerRef,
        failureReason: outcome.failureReason,
        settledAt: outcome.at,
      })
      .where(and(eq(campaignFundings.id, id), eq(campaignFundings.status, 'pending')))
      .returning();
    return row;
  }

  async fundings(campaignId: string): Promise<CampaignFundingRow[]> {
    return this.db
      .select()
      .from(campaignFundings)
      .where(eq(campaignFundings.campaignId, campaignId))
      .orderBy(desc(campaignFundings.createdAt), desc(campaignFundings.id));
  }

  /** Settled payments into the campaign: what reached its budget and what the platform took. */
  async fundingTotals(
    campaignId: string,
    tx: Executor = this.db,
  ): Promise<{ budgetMicros: bigint; feeMicros: bigint }> {
    const [row] = await tx
      .select({
        budget: sql<string>`coalesce(sum(${campaignFundings.budgetMicros}), 0)::text`,
        fee: sql<string>`coalesce(sum(${campaignFundings.feeMicros}), 0)::text`,
      })
      .from(campaignFundings)
      .where(and(eq(campaignFundings.campaignId, campaignId), eq(campaignFundings.status, 'succeeded')));
    return { budgetMicros: BigInt(row?.budget ?? '0'), feeMicros: BigInt(row?.fee ?? '0') };
  }
}
