import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import type { JobQueue } from '../../platform/queue/index.js';
import { LOGGER, QUEUE } from '../../platform/tokens.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { EarningsHoldsService } from './earnings-holds.service.js';
import { EarningsReadService } from './earnings-read.service.js';
import { EarningsController } from './earnings.controller.js';
import { accrueJob, releaseHoldsJob, sweepJob } from './earnings.jobs.js';
import { EarningsRepository } from './earnings.repository.js';
import { EarningsService } from './earnings.service.js';

/**
 * Earnings: snapshots in, accruals, clawbacks and hold releases out to the ledger, and their explanation. Tracking
 * (and the demo data) feed it through EarningsService.recordSnapshots.
 */
@Module({
  imports: [LedgerModule, CampaignsModule],
  controllers: [EarningsController],
  providers: [EarningsRepository, EarningsService, EarningsHoldsService, EarningsReadService],
  exports: [EarningsService],
})
export class EarningsModule implements OnModuleInit {
  constructor(
    @Inject(QUEUE) private readonly queue: JobQueue,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly earnings: EarningsService,
    private readonly holds: EarningsHoldsService,
  ) {}

  onModuleInit(): void {
    this.queue.register(accrueJob(this.earnings, this.logger.child({ component: 'earnings' })));
    this.queue.register(sweepJob(this.earnings));
    this.queue.register(releaseHoldsJob(this.holds));
  }
}
