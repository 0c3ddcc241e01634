import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/app-error.js';
import type { AuditActor, AuditContext } from '../audit/audit.service.js';
import type { ApiTokenRow, SessionRow, UserRow } from './identity.repository.js';

/** Who is calling: a browser session or a personal API token, with the user behind it. */
export type Principal =
  { kind: 'session'; user: UserRow; session: SessionRow } | { kind: 'token'; user: UserRow; token: ApiTokenRow };

export type AuthedRequest = FastifyRequest & { principal?: Principal };

export function actorOf(principal: Principal | undefined): AuditActor {
  if (!principal) return { type: 'anonymous' };
  return principal.kind === 'token'
    ? { type: 'api_token', userId: principal.user.id, tokenId: principal.token.id }
    : { type: 'user', userId: principal.user.id };
}

export function auditContextOf(request: FastifyRequest): AuditContext {
  return { ip: request.ip, requestId: request.id };
}

/** `@CurrentPrincipal() p: Principal` on routes whose access is not public (the guard has set it). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  return principal;
});

/** `@CurrentSession() s: Principal & { kind: 'session' }` on session-only routes. */
export const CurrentSession = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal || principal.kind !== 'session') throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  return principal;
});
