import { Inject, Injectable } from '@nestjs/common';
import type { SubmissionCreate } from '@creator-rewards/contracts';
import type { Executor } from '@creator-rewards/db';
import {
  decideParticipationTransition,
  isAcceptingSubmissions,
  isSubmissionUrlError,
  parseSubmissionUrl,
  type ActorKind,
  type ParsedSubmissionUrl,
} from '@creator-rewards/domain';
import type { Clock } from '../../platform/clock.js';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.js';
import { decodeTimeIdCursor, encodeCursor } from '../../platform/http/cursor.js';
import { pageOf } from '../../platform/http/pagination.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import { CLOCK, RATE_LIMITER } from '../../platform/tokens.js';
import { AuditService, type AuditContext } from '../audit/audit.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import { actorOf, type Principal } from '../identity/principal.js';
import { uuidv7 } from '@creator-rewards/db';
import { displayNames, invalidField, notLiveMessage } from './participation-support.js';
import { campaignSubmissionView, submissionView } from './participation-views.js';
import {
  ParticipationRepository,
  type ParticipationRow,
  type ParticipationState,
  type SubmissionRow,
  type SubmissionStatus,
} from './participation.repository.js';

type Page = { cursor?: string | undefined; limit: number };
type ListQuery = Page & { status?: SubmissionStatus | undefined; participationId?: string | undefined };

/** A participation takes posts once approved; the first accepted post makes it active (the domain's 'activate'). */
export const SUBMITTING_STATES: readonly ParticipationState[] = ['approved', 'active'];
/** A submission can be rejected until it is rejected (clawing back earnings of a tracked post is the earnings'). */
const REJECTABLE: readonly SubmissionStatus[] = ['pending_verification', 'tracking'];

const PLATFORM_NAMES: Record<SubmissionRow['platform'], string> = {
  youtube: 'YouTube',
  tiktok: 'TikTok',
  instagram: 'Instagram',
  x: 'X',
};

export const SHORT_LINK_REASON = 'Short link: we will resolve it when tracking starts';
export const VERIFICATION_REASON = 'Waiting for verification: we check the post is yours when tracking starts';

/**
 * Submitting posts: the link is parsed by the domain (never fetched), checked against the campaign's platforms and
 * the participant's accounts, and inserted under the platform-wide unique dedup key with the per-participant cap
 * claimed atomically in the same transaction. Brands (their campaigns) and reviewers (any) reject with a reason.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    private readonly repo: ParticipationRepository,
    private readonly campaigns: CampaignsService,
    private readonly identity: IdentityRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  async submit(p: Principal, participationId: string, body: SubmissionCreate, context: AuditContext) {
    await this.limiter.consume('submission:account', p.user.id);
    const participation = await this.repo.findParticipation(participationId);
    if (!participation || participation.participantId !== p.user.id) throw notFound('The participation');
    const parsed = parseOrThrow(body.url);
    const terms = await this.campaigns.getTerms(participation.campaignId);
    const platform = PLATFORM_NAMES[parsed.platform];
    const aPlatform = `${/^[AEIOUX]/.test(platform) ? 'an' : 'a'} ${platform}`;
    if (!terms.platforms.includes(parsed.platform)) {
      const allowed = terms.platforms.map((x) => PLATFORM_NAMES[x as SubmissionRow['platform']] ?? x).join(', ');
      throw invalidField(
        'body.url',
        'platform_not_allowed',
        `is ${aPlatform} post, and this campaign takes posts from ${allowed} only`,
      );
    }
    const accounts = await this.repo.socialAccountsByIds(participation.socialAccountIds);
    if (!accounts.some((a) => a.platform === parsed.platform)) {
      throw invalidField(
        'body.url',
        'no_account_on_platform',
        `is ${aPlatform} post, and you joined this campaign without ${aPlatform} account`,
      );
    }
    if (!SUBMITTING_STATES.includes(participation.state)) throw notSubmitting(participation.state);
    const now = this.clock.now();
    const schedule = await this.campaigns.liveState(terms);
    if (!isAcceptingSubmissions(schedule, now)) {
      throw conflict(notLiveMessage(schedule, now, 'submissions'), { campaignState: terms.state });
    }

    const row = await this.repo.db.transaction(async (tx) => {
      const cap = terms.maxSubmissionsPerParticipant;
      // The cap as an atomic counter on the participation row (also serialises one participant's submissions).
      const state = await this.repo.claimSubmissionPlace(participation.id, SUBMITTING_STATES, cap, now, tx);
      if (!state) {
        const current = await this.repo.findParticipation(participation.id, tx);
        if (current && !SUBMITTING_STATES.includes(current.state)) throw notSubmitting(current.state);
        throw new AppError(
          'SUBMISSION_LIMIT_REACHED',
          `You reached this campaign’s limit of ${cap} post${cap === 1 ? '' : 's'}.`,
          { limit: cap },
        );
      }
      const inserted = await this.repo.insertSubmission(
        {
          id: uuidv7(now.getTime()),
          participationId: participation.id,
          campaignId: participation.campaignId,
          participantId: p.user.id,
          platform: parsed.platform,
          postId: parsed.kind === 'post' ? parsed.postId : null,
          dedupKey: parsed.dedupKey,
          canonicalUrl: parsed.canonicalUrl,
          status: 'pending_verification',
          statusReason: parsed.needsResolution ? SHORT_LINK_REASON : VERIFICATION_REASON,
          note: body.note ? body.note : null,
          createdAt: now,
          updatedAt: now,
        },
        tx,
      );
      // ON CONFLICT DO NOTHING on the unique dedup key: a concurrent duplicate waits for the first to commit and
      // then lands here too, so the post is accepted once whatever the timing. The claimed place rolls back.
      if (!inserted) throw await this.alreadySubmitted(parsed.dedupKey, p.user.id, tx);
      if (state === 'approved') await this.activate(participation, p, context, tx);
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'submission.created',
          subject: { type: 'submission', id: inserted.id },
          details: {
            participationId: participation.id,
            campaignId: participation.campaignId,
            platform: inserted.platform,
            dedupKey: inserted.dedupKey,
          },
          context,
        },
        tx,
      );
      return inserted;
    });
    return submissionView(row, terms);
  }

  async listMine(p: Principal, query: ListQuery) {
    const rows = await this.repo.listSubmissions({ participantId: p.user.id }, this.filter(query));
    const terms = await this.campaigns.termsByIds(rows.slice(0, query.limit).map((r) => r.campaignId));
    return pageOf(
      rows,
      query.limit,
      (row) => submissionView(row, terms.get(row.campaignId)!),
      (last) => encodeCursor(last.cursorAt, last.id),
    );
  }

  async listForCampaign(orgId: string, campaignId: string, query: ListQuery) {
    await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    const rows = await this.repo.listSubmissions({ campaignId }, this.filter(query));
    const people = await displayNames(
      this.identity,
      rows.slice(0, query.limit).map((r) => r.participantId),
    );
    return pageOf(
      rows,
      query.limit,
      (row) => campaignSubmissionView(row, orgId, people.get(row.participantId)!),
      (last) => encodeCursor(last.cursorAt, last.id),
    );
  }

  async rejectAsBrand(
    p: Principal,
    orgId: string,
    campaignId: string,
    submissionId: string,
    reason: string,
    context: AuditContext,
  ) {
    await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    const found = await this.repo.findSubmission(submissionId);
    if (!found || found.campaignId !== campaignId) throw notFound('The submission');
    return this.reject(p, found, 'brand', orgId, reason, context);
  }

  async rejectAsReviewer(p: Principal, submissionId: string, reason: string, context: AuditContext) {
    const found = await this.repo.findSubmission(submissionId);
    if (!found) throw notFound('The submission');
    const terms = await this.campaigns.getTerms(found.campaignId);
    return this.reject(p, found, 'reviewer', terms.orgId, reason, context);
  }

  /**
   * Rejects with a reason and frees the post's place under the per-participant cap (so the participant can submit
   * another). The post's dedup key stays taken: a rejected post cannot be submitted again, here or elsewhere.
   */
  private async reject(
    p: Principal,
    found: SubmissionRow,
    actor: ActorKind,
    orgId: string,
    reason: string,
    context: AuditContext,
  ) {
    const row = await this.repo.db.transaction(async (tx) => {
      const locked = await this.repo.lockSubmission(found.id, tx);
      if (!locked) throw notFound('The submission');
      if (!REJECTABLE.includes(locked.status)) {
        throw conflict('The submission is already rejected.', { status: locked.status });
      }
      const now = this.clock.now();
      const updated = await this.repo.updateSubmissionIf(
        locked.id,
        [locked.status],
        { status: 'rejected', statusReason: reason, updatedAt: now },
        tx,
      );
      if (!updated) throw conflict('The submission changed meanwhile. Reload it and try again.');
      await this.repo.releaseSubmissionPlace(locked.participationId, now, tx);
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'submission.rejected',
          subject: { type: 'submission', id: locked.id },
          details: { campaignId: locked.campaignId, from: locked.status, reason, as: actor },
          context,
        },
        tx,
      );
      return updated;
    });
    const people = await displayNames(this.identity, [row.participantId]);
    return campaignSubmissionView(row, orgId, people.get(row.participantId)!);
  }

  /** approved → active on the first accepted post, as the domain's 'activate' (by the system). */
  private async activate(participation: ParticipationRow, p: Principal, context: AuditContext, tx: Executor) {
    const decision = decideParticipationTransition({ state: 'approved' }, { event: 'activate' }, 'system');
    if (!decision.ok) throw new Error(`activate refused: ${decision.message}`);
    const now = this.clock.now();
    const moved = await this.repo.updateParticipationIf(
      participation.id,
      [decision.from],
      { state: decision.to, updatedAt: now },
      tx,
    );
    if (!moved) return; // another submission activated it first
    await this.audit.record(
      {
        actor: { type: 'system' },
        action: 'participation.activate',
        subject: { type: 'participation', id: participation.id },
        details: { campaignId: participation.campaignId, from: decision.from, to: decision.to, byUserId: p.user.id },
        context,
      },
      tx,
    );
  }

  private async alreadySubmitted(dedupKey: string, participantId: string, tx: Executor): Promise<AppError> {
    const existing = await this.repo.findSubmissionByDedupKey(dedupKey, tx);
    const message =
      existing?.participantId === participantId
        ? 'You already submitted this post. A post can be submitted once.'
        : 'This post has already been submitted on the platform. A post can be submitted once, to one campaign.';
    return new AppError(
      'ALREADY_SUBMITTED',
      message,
      existing?.participantId === participantId ? { submissionId: existing.id } : undefined,
    );
  }

  private filter(query: ListQuery) {
    return {
      status: query.status,
      participationId: query.participationId,
      after: query.cursor === undefined ? undefined : decodeTimeIdCursor(query.cursor),
      limit: query.limit,
    };
  }
}

/** The domain parser's refusal, as a 400 naming body.url with its reason and sentence. */
function parseOrThrow(url: string): ParsedSubmissionUrl {
  try {
    return parseSubmissionUrl(url);
  } catch (error) {
    if (isSubmissionUrlError(error)) throw invalidField('body.url', error.reason, error.message);
    throw error;
  }
}

function notSubmitting(state: ParticipationState): AppError {
  const message =
    state === 'applied'
      ? 'Your application is waiting for the brand’s approval: you can submit posts once it is approved.'
      : `Your participation is ${state}, so it takes no more posts.`;
  return conflict(message, { state });
}
