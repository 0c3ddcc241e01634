import { Inject, Injectable } from '@nestjs/common';
import type { ObjectStorage } from '@creator-rewards/integrations';
import type { FastifyReply } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import { conflict, notFound } from '../../platform/errors/app-error.js';
import { isMediaError, mediaErrorToAppError, MediaIntakeService } from '../../platform/media/index.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import { CLOCK, STORAGE, RATE_LIMITER } from '../../platform/tokens.js';
import { AuditService, type AuditContext } from '../audit/audit.service.js';
import { actorOf, type Principal } from '../identity/principal.js';
import { uuidv7 } from '@creator-rewards/db';
import { assetView } from './campaign-views.js';
import { CampaignsRepository, PUBLIC_STATES } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';

/**
 * Brief assets: images and videos checked by their bytes (MediaIntakeService: magic bytes, pixel limit, images
 * re-encoded without metadata) and kept in the storage port under a key we choose. Only drafts take new assets
 * (what a reviewer approved is what participants see). Files are served with their detected type, nosniff and a
 * sandboxing CSP, so even a file that slipped through could not run script on our origin.
 */
@Injectable()
export class CampaignAssetsService {
  constructor(
    private readonly repo: CampaignsRepository,
    private readonly campaigns: CampaignsService,
    private readonly media: MediaIntakeService,
    private readonly audit: AuditService,
    @Inject(STORAGE) private readonly storage: ObjectStorage,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  async upload(
    p: Principal,
    orgId: string,
    campaignId: string,
    filename: string,
    bytes: Buffer,
    context: AuditContext,
  ) {
    await this.limiter.consume('upload:account', p.user.id);
    const campaign = await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    if (campaign.state !== 'draft') throw conflict('Assets can only be added while the campaign is a draft.');
    let inspected;
    try {
      inspected = await this.media.inspect(bytes, { filename });
    } catch (error) {
      if (isMediaError(error)) throw mediaErrorToAppError(error, 'body');
      throw error;
    }
    const id = uuidv7(this.clock.now().getTime());
    const key = `campaigns/${campaignId}/${id}.${inspected.ext}`;
    await this.storage.put(key, inspected.bytes, { contentType: inspected.mime });
    const row = await this.repo.db.transaction(async (tx) => {
      const asset = await this.repo.insertAsset(
        {
          id,
          campaignId,
          storageKey: key,
          kind: inspected.kind,
          mime: inspected.mime,
          sizeBytes: inspected.bytes.length,
          width: inspected.kind === 'image' ? inspected.width : null,
          height: inspected.kind === 'image' ? inspected.height : null,
          sha256: inspected.sha256,
          filename,
          uploadedBy: p.user.id,
          createdAt: this.clock.now(),
        },
        tx,
      );
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'campaign.asset_added',
          subject: { type: 'campaign', id: campaignId },
          details: { assetId: id, mime: inspected.mime, sizeBytes: inspected.bytes.length },
          context,
        },
        tx,
      );
      return asset;
    });
    return assetView(row);
  }

  async remove(p: Principal, orgId: string, campaignId: string, assetId: string, context: AuditContext) {
    const campaign = await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    if (campaign.state !== 'draft') throw conflict('Assets can only be removed while the campaign is a draft.');
    const removed = await this.repo.db.transaction(async (tx) => {
      const row = await this.repo.deleteAsset(campaignId, assetId, tx);
      if (!row) throw notFound('The asset');
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'campaign.asset_removed',
          subject: { type: 'campaign', id: campaignId },
          details: { assetId },
          context,
        },
        tx,
      );
      return row;
    });
    // After the commit: a failed delete leaves an orphan file, never a row pointing at nothing.
    await this.storage.delete(removed.storageKey);
  }

  /**
   * Streams an asset. Anyone may fetch the assets of a campaign in the directory; before that only its org,
   * reviewers and admins (`canSeeUnpublished`), and everyone else gets the same 404 as for a missing file.
   */
  async send(assetId: string, canSeeUnpublished: (orgId: string) => Promise<boolean>, reply: FastifyReply) {
    const asset = await this.repo.findAsset(assetId);
    if (!asset) throw notFound('The file');
    if (!PUBLIC_STATES.includes(asset.campaign.state) && !(await canSeeUnpublished(asset.campaign.orgId))) {
      throw notFound('The file');
    }
    const object = await this.storage.get(asset.storageKey);
    if (!object) throw notFound('The file');
    void reply
      .header('content-type', asset.mime)
      .header('content-length', String(object.size))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header(
        'cache-control',
        PUBLIC_STATES.includes(asset.campaign.state) ? 'public, max-age=300' : 'private, no-store',
      )
      .header('content-disposition', `inline; filename="${asset.id}.${asset.storageKey.split('.').pop() ?? 'bin'}"`);
    return reply.send(object.body);
  }
}
