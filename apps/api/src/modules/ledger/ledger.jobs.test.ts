// The ledger module in the real application: its service is injectable and its reconciliation job is registered on
// the platform's queue (inline, or BullMQ with REDIS_URL) and runs when the workers start.
import { queryRows } from '@creator-rewards/db';
import { buildFund } from '@creator-rewards/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { waitFor } from '../../platform/queue/test-utils/wait-for.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { LedgerService } from './ledger.service.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

test('ledger.reconcile is registered, runs when the workers start, and records a clean run', async () => {
  const ledger = app.app.get(LedgerService);
  const result = await ledger.post([
    buildFund({
      paymentId: 'pay_1',
      campaignId: 'cmp_1',
      currency: 'EUR',
      grossMicros: 5_000_000n,
      fee: { basisPoints: 1_000n },
    }),
  ]);
  expect(result.outcomes[0]?.status).toBe('applied');

  // Registered by LedgerModule.onModuleInit: enqueueing an unknown name would throw.
  await expect(app.platform.queue.enqueue('ledger.reconcile', {})).resolves.toMatchObject({
    jobId: expect.any(String),
  });
  await expect(app.platform.queue.enqueue('ledger.reconcile', { extra: 1 })).rejects.toMatchObject({
    code: 'JOB_PAYLOAD_INVALID',
  });

  await app.platform.queue.start();
  const runs = () =>
    queryRows<{ ok: boolean; accounts: number; entries: number }>(
      app.tdb.db,
      sql`SELECT ok, accounts_checked::int AS accounts, entries_checked::int AS entries FROM ledger_reconciliations`,
    );
  await waitFor(async () => (await runs()).length >= 1, 20_000, 'a reconciliation run');
  expect((await runs())[0]).toEqual({ ok: true, accounts: 3, entries: 3 });
  expect(app.logs.some((line) => line.includes('ledger reconciled'))).toBe(true);
});
