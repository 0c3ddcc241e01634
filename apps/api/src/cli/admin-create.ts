// `npm run admin:create -- --email you@example.com [--name "Your Name"]`: creates the first administrator of a real
// deployment (or grants admin to an existing account). A new account gets a random password printed once; the
// admin role becomes active after they sign in and enable 2FA (required for admins).
import { parseArgs } from 'node:util';
import { EmailSchema } from '@creator-rewards/contracts';
import { auditLog, migrate, openDatabase, users } from '@creator-rewards/db';
import { eq, sql } from 'drizzle-orm';
import { join } from 'node:path';
import { hashPassword } from '../modules/identity/passwords.js';
import { randomToken } from '../platform/crypto/secrets.js';
import { ConfigError, loadConfig } from '../platform/config/config.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  const email = EmailSchema.safeParse(values.email ?? '');
  if (!email.success) {
    console.error(
      'usage: npm run admin:create -- --email you@example.com [--name "Your Name"]\n--email must be a valid email address.',
    );
    return 64; // EX_USAGE
  }
  const config = loadConfig();
  const handle = config.DATABASE_URL
    ? await openDatabase({ driver: 'postgres', url: config.DATABASE_URL, poolSize: 1 })
    : await openDatabase({ driver: 'pglite', dataDir: join(config.dataDir, 'pglite') });
  try {
    await migrate(handle);
    const db = handle.db;
    const [existing] = await db.select().from(users).where(eq(users.email, email.data));
    if (existing) {
      await db
        .update(users)
        .set({
          roles: sql`array(select distinct unnest(${users.roles} || array['admin']::text[]))`,
          updatedAt: new Date(),
        })
        .where(eq(users.id, existing.id));
      await db.insert(auditLog).values({
        actorType: 'system',
        action: 'user.roles.changed',
        subjectType: 'user',
        subjectId: existing.id,
        details: { added: ['admin'], via: 'admin:create' },
      });
      console.log(`${email.data} now holds the admin role. It becomes active once they enable 2FA.`);
      return 0;
    }
    const password = randomToken(18);
    const [created] = await db
      .insert(users)
      .values({
        email: email.data,
        displayName: values.name?.trim() || 'Administrator',
        roles: ['admin'],
        passwordHash: await hashPassword(password),
        emailVerifiedAt: new Date(),
      })
      .returning();
    await db.insert(auditLog).values({
      actorType: 'system',
      action: 'user.created',
      subjectType: 'user',
      subjectId: created!.id,
      details: { roles: ['admin'], via: 'admin:create' },
    });
    console.log(
      `Created admin ${email.data}\nPassword (shown once): ${password}\nSign in, change the password and enable 2FA (Account settings): the admin role needs it.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
