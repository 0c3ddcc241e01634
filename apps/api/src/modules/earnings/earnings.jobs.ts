import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../../platform/errors/app-error.js';
import { defineJob, type JobDefinition } from '../../platform/queue/index.js';
import type { EarningsHoldsService } from './earnings-holds.service.js';
import { ACCRUE_JOB, type EarningsService } from './earnings.service.js';

/** How often the sweeper looks for campaigns with accruals due (and live campaigns that ran out or ended). */
export const SWEEP_EVERY_MS = 5 * 60 * 1000;
/** How often matured holds are released. Holds are days long: a quarter of an hour late is nothing. */
export const RELEASE_HOLDS_EVERY_MS = 15 * 60 * 1000;
/** Runs of one accrual job while new snapshots keep arriving during it (see accrueJob). */
const MAX_RUNS_PER_JOB = 3;

/**
 * `earnings.accrue` { campaignId }: enqueued by recordSnapshots and by the sweeper with the campaign id as job id,
 * so a burst of snapshots for one campaign becomes one waiting job. It runs EarningsService.accrueCampaign, which
 * re-reads everything under the campaign's single-writer lock and is idempotent: a retry after a commit finds
 * nothing due (or recomputes from the state the first run left and posts nothing), a retry after a rollback redoes
 * the same run with the same idempotency keys. While the job runs, an enqueue for the same campaign is absorbed
 * (the id is taken), so the handler runs again, up to MAX_RUNS_PER_JOB times, while its run picked up fresh posts
 * and more are due; whatever arrives after that is picked up by the sweeper within SWEEP_EVERY_MS. Different
 * campaigns run in parallel. Fails (and retries with backoff 2 s, 4 s, 8 s, 16 s) only on database errors; a job for
 * a campaign that does not exist is logged and dropped (campaigns are never deleted, so no retry could help).
 */
export function accrueJob(earnings: EarningsService, logger: Logger): JobDefinition<{ campaignId: string }> {
  return defineJob({
    name: ACCRUE_JOB,
    payload: z.object({ campaignId: z.uuid() }).strict(),
    attempts: 5,
    backoffMs: 2_000,
    concurrency: 4,
    handle: async ({ campaignId }) => {
      for (let run = 1; run <= MAX_RUNS_PER_JOB; run++) {
        const summary = await earnings.accrueCampaign(campaignId).catch((error: unknown) => {
          if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
          logger.warn({ campaignId }, 'earnings.accrue for a campaign that does not exist: dropped');
          return null;
        });
        if (!summary) return;
        // Only posts whose watermark moved count as progress; posts the pacing window holds back stay due on purpose.
        if (summary.posts - summary.pacedPosts === 0) return;
        const due = await earnings.isDue(campaignId);
        if (!due) return;
      }
    },
  });
}

/**
 * `earnings.sweep`, repeating every 5 minutes (and when the workers start), never overlapping itself. It enqueues
 * `earnings.accrue` for every open campaign with a due post, so a lost enqueue (the in-process queue forgets its
 * jobs on restart) or a dead worker delays accruals by minutes and loses none, and it completes live campaigns
 * whose budget is spent or whose end date passed when no run is due to do it. Carries no state; running it twice
 * enqueues nothing twice (job ids) and advances nothing twice (the lifecycle's compare-and-set). A failure retries
 * (30 s, 60 s) and the next sweep starts over anyway.
 */
export function sweepJob(earnings: EarningsService): JobDefinition<Record<string, never>> {
  return defineJob({
    name: 'earnings.sweep',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    repeatEveryMs: SWEEP_EVERY_MS,
    attempts: 3,
    backoffMs: 30_000,
    handle: async () => {
      await earnings.sweep();
    },
  });
}

/**
 * `earnings.release-holds`, repeating every 15 minutes (and when the workers start), never overlapping itself. For
 * every open campaign, under its single writer: locks (pending → available) what has matured, keyed
 * lock:<participationId>:<locks so far>, then closes completed campaigns with nothing pending, refunding their
 * unspent budget (keyed by the campaign: at most once). A retry recomputes from the ledger and posts only what is
 * still lockable, so nothing is released twice. A campaign that fails does not stop the others; the job then fails
 * and retries (30 s, 60 s), and the next run starts over anyway.
 */
export function releaseHoldsJob(holds: EarningsHoldsService): JobDefinition<Record<string, never>> {
  return defineJob({
    name: 'earnings.release-holds',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    repeatEveryMs: RELEASE_HOLDS_EVERY_MS,
    attempts: 3,
    backoffMs: 30_000,
    handle: async () => {
      await holds.releaseHolds();
    },
  });
}
