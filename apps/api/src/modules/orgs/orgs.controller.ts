import { Controller, Req } from '@nestjs/common';
import { orgRoutes } from '@creator-rewards/contracts';
import type { FastifyRequest } from 'fastify';
import { Endpoint, Input, type RouteInput } from '../../platform/http/endpoint.js';
import { auditContextOf, CurrentPrincipal, type Principal } from '../identity/principal.js';
import { OrgsService } from './orgs.service.js';

type R = typeof orgRoutes;

@Controller()
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @Endpoint(orgRoutes.createOrg)
  createOrg(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['createOrg']>,
    @Req() request: FastifyRequest,
  ) {
    return this.orgs.createOrg(p, input.body.name, auditContextOf(request));
  }

  @Endpoint(orgRoutes.listMyOrgs)
  listMyOrgs(@CurrentPrincipal() p: Principal) {
    return this.orgs.listMyOrgs(p);
  }

  @Endpoint(orgRoutes.getOrg)
  getOrg(@CurrentPrincipal() p: Principal, @Input() input: RouteInput<R['getOrg']>) {
    return this.orgs.getOrg(p, input.params.orgId);
  }

  @Endpoint(orgRoutes.listOrgMembers)
  listOrgMembers(@Input() input: RouteInput<R['listOrgMembers']>) {
    return this.orgs.listMembers(input.params.orgId);
  }

  @Endpoint(orgRoutes.changeOrgMemberRole)
  changeOrgMemberRole(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['changeOrgMemberRole']>,
    @Req() request: FastifyRequest,
  ) {
    const { orgId, userId } = input.params;
    return this.orgs.changeMemberRole(p, orgId, userId, input.body.role, auditContextOf(request));
  }

  @Endpoint(orgRoutes.removeOrgMember)
  removeOrgMember(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['removeOrgMember']>,
    @Req() request: FastifyRequest,
  ) {
    return this.orgs.removeMember(p, input.params.orgId, input.params.userId, auditContextOf(request));
  }

  @Endpoint(orgRoutes.listOrgInvitations)
  listOrgInvitations(@Input() input: RouteInput<R['listOrgInvitations']>) {
    return this.orgs.listInvitations(input.params.orgId);
  }

  @Endpoint(orgRoutes.inviteOrgMember)
  inviteOrgMember(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['inviteOrgMember']>,
    @Req() request: FastifyRequest,
  ) {
    return this.orgs.invite(p, input.params.orgId, input.body, auditContextOf(request));
  }

  @Endpoint(orgRoutes.revokeOrgInvitation)
  revokeOrgInvitation(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['revokeOrgInvitation']>,
    @Req() request: FastifyRequest,
  ) {
    const { orgId, invitationId } = input.params;
    return this.orgs.revokeInvitation(p, orgId, invitationId, auditContextOf(request));
  }

  @Endpoint(orgRoutes.acceptOrgInvitation)
  acceptOrgInvitation(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['acceptOrgInvitation']>,
    @Req() request: FastifyRequest,
  ) {
    return this.orgs.acceptInvitation(p, input.body.token, auditContextOf(request));
  }
}
