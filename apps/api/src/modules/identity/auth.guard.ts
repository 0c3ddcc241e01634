import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RouteDefinition } from '@creator-rewards/contracts';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/config.js';
import { hashToken, safeEqual, type Secrets } from '../../platform/crypto/secrets.js';
import { AppError } from '../../platform/errors/app-error.js';
import { ROUTE_DEFINITION } from '../../platform/http/endpoint.js';
import { CLOCK, CONFIG, SECRETS } from '../../platform/tokens.js';
import { decideRoles, effectiveRoles, orgRoleSatisfies, RECENT_AUTH_MS } from './access-policy.js';
import { IdentityRepository } from './identity.repository.js';
import type { AuthedRequest, Principal } from './principal.js';
import { readSessionCookie } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer (crt_[A-Za-z0-9_-]{43})$/;

/**
 * Deny by default: every request is checked against its route's declared access before any handler or input
 * validation runs. A route without a declaration is refused (and fails the route-table test).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly repo: IdentityRepository,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const route = this.reflector.get<RouteDefinition | undefined>(ROUTE_DEFINITION, ctx.getHandler());
    if (!route?.access) throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} declares no access rule`);
    const request = ctx.switchToHttp().getRequest<AuthedRequest>();
    const principal = await this.authenticate(request);
    if (principal) request.principal = principal;

    const access = route.access;
    if (access === 'public') return true;
    if (!principal) throw new AppError('UNAUTHENTICATED', 'Sign in (or send an API token) to continue.');

    if (principal.kind === 'token') {
      const scope = access.tokenScope;
      if (!scope)
        throw new AppError('FORBIDDEN', 'API tokens cannot use this endpoint; sign in with a browser session.');
      if (!principal.token.scopes.includes(scope)) {
        throw new AppError('FORBIDDEN', `This API token lacks the "${scope}" scope.`);
      }
    }

    const decision = decideRoles(access, principal.user);
    if (decision === 'mfa_required') {
      throw new AppError('MFA_REQUIRED', 'Your role needs two-factor authentication. Enable it in account settings.');
    }
    if (decision === 'forbidden') throw new AppError('FORBIDDEN', 'Your account is not allowed to do this.');

    if (principal.kind === 'session' && !SAFE_METHODS.has(request.method))
      this.checkCsrf(request, principal.session.id);

    if (access.recentAuth) {
      const fresh =
        principal.kind === 'session' &&
        this.clock.now().getTime() - principal.session.authenticatedAt.getTime() < RECENT_AUTH_MS;
      if (!fresh) throw new AppError('REAUTH_REQUIRED', 'Confirm your password (or a 2FA code) to make this change.');
    }

    if (access.ownership === 'org') await this.checkOrg(request, principal, access.orgRole ?? 'viewer');
    return true;
  }

  /** Bearer API token first (integrations), else the session cookie. A mfa_pending session authenticates nothing. */
  private async authenticate(request: AuthedRequest): Promise<Principal | undefined> {
    const header = request.headers.authorization;
    if (header) {
      const match = BEARER.exec(header);
      if (!match)
        throw new AppError(
          'UNAUTHENTICATED',
          'The Authorization header must be "Bearer crt_…" with a valid API token.',
        );
      const now = this.clock.now();
      const token = await this.repo.findLiveApiToken(hashToken(match[1]!), now);
      const user = token && (await this.repo.findUserById(token.userId));
      if (!token || !user || user.status !== 'active')
        throw new AppError('UNAUTHENTICATED', 'This API token is invalid, expired or revoked.');
      if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000)
        await this.repo.touchApiToken(token.id, now);
      return { kind: 'token', user, token };
    }
    const cookie = readSessionCookie(request, this.config);
    if (!cookie) return undefined;
    const session = await this.sessions.resolve(cookie);
    if (!session || session.stage !== 'active') return undefined;
    const user = await this.repo.findUserById(session.userId);
    if (!user || user.status !== 'active') return undefined;
    return { kind: 'session', user, session };
  }

  private checkCsrf(request: AuthedRequest, sessionId: string): void {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, this.secrets.csrfToken(sessionId))) {
      throw new AppError(
        'CSRF_FAILED',
        'This change needs the x-csrf-token header of your session (see GET /v1/auth/session).',
      );
    }
  }

  /** `{orgId}` must be an org the caller belongs to with at least `needed`; otherwise 404, as if it did not exist. */
  private async checkOrg(
    request: AuthedRequest,
    principal: Principal,
    needed: 'owner' | 'manager' | 'viewer',
  ): Promise<void> {
    const orgId = (request.params as Record<string, string> | undefined)?.orgId;
    if (!orgId) throw new Error('a route with ownership "org" must have an {orgId} path parameter');
    if (effectiveRoles(principal.user).includes('admin')) return;
    if (!/^[0-9a-f-]{36}$/i.test(orgId)) return; // malformed ids are refused by validation with a 400
    const held = await this.repo.findOrgRole(orgId, principal.user.id);
    if (!held) throw new AppError('NOT_FOUND', 'Org was not found.');
    if (!orgRoleSatisfies(held, needed)) throw new AppError('FORBIDDEN', `This needs the ${needed} role in the org.`);
  }
}
