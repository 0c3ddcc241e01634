import { openTestDatabase, type TestDatabase } from '@creator-rewards/db/testing';
import type { DynamicModule } from '@nestjs/common';
import { Writable } from 'node:stream';
import { createApp, type App } from '../bootstrap.js';
import { loadConfig, type AppConfig } from '../platform/config/config.js';
import { createLogger } from '../platform/logging/logger.js';
import type { PlatformOverrides } from '../platform/platform.js';

export type TestApp = App & { tdb: TestDatabase; logs: string[]; config: AppConfig };

/**
 * The real application on a real test database (PostgreSQL with DATABASE_URL, else PGlite) and the real queue
 * driver (BullMQ with REDIS_URL, else inline), with log lines captured for assertions.
 */
export async function startTestApp(
  opts: { env?: Record<string, string>; extraModules?: DynamicModule['imports']; overrides?: PlatformOverrides } = {},
): Promise<TestApp> {
  const tdb = await openTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: '.test-data',
    QUEUE_PREFIX: `crt-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...opts.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const app = await createApp(config, {
    logger: createLogger(config.LOG_LEVEL, sink),
    overrides: { database: tdb, ...opts.overrides },
    ...(opts.extraModules ? { extraModules: opts.extraModules } : {}),
    runWorkers: false,
  });
  return {
    ...app,
    tdb,
    logs,
    config,
    close: async () => {
      await app.close();
      await tdb.close();
    },
  };
}
