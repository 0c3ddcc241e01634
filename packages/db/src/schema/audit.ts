import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The append-only audit log: logins, role and 2FA changes, and every privileged action. A trigger (migration
 * 0002) rejects UPDATE and DELETE; corrections are new rows.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** Null for the system itself (jobs, start-up). */
    actorUserId: uuid('actor_user_id'),
    actorType: text('actor_type', { enum: ['user', 'api_token', 'system', 'anonymous'] }).notNull(),
    /** Dotted verb, e.g. `auth.login.succeeded`, `user.roles.changed`. */
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    ip: text('ip'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorUserId, t.at),
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId, t.at),
    index('audit_log_action_idx').on(t.action, t.at),
  ],
);
