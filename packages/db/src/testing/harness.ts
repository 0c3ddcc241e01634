import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, queryRows, type DatabaseHandle } from '../client.js';
import { migrate } from '../migrate.js';
import { databaseUrlFor, quoteIdent, TEST_ENV } from './naming.js';

export type TestDatabase = DatabaseHandle & {
  /** A connection URL to this file's own PostgreSQL database; null on PGlite (which has no server). */
  readonly url: string | null;
  /** Empties every table (between tests); the schema and the migrations journal stay. */
  truncateAll(): Promise<void>;
};

/**
 * A migrated database for one test file: a clone of the run's template on PostgreSQL (DATABASE_URL set), else a
 * fresh in-memory PGlite. `close()` drops the clone.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env[TEST_ENV.adminUrl];
  const template = process.env[TEST_ENV.template];
  const runId = process.env[TEST_ENV.runId];

  if (process.env.DATABASE_URL && (!adminUrl || !template || !runId)) {
    throw new Error('DATABASE_URL is set but the test global setup did not run (add it to this vitest project).');
  }

  if (!adminUrl || !template || !runId) {
    const handle = await openDatabase({ driver: 'pglite', dataDir: null });
    await migrate(handle);
    return withTruncate(handle, null, handle.close);
  }

  const name = `${runId}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withAdmin(adminUrl, async (admin) => {
    // Concurrent clones of one template can collide while another file's clone is being copied; retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
        return;
      } catch (error) {
        if (attempt >= 20 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  });
  const url = databaseUrlFor(adminUrl, name);
  const handle = await openDatabase({ driver: 'postgres', url, poolSize: 20 });
  return withTruncate(handle, url, async () => {
    await handle.close();
    await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  });
}

function withTruncate(handle: DatabaseHandle, url: string | null, close: () => Promise<void>): TestDatabase {
  return {
    db: handle.db,
    driver: handle.driver,
    location: handle.location,
    ping: () => handle.ping(),
    url,
    close,
    truncateAll: async () => {
      const rows = await queryRows<{ tablename: string }>(
        handle.db,
        sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
      );
      const tables = rows.map((r) => `"public"."${r.tablename}"`);
      if (tables.length === 0) return;
      // TRUNCATE does not fire row-level DELETE triggers, so append-only tables can be emptied between tests.
      await handle.db.execute(sql.raw(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`));
    },
  };
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
