import { Controller } from '@nestjs/common';
import { earningsRoutes } from '@creator-rewards/contracts';
import { Endpoint, Input, type RouteInput } from '../../platform/http/endpoint.js';
import { CurrentPrincipal, type Principal } from '../identity/principal.js';
import { EarningsReadService } from './earnings-read.service.js';

type R = typeof earningsRoutes;

/** HTTP only: a post's earnings explained (participant and brand), a participant's earnings per participation. */
@Controller()
export class EarningsController {
  constructor(private readonly read: EarningsReadService) {}

  @Endpoint(earningsRoutes.getMySubmissionEarnings)
  getMySubmissionEarnings(@CurrentPrincipal() p: Principal, @Input() input: RouteInput<R['getMySubmissionEarnings']>) {
    return this.read.explainMine(p.user.id, input.params.submissionId);
  }

  @Endpoint(earningsRoutes.getSubmissionEarnings)
  getSubmissionEarnings(@Input() input: RouteInput<R['getSubmissionEarnings']>) {
    const { orgId, campaignId, submissionId } = input.params;
    return this.read.explainForOrg(orgId, campaignId, submissionId);
  }

  @Endpoint(earningsRoutes.listMyEarnings)
  listMyEarnings(@CurrentPrincipal() p: Principal, @Input() input: RouteInput<R['listMyEarnings']>) {
    return this.read.myEarnings(p.user.id, input.query);
  }
}
