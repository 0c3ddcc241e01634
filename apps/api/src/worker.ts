// The worker process: `node apps/api/dist/worker.js`. It builds the same Nest modules as the API (so every module's
// job handlers are registered) but serves no HTTP. In production run several of these against REDIS_URL and set
// RUN_WORKERS=false on the HTTP replicas.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './platform/config/config.js';
import { createLogger, PinoNestLogger } from './platform/logging/logger.js';
import { closePlatform, createPlatform } from './platform/platform.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL).child({ process: 'worker' });
  const platform = await createPlatform(config, logger);
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(platform), {
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
  });
  await context.init();
  await platform.queue.start();
  logger.info({ queue: platform.queue.driver }, 'worker started');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping');
    context
      .close()
      .then(() => closePlatform(platform))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('worker failed to start:', error);
  process.exit(1);
});
