import { Inject, Injectable } from '@nestjs/common';
import { auditLog, type DatabaseHandle, type Executor } from '@creator-rewards/db';
import { DATABASE } from '../../platform/tokens.js';

export type AuditActor =
  | { type: 'user'; userId: string }
  | { type: 'api_token'; userId: string; tokenId: string }
  | { type: 'system' }
  | { type: 'anonymous' };

export type AuditContext = { ip?: string | null; requestId?: string | null };

export type AuditEvent = {
  actor: AuditActor;
  /** Dotted verb: `auth.login.succeeded`, `user.roles.changed`, `org.member.removed` … */
  action: string;
  subject: { type: string; id?: string | null };
  details?: Record<string, unknown>;
  context?: AuditContext;
};

/**
 * `audit.record(event)`: appends one row to the append-only audit log. Pass the transaction (`tx`) when the
 * audited change happens in one, so the change and its record commit or roll back together.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async record(event: AuditEvent, tx?: Executor): Promise<void> {
    const actor = event.actor;
    const details = { ...event.details, ...(actor.type === 'api_token' ? { apiTokenId: actor.tokenId } : {}) };
    await (tx ?? this.database.db).insert(auditLog).values({
      actorType: actor.type,
      actorUserId: actor.type === 'user' || actor.type === 'api_token' ? actor.userId : null,
      action: event.action,
      subjectType: event.subject.type,
      subjectId: event.subject.id ?? null,
      ip: event.context?.ip ?? null,
      requestId: event.context?.requestId ?? null,
      details,
    });
  }
}
