import { Inject, Injectable } from '@nestjs/common';
import type { Readiness } from '@creator-rewards/contracts';
import type { DatabaseHandle } from '@creator-rewards/db';
import type { AppConfig } from '../../platform/config/config.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { JobQueue } from '../../platform/queue/index.js';
import { CONFIG, DATABASE, QUEUE } from '../../platform/tokens.js';

const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(QUEUE) private readonly queue: JobQueue,
  ) {}

  liveness() {
    return {
      status: 'ok' as const,
      version: this.config.version,
      uptimeSeconds: Math.floor((Date.now() - this.startedAt) / 1000),
    };
  }

  /** Pings the database and the queue; throws SERVICE_UNAVAILABLE (with the report) if either is down. */
  async readiness(): Promise<Readiness> {
    const [database, queue] = await Promise.all([
      check(this.database.driver, () => this.database.ping()),
      check(this.queue.driver, () => this.queue.ping()),
    ]);
    const report: Readiness = {
      status: database.status === 'ok' && queue.status === 'ok' ? 'ok' : 'unavailable',
      checks: { database, queue },
    };
    if (report.status !== 'ok') {
      const down = Object.entries(report.checks)
        .filter(([, c]) => c.status === 'down')
        .map(([name]) => name);
      throw new AppError('SERVICE_UNAVAILABLE', `Not ready: ${down.join(' and ')} unavailable.`, {
        checks: report.checks,
      });
    }
    return report;
  }
}

async function check(driver: string, ping: () => Promise<void>) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok' as const, driver, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The message names the failure, never a connection string or credential.
    const message = error instanceof Error ? error.message.replace(/\/\/[^@\s]*@/g, '//***@') : 'unknown error';
    return { status: 'down' as const, driver, latencyMs: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}
