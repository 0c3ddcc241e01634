import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../platform/config/config.js';

/**
 * The session cookie: httpOnly, SameSite=Lax, Path=/, Secure in production (then with the __Host- prefix, which
 * browsers only accept from a secure origin with no Domain attribute).
 */
export function sessionCookieName(config: AppConfig): string {
  return config.NODE_ENV === 'production' ? '__Host-cr_session' : 'cr_session';
}

export function readSessionCookie(request: FastifyRequest, config: AppConfig): string | undefined {
  const value = request.cookies?.[sessionCookieName(config)];
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
}

export function setSessionCookie(reply: FastifyReply, config: AppConfig, token: string, expiresAt: Date): void {
  void reply.setCookie(sessionCookieName(config), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.NODE_ENV === 'production',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: AppConfig): void {
  void reply.clearCookie(sessionCookieName(config), {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.NODE_ENV === 'production',
    path: '/',
  });
}

/**
 * The OIDC binding cookie: a random value set when a sign-in with a provider starts; its hash is stored with the
 * login's state, so only the browser that started a sign-in can finish it (a callback carrying someone else's
 * state is refused). SameSite=Lax, because the provider's redirect back is a cross-site top-level navigation.
 */
export function oidcBindingCookieName(config: AppConfig): string {
  return config.NODE_ENV === 'production' ? '__Host-cr_oidc' : 'cr_oidc';
}

export function readOidcBindingCookie(request: FastifyRequest, config: AppConfig): string | undefined {
  const value = request.cookies?.[oidcBindingCookieName(config)];
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

export function setOidcBindingCookie(reply: FastifyReply, config: AppConfig, value: string, maxAgeSeconds: number) {
  void reply.setCookie(oidcBindingCookieName(config), value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.NODE_ENV === 'production',
    path: '/',
    maxAge: maxAgeSeconds,
  });
}
