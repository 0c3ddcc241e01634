import { Inject, Injectable } from '@nestjs/common';
import { roles as allRoles, type Role } from '@creator-rewards/contracts';
import type { Clock } from '../../platform/clock.js';
import { conflict, notFound } from '../../platform/errors/app-error.js';
import { CLOCK } from '../../platform/tokens.js';
import { AuditService, type AuditContext } from '../audit/audit.service.js';
import { actorOf, type Principal } from '../identity/principal.js';
import { toUserDto } from '../identity/user-dto.js';
import { AdminRepository, type AdminUserRow, type AuditRow, type OutboxRow } from './admin.repository.js';
import { decodeIdCursor, decodeTimeIdCursor, encodeCursor } from '../../platform/http/cursor.js';
import { pageOf } from '../../platform/http/pagination.js';

type Page = { cursor?: string | undefined; limit: number };

/** The admin area: users and their roles, the audit log and the mail outbox. */
@Injectable()
export class AdminService {
  constructor(
    private readonly repo: AdminRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async listUsers(query: Page & { q?: string | undefined; role?: Role | undefined }) {
    const rows = await this.repo.listUsers({
      q: query.q || undefined,
      role: query.role,
      after: query.cursor ? decodeTimeIdCursor(query.cursor) : undefined,
      limit: query.limit,
    });
    return pageOf(rows, query.limit, toAdminUserDto, (last) => encodeCursor(last.cursorAt, last.id));
  }

  /**
   * Replaces a user's platform roles. Sessions are left alone: roles are read on every request, so the change
   * applies at once. An admin cannot drop their own admin role (someone else must), so the platform never loses
   * its last admin by accident.
   */
  async setUserRoles(p: Principal, userId: string, requested: Role[], context: AuditContext) {
    const after = allRoles.filter((r) => requested.includes(r));
    await this.repo.db.transaction(async (tx) => {
      const before = await this.repo.lockUserRoles(userId, tx);
      if (!before) throw notFound('User');
      if (userId === p.user.id && before.includes('admin') && !after.includes('admin'))
        throw conflict('You cannot remove your own admin role. Ask another admin to do it.');
      if (sameRoles(before, after)) return;
      await this.repo.setUserRoles(userId, after, this.clock.now(), tx);
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'user.roles.changed',
          subject: { type: 'user', id: userId },
          details: { before, after },
          context,
        },
        tx,
      );
    });
    const user = await this.repo.findUser(userId);
    if (!user) throw notFound('User');
    return toAdminUserDto(user);
  }

  async listAudit(
    query: Page & {
      actorUserId?: string | undefined;
      action?: string | undefined;
      subjectType?: string | undefined;
      subjectId?: string | undefined;
    },
  ) {
    const rows = await this.repo.listAudit({
      actorUserId: query.actorUserId,
      action: query.action,
      subjectType: query.subjectType,
      subjectId: query.subjectId,
      beforeId: query.cursor ? decodeIdCursor(query.cursor) : undefined,
      limit: query.limit,
    });
    return pageOf(rows, query.limit, toAuditDto, (last) => encodeCursor(last.id));
  }

  async listOutbox(query: Page & { to?: string | undefined }) {
    const rows = await this.repo.listOutbox({
      to: query.to,
      after: query.cursor ? decodeTimeIdCursor(query.cursor) : undefined,
      limit: query.limit,
    });
    return pageOf(rows, query.limit, toOutboxDto, (last) => encodeCursor(last.cursorAt, last.id));
  }
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

function toAdminUserDto(row: AdminUserRow) {
  return { ...toUserDto(row), status: row.status, lastSeenAt: row.lastSeenAt?.toISOString() ?? null };
}

function toAuditDto(row: AuditRow) {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    actorType: row.actorType,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    ip: row.ip,
    requestId: row.requestId,
    details: row.details,
  };
}

function toOutboxDto(row: OutboxRow) {
  return {
    id: row.id,
    to: row.toAddress,
    subject: row.subject,
    text: row.textBody,
    createdAt: row.createdAt.toISOString(),
  };
}
