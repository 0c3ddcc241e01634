import { AppError } from '../errors/app-error.js';

/**
 * Opaque page cursors: base64url of the sort key of the last item of a page. Keyset pagination (WHERE key < cursor)
 * stays correct while rows are inserted, unlike OFFSET: new rows sort before the cursor and never shift a later page.
 */
export function encodeCursor(...parts: (string | number)[]): string {
  return Buffer.from(parts.join('|'), 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The exact text the database produced for the timestamp (microseconds, UTC): a JS Date would drop the microseconds
// and the next page would repeat or skip rows created within the same millisecond.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A `createdAt|id` cursor (newest-first lists ordered by created_at, id). */
export function decodeTimeIdCursor(cursor: string): { at: string; id: string } {
  const [at, id, ...rest] = decode(cursor).split('|');
  if (!at || !id || rest.length > 0 || !TIMESTAMP.test(at) || !UUID.test(id)) throw badCursor();
  return { at, id };
}

/** A numeric id cursor (lists ordered by a bigserial id). */
export function decodeIdCursor(cursor: string): number {
  const text = decode(cursor);
  if (!/^[1-9]\d{0,15}$/.test(text)) throw badCursor();
  return Number(text);
}

function decode(cursor: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

function badCursor(): AppError {
  const message = 'is not a cursor from a previous page; pass nextCursor back unchanged';
  return new AppError('VALIDATION_FAILED', `query.cursor: ${message}`, {
    issues: [{ path: 'query.cursor', code: 'invalid_cursor', message }],
  });
}

/** Escapes LIKE/ILIKE wildcards so user text matches literally (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
