import { Controller, Req } from '@nestjs/common';
import { apiRoutes } from '@creator-rewards/contracts';
import type { FastifyRequest } from 'fastify';
import { Endpoint, Input, type RouteInput } from '../../platform/http/endpoint.js';
import { AccountService } from './account.service.js';
import { MfaService } from './mfa.service.js';
import { auditContextOf, CurrentPrincipal, CurrentSession, type Principal } from './principal.js';

type R = typeof apiRoutes;
type SessionPrincipal = Principal & { kind: 'session' };

@Controller()
export class AccountController {
  constructor(
    private readonly account: AccountService,
    private readonly mfa: MfaService,
  ) {}

  @Endpoint(apiRoutes.getMe)
  getMe(@CurrentPrincipal() p: Principal) {
    return this.account.me(p.user);
  }

  @Endpoint(apiRoutes.updateMe)
  updateMe(@CurrentSession() p: SessionPrincipal, @Input() input: RouteInput<R['updateMe']>) {
    return this.account.updateProfile(p.user, input.body.displayName);
  }

  @Endpoint(apiRoutes.changePassword)
  changePassword(
    @CurrentSession() p: SessionPrincipal,
    @Input() input: RouteInput<R['changePassword']>,
    @Req() request: FastifyRequest,
  ) {
    return this.account.changePassword(p, input.body.newPassword, request);
  }

  @Endpoint(apiRoutes.changeEmail)
  changeEmail(
    @CurrentSession() p: SessionPrincipal,
    @Input() input: RouteInput<R['changeEmail']>,
    @Req() request: FastifyRequest,
  ) {
    return this.account.requestEmailChange(p, input.body.newEmail, request);
  }

  @Endpoint(apiRoutes.listSessions)
  listSessions(@CurrentSession() p: SessionPrincipal) {
    return this.account.listSessions(p);
  }

  @Endpoint(apiRoutes.revokeSession)
  revokeSession(
    @CurrentSession() p: SessionPrincipal,
    @Input() input: RouteInput<R['revokeSession']>,
    @Req() request: FastifyRequest,
  ) {
    return this.account.revokeSession(p, input.params.sessionId, request);
  }

  @Endpoint(apiRoutes.listApiTokens)
  listApiTokens(@CurrentSession() p: SessionPrincipal) {
    return this.account.listApiTokens(p.user);
  }

  @Endpoint(apiRoutes.createApiToken)
  createApiToken(
    @CurrentSession() p: SessionPrincipal,
    @Input() input: RouteInput<R['createApiToken']>,
    @Req() request: FastifyRequest,
  ) {
    return this.account.createApiToken(p.user, input.body, request);
  }

  @Endpoint(apiRoutes.revokeApiToken)
  revokeApiToken(
    @CurrentSession() p: SessionPrincipal,
    @Input() input: RouteInput<R['revokeApiToken']>,
    @Req() request: FastifyRequest,
  ) {
    return this.account.revokeApiToken(p.user, input.params.tokenId, request);
  }

  @Endpoint(apiRoutes.startTwoFactor)
  startTwoFactor(@CurrentSession() p: SessionPrincipal) {
    return this.mfa.startEnrolment(p.user);
  }

  @Endpoint(apiRoutes.confirmTwoFactor)
  confirmTwoFactor(
    @CurrentSession() p: SessionPrincipal,
    @Input() input: RouteInput<R['confirmTwoFactor']>,
    @Req() request: FastifyRequest,
  ) {
    return this.mfa.confirmEnrolment(p.user, input.body.code, auditContextOf(request));
  }

  @Endpoint(apiRoutes.disableTwoFactor)
  disableTwoFactor(@CurrentSession() p: SessionPrincipal, @Req() request: FastifyRequest) {
    return this.mfa.disable(p.user, p.session.id, auditContextOf(request));
  }

  @Endpoint(apiRoutes.regenerateRecoveryCodes)
  regenerateRecoveryCodes(@CurrentSession() p: SessionPrincipal, @Req() request: FastifyRequest) {
    return this.mfa.regenerateRecoveryCodes(p.user, auditContextOf(request));
  }
}
