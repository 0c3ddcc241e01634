import { EmailSchema, PageQuerySchema, TimestampSchema, UuidSchema, pageOf } from './common.js';
import { RoleSchema, UserSchema } from './identity.js';
import { defineRoute } from './route.js';
import { z } from './zod.js';

export const OrgRoleSchema = z.enum(['owner', 'manager', 'viewer']);

export const OrgSchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    slug: z.string(),
    myRole: OrgRoleSchema.nullable().describe('The caller’s role in the org; null for an admin who is not a member.'),
    createdAt: TimestampSchema,
  })
  .openapi('Org');

export const OrgMemberSchema = z
  .object({
    userId: UuidSchema,
    email: z.string(),
    displayName: z.string(),
    role: OrgRoleSchema,
    joinedAt: TimestampSchema,
  })
  .openapi('OrgMember');

export const OrgInvitationSchema = z
  .object({
    id: UuidSchema,
    email: z.string(),
    role: OrgRoleSchema,
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    createdAt: TimestampSchema,
    expiresAt: TimestampSchema,
  })
  .openapi('OrgInvitation');

export const CreateOrgSchema = z.strictObject({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(80, 'must be at most 80 characters'),
});
export const InviteSchema = z.strictObject({ email: EmailSchema, role: OrgRoleSchema });
export const ChangeMemberRoleSchema = z.strictObject({ role: OrgRoleSchema });

const orgParams = z.strictObject({ orgId: UuidSchema });
const member = (orgRole: 'owner' | 'manager' | 'viewer') =>
  ({ roles: 'any', ownership: 'org', orgRole, tokenScope: 'read' }) as const;

export const orgRoutes = {
  createOrg: defineRoute({
    operationId: 'createOrg',
    method: 'post',
    path: '/v1/orgs',
    summary: 'Create an org; you become its owner.',
    tags: ['orgs'],
    access: { roles: ['brand', 'admin'], ownership: 'none', tokenScope: 'write' },
    body: CreateOrgSchema,
    response: { status: 201, schema: OrgSchema, description: 'Created.' },
  }),
  listMyOrgs: defineRoute({
    operationId: 'listMyOrgs',
    method: 'get',
    path: '/v1/orgs',
    summary: 'Orgs I belong to.',
    tags: ['orgs'],
    access: { roles: 'any', ownership: 'self', tokenScope: 'read' },
    response: { status: 200, schema: z.object({ items: z.array(OrgSchema) }), description: 'My orgs.' },
  }),
  getOrg: defineRoute({
    operationId: 'getOrg',
    method: 'get',
    path: '/v1/orgs/{orgId}',
    summary: 'One org.',
    tags: ['orgs'],
    access: member('viewer'),
    params: orgParams,
    response: { status: 200, schema: OrgSchema, description: 'The org.' },
    errors: ['NOT_FOUND'],
  }),
  listOrgMembers: defineRoute({
    operationId: 'listOrgMembers',
    method: 'get',
    path: '/v1/orgs/{orgId}/members',
    summary: 'Members of an org.',
    tags: ['orgs'],
    access: member('viewer'),
    params: orgParams,
    response: { status: 200, schema: z.object({ items: z.array(OrgMemberSchema) }), description: 'Members.' },
    errors: ['NOT_FOUND'],
  }),
  changeOrgMemberRole: defineRoute({
    operationId: 'changeOrgMemberRole',
    method: 'patch',
    path: '/v1/orgs/{orgId}/members/{userId}',
    summary: 'Change a member’s role (owners only; an org keeps at least one owner).',
    tags: ['orgs'],
    access: { ...member('owner'), tokenScope: 'write' },
    params: z.strictObject({ orgId: UuidSchema, userId: UuidSchema }),
    body: ChangeMemberRoleSchema,
    response: { status: 200, schema: OrgMemberSchema, description: 'Changed.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  removeOrgMember: defineRoute({
    operationId: 'removeOrgMember',
    method: 'delete',
    path: '/v1/orgs/{orgId}/members/{userId}',
    summary: 'Remove a member (owners; anyone may remove themselves; the last owner cannot leave).',
    tags: ['orgs'],
    access: { ...member('viewer'), tokenScope: 'write' },
    params: z.strictObject({ orgId: UuidSchema, userId: UuidSchema }),
    response: { status: 204, schema: null, description: 'Removed.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  listOrgInvitations: defineRoute({
    operationId: 'listOrgInvitations',
    method: 'get',
    path: '/v1/orgs/{orgId}/invitations',
    summary: 'Invitations of an org.',
    tags: ['orgs'],
    access: member('owner'),
    params: orgParams,
    response: { status: 200, schema: z.object({ items: z.array(OrgInvitationSchema) }), description: 'Invitations.' },
    errors: ['NOT_FOUND'],
  }),
  inviteOrgMember: defineRoute({
    operationId: 'inviteOrgMember',
    method: 'post',
    path: '/v1/orgs/{orgId}/invitations',
    summary: 'Invite someone by email (a link valid 7 days).',
    tags: ['orgs'],
    access: { ...member('owner'), tokenScope: 'write' },
    params: orgParams,
    body: InviteSchema,
    response: { status: 201, schema: OrgInvitationSchema, description: 'Invitation sent.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  revokeOrgInvitation: defineRoute({
    operationId: 'revokeOrgInvitation',
    method: 'delete',
    path: '/v1/orgs/{orgId}/invitations/{invitationId}',
    summary: 'Revoke a pending invitation.',
    tags: ['orgs'],
    access: { ...member('owner'), tokenScope: 'write' },
    params: z.strictObject({ orgId: UuidSchema, invitationId: UuidSchema }),
    response: { status: 204, schema: null, description: 'Revoked.' },
    errors: ['NOT_FOUND'],
  }),
  acceptOrgInvitation: defineRoute({
    operationId: 'acceptOrgInvitation',
    method: 'post',
    path: '/v1/invitations/accept',
    summary: 'Accept an invitation with the token from its link (signed in as the invited email).',
    tags: ['orgs'],
    access: { roles: 'any', ownership: 'self' },
    body: z.strictObject({ token: z.string().min(20).max(200) }),
    response: { status: 200, schema: OrgSchema, description: 'You are a member now.' },
    errors: ['TOKEN_INVALID'],
  }),
};

export const AdminUserSchema = UserSchema.extend({
  status: z.enum(['active', 'disabled']),
  lastSeenAt: TimestampSchema.nullable(),
}).openapi('AdminUser');

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: TimestampSchema,
    actorUserId: UuidSchema.nullable(),
    actorType: z.enum(['user', 'api_token', 'system', 'anonymous']),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');

export const OutboxMailSchema = z
  .object({ id: UuidSchema, to: z.string(), subject: z.string(), text: z.string(), createdAt: TimestampSchema })
  .openapi('OutboxMail');

const admin = { roles: ['admin'], ownership: 'none', tokenScope: 'read' } as const;

export const adminRoutes = {
  listUsers: defineRoute({
    operationId: 'adminListUsers',
    method: 'get',
    path: '/v1/admin/users',
    summary: 'All users, newest first; filter by text and role.',
    tags: ['admin'],
    access: admin,
    query: PageQuerySchema.extend({
      q: z.string().trim().max(100).optional().describe('Matches email or display name.'),
      role: RoleSchema.optional(),
    }),
    response: { status: 200, schema: pageOf(AdminUserSchema), description: 'A page of users.' },
  }),
  setUserRoles: defineRoute({
    operationId: 'adminSetUserRoles',
    method: 'put',
    path: '/v1/admin/users/{userId}/roles',
    summary: 'Replace a user’s roles (audited; an admin cannot remove their own admin role).',
    tags: ['admin'],
    access: { roles: ['admin'], ownership: 'none', recentAuth: true },
    params: z.strictObject({ userId: UuidSchema }),
    body: z.strictObject({
      roles: z.array(RoleSchema).refine((r) => new Set(r).size === r.length, 'must not repeat a role'),
    }),
    response: { status: 200, schema: AdminUserSchema, description: 'Updated.' },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  listAudit: defineRoute({
    operationId: 'adminListAudit',
    method: 'get',
    path: '/v1/admin/audit',
    summary: 'The audit log, newest first, filterable.',
    tags: ['admin'],
    access: admin,
    query: PageQuerySchema.extend({
      actorUserId: UuidSchema.optional(),
      action: z
        .string()
        .max(100)
        .regex(/^[a-z0-9_.]+$/, 'must be a dotted action name such as auth.login')
        .optional()
        .describe('Exact action or a prefix ending in "." (e.g. auth.)'),
      subjectType: z.string().max(50).optional(),
      subjectId: z.string().max(100).optional(),
    }),
    response: { status: 200, schema: pageOf(AuditEntrySchema), description: 'A page of entries.' },
  }),
  listOutbox: defineRoute({
    operationId: 'adminListOutbox',
    method: 'get',
    path: '/v1/admin/mail-outbox',
    summary: 'Mail stored by the outbox driver (embedded mode), newest first.',
    tags: ['admin'],
    access: admin,
    query: PageQuerySchema.extend({ to: z.string().max(254).optional() }),
    response: { status: 200, schema: pageOf(OutboxMailSchema), description: 'A page of messages.' },
  }),
};
