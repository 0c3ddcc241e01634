// The HTTP process: `node apps/api/dist/main.js`. Runs the queue's workers inline unless RUN_WORKERS=false.
import { createApp } from './bootstrap.js';
import { seedDemoCampaigns } from './cli/demo-campaigns.js';
import { seedDemoData } from './cli/demo-data.js';
import { ConfigError, loadConfig } from './platform/config/config.js';

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
  const { app, platform, close } = await createApp(config);
  if (config.DEMO_DATA) {
    await seedDemoData(platform.database.db, platform.secrets, config.dataDir);
    await seedDemoCampaigns(app, platform.database.db, platform.logger);
  }
  await app.listen({ host: config.API_HOST, port: config.API_PORT });
  platform.logger.info({ url: `http://${config.API_HOST}:${config.API_PORT}` }, 'api listening');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    platform.logger.info({ signal }, 'shutting down');
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        platform.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('api failed to start:', error);
  process.exit(1);
});
