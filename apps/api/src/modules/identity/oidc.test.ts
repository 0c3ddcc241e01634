import { auditLog, mailOutbox, oidcIdentities, oidcLoginStates, users } from '@creator-rewards/db';
import { eq, sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import { hashToken } from '../../platform/crypto/secrets.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { safeReturnTo } from './oidc.service.js';
import { Browser, signInAtProvider } from './test-utils/browser.js';
import { startFakeOidcProvider, type FakeOidcProvider } from './test-utils/oidc-provider.fake.js';

// The browser only knows the web app's origin; its /api/* proxy is stood in for by Browser (see browser.ts).
const WEB = 'http://web.test';
const CALLBACK = `${WEB}/api/v1/auth/oidc/fake/callback`;
const password = 'violet-harbor-canoe-47';

const clock = manualClock(new Date());
let idp: FakeOidcProvider;
let t: TestApp;
let apiOrigin: string;

beforeAll(async () => {
  idp = await startFakeOidcProvider({
    redirectUri: CALLBACK,
    accounts: [
      { sub: 'alice-sub', email: 'Alice@Example.test', email_verified: true, name: 'Alice Provider' },
      { sub: 'bob-sub', email: 'bob@example.test', email_verified: false, name: 'Bob' },
      { sub: 'carol-sub', email: 'carol@example.test', email_verified: true, name: 'Carol' },
      { sub: 'dave-sub', email: 'dave@example.test', email_verified: false, name: 'Dave' },
      { sub: 'erin-sub', email: 'erin@example.test', email_verified: true, name: 'Erin' },
      { sub: 'frank-sub', name: 'Frank (no email)' },
      { sub: 'gina-sub', email: 'gina@example.test', email_verified: true, name: 'Gina' },
    ],
  });
  t = await startTestApp({
    env: {
      PUBLIC_WEB_URL: WEB,
      OIDC_PROVIDERS: JSON.stringify([
        { id: 'fake', name: 'Fake IdP', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret },
      ]),
    },
    overrides: { clock },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  apiOrigin = await t.app.getUrl();
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});
beforeEach(async () => {
  await t.tdb.truncateAll();
  clock.set(new Date());
});

const browser = () => new Browser({ web: WEB, api: apiOrigin });
const api = (path: string) => `${WEB}/api${path}`;
const count = async (table: typeof users | typeof oidcIdentities) =>
  (await t.tdb.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

/** GET …/start: answers the provider's authorization URL the API redirected to. */
async function start(b: Browser, returnTo?: string): Promise<string> {
  const url = api(
    `/v1/auth/oidc/fake/start${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`,
  );
  const res = await b.fetch(url);
  expect(res.status).toBe(302);
  return Browser.location(res, url);
}

/** Starts a sign-in and signs in at the provider as `sub`: answers the callback URL the provider sent us to. */
async function callbackFor(b: Browser, sub: string, returnTo?: string): Promise<string> {
  const callback = await signInAtProvider(b, await start(b, returnTo), sub);
  expect(callback.startsWith(`${CALLBACK}?`)).toBe(true);
  return callback;
}

/** Opens the callback; answers where the API sends the browser next. */
async function finish(b: Browser, callbackUrl: string): Promise<string> {
  const res = await b.fetch(callbackUrl);
  expect(res.status).toBe(302);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return Browser.location(res, callbackUrl);
}

const signInWithProvider = async (b: Browser, sub: string, returnTo?: string) =>
  finish(b, await callbackFor(b, sub, returnTo));

async function sessionOf(b: Browser) {
  const res = await b.fetch(api('/v1/auth/session'));
  type SessionInfo = {
    user: { id: string; email: string; emailVerified: boolean };
    session: { id: string; method: string };
  };
  return { status: res.status, body: (await res.json()) as SessionInfo };
}

/** A password account through the API; `verified` confirms its address with the mailed link. */
async function passwordAccount(email: string, opts: { verified: boolean }) {
  const b = browser();
  const res = await b.fetch(api('/v1/auth/sign-up'), {
    json: { email, password, displayName: email.split('@')[0], accountType: 'participant' },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { user: { id: string }; csrfToken: string };
  if (opts.verified) {
    const [mail] = await t.tdb.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email));
    const token = /token=([A-Za-z0-9_%-]+)/.exec(mail!.textBody)![1]!;
    expect((await b.fetch(api('/v1/auth/verify-email'), { json: { token: decodeURIComponent(token) } })).status).toBe(
      200,
    );
  }
  return { b, id: body.user.id, csrf: body.csrfToken };
}

const refused = (reason: string) => `${WEB}/login?error=${reason}`;

describe('providers and start', () => {
  test('lists the configured providers by id and name only', async () => {
    const res = await browser().fetch(api('/v1/auth/oidc/providers'));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ items: [{ id: 'fake', name: 'Fake IdP' }] });
    expect(text).not.toContain(idp.clientSecret);
  });

  test('start redirects with code + PKCE S256 + state + nonce, stores only hashes and a sealed verifier, sets the binding cookie', async () => {
    const b = browser();
    const url = api('/v1/auth/oidc/fake/start?returnTo=%2Fcampaigns%3Ftab%3Dmine');
    const res = await b.fetch(url);
    expect(res.status).toBe(302);
    const auth = new URL(Browser.location(res, url));
    expect(auth.origin).toBe(idp.issuer);
    const p = auth.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('scope')).toBe('openid email profile');
    expect(p.get('client_id')).toBe(idp.clientId);
    expect(p.get('redirect_uri')).toBe(CALLBACK);
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('cr_oidc='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\/(;|$)/);
    expect(setCookie).toMatch(/Max-Age=600/);

    const [row] = await t.tdb.db.select().from(oidcLoginStates);
    expect(row).toMatchObject({
      stateHash: hashToken(p.get('state')!),
      bindingHash: hashToken(b.cookie('cr_oidc')!),
      provider: 'fake',
      nonce: p.get('nonce'),
      returnTo: '/campaigns?tab=mine',
      consumedAt: null,
    });
    expect(row!.codeVerifierSealed).toMatch(/^v1\./);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(10 * 60_000);
  });

  test('an unknown provider id is a 404 NOT_FOUND on start and callback', async () => {
    for (const path of ['/v1/auth/oidc/nope/start', '/v1/auth/oidc/nope/callback?code=x&state=y']) {
      const res = await browser().fetch(api(path));
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('NOT_FOUND');
    }
    expect(await t.tdb.db.select().from(oidcLoginStates)).toEqual([]);
  });
});

describe('signing in', () => {
  test('a first sign-in creates a participant without a password, signs in with method oidc, and lands on returnTo', async () => {
    const b = browser();
    const callback = await callbackFor(b, 'alice-sub', '/campaigns?tab=mine');
    expect(await finish(b, callback)).toBe(`${WEB}/campaigns?tab=mine`);

    const { status, body } = await sessionOf(b);
    expect(status).toBe(200);
    expect(body.user).toMatchObject({
      email: 'alice@example.test',
      emailVerified: true,
      displayName: 'Alice Provider',
      roles: ['participant'],
      twoFactorEnabled: false,
    });
    expect(body.session.method).toBe('oidc');
    const [user] = await t.tdb.db.select().from(users);
    expect(user!.passwordHash).toBeNull();
    const [identity] = await t.tdb.db.select().from(oidcIdentities);
    expect(identity).toMatchObject({ provider: 'fake', subject: 'alice-sub', userId: user!.id });
    const [signUp] = await t.tdb.db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign_up'));
    expect(signUp!.details).toMatchObject({ method: 'oidc', provider: 'fake', accountType: 'participant' });

    // Neither the code, the state nor the client secret reaches a log line.
    const logs = t.logs.join('');
    const code = new URL(callback).searchParams.get('code')!;
    expect(logs).toContain('/v1/auth/oidc/fake/callback?code=[redacted]&state=[redacted]');
    for (const secret of [code, new URL(callback).searchParams.get('state')!, idp.clientSecret]) {
      expect(logs).not.toContain(secret);
    }
  });

  test('signing in again with the same subject reuses the account', async () => {
    const first = browser();
    await signInWithProvider(first, 'alice-sub');
    const second = browser();
    expect(await signInWithProvider(second, 'alice-sub')).toBe(`${WEB}/`);
    const a = await sessionOf(first);
    const b = await sessionOf(second);
    expect(b.status).toBe(200);
    expect(b.body.user.id).toBe(a.body.user.id);
    expect(b.body.session.id).not.toBe(a.body.session.id);
    expect(await count(users)).toBe(1);
    expect(await count(oidcIdentities)).toBe(1);
  });

  test('an address the provider did not verify makes an unverified account and mails the confirmation link', async () => {
    const b = browser();
    expect(await signInWithProvider(b, 'bob-sub')).toBe(`${WEB}/`);
    expect((await sessionOf(b)).body.user).toMatchObject({ email: 'bob@example.test', emailVerified: false });
    const mails = await t.tdb.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'bob@example.test'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.textBody).toContain(`${WEB}/verify-email?token=`);
  });

  test('a verified email links to the existing password account, which keeps its password', async () => {
    const existing = await passwordAccount('carol@example.test', { verified: true });
    const b = browser();
    expect(await signInWithProvider(b, 'carol-sub')).toBe(`${WEB}/`);
    expect((await sessionOf(b)).body.user.id).toBe(existing.id);
    expect(await count(users)).toBe(1);
    const [identity] = await t.tdb.db.select().from(oidcIdentities);
    expect(identity).toMatchObject({ subject: 'carol-sub', userId: existing.id, emailAtLink: 'carol@example.test' });
    const linked = await t.tdb.db.select().from(auditLog).where(eq(auditLog.action, 'auth.oidc.linked'));
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ actorUserId: existing.id, subjectId: existing.id });
    const login = await browser().fetch(api('/v1/auth/login'), { json: { email: 'carol@example.test', password } });
    expect(login.status).toBe(200);
  });

  test('an unverified provider email matching an account is refused and changes nothing (no takeover)', async () => {
    const existing = await passwordAccount('dave@example.test', { verified: true });
    const b = browser();
    expect(await signInWithProvider(b, 'dave-sub')).toBe(refused('oidc_email_unverified'));
    expect((await sessionOf(b)).status).toBe(401);
    expect(await count(users)).toBe(1);
    expect(await count(oidcIdentities)).toBe(0);
    const [failure] = await t.tdb.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login.failed'));
    expect(failure).toMatchObject({
      subjectId: existing.id,
      details: { method: 'oidc', reason: 'oidc_email_unverified' },
    });
  });

  test('an account whose own address was never confirmed is not linked, even to a verified provider email', async () => {
    await passwordAccount('gina@example.test', { verified: false });
    const b = browser();
    expect(await signInWithProvider(b, 'gina-sub')).toBe(refused('oidc_link_unverified'));
    expect((await sessionOf(b)).status).toBe(401);
    expect(await count(oidcIdentities)).toBe(0);
  });

  test('a provider that shares no email creates nothing', async () => {
    const b = browser();
    expect(await signInWithProvider(b, 'frank-sub')).toBe(refused('oidc_email_missing'));
    expect(await count(users)).toBe(0);
  });

  test('an account with 2FA goes to the 2FA step, and the code finishes an oidc session', async () => {
    const { b: owner, csrf } = await passwordAccount('erin@example.test', { verified: true });
    const enrol = await owner.fetch(api('/v1/me/2fa'), { method: 'POST', headers: { 'x-csrf-token': csrf } });
    expect(enrol.status).toBe(201);
    const { secret } = (await enrol.json()) as { secret: string };
    const totp = () => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
    const confirm = await owner.fetch(api('/v1/me/2fa/confirm'), {
      json: { code: await totp() },
      headers: { 'x-csrf-token': csrf },
    });
    expect(confirm.status).toBe(200);

    const b = browser();
    expect(await signInWithProvider(b, 'erin-sub', '/wallet')).toBe(`${WEB}/login?mfa=1&returnTo=%2Fwallet`);
    expect((await sessionOf(b)).status).toBe(401); // the pending session authorizes nothing yet
    clock.advance(30_000);
    const mfa = await b.fetch(api('/v1/auth/login/mfa'), { json: { code: await totp() } });
    expect(mfa.status).toBe(200);
    expect(((await mfa.json()) as { status: string }).status).toBe('signed_in');
    const { status, body } = await sessionOf(b);
    expect(status).toBe(200);
    expect(body.session.method).toBe('oidc');
  });
});

describe('refused callbacks', () => {
  test('a callback started in another browser is refused, and does not burn the real one', async () => {
    const victim = browser();
    await start(victim); // the victim has a binding cookie of their own
    const attacker = browser();
    const attackersCallback = await callbackFor(attacker, 'alice-sub');

    expect(await finish(victim, attackersCallback)).toBe(refused('oidc_state'));
    expect((await sessionOf(victim)).status).toBe(401);
    expect(await count(users)).toBe(0);

    expect(await finish(attacker, attackersCallback)).toBe(`${WEB}/`);
  });

  test('a replayed callback is refused, even with the cookies of the moment', async () => {
    const b = browser();
    const callback = await callbackFor(b, 'alice-sub');
    const before = b.clone();
    expect(await finish(b, callback)).toBe(`${WEB}/`);
    expect(await finish(before, callback)).toBe(refused('oidc_state'));
    expect(await finish(b, callback)).toBe(refused('oidc_state'));
    expect((await sessionOf(before)).status).toBe(401);
  });

  test('a callback without the binding cookie is refused', async () => {
    const b = browser();
    const callback = await callbackFor(b, 'alice-sub');
    const withCookie = b.clone();
    b.deleteCookie('cr_oidc');
    expect(await finish(b, callback)).toBe(refused('oidc_state'));
    expect((await sessionOf(b)).status).toBe(401);
    expect(await finish(withCookie, callback)).toBe(`${WEB}/`); // the refusal consumed nothing
  });

  test('a tampered state is refused', async () => {
    const b = browser();
    const callback = new URL(await callbackFor(b, 'alice-sub'));
    const state = callback.searchParams.get('state')!;
    callback.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
    expect(await finish(b, callback.href)).toBe(refused('oidc_state'));
    callback.searchParams.delete('state');
    expect(await finish(b, callback.href)).toBe(refused('oidc_state'));
    expect(await count(users)).toBe(0);
  });

  test('a state older than 10 minutes is refused (injected clock)', async () => {
    const b = browser();
    const callback = await callbackFor(b, 'alice-sub');
    clock.advance(10 * 60_000 + 1);
    expect(await finish(b, callback)).toBe(refused('oidc_state'));
    expect(await count(users)).toBe(0);
  });

  test("the provider's error answer is refused with its own reason", async () => {
    const b = browser();
    const state = new URL(await start(b)).searchParams.get('state')!;
    expect(await finish(b, `${CALLBACK}?error=access_denied&state=${state}`)).toBe(refused('oidc_denied'));
    expect(await finish(b, `${CALLBACK}?error=access_denied&state=${state}`)).toBe(refused('oidc_state'));
  });

  test('a code that is not the one issued fails the exchange and signs nobody in', async () => {
    const b = browser();
    const callback = new URL(await callbackFor(b, 'alice-sub'));
    callback.searchParams.set('code', 'forged-code');
    expect(await finish(b, callback.href)).toBe(refused('oidc_failed'));
    expect((await sessionOf(b)).status).toBe(401);
    expect(t.logs.join('')).toContain('oidc code exchange failed');
  });
});

describe('returnTo', () => {
  test.each([
    ['/campaigns?tab=mine#top', '/campaigns?tab=mine#top'],
    ['/', '/'],
    [undefined, '/'],
    ['', '/'],
    ['//evil.example', '/'],
    ['//evil.example/path', '/'],
    ['https://evil.example', '/'],
    ['/\\evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['/\tevil', '/'],
    ['/x\r\nSet-Cookie: a=b', '/'],
    ['javascript:alert(1)', '/'],
    ['campaigns', '/'],
    [`/${'a'.repeat(1024)}`, '/'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  test('open-redirect attempts land on the site root after a real sign-in', async () => {
    for (const attempt of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
      const b = browser();
      expect(await signInWithProvider(b, 'alice-sub', attempt)).toBe(`${WEB}/`);
    }
  });
});
