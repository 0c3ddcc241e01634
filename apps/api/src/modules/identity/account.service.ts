import { Inject, Injectable } from '@nestjs/common';
import type { Mailer } from '@creator-rewards/integrations';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import { hashToken, randomToken } from '../../platform/crypto/secrets.js';
import { AppError, notFound } from '../../platform/errors/app-error.js';
import { CLOCK, MAILER } from '../../platform/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from './auth.service.js';
import { identityMail } from './identity-mail.js';
import { IdentityRepository, type ApiTokenRow, type UserRow } from './identity.repository.js';
import { assertStrongPassword, hashPassword } from './passwords.js';
import { auditContextOf, type Principal } from './principal.js';
import { SessionsService } from './sessions.service.js';
import { toUserDto } from './user-dto.js';

type SessionPrincipal = Principal & { kind: 'session' };

/** The signed-in user's own account: profile, password, email, sessions and API tokens. */
@Injectable()
export class AccountService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly sessions: SessionsService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  me(user: UserRow) {
    return toUserDto(user);
  }

  async updateProfile(user: UserRow, displayName: string) {
    const updated = await this.repo.updateUser(user.id, { displayName });
    return toUserDto(updated!);
  }

  async changePassword(p: SessionPrincipal, newPassword: string, request: FastifyRequest): Promise<void> {
    await assertStrongPassword(newPassword, [p.user.email, p.user.displayName], 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    await this.repo.db.transaction(async (tx) => {
      await this.repo.updateUser(p.user.id, { passwordHash }, tx);
      await this.sessions.revokeOthers(p.user.id, p.session.id, tx);
      await this.audit.record(
        {
          actor: { type: 'user', userId: p.user.id },
          action: 'auth.password.changed',
          subject: { type: 'user', id: p.user.id },
          context: auditContextOf(request),
        },
        tx,
      );
    });
    await this.mailer.send(identityMail.credentialChanged(p.user.email, 'password'));
  }

  async requestEmailChange(p: SessionPrincipal, newEmail: string, request: FastifyRequest): Promise<void> {
    if (newEmail === p.user.email)
      throw new AppError('VALIDATION_FAILED', 'newEmail: this is already your email address.', {
        issues: [{ path: 'body.newEmail', code: 'unchanged', message: 'this is already your email address' }],
      });
    if (await this.repo.findUserByEmail(newEmail))
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists.');
    const token = await this.auth.issueEmailToken(p.user.id, 'change_email', newEmail, 24 * 3600_000);
    await this.audit.record({
      actor: { type: 'user', userId: p.user.id },
      action: 'auth.email.change_requested',
      subject: { type: 'user', id: p.user.id },
      details: { to: newEmail },
      context: auditContextOf(request),
    });
    await this.mailer.send(identityMail.changeEmail(newEmail, this.auth.link('/verify-email', token)));
    await this.mailer.send(identityMail.credentialChanged(p.user.email, 'email address (pending confirmation)'));
  }

  async listSessions(p: SessionPrincipal) {
    const rows = await this.repo.listLiveSessions(p.user.id, this.clock.now());
    return {
      items: rows.map((s) => ({
        id: s.id,
        current: s.id === p.session.id,
        method: s.method,
        ip: s.ip,
        userAgent: s.userAgent,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
      })),
    };
  }

  async revokeSession(p: SessionPrincipal, sessionId: string, request: FastifyRequest): Promise<void> {
    if (!(await this.sessions.revoke(p.user.id, sessionId))) throw notFound('Session');
    await this.audit.record({
      actor: { type: 'user', userId: p.user.id },
      action: 'auth.session.revoked',
      subject: { type: 'session', id: sessionId },
      context: auditContextOf(request),
    });
  }

  async listApiTokens(user: UserRow) {
    return { items: (await this.repo.listApiTokens(user.id)).map(toApiTokenDto) };
  }

  /** The secret is `crt_` + 256 random bits, returned once; only its SHA-256 is stored. */
  async createApiToken(
    user: UserRow,
    input: { name: string; scopes: ('read' | 'write')[]; expiresInDays: number | null },
    request: FastifyRequest,
  ) {
    const secret = `crt_${randomToken(32)}`;
    const now = this.clock.now();
    const row = await this.repo.db.transaction(async (tx) => {
      const row = await this.repo.insertApiToken(
        {
          userId: user.id,
          name: input.name,
          prefix: secret.slice(0, 10),
          tokenHash: hashToken(secret),
          scopes: input.scopes,
          createdAt: now,
          expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
        },
        tx,
      );
      await this.audit.record(
        {
          actor: { type: 'user', userId: user.id },
          action: 'auth.api_token.created',
          subject: { type: 'api_token', id: row.id },
          details: { scopes: input.scopes },
          context: auditContextOf(request),
        },
        tx,
      );
      return row;
    });
    return { token: toApiTokenDto(row), secret };
  }

  async revokeApiToken(user: UserRow, tokenId: string, request: FastifyRequest): Promise<void> {
    if (!(await this.repo.revokeApiToken(user.id, tokenId, this.clock.now()))) throw notFound('API token');
    await this.audit.record({
      actor: { type: 'user', userId: user.id },
      action: 'auth.api_token.revoked',
      subject: { type: 'api_token', id: tokenId },
      context: auditContextOf(request),
    });
  }
}

function toApiTokenDto(t: ApiTokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
  };
}
