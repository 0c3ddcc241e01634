import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { JobQueue } from '../../platform/queue/index.js';
import { QUEUE } from '../../platform/tokens.js';
import { LedgerReconciliationRepository } from './ledger-reconciliation.repository.js';
import { LedgerReconciliationService } from './ledger-reconciliation.service.js';
import { LedgerReadService } from './ledger-read.service.js';
import { LedgerController } from './ledger.controller.js';
import { reconcileJob } from './ledger.jobs.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerService } from './ledger.service.js';

/** The ledger: other modules move money only through LedgerService.post(). */
@Module({
  controllers: [LedgerController],
  providers: [
    LedgerRepository,
    LedgerService,
    LedgerReconciliationRepository,
    LedgerReconciliationService,
    LedgerReadService,
  ],
  exports: [LedgerService, LedgerReconciliationService],
})
export class LedgerModule implements OnModuleInit {
  constructor(
    @Inject(QUEUE) private readonly queue: JobQueue,
    private readonly reconciliation: LedgerReconciliationService,
  ) {}

  onModuleInit(): void {
    this.queue.register(reconcileJob(this.reconciliation));
  }
}
