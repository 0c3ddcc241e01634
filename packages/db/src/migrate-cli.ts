// `npm run db:migrate`: applies migrations to DATABASE_URL, or to the embedded database in DATA_DIR (default ./.data).
import { join, resolve } from 'node:path';
import { openDatabase } from './client.js';
import { migrate } from './migrate.js';

const url = process.env.DATABASE_URL;
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const handle = url
  ? await openDatabase({ driver: 'postgres', url, poolSize: 1 })
  : await openDatabase({ driver: 'pglite', dataDir: join(dataDir, 'pglite') });
try {
  await migrate(handle);
  console.log(`migrations applied (${handle.driver}: ${handle.location})`);
} catch (error) {
  console.error('migration failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
