import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from './client.js';
import { int8Array, textArray, textArrayLiteral, uuidv7 } from './sql-params.js';
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

  test('int8 values at both ends of the range travel; one past either end is refused before it is sent', async () => {
    const ends = [-(2n ** 63n), 2n ** 63n - 1n];
    const [row] = await queryRows<{ v: string }>(
      tdb.db,
      sql`SELECT array_to_json(array(SELECT x::text FROM unnest(${int8Array(ends)}) AS x))::text AS v`,
    );
    expect(JSON.parse(row!.v)).toEqual(ends.map(String));
    expect(() => int8Array([2n ** 63n])).toThrow(RangeError);
    expect(() => int8Array([-(2n ** 63n) - 1n])).toThrow(RangeError);
    expect(() => int8Array(['12a'])).toThrow(RangeError);
  });
});

describe('uuidv7', () => {
  test('RFC 9562 layout: the time in the first 48 bits, version 7, variant 10', () => {
    const now = Date.UTC(2026, 10, 26, 21, 0, 0, 123);
    for (let i = 0; i < 2_000; i++) {
      const id = uuidv7(now);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(now);
    }
  });

  test('ids of the same millisecond differ, and later milliseconds sort after earlier ones', () => {
    const now = Date.now();
    // More ids than one fill of the random pool holds, so refills are crossed.
    const ids = Array.from({ length: 5_000 }, () => uuidv7(now));
    expect(new Set(ids).size).toBe(ids.length);
    expect(uuidv7(now + 1) > ids.reduce((max, id) => (id > max ? id : max))).toBe(true);
  });
});
