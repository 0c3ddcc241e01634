import { Controller, Req, Res } from '@nestjs/common';
import { apiRoutes } from '@creator-rewards/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Endpoint, Input, type RouteInput } from '../../platform/http/endpoint.js';
import { AuthService } from './auth.service.js';
import { CurrentSession, type Principal } from './principal.js';

type R = typeof apiRoutes;
type SessionPrincipal = Principal & { kind: 'session' };

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Endpoint(apiRoutes.signUp)
  signUp(
    @Input() input: RouteInput<R['signUp']>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.auth.signUp(input.body, { request, reply });
  }

  @Endpoint(apiRoutes.login)
  login(
    @Input() input: RouteInput<R['login']>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.auth.login(input.body, { request, reply });
  }

  @Endpoint(apiRoutes.loginMfa)
  loginMfa(
    @Input() input: RouteInput<R['loginMfa']>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.auth.loginMfa(input.body, { request, reply });
  }

  @Endpoint(apiRoutes.logout)
  logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.auth.logout({ request, reply });
  }

  @Endpoint(apiRoutes.getSession)
  getSession(@CurrentSession() principal: SessionPrincipal) {
    return this.auth.sessionInfo(principal);
  }

  @Endpoint(apiRoutes.verifyEmail)
  verifyEmail(@Input() input: RouteInput<R['verifyEmail']>, @Req() request: FastifyRequest) {
    return this.auth.verifyEmail(input.body.token, request);
  }

  @Endpoint(apiRoutes.resendVerification)
  resendVerification(@CurrentSession() principal: SessionPrincipal) {
    return this.auth.resendVerification(principal.user);
  }

  @Endpoint(apiRoutes.requestPasswordReset)
  requestPasswordReset(@Input() input: RouteInput<R['requestPasswordReset']>, @Req() request: FastifyRequest) {
    return this.auth.requestPasswordReset(input.body.email, request);
  }

  @Endpoint(apiRoutes.confirmPasswordReset)
  confirmPasswordReset(@Input() input: RouteInput<R['confirmPasswordReset']>, @Req() request: FastifyRequest) {
    return this.auth.confirmPasswordReset(input.body.token, input.body.newPassword, request);
  }

  @Endpoint(apiRoutes.reauthenticate)
  reauthenticate(
    @CurrentSession() principal: SessionPrincipal,
    @Input() input: RouteInput<R['reauthenticate']>,
    @Req() request: FastifyRequest,
  ) {
    return this.auth.reauthenticate(principal, input.body, request);
  }
}
