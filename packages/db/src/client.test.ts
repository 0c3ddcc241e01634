import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { queryRows, redactUrl } from './client.js';
import { mailOutbox } from './schema/index.js';
import { createFactories, openTestDatabase, type TestDatabase } from './testing/index.js';

describe('test database harness', () => {
  let tdb: TestDatabase;
  beforeEach(async () => {
    tdb ??= await openTestDatabase();
    await tdb.truncateAll();
  });
  afterAll(() => tdb?.close());

  test('uses PostgreSQL exactly when DATABASE_URL is set', () => {
    expect(tdb.driver).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  test('migrations applied: the journal has the init migration and tables exist', async () => {
    const rows = await queryRows<{ n: number }>(
      tdb.db,
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
    await tdb.ping();
  });

  test('factories insert valid rows and truncateAll empties them', async () => {
    const given = createFactories(tdb.db);
    const mail = await given.outboxMail({ subject: 'Welcome' });
    expect(mail.subject).toBe('Welcome');
    expect(await tdb.db.select().from(mailOutbox)).toHaveLength(1);
    await tdb.truncateAll();
    expect(await tdb.db.select().from(mailOutbox)).toHaveLength(0);
  });

  test('unique idempotency key is enforced by the database', async () => {
    const given = createFactories(tdb.db);
    await given.outboxMail({ idempotencyKey: 'k1' });
    await expect(given.outboxMail({ idempotencyKey: 'k1' })).rejects.toMatchObject({ cause: { code: '23505' } });
  });
});

test.each([
  ['postgres://u:secret@h:5432/db', 'postgres://u:***@h:5432/db'],
  ['postgres://h/db', 'postgres://h/db'],
  ['not a url', '(unparseable url)'],
])('redactUrl(%s)', (input, expected) => expect(redactUrl(input)).toBe(expected));
