import { Inject, Injectable } from '@nestjs/common';
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES } from '@creator-rewards/contracts';
import type { ObjectStorage } from '@creator-rewards/integrations';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.js';
import { isMediaError, mediaErrorToAppError, MediaIntakeService } from '../../platform/media/index.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import { CLOCK, STORAGE, RATE_LIMITER } from '../../platform/tokens.js';
import { AuditService, type AuditContext } from '../audit/audit.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { actorOf, type Principal } from '../identity/principal.js';
import { evidenceKey, submissionView } from './participation-views.js';
import { ParticipationRepository, type SubmissionRow, type SubmissionStatus } from './participation.repository.js';

/** Evidence can be added while the submission may still earn. */
const OPEN_STATUSES: readonly SubmissionStatus[] = ['pending_verification', 'tracking'];

/**
 * Evidence screenshots of a submission: images only, checked by their bytes and re-encoded by MediaIntakeService
 * (magic bytes, pixel limit, metadata stripped, stored as WebP) under `evidence/<submissionId>/<evidenceId>.webp`.
 * Served to the participant and to the campaign's org with nosniff and a sandboxing CSP.
 */
@Injectable()
export class SubmissionEvidenceService {
  constructor(
    private readonly repo: ParticipationRepository,
    private readonly campaigns: CampaignsService,
    private readonly media: MediaIntakeService,
    private readonly audit: AuditService,
    @Inject(STORAGE) private readonly storage: ObjectStorage,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  async upload(p: Principal, submissionId: string, filename: string, bytes: Buffer, context: AuditContext) {
    await this.limiter.consume('upload:account', p.user.id);
    const submission = await this.ownOrThrow(p, submissionId);
    if (!OPEN_STATUSES.includes(submission.status))
      throw conflict('The submission was rejected: it takes no evidence.');
    if (submission.evidenceKeys.length >= EVIDENCE_MAX_FILES) throw tooMany();
    let inspected;
    try {
      inspected = await this.media.inspect(bytes, { filename }, { maxImageBytes: EVIDENCE_MAX_BYTES });
    } catch (error) {
      if (isMediaError(error)) throw mediaErrorToAppError(error, 'body');
      throw error;
    }
    if (inspected.kind !== 'image') {
      throw new AppError('UPLOAD_REJECTED', 'Evidence must be a screenshot: a JPEG, PNG, WebP or GIF image.', {
        reason: 'unsupported_type',
        filename,
        field: 'body',
      });
    }
    const key = evidenceKey(submission.id, randomUUID());
    await this.storage.put(key, inspected.bytes, { contentType: inspected.mime });
    let row: SubmissionRow;
    try {
      row = await this.repo.db.transaction(async (tx) => {
        const updated = await this.repo.appendEvidence(
          submission.id,
          key,
          { from: OPEN_STATUSES, max: EVIDENCE_MAX_FILES },
          this.clock.now(),
          tx,
        );
        if (!updated) throw tooMany();
        await this.audit.record(
          {
            actor: actorOf(p),
            action: 'submission.evidence_added',
            subject: { type: 'submission', id: submission.id },
            details: { key, sizeBytes: inspected.bytes.length, sha256: inspected.sha256 },
            context,
          },
          tx,
        );
        return updated;
      });
    } catch (error) {
      // Nothing points at the file: remove it rather than leave an orphan.
      await this.storage.delete(key);
      throw error;
    }
    return submissionView(row, await this.campaigns.getTerms(row.campaignId));
  }

  /** The participant's own evidence file. */
  async sendOwn(p: Principal, submissionId: string, evidenceId: string, reply: FastifyReply) {
    return this.send(await this.ownOrThrow(p, submissionId), evidenceId, reply);
  }

  /** An evidence file of a submission to one of the org's campaigns. */
  async sendForCampaign(
    orgId: string,
    campaignId: string,
    submissionId: string,
    evidenceId: string,
    reply: FastifyReply,
  ) {
    await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    const submission = await this.repo.findSubmission(submissionId);
    if (!submission || submission.campaignId !== campaignId) throw notFound('The file');
    return this.send(submission, evidenceId, reply);
  }

  private async send(submission: SubmissionRow, evidenceId: string, reply: FastifyReply) {
    const key = evidenceKey(submission.id, evidenceId);
    if (!submission.evidenceKeys.includes(key)) throw notFound('The file');
    const object = await this.storage.get(key);
    if (!object) throw notFound('The file');
    void reply
      .header('content-type', 'image/webp')
      .header('content-length', String(object.size))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `inline; filename="${evidenceId}.webp"`);
    return reply.send(object.body);
  }

  private async ownOrThrow(p: Principal, submissionId: string): Promise<SubmissionRow> {
    const row = await this.repo.findSubmission(submissionId);
    if (!row || row.participantId !== p.user.id) throw notFound('The submission');
    return row;
  }
}

function tooMany(): AppError {
  return conflict(`A submission takes at most ${EVIDENCE_MAX_FILES} screenshots.`, { limit: EVIDENCE_MAX_FILES });
}
