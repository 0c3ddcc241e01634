import { z } from './zod.js';

export const EmailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email address'))
  .transform((v) => v.toLowerCase())
  .describe('An email address (compared case-insensitively).');

export const PasswordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(128, 'must be at most 128 characters')
  .describe('12 to 128 characters; common or easily guessed passwords are refused.');

export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters')
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'must not contain control characters');

export const UuidSchema = z.uuid('must be a UUID');

/** Opaque cursor pagination: pass `nextCursor` back as `cursor` to get the next page. */
export const PageQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(25),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const TimestampSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 timestamp');
