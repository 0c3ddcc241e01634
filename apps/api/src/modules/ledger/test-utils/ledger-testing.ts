import { Writable } from 'node:stream';
import type { DatabaseHandle } from '@creator-rewards/db';
import { openTestDatabase, type TestDatabase } from '@creator-rewards/db/testing';
import pino from 'pino';
import { LedgerReconciliationRepository } from '../ledger-reconciliation.repository.js';
import { LedgerReconciliationService } from '../ledger-reconciliation.service.js';
import { LedgerRepository } from '../ledger.repository.js';
import { LedgerService } from '../ledger.service.js';

export type CapturedLogs = {
  /** Parsed log lines, oldest first. */
  lines(): Record<string, unknown>[];
  clear(): void;
};

/** A pino logger writing JSON lines into memory, so tests can assert what was logged and at which level. */
export function captureLogger(): { logger: pino.Logger; logs: CapturedLogs } {
  let lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  return {
    logger,
    logs: {
      lines: () =>
        lines
          .flatMap((chunk) => chunk.split('\n').filter(Boolean))
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      clear: () => {
        lines = [];
      },
    },
  };
}

export type LedgerUnderTest = {
  ledger: LedgerService;
  reconciliation: LedgerReconciliationService;
  logs: CapturedLogs;
};

/** The real services on a database handle, built with plain `new` (no Nest needed), logging into `logs`. */
export function ledgerOn(database: DatabaseHandle): LedgerUnderTest {
  const { logger, logs } = captureLogger();
  return {
    ledger: new LedgerService(database, logger, new LedgerRepository()),
    reconciliation: new LedgerReconciliationService(database, logger, new LedgerReconciliationRepository()),
    logs,
  };
}

/** This test file's own database (PostgreSQL with DATABASE_URL, else PGlite) and the ledger's services on it. */
export async function openLedger(): Promise<LedgerUnderTest & { tdb: TestDatabase }> {
  const tdb = await openTestDatabase();
  return { tdb, ...ledgerOn(tdb) };
}

/** pino numeric levels. */
export const LEVEL = { info: 30, error: 50 } as const;
