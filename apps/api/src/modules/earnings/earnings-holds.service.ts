import { Inject, Injectable } from '@nestjs/common';
import type { Executor } from '@creator-rewards/db';
import { accountKey, buildLock, lockableMicros, type CurrencyCode, type Transfer } from '@creator-rewards/domain';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.js';
import { CLOCK, LOGGER } from '../../platform/tokens.js';
import { CampaignLifecycleService } from '../campaigns/campaign-lifecycle.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { LedgerService, requireApplied } from '../ledger/ledger.service.js';
import { EarningsRepository } from './earnings.repository.js';

export type HoldReleaseResult = {
  campaignId: string;
  /** Lock transfers posted by this run. */
  locks: number;
  lockedMicros: bigint;
  /** What is still pending in the campaign's participations after the run. */
  pendingMicros: bigint;
  /** Participations whose release waits for a decision on one of their posts (nothing of theirs is released). */
  underReview: number;
  /** The campaign was completed with nothing pending and this run closed it (refunding the rest of its budget). */
  closed: boolean;
};

/**
 * Hold release (DESIGN §4): matured accruals move from participant_pending to participant_available with a lock
 * transfer, and a completed campaign whose holds are all released closes, refunding what its budget has left.
 * A participation under review (a post with earnings still pending verification, or rejected and not yet clawed
 * back) releases nothing until the decision: its pending money says "under review", and a rejection then claws
 * back from pending rather than from money the participant could already have been paid.
 *
 * Each campaign is released under its single writer (`campaign:<id>`, the accrual run's lock), so the pending
 * balances, the hold sums and the clawbacks that split pending are read in a state no one else moves. The lock's
 * key is lock:<participationId>:<number of locks so far>: a retry after a commit finds nothing lockable (and would
 * build the next key anyway), a retry after a rollback rebuilds the same transfer.
 */
@Injectable()
export class EarningsHoldsService {
  private readonly logger: Logger;

  constructor(
    private readonly repo: EarningsRepository,
    private readonly ledger: LedgerService,
    private readonly campaigns: CampaignsService,
    private readonly lifecycle: CampaignLifecycleService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'earnings' });
  }

  /**
   * Every open campaign in turn (closed ones have nothing pending: they close only when nothing is). A campaign
   * that fails is logged and the others go on; the error is rethrown at the end so the job retries.
   */
  async releaseHolds(): Promise<HoldReleaseResult[]> {
    const results: HoldReleaseResult[] = [];
    let failure: unknown;
    for (const campaignId of await this.lifecycle.listOpenCampaignIds()) {
      try {
        results.push(await this.releaseCampaignHolds(campaignId));
      } catch (error) {
        failure ??= error;
        this.logger.error({ campaignId, err: error }, 'hold release failed for a campaign');
      }
    }
    if (failure !== undefined) throw failure;
    return results;
  }

  async releaseCampaignHolds(campaignId: string): Promise<HoldReleaseResult> {
    const now = this.clock.now();
    const run = await this.ledger.withSingleWriter(`campaign:${campaignId}`, async (tx) => {
      const terms = await this.campaigns.getTerms(campaignId, tx);
      const pending = await this.pendingByParticipation(tx, campaignId, terms.currency);
      const underReview = await this.repo.participationsUnderReview(tx, campaignId);
      const held = pending.filter((p) => p.pendingMicros > 0n && !underReview.has(p.participationId));
      const sums = await this.repo.holdSums(
        tx,
        held.map((p) => p.accountKey),
        now,
      );
      const locks: Transfer[] = [];
      let left = pending.reduce((sum, p) => sum + p.pendingMicros, 0n);
      let locked = 0n;
      for (const participation of held) {
        const sum = sums.get(participation.accountKey);
        if (!sum) continue;
        const amount = lockableMicros({
          pendingMicros: participation.pendingMicros,
          maturedAccruedMicros: sum.maturedAccruedMicros,
          lockedMicros: sum.lockedMicros,
          clawedBackFromPendingMicros: sum.clawedBackFromPendingMicros,
        });
        if (amount === 0n) continue;
        locks.push(
          buildLock({
            participationId: participation.participationId,
            participantId: participation.participantId,
            sequence: sum.lockCount,
            currency: terms.currency,
            amountMicros: amount,
          }),
        );
        left -= amount;
        locked += amount;
      }
      if (locks.length > 0) {
        const result = await this.ledger.post(locks, { tx, effectiveAt: now });
        requireApplied(result);
        if (result.outcomes.some((o) => o.status !== 'applied')) {
          // Under the campaign's lock the sequence is the number of locks recorded: a duplicate key is a bug.
          throw new Error(`Hold release of campaign ${campaignId} rebuilt a lock that already exists`);
        }
      }
      return { state: terms.state, locks: locks.length, locked, left, underReview: underReview.size };
    });

    let closed = false;
    if (run.state === 'completed' && run.left === 0n) {
      closed = (await this.lifecycle.systemAdvance(campaignId, 0n)) === 'closed';
    }
    if (run.locks > 0 || closed) {
      this.logger.info(
        { campaignId, locks: run.locks, lockedMicros: String(run.locked), closed },
        'earnings released from hold',
      );
    }
    return {
      campaignId,
      locks: run.locks,
      lockedMicros: run.locked,
      pendingMicros: run.left,
      underReview: run.underReview,
      closed,
    };
  }

  /** The campaign's earnings still on hold: the sum of its participations' pending balances. */
  async campaignPendingMicros(campaignId: string, currency: CurrencyCode, tx?: Executor): Promise<bigint> {
    const pending = await this.pendingByParticipation(tx ?? this.repo.db, campaignId, currency);
    return pending.reduce((sum, p) => sum + p.pendingMicros, 0n);
  }

  private async pendingByParticipation(tx: Executor, campaignId: string, currency: CurrencyCode) {
    const participations = await this.repo.participationsOf(tx, campaignId);
    if (participations.length === 0) return [];
    const keys = participations.map((p) => accountKey('participant_pending', p.id, currency));
    const balances = await this.ledger.getBalances(keys, { tx });
    return participations.map((p, index) => ({
      participationId: p.id,
      participantId: p.participantId,
      accountKey: keys[index]!,
      pendingMicros: balances[index]!.balanceMicros,
    }));
  }
}
