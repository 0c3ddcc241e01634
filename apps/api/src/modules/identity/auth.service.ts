import { Inject, Injectable } from '@nestjs/common';
import type { Executor } from '@creator-rewards/db';
import type { Mailer } from '@creator-rewards/integrations';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/config.js';
import { hashToken, randomToken, type Secrets } from '../../platform/crypto/secrets.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import { CLOCK, CONFIG, MAILER, RATE_LIMITER, SECRETS } from '../../platform/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { effectiveRoles } from './access-policy.js';
import { identityMail } from './identity-mail.js';
import { IdentityRepository, type UserRow } from './identity.repository.js';
import { MfaService } from './mfa.service.js';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords.js';
import { auditContextOf, type Principal } from './principal.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';
import { toUserDto } from './user-dto.js';

const VERIFY_TTL_MS = 24 * 3600_000;
const RESET_TTL_MS = 3600_000;

export type Http = { request: FastifyRequest; reply: FastifyReply };

/** Sign-up, sign-in (with the 2FA step), sign-out, email verification, password reset and re-authentication. */
@Injectable()
export class AuthService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async signUp(
    input: { email: string; password: string; displayName: string; accountType: 'participant' | 'brand' },
    http: Http,
  ) {
    await this.limiter.consume('sign-up:ip', http.request.ip);
    await assertStrongPassword(input.password, [input.email, input.displayName]);
    const passwordHash = await hashPassword(input.password);
    const { user, token } = await this.repo.db.transaction(async (tx) => {
      const user = await this.repo.insertUser(
        { email: input.email, passwordHash, displayName: input.displayName, roles: [input.accountType] },
        tx,
      );
      if (!user)
        throw new AppError('EMAIL_TAKEN', 'An account with this email already exists. Sign in or reset your password.');
      const token = await this.issueEmailToken(user.id, 'verify_email', user.email, VERIFY_TTL_MS, tx);
      await this.audit.record(
        {
          actor: { type: 'user', userId: user.id },
          action: 'auth.sign_up',
          subject: { type: 'user', id: user.id },
          details: { accountType: input.accountType },
          context: auditContextOf(http.request),
        },
        tx,
      );
      return { user, token };
    });
    await this.mailer.send(identityMail.verifyEmail(user.email, user.displayName, this.link('/verify-email', token)), {
      idempotencyKey: `verify:${hashToken(token)}`,
    });
    return this.startSession(user, 'password', http);
  }

  /**
   * Password sign-in. Unknown email and wrong password give the same error after the same work (a password hash
   * is verified either way). Limited per IP and per account; failures are audited.
   */
  async login(input: { email: string; password: string }, http: Http) {
    await this.limiter.consume('login:ip', http.request.ip);
    if (await this.limiter.isBlocked('login:account', input.email)) {
      await this.limiter.consume('login:account', input.email);
    }
    const user = await this.repo.findUserByEmail(input.email);
    const ok = await verifyPassword(user?.passwordHash, input.password);
    if (!user || !ok || user.status !== 'active') {
      await this.audit.record({
        actor: user ? { type: 'user', userId: user.id } : { type: 'anonymous' },
        action: 'auth.login.failed',
        subject: { type: 'user', id: user?.id ?? null },
        details: { reason: !user ? 'unknown_email' : user.status !== 'active' ? 'disabled' : 'wrong_password' },
        context: auditContextOf(http.request),
      });
      await this.limiter.consume('login:account', input.email);
      throw new AppError('INVALID_CREDENTIALS', 'The email or password is wrong.');
    }
    await this.limiter.reset('login:account', input.email);
    return this.beginSessionAfterFirstFactor(user, 'password', http);
  }

  /**
   * After the first factor (password or OIDC): an active session, or, when the account has 2FA, a mfa_pending
   * session that only allows POST /v1/auth/login/mfa. The method is kept on the session through the second step.
   */
  async beginSessionAfterFirstFactor(user: UserRow, method: 'password' | 'oidc', http: Http) {
    if (!user.totpEnabledAt) return this.startSession(user, method, http);
    const { token, session } = await this.sessions.create(user.id, {
      stage: 'mfa_pending',
      method,
      request: http.request,
    });
    setSessionCookie(http.reply, this.config, token, session.expiresAt);
    return {
      status: 'mfa_required' as const,
      message: 'Enter the 6-digit code from your authenticator app (or a recovery code).',
    };
  }

  /** Second step of a sign-in: the mfa_pending session is replaced by a new active one (a new id at login). */
  async loginMfa(input: { code?: string | undefined; recoveryCode?: string | undefined }, http: Http) {
    const cookie = readSessionCookie(http.request, this.config);
    const pending = cookie ? await this.sessions.resolve(cookie) : undefined;
    if (!pending || pending.stage !== 'mfa_pending') {
      throw new AppError('UNAUTHENTICATED', 'Your sign-in expired. Enter your email and password again.');
    }
    await this.limiter.consume('mfa:ip', http.request.ip);
    await this.limiter.consume('mfa:account', pending.userId);
    const user = await this.repo.findUserById(pending.userId);
    if (!user || user.status !== 'active')
      throw new AppError('UNAUTHENTICATED', 'Your sign-in expired. Enter your email and password again.');
    const ok = input.code
      ? await this.mfa.verifyTotp(user, input.code)
      : await this.mfa.verifyRecoveryCode(user, input.recoveryCode!);
    if (!ok) {
      await this.audit.record({
        actor: { type: 'user', userId: user.id },
        action: 'auth.login.mfa_failed',
        subject: { type: 'user', id: user.id },
        context: auditContextOf(http.request),
      });
      throw new AppError('MFA_CODE_INVALID', 'That code is wrong, expired or already used.');
    }
    await this.sessions.revoke(user.id, pending.id);
    await this.limiter.reset('mfa:account', user.id);
    if (input.recoveryCode) {
      await this.audit.record({
        actor: { type: 'user', userId: user.id },
        action: 'auth.2fa.recovery_code_used',
        subject: { type: 'user', id: user.id },
        context: auditContextOf(http.request),
      });
    }
    return this.startSession(user, pending.method, http);
  }

  /** Creates the active session, sets the cookie and audits the sign-in. Also used by OIDC sign-in. */
  async startSession(user: UserRow, method: 'password' | 'oidc', http: Http) {
    const { token, session } = await this.sessions.create(user.id, { stage: 'active', method, request: http.request });
    setSessionCookie(http.reply, this.config, token, session.expiresAt);
    await this.audit.record({
      actor: { type: 'user', userId: user.id },
      action: 'auth.login.succeeded',
      subject: { type: 'session', id: session.id },
      details: { method },
      context: auditContextOf(http.request),
    });
    return { status: 'signed_in' as const, user: toUserDto(user), csrfToken: this.secrets.csrfToken(session.id) };
  }

  async logout(http: Http): Promise<void> {
    const cookie = readSessionCookie(http.request, this.config);
    const session = cookie ? await this.sessions.resolve(cookie) : undefined;
    if (session) {
      await this.sessions.revoke(session.userId, session.id);
      await this.audit.record({
        actor: { type: 'user', userId: session.userId },
        action: 'auth.logout',
        subject: { type: 'session', id: session.id },
        context: auditContextOf(http.request),
      });
    }
    clearSessionCookie(http.reply, this.config);
  }

  sessionInfo(principal: Principal & { kind: 'session' }) {
    const effective = effectiveRoles(principal.user);
    return {
      user: toUserDto(principal.user),
      session: {
        id: principal.session.id,
        method: principal.session.method,
        authenticatedAt: principal.session.authenticatedAt.toISOString(),
      },
      csrfToken: this.secrets.csrfToken(principal.session.id),
      rolesNeedingTwoFactor: principal.user.roles.filter((r) => !effective.includes(r)),
    };
  }

  /** Confirms an address: the sign-up address (verify_email) or a new one (change_email). A link works once. */
  async verifyEmail(token: string, request: FastifyRequest) {
    const now = this.clock.now();
    return this.repo.db.transaction(async (tx) => {
      const row =
        (await this.repo.consumeEmailToken(hashToken(token), 'verify_email', now, tx)) ??
        (await this.repo.consumeEmailToken(hashToken(token), 'change_email', now, tx));
      if (!row)
        throw new AppError(
          'TOKEN_INVALID',
          'This confirmation link is invalid, expired or already used. Ask for a new one.',
        );
      if (row.purpose === 'change_email') {
        const taken = await this.repo.findUserByEmail(row.email, tx);
        if (taken && taken.id !== row.userId) throw new AppError('EMAIL_TAKEN', 'Another account now uses this email.');
        const before = await this.repo.findUserById(row.userId, tx);
        await this.repo.updateUser(row.userId, { email: row.email, emailVerifiedAt: now }, tx);
        await this.sessions.revokeOthers(row.userId, null, tx);
        await this.audit.record(
          {
            actor: { type: 'user', userId: row.userId },
            action: 'auth.email.changed',
            subject: { type: 'user', id: row.userId },
            details: { from: before?.email, to: row.email },
            context: auditContextOf(request),
          },
          tx,
        );
      } else {
        await this.repo.updateUser(row.userId, { emailVerifiedAt: now }, tx);
        await this.audit.record(
          {
            actor: { type: 'user', userId: row.userId },
            action: 'auth.email.verified',
            subject: { type: 'user', id: row.userId },
            context: auditContextOf(request),
          },
          tx,
        );
      }
      return { email: row.email };
    });
  }

  async resendVerification(user: UserRow): Promise<void> {
    if (user.emailVerifiedAt) return;
    const token = await this.issueEmailToken(user.id, 'verify_email', user.email, VERIFY_TTL_MS);
    await this.mailer.send(identityMail.verifyEmail(user.email, user.displayName, this.link('/verify-email', token)));
  }

  /** Always the same answer; mails a link only when the account exists. Limited per IP and per address. */
  async requestPasswordReset(email: string, request: FastifyRequest): Promise<void> {
    await this.limiter.consume('password-reset:ip', request.ip);
    await this.limiter.consume('password-reset:account', email);
    const user = await this.repo.findUserByEmail(email);
    if (!user || user.status !== 'active') return;
    const token = await this.issueEmailToken(user.id, 'reset_password', user.email, RESET_TTL_MS);
    await this.audit.record({
      actor: { type: 'anonymous' },
      action: 'auth.password.reset_requested',
      subject: { type: 'user', id: user.id },
      context: auditContextOf(request),
    });
    await this.mailer.send(identityMail.passwordReset(user.email, this.link('/reset-password', token)));
  }

  async confirmPasswordReset(token: string, newPassword: string, request: FastifyRequest): Promise<void> {
    const now = this.clock.now();
    const tokenHash = hashToken(token);
    // A weak password throws inside the transaction, which rolls back consuming the link: it stays usable.
    const user = await this.repo.db.transaction(async (tx) => {
      const row = await this.repo.consumeEmailToken(tokenHash, 'reset_password', now, tx);
      if (!row)
        throw new AppError('TOKEN_INVALID', 'This reset link is invalid, expired or already used. Ask for a new one.');
      const user = await this.repo.findUserById(row.userId, tx);
      if (!user)
        throw new AppError('TOKEN_INVALID', 'This reset link is invalid, expired or already used. Ask for a new one.');
      await assertStrongPassword(newPassword, [user.email, user.displayName], 'newPassword');
      await this.repo.updateUser(user.id, { passwordHash: await hashPassword(newPassword) }, tx);
      await this.sessions.revokeOthers(user.id, null, tx);
      await this.audit.record(
        {
          actor: { type: 'user', userId: user.id },
          action: 'auth.password.reset',
          subject: { type: 'user', id: user.id },
          context: auditContextOf(request),
        },
        tx,
      );
      return user;
    });
    await this.mailer.send(identityMail.credentialChanged(user.email, 'password'));
  }

  /** Marks the session as recently authenticated after the password or a TOTP code is proved again. */
  async reauthenticate(
    principal: Principal & { kind: 'session' },
    input: { password?: string | undefined; code?: string | undefined },
    request: FastifyRequest,
  ) {
    await this.limiter.consume('mfa:account', principal.user.id);
    const user = principal.user;
    if (input.password !== undefined) {
      if (!(await verifyPassword(user.passwordHash, input.password)))
        throw new AppError('INVALID_CREDENTIALS', 'That password is wrong.');
    } else if (!(await this.mfa.verifyTotp(user, input.code!))) {
      throw new AppError('MFA_CODE_INVALID', 'That code is wrong, expired or already used.');
    }
    await this.repo.markSessionAuthenticated(principal.session.id, this.clock.now());
    await this.audit.record({
      actor: { type: 'user', userId: user.id },
      action: 'auth.reauthenticated',
      subject: { type: 'session', id: principal.session.id },
      context: auditContextOf(request),
    });
  }

  async issueEmailToken(
    userId: string,
    purpose: 'verify_email' | 'reset_password' | 'change_email',
    email: string,
    ttlMs: number,
    tx?: Executor,
  ): Promise<string> {
    const token = randomToken();
    const now = this.clock.now();
    await this.repo.insertEmailToken(
      {
        userId,
        purpose,
        email,
        tokenHash: hashToken(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + ttlMs),
      },
      tx,
    );
    return token;
  }

  link(path: string, token: string): string {
    return `${this.config.PUBLIC_WEB_URL.replace(/\/$/, '')}${path}?token=${encodeURIComponent(token)}`;
  }
}
