import { Inject, Injectable } from '@nestjs/common';
import {
  orgInvitations,
  orgMembers,
  orgs,
  users,
  type DatabaseHandle,
  type Executor,
  type OrgRole,
  type UserRole,
} from '@creator-rewards/db';
import { and, asc, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { DATABASE } from '../../platform/tokens.js';

export type OrgRow = typeof orgs.$inferSelect;
export type OrgInvitationRow = typeof orgInvitations.$inferSelect;
export type OrgMemberView = {
  userId: string;
  email: string;
  displayName: string;
  role: OrgRole;
  joinedAt: Date;
};

/** Queries of orgs, memberships and invitations; no rules here. Methods take an optional executor to join a transaction. */
@Injectable()
export class OrgsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  get db() {
    return this.database.db;
  }

  /** Answers undefined when the slug is taken (unique index), so the caller can retry with another one. */
  async insertOrg(
    values: { name: string; slug: string; createdBy: string; createdAt: Date },
    tx: Executor = this.db,
  ): Promise<OrgRow | undefined> {
    const [row] = await tx.insert(orgs).values(values).onConflictDoNothing({ target: orgs.slug }).returning();
    return row;
  }

  async findOrg(orgId: string, tx: Executor = this.db): Promise<OrgRow | undefined> {
    const [row] = await tx.select().from(orgs).where(eq(orgs.id, orgId));
    return row;
  }

  /**
   * Locks the org row for the rest of the transaction. Membership changes of one org take this lock first, so two
   * owners demoting each other at once cannot both pass the "at least one owner" check.
   */
  async lockOrg(orgId: string, tx: Executor): Promise<OrgRow | undefined> {
    const [row] = await tx.select().from(orgs).where(eq(orgs.id, orgId)).for('update');
    return row;
  }

  async listOrgsOfUser(userId: string): Promise<(OrgRow & { role: OrgRole })[]> {
    const rows = await this.db
      .select({ org: orgs, role: orgMembers.role })
      .from(orgMembers)
      .innerJoin(orgs, eq(orgs.id, orgMembers.orgId))
      .where(eq(orgMembers.userId, userId))
      .orderBy(asc(orgs.name), asc(orgs.id));
    return rows.map((r) => ({ ...r.org, role: r.role }));
  }

  async findMemberRole(orgId: string, userId: string, tx: Executor = this.db): Promise<OrgRole | undefined> {
    const [row] = await tx
      .select({ role: orgMembers.role })
      .from(orgMembers)
      .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
    return row?.role;
  }

  async findMember(orgId: string, userId: string, tx: Executor = this.db): Promise<OrgMemberView | undefined> {
    const [row] = await this.memberQuery(tx).where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
    return row;
  }

  async listMembers(orgId: string): Promise<OrgMemberView[]> {
    return this.memberQuery(this.db)
      .where(eq(orgMembers.orgId, orgId))
      .orderBy(asc(orgMembers.createdAt), asc(orgMembers.userId));
  }

  /** Whether a user with this email (stored lower-cased) is a member of the org. */
  async isMemberByEmail(orgId: string, email: string, tx: Executor = this.db): Promise<boolean> {
    const rows = await tx
      .select({ userId: orgMembers.userId })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .where(and(eq(orgMembers.orgId, orgId), eq(users.email, email.toLowerCase())));
    return rows.length > 0;
  }

  /** Inserts a membership; an existing one is left as it is (answers false). */
  async insertMember(
    values: { orgId: string; userId: string; role: OrgRole; createdAt: Date },
    tx: Executor = this.db,
  ): Promise<boolean> {
    const rows = await tx
      .insert(orgMembers)
      .values(values)
      .onConflictDoNothing({ target: [orgMembers.orgId, orgMembers.userId] })
      .returning({ userId: orgMembers.userId });
    return rows.length === 1;
  }

  async updateMemberRole(orgId: string, userId: string, role: OrgRole, tx: Executor): Promise<void> {
    await tx
      .update(orgMembers)
      .set({ role })
      .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
  }

  async deleteMember(orgId: string, userId: string, tx: Executor): Promise<boolean> {
    const rows = await tx
      .delete(orgMembers)
      .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)))
      .returning({ userId: orgMembers.userId });
    return rows.length === 1;
  }

  async countOwners(orgId: string, tx: Executor): Promise<number> {
    const [row] = await tx
      .select({ n: count() })
      .from(orgMembers)
      .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.role, 'owner')));
    return Number(row?.n ?? 0);
  }

  async insertInvitation(values: typeof orgInvitations.$inferInsert, tx: Executor): Promise<OrgInvitationRow> {
    const [row] = await tx.insert(orgInvitations).values(values).returning();
    return row!;
  }

  /** Revokes the pending invitations of this org for this email (a new invitation replaces them); answers their ids. */
  async revokePendingForEmail(orgId: string, email: string, now: Date, tx: Executor): Promise<string[]> {
    const rows = await tx
      .update(orgInvitations)
      .set({ revokedAt: now })
      .where(and(eq(orgInvitations.orgId, orgId), eq(orgInvitations.email, email), pending(now)))
      .returning({ id: orgInvitations.id });
    return rows.map((r) => r.id);
  }

  async listInvitations(orgId: string): Promise<OrgInvitationRow[]> {
    return this.db
      .select()
      .from(orgInvitations)
      .where(eq(orgInvitations.orgId, orgId))
      .orderBy(desc(orgInvitations.createdAt), desc(orgInvitations.id));
  }

  /** Revokes one pending invitation of this org; false when it is not this org's or no longer pending. */
  async revokeInvitation(
    orgId: string,
    invitationId: string,
    now: Date,
    tx: Executor,
  ): Promise<OrgInvitationRow | undefined> {
    const [row] = await tx
      .update(orgInvitations)
      .set({ revokedAt: now })
      .where(and(eq(orgInvitations.id, invitationId), eq(orgInvitations.orgId, orgId), pending(now)))
      .returning();
    return row;
  }

  async findInvitationByTokenHash(tokenHash: string, tx: Executor = this.db): Promise<OrgInvitationRow | undefined> {
    const [row] = await tx.select().from(orgInvitations).where(eq(orgInvitations.tokenHash, tokenHash));
    return row;
  }

  /**
   * Marks a pending invitation for this email accepted and returns it, in one statement: of two accepts racing on the
   * same link exactly one gets the row (the other's UPDATE re-checks the WHERE after the first commits).
   */
  async consumeInvitation(
    tokenHash: string,
    email: string,
    now: Date,
    tx: Executor,
  ): Promise<OrgInvitationRow | undefined> {
    const [row] = await tx
      .update(orgInvitations)
      .set({ acceptedAt: now })
      .where(
        and(
          eq(orgInvitations.tokenHash, tokenHash),
          sql`lower(${orgInvitations.email}) = ${email.toLowerCase()}`,
          pending(now),
        ),
      )
      .returning();
    return row;
  }

  /**
   * Adds a platform role unless the user holds it already, atomically; answers the roles before and after, or
   * undefined when nothing changed. (Accepting an invitation makes the user a brand team member.)
   */
  async grantUserRole(
    userId: string,
    role: UserRole,
    now: Date,
    tx: Executor,
  ): Promise<{ before: UserRole[]; after: UserRole[] } | undefined> {
    const [row] = await tx
      .update(users)
      .set({ roles: sql`array_append(${users.roles}, ${role})`, updatedAt: now })
      .where(and(eq(users.id, userId), sql`NOT (${role} = ANY(${users.roles}))`))
      .returning({ roles: users.roles });
    if (!row) return undefined;
    return { before: row.roles.filter((r) => r !== role), after: row.roles };
  }

  private memberQuery(tx: Executor) {
    return tx
      .select({
        userId: orgMembers.userId,
        email: users.email,
        displayName: users.displayName,
        role: orgMembers.role,
        joinedAt: orgMembers.createdAt,
      })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .$dynamic();
  }
}

function pending(now: Date) {
  return and(isNull(orgInvitations.acceptedAt), isNull(orgInvitations.revokedAt), gt(orgInvitations.expiresAt, now));
}
