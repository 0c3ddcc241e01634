import { Controller, Req } from '@nestjs/common';
import { adminRoutes } from '@creator-rewards/contracts';
import type { FastifyRequest } from 'fastify';
import { Endpoint, Input, type RouteInput } from '../../platform/http/endpoint.js';
import { auditContextOf, CurrentPrincipal, type Principal } from '../identity/principal.js';
import { AdminService } from './admin.service.js';

type R = typeof adminRoutes;

@Controller()
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Endpoint(adminRoutes.listUsers)
  listUsers(@Input() input: RouteInput<R['listUsers']>) {
    return this.admin.listUsers(input.query);
  }

  @Endpoint(adminRoutes.setUserRoles)
  setUserRoles(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['setUserRoles']>,
    @Req() request: FastifyRequest,
  ) {
    return this.admin.setUserRoles(p, input.params.userId, input.body.roles, auditContextOf(request));
  }

  @Endpoint(adminRoutes.listAudit)
  listAudit(@Input() input: RouteInput<R['listAudit']>) {
    return this.admin.listAudit(input.query);
  }

  @Endpoint(adminRoutes.listOutbox)
  listOutbox(@Input() input: RouteInput<R['listOutbox']>) {
    return this.admin.listOutbox(input.query);
  }
}
