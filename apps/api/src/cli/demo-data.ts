import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditLog, orgMembers, orgs, users, type Database, type UserRole } from '@creator-rewards/db';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../modules/identity/passwords.js';
import type { Secrets } from '../platform/crypto/secrets.js';

/** Shared by every demo login; printed by `npm start`. Demo data is only ever created in embedded mode. */
export const DEMO_PASSWORD = 'demo-password-2026';
/** The authenticator secret of the demo admin and finance users (add it to an authenticator app to sign in). */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const demoUsers: Array<{ email: string; displayName: string; roles: UserRole[]; twoFactor: boolean }> = [
  { email: 'admin@demo.local', displayName: 'Ada Admin', roles: ['admin'], twoFactor: true },
  { email: 'brand@demo.local', displayName: 'Bree Brand', roles: ['brand'], twoFactor: false },
  { email: 'creator@demo.local', displayName: 'Cleo Creator', roles: ['participant'], twoFactor: false },
  { email: 'reviewer@demo.local', displayName: 'Rex Reviewer', roles: ['reviewer'], twoFactor: false },
  { email: 'finance@demo.local', displayName: 'Fin Finance', roles: ['finance'], twoFactor: true },
];

/**
 * Seeds the demo accounts and org once (idempotent: it does nothing when the demo admin exists) and writes the
 * logins to DATA_DIR/demo-logins.json for `npm start` to print.
 */
export async function seedDemoData(db: Database, secrets: Secrets, dataDir: string): Promise<void> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'admin@demo.local'));
  if (!existing) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await db.transaction(async (tx) => {
      const created = new Map<string, string>();
      for (const u of demoUsers) {
        const [row] = await tx
          .insert(users)
          .values({
            email: u.email,
            displayName: u.displayName,
            roles: u.roles,
            passwordHash,
            emailVerifiedAt: new Date(),
            ...(u.twoFactor ? { totpSecretSealed: secrets.seal(DEMO_TOTP_SECRET), totpEnabledAt: new Date() } : {}),
          })
          .returning({ id: users.id });
        created.set(u.email, row!.id);
      }
      const [org] = await tx
        .insert(orgs)
        .values({ name: 'Demo Brand Co', slug: 'demo-brand-co', createdBy: created.get('brand@demo.local')! })
        .returning({ id: orgs.id });
      await tx.insert(orgMembers).values({ orgId: org!.id, userId: created.get('brand@demo.local')!, role: 'owner' });
      await tx.insert(auditLog).values({
        actorType: 'system',
        action: 'demo.seeded',
        subjectType: 'platform',
        details: { users: demoUsers.length },
      });
    });
  }
  const logins = demoUsers.map((u) => ({
    email: u.email,
    password: DEMO_PASSWORD,
    roles: u.roles,
    totpSecret: u.twoFactor ? DEMO_TOTP_SECRET : null,
  }));
  writeFileSync(join(dataDir, 'demo-logins.json'), `${JSON.stringify(logins, null, 2)}\n`);
}
