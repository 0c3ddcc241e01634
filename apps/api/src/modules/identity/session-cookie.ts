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
