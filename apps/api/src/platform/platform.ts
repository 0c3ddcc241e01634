import { join } from 'node:path';
import { migrate, openDatabase, type DatabaseHandle } from '@creator-rewards/db';
import {
  createLocalFolderStorage,
  createS3Storage,
  createSandboxRail,
  createSmtpMailer,
  type Mailer,
  type PaymentRail,
  type ObjectStorage,
} from '@creator-rewards/integrations';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.js';
import { createOutboxMailer } from './mail/outbox.mailer.js';
import { createQueue, type JobQueue } from './queue/index.js';
import { loadMasterSecret, Secrets } from './crypto/secrets.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { systemClock, type Clock } from './clock.js';

/** The adapters behind every port, chosen once from the configuration (no `if (embedded)` anywhere else). */
export type Platform = {
  config: AppConfig;
  logger: Logger;
  database: DatabaseHandle;
  queue: JobQueue;
  storage: ObjectStorage;
  mailer: Mailer;
  secrets: Secrets;
  rateLimiter: RateLimiter;
  clock: Clock;
  /** The rail brand payments go through: the sandbox until Stripe is configured (its own issue). */
  payments: PaymentRail;
};

export type PlatformOverrides = Partial<
  Pick<Platform, 'database' | 'queue' | 'storage' | 'mailer' | 'rateLimiter' | 'clock' | 'payments'>
>;

export async function createPlatform(
  config: AppConfig,
  logger: Logger,
  overrides: PlatformOverrides = {},
): Promise<Platform> {
  const database =
    overrides.database ??
    (config.DATABASE_URL
      ? await openDatabase({ driver: 'postgres', url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE })
      : await openDatabase({ driver: 'pglite', dataDir: join(config.dataDir, 'pglite') }));
  if (config.MIGRATE_ON_START) await migrate(database);

  const queue =
    overrides.queue ??
    createQueue({
      ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
      prefix: config.QUEUE_PREFIX,
      logger: logger.child({ component: 'queue' }),
    });

  const storage =
    overrides.storage ??
    (config.S3_BUCKET
      ? createS3Storage({
          bucket: config.S3_BUCKET,
          region: config.S3_REGION,
          accessKeyId: config.S3_ACCESS_KEY_ID!,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
          forcePathStyle: config.S3_FORCE_PATH_STYLE,
          ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
        })
      : createLocalFolderStorage({ root: join(config.dataDir, 'objects') }));

  const mailer =
    overrides.mailer ??
    (config.SMTP_URL
      ? createSmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM })
      : createOutboxMailer(database.db));

  const secrets = new Secrets(loadMasterSecret(config.APP_SECRET, config.dataDir));
  const rateLimiter =
    overrides.rateLimiter ??
    createRateLimiter({ ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}), prefix: config.QUEUE_PREFIX });

  const payments = overrides.payments ?? createSandboxRail();
  logger.info(
    {
      database: database.driver,
      queue: queue.driver,
      storage: storage.driver,
      mail: mailer.driver,
      payments: payments.name,
    },
    'platform adapters selected',
  );
  const clock = overrides.clock ?? systemClock;
  return { config, logger, database, queue, storage, mailer, secrets, rateLimiter, clock, payments };
}

export async function closePlatform(platform: Platform, ownsDatabase = true): Promise<void> {
  await platform.queue.stop();
  await platform.rateLimiter.close();
  if (ownsDatabase) await platform.database.close();
}
