import { mailOutbox } from '../schema/index.js';
import type { Database } from '../client.js';

/**
 * Test factories: `const given = createFactories(db); await given.outboxMail({ subject: 'x' })`.
 * Each returns the inserted row; defaults are valid, overrides are explicit. Later modules add their aggregates here.
 */
export function createFactories(db: Database) {
  let sequence = 0;
  const next = () => ++sequence;
  return {
    async outboxMail(overrides: Partial<typeof mailOutbox.$inferInsert> = {}) {
      const n = next();
      const [row] = await db
        .insert(mailOutbox)
        .values({
          toAddress: `person${n}@example.test`,
          subject: `Message ${n}`,
          textBody: `Body ${n}`,
          ...overrides,
        })
        .returning();
      return row!;
    },
  };
}
export type Factories = ReturnType<typeof createFactories>;
