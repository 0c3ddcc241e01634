import { Inject, Injectable } from '@nestjs/common';
import type { SocialAccountCreate } from '@creator-rewards/contracts';
import type { Clock } from '../../platform/clock.js';
import { conflict, notFound } from '../../platform/errors/app-error.js';
import { CLOCK } from '../../platform/tokens.js';
import { AuditService, type AuditContext } from '../audit/audit.service.js';
import { actorOf, type Principal } from '../identity/principal.js';
import { socialAccountView } from './participation-views.js';
import { ParticipationRepository, type ParticipationState } from './participation.repository.js';

/** More than anyone needs, few enough that a script cannot fill the table. */
export const MAX_SOCIAL_ACCOUNTS = 50;

/** Participations that still rely on their accounts: the account is how their posts get verified and tracked. */
const LIVE_STATES: readonly ParticipationState[] = ['applied', 'approved', 'active'];

/** A participant's declared social accounts (verification of ownership comes with tracking). */
@Injectable()
export class SocialAccountsService {
  constructor(
    private readonly repo: ParticipationRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(p: Principal) {
    return { items: (await this.repo.listSocialAccounts(p.user.id)).map(socialAccountView) };
  }

  async add(p: Principal, body: SocialAccountCreate, context: AuditContext) {
    const row = await this.repo.db.transaction(async (tx) => {
      if ((await this.repo.countSocialAccounts(p.user.id, tx)) >= MAX_SOCIAL_ACCOUNTS) {
        throw conflict(`You can add at most ${MAX_SOCIAL_ACCOUNTS} social accounts; remove one first.`);
      }
      const inserted = await this.repo.insertSocialAccount(
        { userId: p.user.id, platform: body.platform, handle: body.handle, createdAt: this.clock.now() },
        tx,
      );
      if (!inserted) throw conflict(`You already added @${body.handle} on ${body.platform}.`);
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'social_account.added',
          subject: { type: 'social_account', id: inserted.id },
          details: { platform: inserted.platform, handle: inserted.handle },
          context,
        },
        tx,
      );
      return inserted;
    });
    return socialAccountView(row);
  }

  /**
   * Removes an account unless a live participation applied with it (409). The account row is locked first and the
   * check runs after, so an application using it either commits before (and is seen) or waits and then fails.
   */
  async remove(p: Principal, socialAccountId: string, context: AuditContext): Promise<void> {
    await this.repo.db.transaction(async (tx) => {
      const account = await this.repo.lockOwnSocialAccount(p.user.id, socialAccountId, tx);
      if (!account) throw notFound('The social account');
      if (await this.repo.isSocialAccountUsed(p.user.id, socialAccountId, LIVE_STATES, tx)) {
        throw conflict(
          `@${account.handle} is used by a campaign you are in; it can be removed once that participation ends.`,
        );
      }
      await this.repo.deleteSocialAccount(socialAccountId, tx);
      await this.audit.record(
        {
          actor: actorOf(p),
          action: 'social_account.removed',
          subject: { type: 'social_account', id: socialAccountId },
          details: { platform: account.platform, handle: account.handle },
          context,
        },
        tx,
      );
    });
  }
}
