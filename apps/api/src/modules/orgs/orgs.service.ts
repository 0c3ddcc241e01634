import { Inject, Injectable } from '@nestjs/common';
import type { Executor, OrgRole } from '@creator-rewards/db';
import type { Mailer } from '@creator-rewards/integrations';
import type { Clock } from '../../platform/clock.js';
import { hashToken, randomToken } from '../../platform/crypto/secrets.js';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.js';
import { CLOCK, MAILER } from '../../platform/tokens.js';
import { AuditService, type AuditContext } from '../audit/audit.service.js';
import { effectiveRoles } from '../identity/access-policy.js';
import { AuthService } from '../identity/auth.service.js';
import { actorOf, type Principal } from '../identity/principal.js';
import { orgsMail } from './orgs-mail.js';
import { OrgsRepository, type OrgInvitationRow, type OrgMemberView, type OrgRow } from './orgs.repository.js';
import { slugify, withRandomSuffix } from './slug.js';

export const INVITATION_TTL_MS = 7 * 86_400_000;
const SLUG_ATTEMPTS = 5;
const LAST_OWNER =
  'An org must keep at least one owner. Make another member an owner first, then change or remove this one.';

/**
 * Orgs, their members and invitations. The guard has already checked that the caller belongs to `{orgId}` with the
 * route's org role (admins pass without a membership), so these methods check only what depends on the target.
 */
@Injectable()
export class OrgsService {
  constructor(
    private readonly repo: OrgsRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The caller becomes the first owner. The slug comes from the name; a taken one gets a short random suffix. */
  async createOrg(p: Principal, name: string, context: AuditContext) {
    const now = this.clock.now();
    const org = await this.repo.db.transaction(async (tx) => {
      const base = slugify(name);
      let org: OrgRow | undefined;
      for (let attempt = 0; !org && attempt < SLUG_ATTEMPTS; attempt++) {
        org = await this.repo.insertOrg(
          { name, slug: attempt === 0 ? base : withRandomSuffix(base), createdBy: p.user.id, createdAt: now },
          tx,
        );
      }
      if (!org) throw new Error(`no free slug for "${base}" after ${SLUG_ATTEMPTS} attempts`);
      await this.repo.insertMember({ orgId: org.id, userId: p.user.id, role: 'owner', createdAt: now }, tx);
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'org.created',
          subject: { type: 'org', id: org.id },
          details: { name: org.name, slug: org.slug },
          context,
        },
        tx,
      );
      return org;
    });
    return toOrgDto(org, 'owner');
  }

  async listMyOrgs(p: Principal) {
    const rows = await this.repo.listOrgsOfUser(p.user.id);
    return { items: rows.map((row) => toOrgDto(row, row.role)) };
  }

  async getOrg(p: Principal, orgId: string) {
    const org = await this.getOrgOrThrow(orgId);
    return toOrgDto(org, (await this.repo.findMemberRole(orgId, p.user.id)) ?? null);
  }

  async listMembers(orgId: string) {
    await this.getOrgOrThrow(orgId);
    return { items: (await this.repo.listMembers(orgId)).map(toMemberDto) };
  }

  async changeMemberRole(p: Principal, orgId: string, userId: string, role: OrgRole, context: AuditContext) {
    const member = await this.repo.db.transaction(async (tx) => {
      if (!(await this.repo.lockOrg(orgId, tx))) throw notFound('Org');
      const member = await this.repo.findMember(orgId, userId, tx);
      if (!member) throw notFound('Member');
      if (member.role === role) return member;
      if (member.role === 'owner' && (await this.repo.countOwners(orgId, tx)) <= 1) throw conflict(LAST_OWNER);
      await this.repo.updateMemberRole(orgId, userId, role, tx);
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'org.member.role_changed',
          subject: { type: 'org', id: orgId },
          details: { userId, from: member.role, to: role },
          context,
        },
        tx,
      );
      return { ...member, role };
    });
    return toMemberDto(member);
  }

  /** Owners (and admins) may remove anyone; other members only themselves. The last owner cannot leave. */
  async removeMember(p: Principal, orgId: string, userId: string, context: AuditContext): Promise<void> {
    await this.repo.db.transaction(async (tx) => {
      if (!(await this.repo.lockOrg(orgId, tx))) throw notFound('Org');
      const self = userId === p.user.id;
      if (!self && !(await this.managesMembers(p, orgId, tx)))
        throw new AppError('FORBIDDEN', 'Only owners can remove other members; you can only leave the org yourself.');
      const member = await this.repo.findMember(orgId, userId, tx);
      if (!member) throw notFound('Member');
      if (member.role === 'owner' && (await this.repo.countOwners(orgId, tx)) <= 1) throw conflict(LAST_OWNER);
      await this.repo.deleteMember(orgId, userId, tx);
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'org.member.removed',
          subject: { type: 'org', id: orgId },
          details: { userId, role: member.role, left: self },
          context,
        },
        tx,
      );
    });
  }

  async listInvitations(orgId: string) {
    await this.getOrgOrThrow(orgId);
    const now = this.clock.now();
    return { items: (await this.repo.listInvitations(orgId)).map((row) => toInvitationDto(row, now)) };
  }

  /**
   * A single-use link valid 7 days, mailed to the address. Only its hash is stored. A pending invitation for the
   * same address is replaced (revoked), so only the newest link works.
   */
  async invite(p: Principal, orgId: string, input: { email: string; role: OrgRole }, context: AuditContext) {
    const now = this.clock.now();
    const token = randomToken();
    const { org, invitation } = await this.repo.db.transaction(async (tx) => {
      const org = await this.repo.lockOrg(orgId, tx);
      if (!org) throw notFound('Org');
      if (await this.repo.isMemberByEmail(orgId, input.email, tx))
        throw conflict(`${input.email} is already a member of this org.`);
      const replaced = await this.repo.revokePendingForEmail(orgId, input.email, now, tx);
      const invitation = await this.repo.insertInvitation(
        {
          orgId,
          email: input.email,
          role: input.role,
          tokenHash: hashToken(token),
          invitedBy: p.user.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        },
        tx,
      );
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'org.invitation.created',
          subject: { type: 'org', id: orgId },
          details: {
            invitationId: invitation.id,
            email: input.email,
            role: input.role,
            ...(replaced.length > 0 ? { replacedInvitationIds: replaced } : {}),
          },
          context,
        },
        tx,
      );
      return { org, invitation };
    });
    // Sent after the commit: a mail for an invitation that was rolled back would carry a dead link.
    await this.mailer.send(
      orgsMail.invitation(invitation.email, {
        orgName: org.name,
        inviterName: p.user.displayName,
        role: invitation.role,
        link: this.auth.link('/invitations/accept', token),
      }),
      { idempotencyKey: `org-invitation:${invitation.tokenHash}` },
    );
    return toInvitationDto(invitation, now);
  }

  async revokeInvitation(p: Principal, orgId: string, invitationId: string, context: AuditContext): Promise<void> {
    await this.repo.db.transaction(async (tx) => {
      if (!(await this.repo.lockOrg(orgId, tx))) throw notFound('Org');
      const revoked = await this.repo.revokeInvitation(orgId, invitationId, this.clock.now(), tx);
      if (!revoked) throw new AppError('NOT_FOUND', 'No pending invitation with this id was found in this org.');
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'org.invitation.revoked',
          subject: { type: 'org', id: orgId },
          details: { invitationId, email: revoked.email },
          context,
        },
        tx,
      );
    });
  }

  /**
   * Joins the org of a pending invitation addressed to the caller's email. The link works once: the invitation is
   * consumed by one conditional UPDATE, and the membership is created in the same transaction. Joining a brand team
   * grants the platform `brand` role when the user lacks it.
   */
  async acceptInvitation(p: Principal, token: string, context: AuditContext) {
    const now = this.clock.now();
    const tokenHash = hashToken(token);
    const found = await this.repo.findInvitationByTokenHash(tokenHash);
    if (found && found.email.toLowerCase() !== p.user.email.toLowerCase()) {
      throw new AppError(
        'TOKEN_INVALID',
        'This invitation was sent to a different email address. Sign in as the invited address and open the link again.',
      );
    }
    return this.repo.db.transaction(async (tx) => {
      const invitation = await this.repo.consumeInvitation(tokenHash, p.user.email, now, tx);
      if (!invitation) {
        throw new AppError(
          'TOKEN_INVALID',
          'This invitation link is invalid, expired, revoked or already used. Ask an owner of the org for a new one, and make sure you are signed in as the invited address.',
        );
      }
      const org = await this.repo.findOrg(invitation.orgId, tx);
      if (!org) throw new AppError('TOKEN_INVALID', 'The org of this invitation no longer exists.');
      const joined = await this.repo.insertMember(
        { orgId: org.id, userId: p.user.id, role: invitation.role, createdAt: now },
        tx,
      );
      // Already a member (joined through another invitation meanwhile): keep the role they have.
      const role = joined
        ? invitation.role
        : ((await this.repo.findMemberRole(org.id, p.user.id, tx)) ?? invitation.role);
      const granted = await this.repo.grantUserRole(p.user.id, 'brand', now, tx);
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'org.invitation.accepted',
          subject: { type: 'org', id: org.id },
          details: { invitationId: invitation.id, userId: p.user.id, role, alreadyMember: !joined },
          context,
        },
        tx,
      );
      if (granted) {
        await this.audit.record(
          {
            actor: actorOf(p),
            action: 'user.roles.changed',
            subject: { type: 'user', id: p.user.id },
            details: { before: granted.before, after: granted.after, reason: 'org.invitation.accepted' },
            context,
          },
          tx,
        );
      }
      return toOrgDto(org, role);
    });
  }

  private async getOrgOrThrow(orgId: string): Promise<OrgRow> {
    const org = await this.repo.findOrg(orgId);
    if (!org) throw notFound('Org');
    return org;
  }

  private async managesMembers(p: Principal, orgId: string, tx: Executor): Promise<boolean> {
    if (effectiveRoles(p.user).includes('admin')) return true;
    return (await this.repo.findMemberRole(orgId, p.user.id, tx)) === 'owner';
  }
}

export function toOrgDto(org: OrgRow, myRole: OrgRole | null) {
  return { id: org.id, name: org.name, slug: org.slug, myRole, createdAt: org.createdAt.toISOString() };
}

function toMemberDto(m: OrgMemberView) {
  return {
    userId: m.userId,
    email: m.email,
    displayName: m.displayName,
    role: m.role,
    joinedAt: m.joinedAt.toISOString(),
  };
}

export function invitationStatus(row: OrgInvitationRow, now: Date): 'pending' | 'accepted' | 'revoked' | 'expired' {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'pending';
}

function toInvitationDto(row: OrgInvitationRow, now: Date) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus(row, now),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}
