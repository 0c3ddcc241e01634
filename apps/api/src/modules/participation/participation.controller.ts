import { Controller, Req, Res } from '@nestjs/common';
import { participationRoutes } from '@creator-rewards/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Endpoint, Input, type RouteInput } from '../../platform/http/endpoint.js';
import { auditContextOf, CurrentPrincipal, type Principal } from '../identity/principal.js';
import { ParticipationService } from './participation.service.js';
import { SocialAccountsService } from './social-accounts.service.js';
import { SubmissionEvidenceService } from './submission-evidence.service.js';
import { SubmissionsService } from './submissions.service.js';

type R = typeof participationRoutes;

/** HTTP only: a participant's social accounts, participations and submissions. */
@Controller()
export class ParticipantController {
  constructor(
    private readonly accounts: SocialAccountsService,
    private readonly participation: ParticipationService,
    private readonly submissions: SubmissionsService,
    private readonly evidence: SubmissionEvidenceService,
  ) {}

  @Endpoint(participationRoutes.listMySocialAccounts)
  listAccounts(@CurrentPrincipal() p: Principal) {
    return this.accounts.list(p);
  }

  @Endpoint(participationRoutes.addSocialAccount)
  addAccount(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['addSocialAccount']>,
    @Req() req: FastifyRequest,
  ) {
    return this.accounts.add(p, input.body, auditContextOf(req));
  }

  @Endpoint(participationRoutes.deleteSocialAccount)
  deleteAccount(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['deleteSocialAccount']>,
    @Req() req: FastifyRequest,
  ) {
    return this.accounts.remove(p, input.params.socialAccountId, auditContextOf(req));
  }

  @Endpoint(participationRoutes.applyToCampaign)
  apply(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['applyToCampaign']>,
    @Req() req: FastifyRequest,
  ) {
    return this.participation.apply(p, input.params.campaignId, input.body.socialAccountIds, auditContextOf(req));
  }

  @Endpoint(participationRoutes.listMyParticipations)
  listParticipations(@CurrentPrincipal() p: Principal, @Input() input: RouteInput<R['listMyParticipations']>) {
    return this.participation.listMine(p, input.query);
  }

  @Endpoint(participationRoutes.getMyParticipation)
  getParticipation(@CurrentPrincipal() p: Principal, @Input() input: RouteInput<R['getMyParticipation']>) {
    return this.participation.getMine(p, input.params.participationId);
  }

  @Endpoint(participationRoutes.withdrawParticipation)
  withdraw(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['withdrawParticipation']>,
    @Req() req: FastifyRequest,
  ) {
    return this.participation.withdraw(p, input.params.participationId, auditContextOf(req));
  }

  @Endpoint(participationRoutes.createSubmission)
  submit(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['createSubmission']>,
    @Req() req: FastifyRequest,
  ) {
    return this.submissions.submit(p, input.params.participationId, input.body, auditContextOf(req));
  }

  @Endpoint(participationRoutes.listMySubmissions)
  listSubmissions(@CurrentPrincipal() p: Principal, @Input() input: RouteInput<R['listMySubmissions']>) {
    return this.submissions.listMine(p, input.query);
  }

  @Endpoint(participationRoutes.uploadSubmissionEvidence)
  uploadEvidence(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['uploadSubmissionEvidence']>,
    @Req() req: FastifyRequest,
  ) {
    const { submissionId } = input.params;
    return this.evidence.upload(p, submissionId, input.query.filename, input.file, auditContextOf(req));
  }

  @Endpoint(participationRoutes.getMySubmissionEvidence)
  evidenceFile(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['getMySubmissionEvidence']>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.evidence.sendOwn(p, input.params.submissionId, input.params.evidenceId, reply);
  }
}

/** HTTP only: an org's view of its campaigns' participants and submissions, and the reviewers' rejection. */
@Controller()
export class CampaignParticipationController {
  constructor(
    private readonly participation: ParticipationService,
    private readonly submissions: SubmissionsService,
    private readonly evidence: SubmissionEvidenceService,
  ) {}

  @Endpoint(participationRoutes.listCampaignParticipations)
  list(@Input() input: RouteInput<R['listCampaignParticipations']>) {
    const { orgId, campaignId } = input.params;
    return this.participation.listForCampaign(orgId, campaignId, input.query);
  }

  @Endpoint(participationRoutes.approveParticipation)
  approve(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['approveParticipation']>,
    @Req() req: FastifyRequest,
  ) {
    const { orgId, campaignId, participationId } = input.params;
    return this.participation.approve(p, orgId, campaignId, participationId, auditContextOf(req));
  }

  @Endpoint(participationRoutes.rejectParticipation)
  reject(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['rejectParticipation']>,
    @Req() req: FastifyRequest,
  ) {
    const { orgId, campaignId, participationId } = input.params;
    return this.participation.reject(p, orgId, campaignId, participationId, input.body.reason, auditContextOf(req));
  }

  @Endpoint(participationRoutes.listCampaignSubmissions)
  listSubmissions(@Input() input: RouteInput<R['listCampaignSubmissions']>) {
    const { orgId, campaignId } = input.params;
    return this.submissions.listForCampaign(orgId, campaignId, input.query);
  }

  @Endpoint(participationRoutes.getCampaignSubmissionEvidence)
  evidenceFile(
    @Input() input: RouteInput<R['getCampaignSubmissionEvidence']>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { orgId, campaignId, submissionId, evidenceId } = input.params;
    return this.evidence.sendForCampaign(orgId, campaignId, submissionId, evidenceId, reply);
  }

  @Endpoint(participationRoutes.rejectCampaignSubmission)
  rejectSubmission(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['rejectCampaignSubmission']>,
    @Req() req: FastifyRequest,
  ) {
    const { orgId, campaignId, submissionId } = input.params;
    return this.submissions.rejectAsBrand(p, orgId, campaignId, submissionId, input.body.reason, auditContextOf(req));
  }

  @Endpoint(participationRoutes.reviewRejectSubmission)
  reviewReject(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['reviewRejectSubmission']>,
    @Req() req: FastifyRequest,
  ) {
    return this.submissions.rejectAsReviewer(p, input.params.submissionId, input.body.reason, auditContextOf(req));
  }
}
