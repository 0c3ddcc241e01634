import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from './client.js';
import { int8Array, textArray, textArrayLiteral } from './sql-params.js';
import { openTestDatabase, type TestDatabase } from './testing/index.js';

// Arrays travel as one text parameter holding an array literal: whatever a value holds (quotes, backslashes, commas,
// braces, the word NULL, nothing at all), the database must read back exactly the values sent.
describe('array parameters', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await openTestDatabase();
  });
  afterAll(() => tdb?.close());

  async function roundTrip(values: string[]): Promise<string[]> {
    const [row] = await queryRows<{ v: string[] | null }>(
      tdb.db,
      sql`SELECT coalesce(array_to_json(${textArray(values)})::text, '[]') AS v`,
    );
    return typeof row!.v === 'string' ? (JSON.parse(row!.v) as string[]) : (row!.v ?? []);
  }

  test.each([
    [['plain', 'campaign_budget:cmp_1:USD', '12345']],
    [['with "quotes"', 'back\\slash', '\\"both\\"', 'trailing\\']],
    [['a,b', '{braces}', 'NULL', 'null', '', ' spaced ', 'ünïcødé ✓']],
    [[]],
  ])('text values come back exactly: %j', async (values) => {
    expect(await roundTrip(values)).toEqual(values);
  });

  test('any strings come back exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme-ascii' }), { maxLength: 8 }), async (values) => {
        // PostgreSQL text cannot hold NUL.
        const sent = values.map((v) => v.replaceAll('\u0000', ''));
        expect(await roundTrip(sent)).toEqual(sent);
      }),
      { numRuns: 60 },
    );
  });

  test('an array of array literals (text[] holding text[]) and int8 values keep their values', async () => {
    const [row] = await queryRows<{ inner: string; total: string }>(
      tdb.db,
      sql`SELECT array_to_json((${textArray([textArrayLiteral(['clawback', 'a"b'])])})[1]::text[])::text AS inner,
                 (SELECT sum(x)::text FROM unnest(${int8Array([9_223_372_036_854_775_000n, -5n, '7'])}) AS x) AS total`,
    );
    expect(JSON.parse(row!.inner)).toEqual(['clawback', 'a"b']);
    expect(row!.total).toBe(String(9_223_372_036_854_775_000n - 5n + 7n));
  });
});
