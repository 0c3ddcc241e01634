import { Inject, Injectable } from '@nestjs/common';
import {
  orgMembers,
  type OrgRole,
  apiTokens,
  emailTokens,
  oidcIdentities,
  oidcLoginStates,
  recoveryCodes,
  sessions,
  users,
  type DatabaseHandle,
  type Executor,
  type UserRole,
} from '@creator-rewards/db';
import { and, desc, eq, gt, isNull, lte, ne, sql } from 'drizzle-orm';
import { DATABASE } from '../../platform/tokens.js';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type OidcLoginStateRow = typeof oidcLoginStates.$inferSelect;
export type EmailTokenPurpose = (typeof emailTokens.$inferSelect)['purpose'];

/** Queries of the identity tables; no rules here. Methods take an optional executor to join a transaction. */
@Injectable()
export class IdentityRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  get db() {
    return this.database.db;
  }

  async findUserByEmail(email: string, tx: Executor = this.db): Promise<UserRow | undefined> {
    const [row] = await tx.select().from(users).where(eq(users.email, email));
    return row;
  }

  async findUserById(id: string, tx: Executor = this.db): Promise<UserRow | undefined> {
    const [row] = await tx.select().from(users).where(eq(users.id, id));
    return row;
  }

  /** Inserts; answers undefined when the email is taken (unique index), so races never 500. */
  async insertUser(
    values: {
      email: string;
      passwordHash: string | null;
      displayName: string;
      roles: UserRole[];
      emailVerifiedAt?: Date | null;
    },
    tx: Executor = this.db,
  ): Promise<UserRow | undefined> {
    const [row] = await tx.insert(users).values(values).onConflictDoNothing({ target: users.email }).returning();
    return row;
  }

  async updateUser(
    id: string,
    values: Partial<typeof users.$inferInsert>,
    tx: Executor = this.db,
  ): Promise<UserRow | undefined> {
    const [row] = await tx
      .update(users)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    return row;
  }

  /** Accepts a TOTP step only if it is later than the last accepted one (atomic: a code cannot be used twice). */
  async claimTotpStep(userId: string, step: number, tx: Executor = this.db): Promise<boolean> {
    const rows = await tx
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, userId), sql`(${users.totpLastStep} IS NULL OR ${users.totpLastStep} < ${step})`))
      .returning({ id: users.id });
    return rows.length === 1;
  }

  async insertSession(values: typeof sessions.$inferInsert, tx: Executor = this.db): Promise<SessionRow> {
    const [row] = await tx.insert(sessions).values(values).returning();
    return row!;
  }

  async findLiveSessionByTokenHash(tokenHash: string, now: Date): Promise<SessionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
    return row;
  }

  async touchSession(id: string, now: Date): Promise<void> {
    await this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }

  async markSessionAuthenticated(id: string, at: Date, tx: Executor = this.db): Promise<void> {
    await tx.update(sessions).set({ authenticatedAt: at }).where(eq(sessions.id, id));
  }

  async listLiveSessions(userId: string, now: Date): Promise<SessionRow[]> {
    return this.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          eq(sessions.stage, 'active'),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, now),
        ),
      )
      .orderBy(desc(sessions.lastSeenAt));
  }

  /** Revokes one session of this user; false when it is not theirs or already gone (the caller answers 404). */
  async revokeSession(userId: string, sessionId: string, now: Date, tx: Executor = this.db): Promise<boolean> {
    const rows = await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    return rows.length === 1;
  }

  /** Revokes every session of the user except `keepSessionId` (after a credential change). */
  async revokeOtherSessions(
    userId: string,
    keepSessionId: string | null,
    now: Date,
    tx: Executor = this.db,
  ): Promise<number> {
    const rows = await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          keepSessionId ? ne(sessions.id, keepSessionId) : undefined,
        ),
      )
      .returning({ id: sessions.id });
    return rows.length;
  }

  async insertEmailToken(values: typeof emailTokens.$inferInsert, tx: Executor = this.db): Promise<void> {
    await tx.insert(emailTokens).values(values);
  }

  /** Marks a live token used and returns it, atomically: a link works once even when clicked twice at once. */
  async consumeEmailToken(tokenHash: string, purpose: EmailTokenPurpose, now: Date, tx: Executor = this.db) {
    const [row] = await tx
      .update(emailTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(emailTokens.tokenHash, tokenHash),
          eq(emailTokens.purpose, purpose),
          isNull(emailTokens.usedAt),
          gt(emailTokens.expiresAt, now),
        ),
      )
      .returning();
    return row;
  }

  async insertApiToken(values: typeof apiTokens.$inferInsert, tx: Executor = this.db): Promise<ApiTokenRow> {
    const [row] = await tx.insert(apiTokens).values(values).returning();
    return row!;
  }

  async findLiveApiToken(tokenHash: string, now: Date): Promise<ApiTokenRow | undefined> {
    const [row] = await this.db
      .select()
      .from(apiTokens)
      .where(
        and(
          eq(apiTokens.tokenHash, tokenHash),
          isNull(apiTokens.revokedAt),
          sql`(${apiTokens.expiresAt} IS NULL OR ${apiTokens.expiresAt} > ${now})`,
        ),
      );
    return row;
  }

  async touchApiToken(id: string, now: Date): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
  }

  async listApiTokens(userId: string): Promise<ApiTokenRow[]> {
    return this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .orderBy(desc(apiTokens.createdAt));
  }

  async revokeApiToken(userId: string, tokenId: string, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length === 1;
  }

  async replaceRecoveryCodes(userId: string, codeHashes: string[], tx: Executor = this.db): Promise<void> {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    if (codeHashes.length > 0)
      await tx.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
  }

  async consumeRecoveryCode(userId: string, codeHash: string, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    return rows.length === 1;
  }

  async insertOidcLoginState(values: typeof oidcLoginStates.$inferInsert, tx: Executor = this.db): Promise<void> {
    await tx.insert(oidcLoginStates).values(values);
  }

  /**
   * Marks an OIDC login in flight consumed and returns it, atomically, only when it is live, unused, for this
   * provider and bound to this browser: a replayed or foreign callback finds nothing (and consumes nothing).
   */
  async consumeOidcLoginState(
    key: { stateHash: string; provider: string; bindingHash: string },
    now: Date,
    tx: Executor = this.db,
  ): Promise<OidcLoginStateRow | undefined> {
    const [row] = await tx
      .update(oidcLoginStates)
      .set({ consumedAt: now })
      .where(
        and(
          eq(oidcLoginStates.stateHash, key.stateHash),
          eq(oidcLoginStates.provider, key.provider),
          eq(oidcLoginStates.bindingHash, key.bindingHash),
          isNull(oidcLoginStates.consumedAt),
          gt(oidcLoginStates.expiresAt, now),
        ),
      )
      .returning();
    return row;
  }

  /** Logins in flight that can no longer finish; cleared as new ones start so the table stays small. */
  async deleteExpiredOidcLoginStates(now: Date, tx: Executor = this.db): Promise<void> {
    await tx.delete(oidcLoginStates).where(lte(oidcLoginStates.expiresAt, now));
  }

  async findUserByOidcIdentity(provider: string, subject: string, tx: Executor = this.db) {
    const [row] = await tx
      .select({ user: users })
      .from(oidcIdentities)
      .innerJoin(users, eq(users.id, oidcIdentities.userId))
      .where(and(eq(oidcIdentities.provider, provider), eq(oidcIdentities.subject, subject)));
    return row?.user;
  }

  /** Links an external identity; false when (provider, subject) is already linked (a concurrent first sign-in). */
  async insertOidcIdentity(values: typeof oidcIdentities.$inferInsert, tx: Executor = this.db): Promise<boolean> {
    const rows = await tx
      .insert(oidcIdentities)
      .values(values)
      .onConflictDoNothing({ target: [oidcIdentities.provider, oidcIdentities.subject] })
      .returning({ id: oidcIdentities.id });
    return rows.length === 1;
  }

  /** Org membership is part of access control (the guard's `ownership: 'org'` check), so identity reads it here. */
  async findOrgRole(orgId: string, userId: string): Promise<OrgRole | undefined> {
    const [row] = await this.db
      .select({ role: orgMembers.role })
      .from(orgMembers)
      .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
    return row?.role;
  }
}
