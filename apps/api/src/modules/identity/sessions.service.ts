import { Inject, Injectable } from '@nestjs/common';
import type { Executor } from '@creator-rewards/db';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/config.js';
import { hashToken, randomToken } from '../../platform/crypto/secrets.js';
import { CLOCK, CONFIG } from '../../platform/tokens.js';
import { IdentityRepository, type SessionRow } from './identity.repository.js';

const MFA_PENDING_TTL_MS = 10 * 60_000;
const TOUCH_EVERY_MS = 60_000;

/** Server-side sessions: a fresh random token per sign-in (never reused across logins), stored as its hash. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly repo: IdentityRepository,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(
    userId: string,
    opts: { stage: 'active' | 'mfa_pending'; method: 'password' | 'oidc'; request: FastifyRequest },
    tx?: Executor,
  ): Promise<{ token: string; session: SessionRow }> {
    const token = randomToken();
    const now = this.clock.now();
    const ttl = opts.stage === 'mfa_pending' ? MFA_PENDING_TTL_MS : this.config.SESSION_TTL_DAYS * 86_400_000;
    const session = await this.repo.insertSession(
      {
        tokenHash: hashToken(token),
        userId,
        stage: opts.stage,
        method: opts.method,
        authenticatedAt: now,
        ip: opts.request.ip,
        userAgent: opts.request.headers['user-agent']?.slice(0, 300) ?? null,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + ttl),
      },
      tx,
    );
    return { token, session };
  }

  /** The live session for a cookie token (any stage), refreshing last-seen at most once a minute. */
  async resolve(token: string): Promise<SessionRow | undefined> {
    const now = this.clock.now();
    const session = await this.repo.findLiveSessionByTokenHash(hashToken(token), now);
    if (session && now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.repo.touchSession(session.id, now);
    }
    return session;
  }

  revoke(userId: string, sessionId: string, tx?: Executor): Promise<boolean> {
    return this.repo.revokeSession(userId, sessionId, this.clock.now(), tx);
  }

  revokeOthers(userId: string, keepSessionId: string | null, tx?: Executor): Promise<number> {
    return this.repo.revokeOtherSessions(userId, keepSessionId, this.clock.now(), tx);
  }
}
