import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * Keyset pagination helpers shared by every list: fetch limit + 1 rows ordered by (timestamp, id), answer `limit`
 * of them, and a cursor (see cursor.ts) when the extra row shows there is a next page.
 */
export type Keyset = { at: string; id: string };

/** Rows were fetched with limit + 1: an extra row means there is a next page, which starts after the last shown. */
export function pageOf<Row, Dto>(
  rows: Row[],
  limit: number,
  toDto: (row: Row) => Dto,
  cursorOf: (last: Row) => string,
) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(toDto), nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}

/** The timestamp exactly as stored (microseconds, UTC), for a cursor: a JS Date would drop the microseconds. */
export function exactTime(column: PgColumn | SQL) {
  return sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Rows strictly after the cursor in (at DESC, id DESC) order. */
export function before(at: PgColumn, id: PgColumn, cursor: Keyset): SQL {
  return sql`(${at}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
}

/** Rows strictly after the cursor in (at ASC, id ASC) order. */
export function after(at: PgColumn, id: PgColumn, cursor: Keyset): SQL {
  return sql`(${at}, ${id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
}
