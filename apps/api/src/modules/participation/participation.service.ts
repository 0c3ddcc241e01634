import { Inject, Injectable } from '@nestjs/common';
import type { Executor } from '@creator-rewards/db';
import {
  decideParticipationTransition,
  initialParticipationState,
  isAcceptingSubmissions,
  SLOT_HOLDING_STATES,
  slotsLeft,
  type ActorKind,
  type ParticipationCommand,
} from '@creator-rewards/domain';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/config.js';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.js';
import { decodeTimeIdCursor, encodeCursor } from '../../platform/http/cursor.js';
import { pageOf } from '../../platform/http/pagination.js';
import { CLOCK, CONFIG } from '../../platform/tokens.js';
import { AuditService, type AuditActor, type AuditContext } from '../audit/audit.service.js';
import { CampaignsService, type CampaignTerms } from '../campaigns/campaigns.service.js';
import { IdentityRepository } from '../identity/identity.repository.js';
import { actorOf, type Principal } from '../identity/principal.js';
import { uuidv7 } from '@creator-rewards/db';
import { displayNames, invalidField, notLiveMessage, refusalError } from './participation-support.js';
import { campaignParticipationView, participationView } from './participation-views.js';
import {
  ParticipationRepository,
  type NewParticipationRow,
  type ParticipationRow,
  type ParticipationState,
  type SubmissionStatus,
} from './participation.repository.js';
import {
  participationRecord,
  submissionRecord,
  type ParticipationRecord,
  type SubmissionRecord,
} from './participation-records.js';
import { newTrackingCode } from './tracking-code.js';

export type { ParticipationRecord, SubmissionRecord } from './participation-records.js';

type Page = { cursor?: string | undefined; limit: number };

/** Campaign states a participant can see (and so apply to or be told about); others answer 404. */
const VISIBLE_CAMPAIGN_STATES: readonly CampaignTerms['state'][] = ['published', 'paused', 'completed'];
/** A brand approves applications while the campaign runs; after it ended there is nothing left to join. */
const APPROVING_CAMPAIGN_STATES: readonly CampaignTerms['state'][] = ['published', 'paused'];

/**
 * Participation use cases: apply (auto, allowlist or manual approval), a brand's approve and reject, a participant's
 * withdraw, and the lists. Transitions are decided by the domain (decideParticipationTransition,
 * initialParticipationState) on the row locked in the transaction that applies them; slots are taken and released
 * with the campaign's atomic counter (CampaignsService.takeSlot/releaseSlot) in that same transaction.
 */
@Injectable()
export class ParticipationService {
  constructor(
    private readonly repo: ParticipationRepository,
    private readonly campaigns: CampaignsService,
    private readonly identity: IdentityRepository,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // Participant

  async apply(p: Principal, campaignId: string, socialAccountIds: string[], context: AuditContext) {
    const terms = await this.campaigns.getTerms(campaignId);
    if (!VISIBLE_CAMPAIGN_STATES.includes(terms.state)) throw notFound('The campaign');
    // Said first, as it is the more useful answer (the unique index below is what guarantees it).
    if (await this.repo.findParticipationOf(campaignId, p.user.id)) {
      throw await this.alreadyJoined(campaignId, p.user.id, this.repo.db);
    }
    const now = this.clock.now();
    const schedule = await this.campaigns.liveState(terms);
    if (!isAcceptingSubmissions(schedule, now)) {
      throw conflict(notLiveMessage(schedule, now, 'participants'), { campaignState: terms.state });
    }
    const onAllowlist =
      terms.approvalMode === 'allowlist' ? await this.campaigns.isAllowlisted(campaignId, p.user.email) : undefined;
    const initial = initialParticipationState(terms.approvalMode, {
      ...(onAllowlist === undefined ? {} : { onAllowlist }),
      slotsLeft: slotsLeft(terms.maxSlots, terms.slotsTaken),
    });
    if (!initial.ok) throw refusalError(initial);

    const row = await this.repo.db.transaction(async (tx) => {
      const accounts = await this.repo.lockOwnSocialAccounts(p.user.id, socialAccountIds, tx);
      socialAccountIds.forEach((id, i) => {
        const account = accounts.find((a) => a.id === id);
        const path = `body.socialAccountIds.${i}`;
        if (!account) throw invalidField(path, 'unknown_account', 'is not one of your social accounts');
        if (!terms.platforms.includes(account.platform)) {
          throw invalidField(
            path,
            'platform_not_allowed',
            `is a ${account.platform} account, and this campaign takes posts from ${terms.platforms.join(', ')} only`,
          );
        }
      });
      const approved = initial.state === 'approved';
      const values: NewParticipationRow = {
        id: uuidv7(now.getTime()),
        campaignId,
        participantId: p.user.id,
        state: initial.state,
        socialAccountIds,
        holdsSlot: approved,
        // 62^12 codes: a collision (a 500 from the unique index) is not a practical concern.
        trackingCode: newTrackingCode(),
        decidedAt: approved ? now : null,
        createdAt: now,
        updatedAt: now,
      };
      const inserted = await this.repo.insertParticipation(values, tx);
      if (!inserted) throw await this.alreadyJoined(campaignId, p.user.id, tx);
      // The slot is taken in the same transaction as the insert: a full campaign rolls both back.
      if (approved && !(await this.campaigns.takeSlot(campaignId, tx))) {
        throw new AppError('NO_SLOTS_LEFT', 'Every slot in this campaign is taken.');
      }
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'participation.applied',
          subject: { type: 'participation', id: inserted.id },
          details: { campaignId, state: inserted.state, approvalMode: terms.approvalMode, socialAccountIds },
          context,
        },
        tx,
      );
      return inserted;
    });
    return this.participantView(row, terms);
  }

  async withdraw(p: Principal, participationId: string, context: AuditContext) {
    const own = await this.ownOrThrow(p, participationId);
    const row = await this.transition(own.id, { event: 'withdraw' }, 'participant', actorOf(p), context, {});
    return this.participantView(row, await this.campaigns.getTerms(row.campaignId));
  }

  async getMine(p: Principal, participationId: string) {
    const row = await this.ownOrThrow(p, participationId);
    return this.participantView(row, await this.campaigns.getTerms(row.campaignId));
  }

  async listMine(p: Principal, query: Page & { state?: ParticipationState | undefined }) {
    const rows = await this.repo.listByParticipant(p.user.id, {
      state: query.state,
      after: query.cursor === undefined ? undefined : decodeTimeIdCursor(query.cursor),
      limit: query.limit,
    });
    const shown = rows.slice(0, query.limit);
    const [terms, accounts] = await Promise.all([
      this.campaigns.termsByIds(shown.map((r) => r.campaignId)),
      this.accountsOf(shown),
    ]);
    return pageOf(
      rows,
      query.limit,
      (row) =>
        participationView(row, terms.get(row.campaignId)!, { accounts, publicWebUrl: this.config.PUBLIC_WEB_URL }),
      (last) => encodeCursor(last.cursorAt, last.id),
    );
  }

  // Brand

  async listForCampaign(orgId: string, campaignId: string, query: Page & { state?: ParticipationState | undefined }) {
    const campaign = await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    const rows = await this.repo.listByCampaign(campaignId, {
      state: query.state,
      after: query.cursor === undefined ? undefined : decodeTimeIdCursor(query.cursor),
      limit: query.limit,
    });
    const shown = rows.slice(0, query.limit);
    const [accounts, people] = await Promise.all([
      this.accountsOf(shown),
      displayNames(
        this.identity,
        shown.map((r) => r.participantId),
      ),
    ]);
    const ctx = {
      accounts,
      publicWebUrl: this.config.PUBLIC_WEB_URL,
      maxSubmissions: campaign.maxSubmissionsPerParticipant,
    };
    return pageOf(
      rows,
      query.limit,
      (row) => campaignParticipationView(row, people.get(row.participantId)!, ctx),
      (last) => encodeCursor(last.cursorAt, last.id),
    );
  }

  /** Approves an application; the slot is taken atomically with the move (NO_SLOTS_LEFT when the campaign is full). */
  async approve(p: Principal, orgId: string, campaignId: string, participationId: string, context: AuditContext) {
    const campaign = await this.approvableCampaign(orgId, campaignId);
    await this.inCampaignOrThrow(campaignId, participationId);
    const row = await this.transition(participationId, { event: 'approve' }, 'brand', actorOf(p), context, {
      decidedBy: p.user.id,
      slotsLeft: slotsLeft(campaign.maxSlots, campaign.slotsTaken),
    });
    return this.brandView(row, campaign.maxSubmissionsPerParticipant);
  }

  async reject(
    p: Principal,
    orgId: string,
    campaignId: string,
    participationId: string,
    reason: string,
    context: AuditContext,
  ) {
    // Unlike approving, rejecting stays possible after the campaign ended: no application is left waiting forever.
    const campaign = await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    await this.inCampaignOrThrow(campaignId, participationId);
    const row = await this.transition(participationId, { event: 'reject', reason }, 'brand', actorOf(p), context, {
      decidedBy: p.user.id,
    });
    return this.brandView(row, campaign.maxSubmissionsPerParticipant);
  }

  // For other modules

  /** One participation as plain values, or undefined. */
  async getParticipation(participationId: string): Promise<ParticipationRecord | undefined> {
    const row = await this.repo.findParticipation(participationId);
    return row ? participationRecord(row) : undefined;
  }

  /** The participation a tracking code belongs to (for the redirect and click tracking), or undefined. */
  async findByTrackingCode(code: string): Promise<ParticipationRecord | undefined> {
    if (!/^[A-Za-z0-9]{8,32}$/.test(code)) return undefined;
    const row = await this.repo.findParticipationByTrackingCode(code);
    return row ? participationRecord(row) : undefined;
  }

  /** One submission as plain values, or undefined. */
  async getSubmission(submissionId: string): Promise<SubmissionRecord | undefined> {
    const row = await this.repo.findSubmission(submissionId);
    return row ? submissionRecord(row) : undefined;
  }

  /**
   * A campaign's submissions, oldest first (UUIDv7 order: first come, first served in the accrual batch). By
   * default the ones that may earn: pending verification and tracking, not rejected.
   */
  async listSubmissionsForCampaign(
    campaignId: string,
    statuses: readonly SubmissionStatus[] = ['pending_verification', 'tracking'],
  ): Promise<SubmissionRecord[]> {
    return (await this.repo.submissionsOfCampaign(campaignId, statuses)).map(submissionRecord);
  }

  // Internals

  /**
   * Applies one transition: locks the row, lets the domain decide on it, writes it with compare-and-set on the
   * state, takes or releases the slot with it, and audits, all in one transaction.
   */
  private async transition(
    participationId: string,
    command: ParticipationCommand,
    actor: ActorKind,
    audit: AuditActor,
    context: AuditContext,
    opts: { decidedBy?: string; slotsLeft?: number | null },
  ): Promise<ParticipationRow> {
    return this.repo.db.transaction(async (tx) => {
      const locked = await this.repo.lockParticipation(participationId, tx);
      if (!locked) throw notFound('The participation');
      const decision = decideParticipationTransition(
        { state: locked.state, slotsLeft: opts.slotsLeft ?? null },
        command,
        actor,
      );
      if (!decision.ok) throw refusalError(decision);
      const now = this.clock.now();
      const accepted = decision.command;
      const holdsSlot = SLOT_HOLDING_STATES.includes(decision.to);
      const set: Partial<NewParticipationRow> = { state: decision.to, holdsSlot, updatedAt: now };
      if (accepted.event === 'approve' || accepted.event === 'reject') {
        Object.assign(set, { decidedAt: now, decidedBy: opts.decidedBy ?? null });
      }
      if (accepted.event === 'reject') set.stateReason = accepted.reason ?? null;
      const next = await this.repo.updateParticipationIf(locked.id, [decision.from], set, tx);
      if (!next) throw conflict('The participation changed meanwhile. Reload it and try again.');
      if (holdsSlot && !locked.holdsSlot && !(await this.campaigns.takeSlot(locked.campaignId, tx))) {
        throw new AppError('NO_SLOTS_LEFT', 'Every slot in this campaign is taken.');
      }
      if (!holdsSlot && locked.holdsSlot) await this.campaigns.releaseSlot(locked.campaignId, tx);
      await this.audit.record(
        {
          actor: audit,
          action: `participation.${accepted.event}`,
          subject: { type: 'participation', id: locked.id },
          details: {
            campaignId: locked.campaignId,
            from: decision.from,
            to: decision.to,
            ...(accepted.event === 'reject' && accepted.reason ? { reason: accepted.reason } : {}),
            ...(holdsSlot !== locked.holdsSlot ? { slot: holdsSlot ? 'taken' : 'released' } : {}),
          },
          context,
        },
        tx,
      );
      return next;
    });
  }

  private async alreadyJoined(campaignId: string, participantId: string, tx: Executor): Promise<AppError> {
    const existing = await this.repo.findParticipationOf(campaignId, participantId, tx);
    const message =
      existing?.state === 'withdrawn'
        ? 'You withdrew from this campaign, so you cannot join it again.'
        : existing?.state === 'rejected'
          ? 'Your application to this campaign was not accepted, so you cannot apply again.'
          : 'You already joined this campaign.';
    return conflict(message, existing ? { participationId: existing.id, state: existing.state } : undefined);
  }

  private async approvableCampaign(orgId: string, campaignId: string) {
    const campaign = await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    if (!APPROVING_CAMPAIGN_STATES.includes(campaign.state)) {
      throw conflict(`The campaign is ${campaign.state}: applications can only be approved while it runs.`, {
        campaignState: campaign.state,
      });
    }
    return campaign;
  }

  /** Someone else's participation answers 404, exactly like a missing one. */
  private async ownOrThrow(p: Principal, participationId: string): Promise<ParticipationRow> {
    const row = await this.repo.findParticipation(participationId);
    if (!row || row.participantId !== p.user.id) throw notFound('The participation');
    return row;
  }

  private async inCampaignOrThrow(campaignId: string, participationId: string): Promise<ParticipationRow> {
    const row = await this.repo.findParticipation(participationId);
    if (!row || row.campaignId !== campaignId) throw notFound('The participation');
    return row;
  }

  private async accountsOf(rows: readonly ParticipationRow[]) {
    const accounts = await this.repo.socialAccountsByIds([...new Set(rows.flatMap((r) => r.socialAccountIds))]);
    return new Map(accounts.map((a) => [a.id, a]));
  }

  private async participantView(row: ParticipationRow, terms: CampaignTerms) {
    return participationView(row, terms, {
      accounts: await this.accountsOf([row]),
      publicWebUrl: this.config.PUBLIC_WEB_URL,
    });
  }

  private async brandView(row: ParticipationRow, maxSubmissions: number | null) {
    const [accounts, people] = await Promise.all([
      this.accountsOf([row]),
      displayNames(this.identity, [row.participantId]),
    ]);
    return campaignParticipationView(row, people.get(row.participantId)!, {
      accounts,
      publicWebUrl: this.config.PUBLIC_WEB_URL,
      maxSubmissions,
    });
  }
}
