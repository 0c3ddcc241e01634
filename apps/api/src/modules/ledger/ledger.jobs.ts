import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../platform/queue/index.js';
import type { LedgerReconciliationService } from './ledger-reconciliation.service.js';

/** How often the books are proved. Hourly: a difference is a bug to look at, not a race to win. */
export const RECONCILE_EVERY_MS = 60 * 60 * 1000;

/**
 * `ledger.reconcile`, a repeating job: it runs when the workers start and then every hour, never overlapping
 * itself (not even across worker replicas). It carries no state and only reads the ledger in one REPEATABLE READ
 * snapshot, then appends one row to ledger_reconciliations: running it twice is harmless and just proves the books
 * twice. A difference is not a failure of the job: it is logged at error level and recorded for admins. The job
 * fails (and is retried with backoff: 30 s, 60 s) only when the database cannot be read; a retry simply starts over
 * on a fresh snapshot, and after the third failure the run becomes a dead letter while the next hour's run goes on.
 */
export function reconcileJob(reconciliation: LedgerReconciliationService): JobDefinition<Record<string, never>> {
  return defineJob({
    name: 'ledger.reconcile',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    repeatEveryMs: RECONCILE_EVERY_MS,
    attempts: 3,
    backoffMs: 30_000,
    handle: async () => {
      await reconciliation.reconcile();
    },
  });
}
