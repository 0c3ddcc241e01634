import { auditLog, mailOutbox, sessions, users } from '@creator-rewards/db';
import { eq, sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { signUp, strongPassword, TestClient } from './test-utils/http-client.js';

const clock = manualClock(new Date('2026-03-02T10:00:00Z'));
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ overrides: { clock } });
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.tdb.truncateAll();
  clock.set(new Date('2026-03-02T10:00:00Z'));
});

const count = async (table: typeof users | typeof sessions | typeof mailOutbox) =>
  (await t.tdb.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
const tokenFromMail = async (to: string) => {
  const [mail] = await t.tdb.db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.toAddress, to))
    .orderBy(sql`created_at desc`)
    .limit(1);
  return /token=([A-Za-z0-9_%-]+)/.exec(mail!.textBody)![1]!;
};
const totp = (secret: string, at = clock.now()) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });

describe('sign-up and email verification', () => {
  test('creates the account, signs in with an httpOnly SameSite=Lax cookie, and mails a verification link that works once', async () => {
    const client = new TestClient(t);
    const res = await client.post('/v1/auth/sign-up', {
      email: ' Ana@Example.TEST ',
      password: strongPassword,
      displayName: 'Ana',
      accountType: 'brand',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'signed_in',
      user: { email: 'ana@example.test', roles: ['brand'], emailVerified: false },
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await client.get('/v1/auth/session')).statusCode).toBe(200);

    const token = await tokenFromMail('ana@example.test');
    const verified = await new TestClient(t).post('/v1/auth/verify-email', { token });
    expect(verified.statusCode).toBe(200);
    expect((await client.get('/v1/me')).json().emailVerified).toBe(true);
    const again = await new TestClient(t).post('/v1/auth/verify-email', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('TOKEN_INVALID');
  });

  test('a taken email (in any case) is a 409 and creates nothing', async () => {
    await signUp(t, 'bo@example.test');
    const res = await new TestClient(t).post('/v1/auth/sign-up', {
      email: 'BO@example.test',
      password: strongPassword,
      displayName: 'Bo 2',
      accountType: 'participant',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('EMAIL_TAKEN');
    expect(await count(users)).toBe(1);
  });

  test.each([
    ['a common password', { password: 'password1234' }, 'body.password'],
    ['a password made of the email', { password: 'carla.example1' }, 'body.password'],
    ['a short password', { password: 'Short1!' }, 'body.password'],
    ['a malformed email', { email: 'carla@' }, 'body.email'],
    ['an oversized display name', { displayName: 'x'.repeat(81) }, 'body.displayName'],
    ['a control character in the name', { displayName: 'Car\u0007la' }, 'body.displayName'],
    ['an unknown field', { roles: ['admin'] }, 'body'],
    ['an unknown account type', { accountType: 'admin' }, 'body.accountType'],
  ])('%s is a 400 that names the field and changes nothing', async (_name, override, path) => {
    const res = await new TestClient(t).post('/v1/auth/sign-up', {
      email: 'carla@example.test',
      password: strongPassword,
      displayName: 'Carla',
      accountType: 'participant',
      ...override,
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await count(users)).toBe(0);
    expect(await count(mailOutbox)).toBe(0);
  });
});

describe('log in and out', () => {
  test('unknown email and wrong password get the same answer; both are audited', async () => {
    await signUp(t, 'dan@example.test');
    const wrong = await new TestClient(t).post('/v1/auth/login', {
      email: 'dan@example.test',
      password: 'not-his-password-1',
    });
    const unknown = await new TestClient(t).post('/v1/auth/login', {
      email: 'nobody@example.test',
      password: 'not-his-password-1',
    });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect({ ...res.json(), requestId: 'x' }).toEqual({
        code: 'INVALID_CREDENTIALS',
        message: 'The email or password is wrong.',
        requestId: 'x',
      });
    }
    const failures = await t.tdb.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login.failed'));
    expect(failures.map((f) => f.details.reason).sort()).toEqual(['unknown_email', 'wrong_password']);
  });

  test('each login gets a new session id; logout revokes it server-side', async () => {
    await signUp(t, 'eve@example.test');
    const a = new TestClient(t);
    const b = new TestClient(t);
    await a.post('/v1/auth/login', { email: 'eve@example.test', password: strongPassword });
    await b.post('/v1/auth/login', { email: 'eve@example.test', password: strongPassword });
    const idA = (await a.get('/v1/auth/session')).json().session.id;
    const idB = (await b.get('/v1/auth/session')).json().session.id;
    expect(idA).not.toBe(idB);
    const stolen = [...a.cookies];
    expect((await a.post('/v1/auth/logout')).statusCode).toBe(204);
    const replay = new TestClient(t);
    replay.cookies = new Map(stolen);
    expect((await replay.get('/v1/auth/session')).statusCode).toBe(401);
    expect((await b.get('/v1/auth/session')).statusCode).toBe(200);
  });

  test('sessions can be listed and another one revoked; a foreign session id is a 404', async () => {
    const { client } = await signUp(t, 'fay@example.test');
    const other = new TestClient(t);
    await other.post('/v1/auth/login', { email: 'fay@example.test', password: strongPassword });
    const list = (await client.get('/v1/me/sessions')).json().items as Array<{ id: string; current: boolean }>;
    expect(list).toHaveLength(2);
    const otherId = list.find((s) => !s.current)!.id;
    const { client: stranger } = await signUp(t, 'gus@example.test');
    expect((await stranger.delete(`/v1/me/sessions/${otherId}`)).statusCode).toBe(404);
    expect((await client.delete(`/v1/me/sessions/${otherId}`)).statusCode).toBe(204);
    expect((await other.get('/v1/auth/session')).statusCode).toBe(401);
  });
});

describe('brute force', () => {
  test('after 10 failures the account is locked for a while, even for the right password; other accounts are not', async () => {
    await signUp(t, 'hal@example.test');
    await signUp(t, 'ida@example.test');
    for (let i = 0; i < 10; i++) {
      const res = await new TestClient(t, `10.1.0.${i}`).post('/v1/auth/login', {
        email: 'hal@example.test',
        password: `wrong-guess-${i}-xyz`,
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await new TestClient(t, '10.1.1.1').post('/v1/auth/login', {
      email: 'hal@example.test',
      password: strongPassword,
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const other = await new TestClient(t, '10.1.1.1').post('/v1/auth/login', {
      email: 'ida@example.test',
      password: strongPassword,
    });
    expect(other.statusCode).toBe(200);
  });

  test('one IP trying one password against many accounts is cut off', { timeout: 120_000 }, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) {
      const res = await new TestClient(t, '10.2.0.1').post('/v1/auth/login', {
        email: `victim${i}@example.test`,
        password: 'Winter2026!!',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(60);
    expect(statuses.slice(60).every((s) => s === 429)).toBe(true);
  });
});

describe('CSRF', () => {
  test('a cookie-authenticated change needs the session’s x-csrf-token', async () => {
    const { client } = await signUp(t, 'jo@example.test');
    const token = client.csrf;
    client.csrf = undefined;
    const missing = await client.patch('/v1/me', { displayName: 'Jo' });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('CSRF_FAILED');
    const wrong = await client.request('PATCH', '/v1/me', { displayName: 'Jo' }, { 'x-csrf-token': 'forged' });
    expect(wrong.json().code).toBe('CSRF_FAILED');
    expect((await client.get('/v1/me')).json().displayName).toBe('jo');
    client.csrf = token;
    expect((await client.patch('/v1/me', { displayName: 'Jo' })).json().displayName).toBe('Jo');
  });
});

describe('TOTP two-factor authentication (injected clock)', () => {
  async function enrolled(email: string) {
    const { client, user } = await signUp(t, email);
    const start = await client.post('/v1/me/2fa');
    expect(start.statusCode).toBe(201);
    const { secret, otpauthUrl, qrCodeSvg } = start.json();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(qrCodeSvg).toMatch(/^<svg/);
    const confirm = await client.post('/v1/me/2fa/confirm', { code: await totp(secret) });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json();
    expect(recoveryCodes).toHaveLength(10);
    return { client, user, secret: secret as string, recoveryCodes: recoveryCodes as string[] };
  }

  test('login needs the code; a code is accepted once in its step; ±1 step of drift, not 2', async () => {
    const { secret } = await enrolled('kim@example.test');
    clock.advance(60_000);
    const c = new TestClient(t);
    expect(
      (await c.post('/v1/auth/login', { email: 'kim@example.test', password: strongPassword })).json().status,
    ).toBe('mfa_required');
    expect((await c.get('/v1/auth/session')).statusCode).toBe(401); // a pending session authorizes nothing
    const code = await totp(secret);
    expect((await c.post('/v1/auth/login/mfa', { code })).json().status).toBe('signed_in');
    expect((await c.get('/v1/auth/session')).statusCode).toBe(200);

    const replay = new TestClient(t);
    await replay.post('/v1/auth/login', { email: 'kim@example.test', password: strongPassword });
    const reused = await replay.post('/v1/auth/login/mfa', { code });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('MFA_CODE_INVALID');

    clock.advance(30_000);
    const previousStep = await totp(secret, new Date(clock.now().getTime() - 30_000 * 2));
    expect((await replay.post('/v1/auth/login/mfa', { code: previousStep })).json().code).toBe('MFA_CODE_INVALID');
    const drifted = await totp(secret, new Date(clock.now().getTime() + 30_000));
    expect((await replay.post('/v1/auth/login/mfa', { code: drifted })).json().status).toBe('signed_in');
  });

  test('a recovery code works once, and is stored only as a keyed hash', async () => {
    const { recoveryCodes, user } = await enrolled('lea@example.test');
    const stored = JSON.stringify(
      await t.tdb.db.execute(sql`select code_hash from recovery_codes where user_id = ${user.id}`),
    );
    for (const code of recoveryCodes) expect(stored).not.toContain(code.replace('-', ''));
    const first = new TestClient(t);
    await first.post('/v1/auth/login', { email: 'lea@example.test', password: strongPassword });
    expect((await first.post('/v1/auth/login/mfa', { recoveryCode: recoveryCodes[0] })).json().status).toBe(
      'signed_in',
    );
    const second = new TestClient(t);
    await second.post('/v1/auth/login', { email: 'lea@example.test', password: strongPassword });
    expect((await second.post('/v1/auth/login/mfa', { recoveryCode: recoveryCodes[0] })).json().code).toBe(
      'MFA_CODE_INVALID',
    );
  });

  test('guessing codes is rate-limited per account', async () => {
    await enrolled('max@example.test');
    const c = new TestClient(t);
    await c.post('/v1/auth/login', { email: 'max@example.test', password: strongPassword });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await c.post('/v1/auth/login/mfa', { code: String(100000 + i) })).statusCode);
    expect(statuses.slice(0, 6).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(6)).toEqual([429, 429]);
  });

  test('the TOTP secret is stored sealed, never in clear text', async () => {
    const { user, secret } = await enrolled('ned@example.test');
    const [row] = await t.tdb.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.totpSecretSealed).toMatch(/^v1\./);
    expect(row!.totpSecretSealed).not.toContain(secret);
  });

  test('disabling needs a recent sign-in and signs out other sessions', async () => {
    const { client, secret } = await enrolled('oli@example.test');
    const other = new TestClient(t);
    await other.post('/v1/auth/login', { email: 'oli@example.test', password: strongPassword });
    clock.advance(31_000);
    await other.post('/v1/auth/login/mfa', { code: await totp(secret) });
    clock.advance(11 * 60_000);
    const stale = await client.delete('/v1/me/2fa');
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('REAUTH_REQUIRED');
    expect((await client.post('/v1/auth/reauth', { password: strongPassword })).statusCode).toBe(204);
    expect((await client.delete('/v1/me/2fa')).statusCode).toBe(204);
    expect((await other.get('/v1/auth/session')).statusCode).toBe(401);
    expect((await client.get('/v1/me')).json().twoFactorEnabled).toBe(false);
    const audit = await t.tdb.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} like 'auth.2fa.%'`);
    expect(audit.map((a) => a.action).sort()).toEqual(['auth.2fa.disabled', 'auth.2fa.enabled']);
  });

  test('admin and finance roles count only with 2FA', async () => {
    const { client, user } = await signUp(t, 'pam@example.test');
    await t.tdb.db
      .update(users)
      .set({ roles: ['admin', 'finance', 'participant'] })
      .where(eq(users.id, user.id));
    expect((await client.get('/v1/auth/session')).json().rolesNeedingTwoFactor).toEqual(['admin', 'finance']);
  });
});

describe('password changes', () => {
  test('change needs a recent sign-in, then signs out the other sessions and mails a notice', async () => {
    const { client } = await signUp(t, 'quinn@example.test');
    const other = new TestClient(t);
    await other.post('/v1/auth/login', { email: 'quinn@example.test', password: strongPassword });
    clock.advance(11 * 60_000);
    expect((await client.post('/v1/me/password', { newPassword: 'amber-lantern-trout-93' })).json().code).toBe(
      'REAUTH_REQUIRED',
    );
    expect((await client.post('/v1/auth/reauth', { password: 'wrong-password-xyz' })).statusCode).toBe(401);
    await client.post('/v1/auth/reauth', { password: strongPassword });
    expect((await client.post('/v1/me/password', { newPassword: 'amber-lantern-trout-93' })).statusCode).toBe(204);
    expect((await other.get('/v1/auth/session')).statusCode).toBe(401);
    expect((await client.get('/v1/auth/session')).statusCode).toBe(200);
    const [mail] = await t.tdb.db
      .select()
      .from(mailOutbox)
      .where(sql`${mailOutbox.subject} like '%password was changed'`);
    expect(mail?.toAddress).toBe('quinn@example.test');
  });

  test('reset: unknown address answers the same and mails nothing; a weak new password keeps the link usable; the link works once', async () => {
    const { client } = await signUp(t, 'rae@example.test');
    const before = await count(mailOutbox);
    expect((await new TestClient(t).post('/v1/auth/password-reset', { email: 'nobody@example.test' })).statusCode).toBe(
      202,
    );
    expect(await count(mailOutbox)).toBe(before);
    expect((await new TestClient(t).post('/v1/auth/password-reset', { email: 'rae@example.test' })).statusCode).toBe(
      202,
    );
    const token = await tokenFromMail('rae@example.test');
    const weak = await new TestClient(t).post('/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'password1234',
    });
    expect(weak.statusCode).toBe(400);
    // Named after the route's own field, so forms can put the message next to it.
    expect(weak.json().details.issues.map((i: { path: string }) => i.path)).toEqual(['body.newPassword']);
    expect(
      (
        await new TestClient(t).post('/v1/auth/password-reset/confirm', {
          token,
          newPassword: 'amber-lantern-trout-93',
        })
      ).statusCode,
    ).toBe(204);
    expect((await client.get('/v1/auth/session')).statusCode).toBe(401);
    expect(
      (
        await new TestClient(t).post('/v1/auth/password-reset/confirm', {
          token,
          newPassword: 'another-fine-phrase-55',
        })
      ).json().code,
    ).toBe('TOKEN_INVALID');
    expect(
      (
        await new TestClient(t).post('/v1/auth/login', {
          email: 'rae@example.test',
          password: 'amber-lantern-trout-93',
        })
      ).statusCode,
    ).toBe(200);
  });

  test('an expired reset link is refused', async () => {
    await signUp(t, 'sam@example.test');
    await new TestClient(t).post('/v1/auth/password-reset', { email: 'sam@example.test' });
    const token = await tokenFromMail('sam@example.test');
    clock.advance(61 * 60_000);
    expect(
      (
        await new TestClient(t).post('/v1/auth/password-reset/confirm', {
          token,
          newPassword: 'amber-lantern-trout-93',
        })
      ).json().code,
    ).toBe('TOKEN_INVALID');
  });
});

describe('personal API tokens', () => {
  test('shown once, stored hashed, scoped, usable as Bearer, revocable', async () => {
    const { client, user } = await signUp(t, 'tia@example.test');
    const created = await client.post('/v1/me/api-tokens', { name: 'CI', scopes: ['read'], expiresInDays: 30 });
    expect(created.statusCode).toBe(201);
    const { secret, token } = created.json();
    expect(secret).toMatch(/^crt_[A-Za-z0-9_-]{43}$/);
    const stored = JSON.stringify(await t.tdb.db.execute(sql`select * from api_tokens`));
    expect(stored).not.toContain(secret);

    const bearer = new TestClient(t);
    const me = await bearer.get('/v1/me', { authorization: `Bearer ${secret}` });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(user.id);
    expect((await bearer.get('/v1/me/sessions', { authorization: `Bearer ${secret}` })).statusCode).toBe(403);
    expect(
      (await bearer.request('PATCH', '/v1/me', { displayName: 'x' }, { authorization: `Bearer ${secret}` })).statusCode,
    ).toBe(403);
    expect((await bearer.get('/v1/me', { authorization: 'Bearer crt_not-a-real-token' })).statusCode).toBe(401);

    expect((await client.delete(`/v1/me/api-tokens/${token.id}`)).statusCode).toBe(204);
    expect((await bearer.get('/v1/me', { authorization: `Bearer ${secret}` })).statusCode).toBe(401);
  });

  test('an expired token stops working', async () => {
    const { client } = await signUp(t, 'uma@example.test');
    const { secret } = (
      await client.post('/v1/me/api-tokens', { name: 'short', scopes: ['read'], expiresInDays: 1 })
    ).json();
    clock.advance(2 * 86_400_000);
    expect((await new TestClient(t).get('/v1/me', { authorization: `Bearer ${secret}` })).statusCode).toBe(401);
  });
});

test('the audit log is append-only in the database', async () => {
  await signUp(t, 'val@example.test');
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => 'no error',
      (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message}`,
    );
  expect(await failure(t.tdb.db.execute(sql`update audit_log set action = 'x'`))).toMatch(/append-only: UPDATE/);
  expect(await failure(t.tdb.db.execute(sql`delete from audit_log`))).toMatch(/append-only: DELETE/);
});
