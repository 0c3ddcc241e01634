import { Inject, Injectable } from '@nestjs/common';
import {
  buildFund,
  fundingSplit,
  microsPerMinorUnit,
  formatMoney,
  type CurrencyCode,
  type FeeRule,
} from '@creator-rewards/domain';
import { isIntegrationError, type PaymentRail } from '@creator-rewards/integrations';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.js';
import type { AppConfig } from '../../platform/config/config.js';
import { AppError, conflict } from '../../platform/errors/app-error.js';
import { toMoney } from '../../platform/http/money.js';
import { CLOCK, CONFIG, LOGGER, PAYMENTS } from '../../platform/tokens.js';
import { AuditService, type AuditContext } from '../audit/audit.service.js';
import { actorOf, type Principal } from '../identity/principal.js';
import { uuidv7 } from '@creator-rewards/db';
import { LedgerService, requireApplied } from '../ledger/ledger.service.js';
import { fundingView } from './campaign-views.js';
import { CampaignsRepository, type CampaignFundingRow, type CampaignRow } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';

/** States in which money may be paid into a campaign: before review, in review, and while it runs. */
const FUNDABLE: CampaignRow['state'][] = ['draft', 'reviewing', 'published', 'paused'];

/**
 * Money in: a brand pays into a campaign through the payments port (sandbox rail now, Stripe in its own issue).
 *
 * DESIGN §6 for money-moving calls: the intent row is written first (pending, keyed by the caller's idempotency
 * key), the rail is called with the intent's id as its key, and the outcome is recorded. On success the ledger's
 * fund transfer (keyed fund:<intent id>) credits the budget minus the fee in the same transaction as the status
 * change, so a funding is either pending, failed, or settled with its transfer posted: never settled twice. A
 * retried request with the same key returns the recorded funding; one whose rail call ended in an unknown outcome
 * (pending) calls the rail again with the same key, which the rail answers with the same result.
 */
@Injectable()
export class CampaignFundingService {
  constructor(
    private readonly repo: CampaignsRepository,
    private readonly campaigns: CampaignsService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    @Inject(PAYMENTS) private readonly rail: PaymentRail,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private get fee(): FeeRule {
    return { basisPoints: BigInt(this.config.FUNDING_FEE_BPS) };
  }

  async quote(orgId: string, campaignId: string, grossMicros: bigint) {
    const campaign = await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    const currency = campaign.currency as CurrencyCode;
    const split = this.split(grossMicros, currency);
    return {
      gross: toMoney(grossMicros, currency),
      fee: toMoney(split.feeMicros, currency),
      budget: toMoney(split.budgetMicros, currency),
      feeBasisPoints: this.config.FUNDING_FEE_BPS,
      rail: this.rail.name,
    };
  }

  async list(orgId: string, campaignId: string) {
    await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    return { items: (await this.repo.fundings(campaignId)).map(fundingView) };
  }

  async fund(
    p: Principal,
    orgId: string,
    campaignId: string,
    body: { grossMicros: string; idempotencyKey: string; expectedFeeMicros?: string | undefined },
    context: AuditContext,
  ): Promise<ReturnType<typeof fundingView>> {
    const campaign = await this.campaigns.getInOrgOrThrow(orgId, campaignId);
    const currency = campaign.currency as CurrencyCode;
    const gross = BigInt(body.grossMicros);

    const existing = await this.repo.findFundingByKey(campaignId, body.idempotencyKey);
    if (existing) {
      if (existing.grossMicros !== gross) {
        throw conflict('This idempotency key was already used for a payment of a different amount.', {
          fundingId: existing.id,
        });
      }
      return fundingView(existing.status === 'pending' ? await this.settle(existing, p, context) : existing);
    }

    if (!FUNDABLE.includes(campaign.state)) {
      throw conflict(`The campaign is ${campaign.state}: it can no longer be funded.`, { state: campaign.state });
    }
    const split = this.split(gross, currency);
    if (body.expectedFeeMicros !== undefined && BigInt(body.expectedFeeMicros) !== split.feeMicros) {
      throw conflict(
        `The fee is now ${formatMoney({ micros: split.feeMicros, currency })}, not the one you were shown. Nothing was charged; review the new quote.`,
        { feeMicros: split.feeMicros.toString() },
      );
    }
    const now = this.clock.now();
    const intent = await this.repo.insertFunding({
      id: uuidv7(now.getTime()),
      campaignId,
      orgId,
      rail: this.rail.name,
      currency,
      grossMicros: gross,
      feeMicros: split.feeMicros,
      budgetMicros: split.budgetMicros,
      requestKey: body.idempotencyKey,
      createdBy: p.user.id,
      createdAt: now,
    });
    // Lost the race with a concurrent request carrying the same key: answer with that one's outcome.
    if (!intent) return this.fund(p, orgId, campaignId, body, context);
    return fundingView(await this.settle(intent, p, context));
  }

  /** Calls the rail for a pending intent and records the outcome (with the fund transfer on success). */
  private async settle(intent: CampaignFundingRow, p: Principal, context: AuditContext): Promise<CampaignFundingRow> {
    let outcome: Awaited<ReturnType<PaymentRail['charge']>>;
    try {
      outcome = await this.rail.charge({
        idempotencyKey: intent.id,
        amountMicros: intent.grossMicros,
        currency: intent.currency,
        description: 'Campaign budget',
        metadata: { campaignId: intent.campaignId, orgId: intent.orgId, fundingId: intent.id },
      });
    } catch (error) {
      if (!isIntegrationError(error)) throw error;
      this.logger.warn({ fundingId: intent.id, kind: error.kind }, 'funding outcome unknown; left pending for retry');
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'The payment provider did not answer. Nothing is lost: retry with the same idempotency key.',
      );
    }
    const currency = intent.currency as CurrencyCode;
    return this.repo.db.transaction(async (tx) => {
      const settled = await this.repo.settleFunding(
        intent.id,
        {
          status: outcome.status,
          providerRef: outcome.providerRef,
          failureReason: outcome.status === 'failed' ? outcome.reason : null,
          at: this.clock.now(),
        },
        tx,
      );
      // Settled by a concurrent retry first: return what it recorded, post nothing.
      if (!settled) return (await this.repo.findFundingByKey(intent.campaignId, intent.requestKey, tx))!;
      if (settled.status === 'succeeded') {
        const result = await this.ledger.post(
          [
            buildFund({
              paymentId: settled.id,
              campaignId: settled.campaignId,
              currency,
              grossMicros: settled.grossMicros,
              fee: this.fee,
            }),
          ],
          { tx },
        );
        requireApplied(result);
      }
      await this.audit.record(
        {
          actor: actorOf(p),
          action: settled.status === 'succeeded' ? 'campaign.funded' : 'campaign.funding_failed',
          subject: { type: 'campaign', id: settled.campaignId },
          details: {
            fundingId: settled.id,
            grossMicros: settled.grossMicros.toString(),
            feeMicros: settled.feeMicros.toString(),
            rail: settled.rail,
          },
          context,
        },
        tx,
      );
      return settled;
    });
  }

  /** The fee split, refusing amounts that are not whole minor units (a card is charged in cents, not micros). */
  private split(grossMicros: bigint, currency: CurrencyCode) {
    const unit = microsPerMinorUnit(currency);
    if (grossMicros % unit !== 0n) {
      const message = `must be a whole number of ${currency} minor units (a multiple of ${unit} micro-units)`;
      throw new AppError('VALIDATION_FAILED', `grossMicros: ${message}`, {
        issues: [{ path: 'grossMicros', code: 'not_whole_minor_units', message }],
      });
    }
    try {
      return fundingSplit(grossMicros, this.fee);
    } catch {
      const message = 'is too small: the platform fee would take all of it';
      throw new AppError('VALIDATION_FAILED', `grossMicros: ${message}`, {
        issues: [{ path: 'grossMicros', code: 'below_fee', message }],
      });
    }
  }
}
