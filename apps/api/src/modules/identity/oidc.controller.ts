import { Controller, Req, Res } from '@nestjs/common';
import { apiRoutes } from '@creator-rewards/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Endpoint, Input, type RouteInput } from '../../platform/http/endpoint.js';
import { OidcService } from './oidc.service.js';

type R = typeof apiRoutes;

/** Sign-in with OpenID Connect providers. Start and callback are browser navigations answered with a 302. */
@Controller()
export class OidcController {
  constructor(private readonly oidc: OidcService) {}

  @Endpoint(apiRoutes.listOidcProviders)
  listProviders() {
    return this.oidc.listProviders();
  }

  @Endpoint(apiRoutes.startOidcLogin)
  async start(
    @Input() input: RouteInput<R['startOidcLogin']>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    redirect(reply, await this.oidc.start(input.params.provider, input.query.returnTo, { request, reply }));
  }

  @Endpoint(apiRoutes.finishOidcLogin)
  async finish(
    @Input() input: RouteInput<R['finishOidcLogin']>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    redirect(reply, await this.oidc.finish(input.params.provider, input.query, { request, reply }));
  }
}

/** The status (302) comes from the route definition; the handler only names the target. Never cached. */
function redirect(reply: FastifyReply, location: string): void {
  void reply.header('location', location).header('cache-control', 'no-store');
}
