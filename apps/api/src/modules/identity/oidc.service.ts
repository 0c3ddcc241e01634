import { Inject, Injectable } from '@nestjs/common';
import { DisplayNameSchema, EmailSchema, type OidcLoginError } from '@creator-rewards/contracts';
import * as client from 'openid-client';
import type { Clock } from '../../platform/clock.js';
import { isLoopbackUrl, type AppConfig, type OidcProviderConfig } from '../../platform/config/config.js';
import { hashToken, randomToken, type Secrets } from '../../platform/crypto/secrets.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import { CLOCK, CONFIG, RATE_LIMITER, SECRETS } from '../../platform/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService, type Http } from './auth.service.js';
import { IdentityRepository, type UserRow } from './identity.repository.js';
import { auditContextOf } from './principal.js';
import { readOidcBindingCookie, setOidcBindingCookie } from './session-cookie.js';

const STATE_TTL_MS = 10 * 60_000;
const SCOPE = 'openid email profile';
const DISCOVERY_TIMEOUT_SECONDS = 10;

/** What the provider says about the person; only these claims are read. */
type Claims = { sub: string; email: string | undefined; emailVerified: boolean; name: string | undefined };

type Resolution = { user: UserRow; created: boolean } | { error: OidcLoginError };

/**
 * Sign-in with OpenID Connect providers (authorization code + PKCE S256, state and nonce, through openid-client).
 * State, PKCE verifier and nonce live server-side in oidc_login_states, bound to the starting browser by a cookie
 * hash (ASVS 10.1.2). The callback is a browser navigation, so every refusal redirects to the login page with a
 * reason instead of answering JSON. Codes, tokens and the client secret are never logged.
 */
@Injectable()
export class OidcService {
  /** Discovery per provider, fetched once; a failed discovery is forgotten so the next sign-in retries it. */
  private readonly discovered = new Map<string, Promise<client.Configuration>>();

  constructor(
    private readonly repo: IdentityRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  listProviders() {
    return { items: this.config.OIDC_PROVIDERS.map(({ id, name }) => ({ id, name })) };
  }

  /** Stores the login in flight and answers the provider's authorization URL to redirect to. */
  async start(providerId: string, returnTo: string | undefined, http: Http): Promise<string> {
    const provider = this.providerOrThrow(providerId);
    await this.limiter.consume('oidc:ip', http.request.ip);
    let configuration: client.Configuration;
    try {
      configuration = await this.configuration(provider);
    } catch (error) {
      http.request.log.warn({ provider: provider.id, error: describeError(error) }, 'oidc discovery failed');
      return this.loginPage({ error: 'oidc_failed' });
    }

    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    // One binding per browser, reused while it lives, so two sign-ins started in two tabs can both finish.
    const binding = readOidcBindingCookie(http.request, this.config) ?? randomToken();
    const now = this.clock.now();
    await this.repo.deleteExpiredOidcLoginStates(now);
    await this.repo.insertOidcLoginState({
      stateHash: hashToken(state),
      provider: provider.id,
      bindingHash: hashToken(binding),
      codeVerifierSealed: this.secrets.seal(codeVerifier),
      nonce,
      returnTo: safeReturnTo(returnTo),
      createdAt: now,
      expiresAt: new Date(now.getTime() + STATE_TTL_MS),
    });
    setOidcBindingCookie(http.reply, this.config, binding, STATE_TTL_MS / 1000);
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri(provider.id),
      response_type: 'code',
      scope: SCOPE,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    }).href;
  }

  /** The provider's redirect back: answers where the browser goes next (returnTo, the 2FA step or /login?error). */
  async finish(
    providerId: string,
    query: {
      code?: string | undefined;
      state?: string | undefined;
      iss?: string | undefined;
      error?: string | undefined;
    },
    http: Http,
  ): Promise<string> {
    const provider = this.providerOrThrow(providerId);
    const binding = readOidcBindingCookie(http.request, this.config);
    const login =
      query.state && binding
        ? await this.repo.consumeOidcLoginState(
            { stateHash: hashToken(query.state), provider: provider.id, bindingHash: hashToken(binding) },
            this.clock.now(),
          )
        : undefined;
    if (!login) {
      // A replay, a callback from another browser (login CSRF), an expired or tampered state: an attempt worth seeing.
      http.request.log.warn(
        { provider: provider.id, hasState: Boolean(query.state), hasBindingCookie: Boolean(binding) },
        'oidc callback refused: unknown, used, expired or foreign state',
      );
      return this.loginPage({ error: 'oidc_state' });
    }
    if (query.error || !query.code) {
      http.request.log.info(
        { provider: provider.id, providerError: query.error?.slice(0, 64) ?? 'no code' },
        'oidc sign-in not granted',
      );
      return this.loginPage({ error: 'oidc_denied' });
    }

    let claims: Claims;
    try {
      claims = await this.exchange(provider, query as { code: string; state: string; iss?: string }, login);
    } catch (error) {
      http.request.log.warn({ provider: provider.id, error: describeError(error) }, 'oidc code exchange failed');
      return this.loginPage({ error: 'oidc_failed' });
    }

    const resolution = await this.resolveUser(provider, claims, http);
    if ('error' in resolution) return this.loginPage({ error: resolution.error });
    const { user, created } = resolution;
    if (user.status !== 'active') return this.loginPage({ error: 'oidc_account_disabled' });
    // After the commit: a new account whose address the provider did not verify gets the usual confirmation link.
    if (created && !user.emailVerifiedAt) await this.auth.resendVerification(user);

    const result = await this.auth.beginSessionAfterFirstFactor(user, 'oidc', http);
    if (result.status === 'mfa_required') return this.loginPage({ mfa: '1', returnTo: login.returnTo });
    return this.webUrl(login.returnTo);
  }

  /** Code → tokens with the PKCE verifier; openid-client checks the state, issuer, ID token signature and nonce. */
  private async exchange(
    provider: OidcProviderConfig,
    query: { code: string; state: string; iss?: string },
    login: { codeVerifierSealed: string; nonce: string },
  ): Promise<Claims> {
    const configuration = await this.configuration(provider);
    // The URL the provider redirected to, rebuilt from our own redirect URI (the Host header is not trusted).
    const callbackUrl = new URL(this.redirectUri(provider.id));
    callbackUrl.searchParams.set('code', query.code);
    callbackUrl.searchParams.set('state', query.state);
    if (query.iss !== undefined) callbackUrl.searchParams.set('iss', query.iss);
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: this.secrets.open(login.codeVerifierSealed),
      expectedNonce: login.nonce,
      expectedState: query.state,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error('the token response has no ID token');
    // Providers put scope claims in the ID token or only behind the userinfo endpoint; take one source whole, so
    // email and email_verified always describe the same address.
    const source =
      typeof idToken.email === 'string' || !configuration.serverMetadata().userinfo_endpoint
        ? idToken
        : await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
    return {
      sub: idToken.sub,
      email: typeof source.email === 'string' ? source.email : undefined,
      // Some providers send the string "true".
      emailVerified: source.email_verified === true || source.email_verified === 'true',
      name: typeof source.name === 'string' ? source.name : undefined,
    };
  }

  /**
   * The account for this identity: already linked by (provider, subject); else the account with the same email,
   * linked only when the provider verified the address and the account confirmed it too (no takeover through an
   * unverified provider email, nor through an account someone registered with an address they do not own); else a
   * new participant account without a password.
   */
  private async resolveUser(provider: OidcProviderConfig, claims: Claims, http: Http): Promise<Resolution> {
    const context = auditContextOf(http.request);
    const now = this.clock.now();
    const outcome = await this.repo.db.transaction(async (tx): Promise<Resolution> => {
      const linked = await this.repo.findUserByOidcIdentity(provider.id, claims.sub, tx);
      if (linked) return { user: linked, created: false };

      const email = EmailSchema.safeParse(claims.email);
      if (!email.success) return { error: 'oidc_email_missing' };
      const identity = { provider: provider.id, subject: claims.sub, emailAtLink: email.data };

      const existing = await this.repo.findUserByEmail(email.data, tx);
      if (existing) {
        const reason: OidcLoginError | undefined = !claims.emailVerified
          ? 'oidc_email_unverified'
          : !existing.emailVerifiedAt
            ? 'oidc_link_unverified'
            : undefined;
        if (reason) {
          await this.audit.record(
            {
              actor: { type: 'anonymous' },
              action: 'auth.login.failed',
              subject: { type: 'user', id: existing.id },
              details: { method: 'oidc', provider: provider.id, reason },
              context,
            },
            tx,
          );
          return { error: reason };
        }
        if (!(await this.repo.insertOidcIdentity({ ...identity, userId: existing.id }, tx))) {
          throw new Error('the identity was linked concurrently');
        }
        await this.audit.record(
          {
            actor: { type: 'user', userId: existing.id },
            action: 'auth.oidc.linked',
            subject: { type: 'user', id: existing.id },
            details: { provider: provider.id, subject: claims.sub },
            context,
          },
          tx,
        );
        return { user: existing, created: false };
      }

      const user = await this.repo.insertUser(
        {
          email: email.data,
          passwordHash: null,
          displayName: displayNameOf(claims.name, email.data),
          roles: ['participant'],
          emailVerifiedAt: claims.emailVerified ? now : null,
        },
        tx,
      );
      if (!user) throw new Error('the email was registered concurrently');
      if (!(await this.repo.insertOidcIdentity({ ...identity, userId: user.id }, tx))) {
        throw new Error('the identity was linked concurrently');
      }
      await this.audit.record(
        {
          actor: { type: 'user', userId: user.id },
          action: 'auth.sign_up',
          subject: { type: 'user', id: user.id },
          details: { accountType: 'participant', method: 'oidc', provider: provider.id },
          context,
        },
        tx,
      );
      return { user, created: true };
    });
    return outcome;
  }

  private providerOrThrow(id: string): OidcProviderConfig {
    const provider = this.config.OIDC_PROVIDERS.find((p) => p.id === id);
    if (!provider) throw new AppError('NOT_FOUND', 'There is no sign-in provider with this id.');
    return provider;
  }

  private configuration(provider: OidcProviderConfig): Promise<client.Configuration> {
    let pending = this.discovered.get(provider.id);
    if (!pending) {
      // Plain http only for a local test provider outside production (config.ts refuses anything else too).
      const insecure =
        this.config.NODE_ENV !== 'production' &&
        new URL(provider.issuer).protocol === 'http:' &&
        isLoopbackUrl(provider.issuer);
      pending = client.discovery(
        new URL(provider.issuer),
        provider.clientId,
        { redirect_uris: [this.redirectUri(provider.id)], response_types: ['code'] },
        client.ClientSecretBasic(provider.clientSecret),
        { timeout: DISCOVERY_TIMEOUT_SECONDS, ...(insecure ? { execute: [client.allowInsecureRequests] } : {}) },
      );
      pending.catch(() => this.discovered.delete(provider.id));
      this.discovered.set(provider.id, pending);
    }
    return pending;
  }

  /** Register this at the provider: the browser reaches the API through the web app's same-origin /api proxy. */
  redirectUri(providerId: string): string {
    return this.webUrl(`/api/v1/auth/oidc/${providerId}/callback`);
  }

  private loginPage(params: { error?: OidcLoginError; mfa?: '1'; returnTo?: string }): string {
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
    return this.webUrl(`/login?${query.toString()}`);
  }

  /** Absolute, on the web app's origin: the web proxy maps relative API redirects under /api, which these are not. */
  private webUrl(path: string): string {
    return `${this.config.PUBLIC_WEB_URL.replace(/\/+$/, '')}${path}`;
  }
}

/**
 * Only a path on our own site: one leading "/", not "//" or "/\" (browsers read both as another host), no control
 * characters or backslashes at all, at most 1024 characters. Anything else means "/" (no open redirect, ASVS 3.7.2).
 */
export function safeReturnTo(value: string | undefined): string {
  if (!value || value.length > 1024) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  return value;
}

function displayNameOf(name: string | undefined, email: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are dropped from a provider's name
  const controlCharacters = /[\u0000-\u001f\u007f]/g;
  const cleaned = name?.replace(controlCharacters, ' ').trim().slice(0, 80);
  const parsed = DisplayNameSchema.safeParse(cleaned);
  return parsed.success ? parsed.data : email.split('@')[0]!.slice(0, 80);
}

/** Enough to diagnose a failed exchange without the code, tokens or secret: the class, code and OAuth error only. */
function describeError(error: unknown) {
  if (!(error instanceof Error)) return { name: typeof error };
  const e = error as Error & { code?: unknown; error?: unknown; status?: unknown };
  return {
    name: e.name,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.error === 'string' ? { oauthError: e.error.slice(0, 64) } : {}),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
    message: e.message.slice(0, 200),
  };
}
