import { Inject, Injectable } from '@nestjs/common';
import {
  auditLog,
  mailOutbox,
  sessions,
  users,
  type DatabaseHandle,
  type Executor,
  type UserRole,
} from '@creator-rewards/db';
import { and, desc, eq, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { DATABASE } from '../../platform/tokens.js';
import { escapeLike } from '../../platform/http/cursor.js';
import { before, exactTime, type Keyset } from '../../platform/http/pagination.js';

export type AdminUserRow = typeof users.$inferSelect & { lastSeenAt: Date | null; cursorAt: string };
export type AuditRow = typeof auditLog.$inferSelect;
export type OutboxRow = typeof mailOutbox.$inferSelect & { cursorAt: string };

/** Read models of the admin area and the one write it makes (roles); no rules here. */
@Injectable()
export class AdminRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  get db() {
    return this.database.db;
  }

  /** Newest first; `limit + 1` rows so the caller can tell whether another page exists. */
  async listUsers(filter: {
    q?: string | undefined;
    role?: UserRole | undefined;
    after?: Keyset | undefined;
    limit: number;
  }): Promise<AdminUserRow[]> {
    const conditions: (SQL | undefined)[] = [];
    if (filter.q) {
      const pattern = `%${escapeLike(filter.q)}%`;
      conditions.push(
        or(sql`${users.email} ILIKE ${pattern} ESCAPE '\\'`, sql`${users.displayName} ILIKE ${pattern} ESCAPE '\\'`),
      );
    }
    if (filter.role) conditions.push(sql`${filter.role} = ANY(${users.roles})`);
    if (filter.after) conditions.push(before(users.createdAt, users.id, filter.after));
    const rows = await this.userQuery(this.db)
      .where(and(...conditions))
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(filter.limit + 1);
    return rows.map(toAdminUserRow);
  }

  async findUser(userId: string, tx: Executor = this.db): Promise<AdminUserRow | undefined> {
    const [row] = await this.userQuery(tx).where(eq(users.id, userId));
    return row && toAdminUserRow(row);
  }

  /** The user's current roles, locked until the transaction ends (concurrent role edits apply one after the other). */
  async lockUserRoles(userId: string, tx: Executor): Promise<UserRole[] | undefined> {
    const [row] = await tx.select({ roles: users.roles }).from(users).where(eq(users.id, userId)).for('update');
    return row?.roles;
  }

  async setUserRoles(userId: string, roles: UserRole[], now: Date, tx: Executor): Promise<void> {
    await tx.update(users).set({ roles, updatedAt: now }).where(eq(users.id, userId));
  }

  async listAudit(filter: {
    actorUserId?: string | undefined;
    action?: string | undefined;
    subjectType?: string | undefined;
    subjectId?: string | undefined;
    beforeId?: number | undefined;
    limit: number;
  }): Promise<AuditRow[]> {
    const action = filter.action;
    return this.db
      .select()
      .from(auditLog)
      .where(
        and(
          filter.actorUserId ? eq(auditLog.actorUserId, filter.actorUserId) : undefined,
          // "auth." means every action under auth; `_` is a LIKE wildcard too, hence the escaping.
          action
            ? action.endsWith('.')
              ? like(auditLog.action, `${escapeLike(action)}%`)
              : eq(auditLog.action, action)
            : undefined,
          filter.subjectType ? eq(auditLog.subjectType, filter.subjectType) : undefined,
          filter.subjectId ? eq(auditLog.subjectId, filter.subjectId) : undefined,
          filter.beforeId ? lt(auditLog.id, filter.beforeId) : undefined,
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(filter.limit + 1);
  }

  async listOutbox(filter: {
    to?: string | undefined;
    after?: Keyset | undefined;
    limit: number;
  }): Promise<OutboxRow[]> {
    const rows = await this.db
      .select({ mail: mailOutbox, cursorAt: exactTime(mailOutbox.createdAt) })
      .from(mailOutbox)
      .where(
        and(
          filter.to ? eq(mailOutbox.toAddress, filter.to) : undefined,
          filter.after ? before(mailOutbox.createdAt, mailOutbox.id, filter.after) : undefined,
        ),
      )
      .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
      .limit(filter.limit + 1);
    return rows.map((r) => ({ ...r.mail, cursorAt: r.cursorAt }));
  }

  private userQuery(tx: Executor) {
    // Sessions are read only for this: when the user was last active, over all their sessions. The names are
    // qualified by hand because a single-table select renders column references unqualified, and an unqualified
    // "id" inside the subquery would mean sessions.id.
    const lastSeenAt = sql`(SELECT max(s.last_seen_at) FROM ${sessions} s WHERE s.user_id = ${users}.id)`.mapWith(
      sessions.lastSeenAt,
    );
    return tx
      .select({ user: users, lastSeenAt, cursorAt: exactTime(users.createdAt) })
      .from(users)
      .$dynamic();
  }
}

function toAdminUserRow(r: { user: typeof users.$inferSelect; lastSeenAt: unknown; cursorAt: string }): AdminUserRow {
  return { ...r.user, lastSeenAt: (r.lastSeenAt as Date | null) ?? null, cursorAt: r.cursorAt };
}

/** The timestamp as text with all six fractional digits, in UTC: the cursor must not lose precision. */
