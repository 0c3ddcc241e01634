import { randomFillSync } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';

/**
 * Parameters for raw SQL on both drivers (pg and PGlite).
 *
 * Arrays travel as one text parameter holding a PostgreSQL array literal, cast in SQL: one parameter per column
 * whatever the batch size (no 65,535-parameter limit), and the same shapes on both drivers.
 */
export function textArray(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values.map(quoteElement))}::text::text[]`;
}

export function uuidArray(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values.map(quoteElement))}::text::uuid[]`;
}

export function timestampArray(values: readonly Date[]): SQL {
  return sql`${arrayLiteral(values.map((d) => quoteElement(d.toISOString())))}::text::timestamptz[]`;
}

export function boolArray(values: readonly boolean[]): SQL {
  return sql`${arrayLiteral(values.map((v) => (v ? 't' : 'f')))}::text::boolean[]`;
}

/** The array literal text of a text[] (for an element of a text array holding arrays, or a jsonb field). */
export function textArrayLiteral(values: readonly string[]): string {
  return arrayLiteral(values.map(quoteElement));
}

export function int4Array(values: readonly number[]): SQL {
  const items = values.map((v) => {
    if (!Number.isSafeInteger(v) || v < -2_147_483_648 || v > 2_147_483_647) throw new RangeError(`Not an int4: ${v}`);
    return String(v);
  });
  return sql`${arrayLiteral(items)}::text::int4[]`;
}

export function int8Array(values: readonly (bigint | string)[]): SQL {
  return sql`${arrayLiteral(values.map(int8Text))}::text::int8[]`;
}

/** Like int8Array, with SQL NULL for null. */
export function nullableInt8Array(values: readonly (bigint | string | null)[]): SQL {
  return sql`${arrayLiteral(values.map((v) => (v === null ? 'NULL' : int8Text(v))))}::text::int8[]`;
}

/** A timestamptz as ISO 8601 text in UTC with its microseconds (the drivers disagree on timestamp parsing). */
export function isoTime(column: SQL): SQL {
  return sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, the version, 12 random bits, the variant, 62 random bits.
 * Time-ordered ids keep a primary key index appending at its right edge, and sort rows by creation (first come,
 * first served in the accrual batch). Random bytes come from a pool filled by the CSPRNG, as randomUUID does;
 * an id is one string built from a byte-to-hex table (posting makes one per transfer).
 */
export function uuidv7(now: number = Date.now()): string {
  if (randomOffset + 10 > RANDOM_POOL.length) {
    randomFillSync(RANDOM_POOL);
    randomOffset = 0;
  }
  const r = RANDOM_POOL;
  const o = randomOffset;
  randomOffset += 10;
  const time = now.toString(16).padStart(12, '0');
  return (
    `${time.slice(0, 8)}-${time.slice(8, 12)}-7${HEX_DIGIT[r[o]! & 0x0f]}${HEX[r[o + 1]!]}-` +
    `${HEX[(r[o + 2]! & 0x3f) | 0x80]}${HEX[r[o + 3]!]}-` +
    `${HEX[r[o + 4]!]}${HEX[r[o + 5]!]}${HEX[r[o + 6]!]}${HEX[r[o + 7]!]}${HEX[r[o + 8]!]}${HEX[r[o + 9]!]}`
  );
}

const HEX_DIGIT = Array.from({ length: 16 }, (_, i) => i.toString(16));
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const RANDOM_POOL = Buffer.alloc(4096);
let randomOffset = RANDOM_POOL.length;

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

function int8Text(value: bigint | string): string {
  if (typeof value === 'bigint') {
    if (value < INT8_MIN || value > INT8_MAX) throw new RangeError(`Not an int8: ${value}`);
    return String(value);
  }
  const text = String(value);
  if (!/^-?\d{1,19}$/.test(text)) throw new RangeError(`Not an int8: ${text}`);
  return text;
}

function arrayLiteral(items: readonly string[]): string {
  return `{${items.join(',')}}`;
}

const NEEDS_ESCAPE = /[\\"]/;

function quoteElement(value: string): string {
  // Most values (keys, ids, numbers) hold neither quotes nor backslashes: test before replacing, which is slower.
  return NEEDS_ESCAPE.test(value) ? `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : `"${value}"`;
}
