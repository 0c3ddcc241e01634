// Vitest global setup for every project that touches the database. With DATABASE_URL set it creates one template
// database for this run, migrated once; each test file then clones it (CREATE DATABASE … TEMPLATE) so files run in
// parallel without colliding, and parallel runs on one server never share a database. Teardown drops them all.
// Without DATABASE_URL it does nothing: each test file opens its own in-memory PGlite.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../client.js';
import { migrate } from '../migrate.js';
import { databaseUrlFor, quoteIdent, TEST_ENV } from './naming.js';

export default async function setup(): Promise<(() => Promise<void>) | void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) return;
  const runId = `cr_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const template = `${runId}_tpl`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(template)}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ driver: 'postgres', url: databaseUrlFor(adminUrl, template), poolSize: 1 });
  try {
    await migrate(handle);
  } finally {
    await handle.close();
  }
  process.env[TEST_ENV.adminUrl] = adminUrl;
  process.env[TEST_ENV.runId] = runId;
  process.env[TEST_ENV.template] = template;

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`${runId}%`],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
}
