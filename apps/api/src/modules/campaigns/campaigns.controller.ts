import { Controller, Req, Res } from '@nestjs/common';
import { campaignRoutes } from '@creator-rewards/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Endpoint, Input, type RouteInput } from '../../platform/http/endpoint.js';
import { auditContextOf, CurrentPrincipal, type AuthedRequest, type Principal } from '../identity/principal.js';
import { CampaignAssetsService } from './campaign-assets.service.js';
import { CampaignDirectoryService } from './campaign-directory.service.js';
import { CampaignFundingService } from './campaign-funding.service.js';
import { CampaignLifecycleService } from './campaign-lifecycle.service.js';
import { CampaignsService } from './campaigns.service.js';

type R = typeof campaignRoutes;

/** HTTP only: the org's campaigns (drafts, lifecycle, funding, assets). */
@Controller()
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly lifecycle: CampaignLifecycleService,
    private readonly funding: CampaignFundingService,
    private readonly assets: CampaignAssetsService,
  ) {}

  @Endpoint(campaignRoutes.createCampaign)
  create(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['createCampaign']>,
    @Req() req: FastifyRequest,
  ) {
    return this.campaigns.create(p, input.params.orgId, input.body, auditContextOf(req));
  }

  @Endpoint(campaignRoutes.listOrgCampaigns)
  list(@Input() input: RouteInput<R['listOrgCampaigns']>) {
    return this.campaigns.list(input.params.orgId, input.query);
  }

  @Endpoint(campaignRoutes.getOrgCampaign)
  get(@Input() input: RouteInput<R['getOrgCampaign']>) {
    return this.campaigns.get(input.params.orgId, input.params.campaignId);
  }

  @Endpoint(campaignRoutes.updateCampaign)
  update(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['updateCampaign']>,
    @Req() req: FastifyRequest,
  ) {
    const { orgId, campaignId } = input.params;
    return this.campaigns.update(p, orgId, campaignId, input.body, auditContextOf(req));
  }

  @Endpoint(campaignRoutes.submitCampaign)
  submit(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['submitCampaign']>,
    @Req() req: FastifyRequest,
  ) {
    const { orgId, campaignId } = input.params;
    const command = { event: 'submit_for_review' } as const;
    return this.lifecycle.brandCommand(p, orgId, campaignId, command, input.body.expectedVersion, auditContextOf(req));
  }

  @Endpoint(campaignRoutes.pauseCampaign)
  pause(@CurrentPrincipal() p: Principal, @Input() input: RouteInput<R['pauseCampaign']>, @Req() req: FastifyRequest) {
    const { orgId, campaignId } = input.params;
    const command = { event: 'pause' } as const;
    return this.lifecycle.brandCommand(p, orgId, campaignId, command, input.body.expectedVersion, auditContextOf(req));
  }

  @Endpoint(campaignRoutes.resumeCampaign)
  resume(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['resumeCampaign']>,
    @Req() req: FastifyRequest,
  ) {
    const { orgId, campaignId } = input.params;
    const command = { event: 'resume' } as const;
    return this.lifecycle.brandCommand(p, orgId, campaignId, command, input.body.expectedVersion, auditContextOf(req));
  }

  @Endpoint(campaignRoutes.endCampaign)
  end(@CurrentPrincipal() p: Principal, @Input() input: RouteInput<R['endCampaign']>, @Req() req: FastifyRequest) {
    const { orgId, campaignId } = input.params;
    const command = { event: 'complete', reason: 'manual' } as const;
    return this.lifecycle.brandCommand(p, orgId, campaignId, command, input.body.expectedVersion, auditContextOf(req));
  }

  @Endpoint(campaignRoutes.getFundingQuote)
  quote(@Input() input: RouteInput<R['getFundingQuote']>) {
    const { orgId, campaignId } = input.params;
    return this.funding.quote(orgId, campaignId, BigInt(input.query.grossMicros));
  }

  @Endpoint(campaignRoutes.fundCampaign)
  fund(@CurrentPrincipal() p: Principal, @Input() input: RouteInput<R['fundCampaign']>, @Req() req: FastifyRequest) {
    const { orgId, campaignId } = input.params;
    return this.funding.fund(p, orgId, campaignId, input.body, auditContextOf(req));
  }

  @Endpoint(campaignRoutes.listCampaignFundings)
  fundings(@Input() input: RouteInput<R['listCampaignFundings']>) {
    return this.funding.list(input.params.orgId, input.params.campaignId);
  }

  @Endpoint(campaignRoutes.uploadCampaignAsset)
  upload(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['uploadCampaignAsset']>,
    @Req() req: FastifyRequest,
  ) {
    const { orgId, campaignId } = input.params;
    return this.assets.upload(p, orgId, campaignId, input.query.filename, input.file, auditContextOf(req));
  }

  @Endpoint(campaignRoutes.deleteCampaignAsset)
  deleteAsset(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['deleteCampaignAsset']>,
    @Req() req: FastifyRequest,
  ) {
    const { orgId, campaignId, assetId } = input.params;
    return this.assets.remove(p, orgId, campaignId, assetId, auditContextOf(req));
  }

  @Endpoint(campaignRoutes.previewBrief)
  preview(@CurrentPrincipal() p: Principal, @Input() input: RouteInput<R['previewBrief']>) {
    return this.campaigns.previewBrief(p, input.body.markdown);
  }
}

/** HTTP only: the reviewer queue. */
@Controller()
export class CampaignReviewController {
  constructor(private readonly lifecycle: CampaignLifecycleService) {}

  @Endpoint(campaignRoutes.listCampaignsForReview)
  list(@Input() input: RouteInput<R['listCampaignsForReview']>) {
    return this.lifecycle.listForReview(input.query);
  }

  @Endpoint(campaignRoutes.getCampaignForReview)
  get(@Input() input: RouteInput<R['getCampaignForReview']>) {
    return this.lifecycle.getForReview(input.params.campaignId);
  }

  @Endpoint(campaignRoutes.approveCampaign)
  approve(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['approveCampaign']>,
    @Req() req: FastifyRequest,
  ) {
    const command = { event: 'approve' } as const;
    const { campaignId } = input.params;
    return this.lifecycle.reviewerCommand(p, campaignId, command, input.body.expectedVersion, auditContextOf(req));
  }

  @Endpoint(campaignRoutes.rejectCampaign)
  reject(
    @CurrentPrincipal() p: Principal,
    @Input() input: RouteInput<R['rejectCampaign']>,
    @Req() req: FastifyRequest,
  ) {
    const command = { event: 'reject', reason: input.body.reason } as const;
    const { campaignId } = input.params;
    return this.lifecycle.reviewerCommand(p, campaignId, command, input.body.expectedVersion, auditContextOf(req));
  }
}

/** HTTP only: the public directory and asset files. */
@Controller()
export class CampaignDirectoryController {
  constructor(
    private readonly directory: CampaignDirectoryService,
    private readonly assets: CampaignAssetsService,
    private readonly access: CampaignsService,
  ) {}

  @Endpoint(campaignRoutes.listPublicCampaigns)
  search(@Input() input: RouteInput<R['listPublicCampaigns']>) {
    return this.directory.search(input.query);
  }

  @Endpoint(campaignRoutes.getPublicCampaign)
  get(@Input() input: RouteInput<R['getPublicCampaign']>) {
    return this.directory.get(input.params.campaignId);
  }

  @Endpoint(campaignRoutes.getCampaignAssetFile)
  file(
    @Input() input: RouteInput<R['getCampaignAssetFile']>,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.assets.send(
      input.params.assetId,
      (orgId) => this.access.canSeeUnpublished(req.principal, orgId),
      reply,
    );
  }
}
