import { privilegedRoles, type Role } from '@creator-rewards/contracts';
import { users } from '@creator-rewards/db';
import { eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { UserRow } from '../modules/identity/identity.repository.js';
import { hashPassword } from '../modules/identity/passwords.js';
import { sessionCookieName } from '../modules/identity/session-cookie.js';
import type { TestApp } from './test-app.js';

type InjectOptions = Exclude<Parameters<TestApp['app']['inject']>[0], string>;
export type InjectResponse = Awaited<ReturnType<TestApp['app']['inject']>>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The password of every user made here (strong enough for the sign-up rules, should a test reuse it). */
export const TEST_PASSWORD = 'violet tugboat juggles 41 quiet anchors';

export type TestUser = {
  /** The row as it was right after sign-in (with totpEnabledAt set when `twoFactor`). */
  user: UserRow;
  email: string;
  /** `cr_session=…`, ready for a cookie header. */
  cookie: string;
  /** The session's CSRF token, sent as x-csrf-token on every change. */
  csrf: string;
  /** The client address this user's requests come from (see `nextTestIp`). */
  ip: string;
  /** A request as this user: session cookie, CSRF header and, with a body, JSON. */
  request(method: HttpMethod, url: string, body?: unknown, headers?: Record<string, string>): Promise<InjectResponse>;
};

let sequence = 0;

/**
 * A distinct client address per signed-in test user (198.18.0.0/15 is reserved for testing). The app trusts
 * x-forwarded-for, and log-in is limited per IP, so a file that signs in dozens of users from one address would trip
 * the limit that the brute-force tests are about.
 */
export function nextTestIp(): string {
  sequence++;
  return `198.18.${Math.floor(sequence / 250) % 250}.${(sequence % 250) + 1}`;
}

// argon2id at production cost takes tens of milliseconds; every test user shares one hash of TEST_PASSWORD.
let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

/** Inserts a user directly (verified email, TEST_PASSWORD), without signing in. */
export async function insertUser(
  t: TestApp,
  opts: { roles?: Role[]; email?: string; displayName?: string; createdAt?: Date } = {},
): Promise<UserRow> {
  const n = ++sequence;
  const email = (opts.email ?? `user${n}-${randomBytes(3).toString('hex')}@example.test`).toLowerCase();
  const [row] = await t.tdb.db
    .insert(users)
    .values({
      email,
      passwordHash: await testPasswordHash(),
      displayName: opts.displayName ?? `Test User ${n}`,
      roles: opts.roles ?? [],
      emailVerifiedAt: new Date(),
      ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    })
    .returning();
  return row!;
}

/** Signs in through POST /v1/auth/login and answers the session cookie and CSRF token. */
export async function signIn(
  t: TestApp,
  email: string,
  ip = nextTestIp(),
  password = TEST_PASSWORD,
): Promise<{ cookie: string; csrf: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email, password },
    headers: { 'x-forwarded-for': ip },
  });
  const body = res.json<{ status?: string; csrfToken?: string }>();
  if (res.statusCode !== 200 || body.status !== 'signed_in' || !body.csrfToken)
    throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const name = sessionCookieName(t.config);
  const cookie = res.cookies.find((c) => c.name === name);
  if (!cookie) throw new Error(`sign-in of ${email} set no ${name} cookie`);
  return { cookie: `${name}=${cookie.value}`, csrf: body.csrfToken };
}

/**
 * A signed-in user with these platform roles. `twoFactor` (default: on when a role needs it, i.e. admin or finance)
 * simulates an enrolled authenticator by setting users.totp_enabled_at after the password sign-in: the session is
 * then the one a full two-step sign-in would give, without running TOTP in every test (the 2FA flow has its own).
 */
export async function createUser(
  t: TestApp,
  opts: { roles?: Role[]; twoFactor?: boolean; email?: string; displayName?: string } = {},
): Promise<TestUser> {
  const roles = opts.roles ?? [];
  const twoFactor = opts.twoFactor ?? roles.some((r) => privilegedRoles.includes(r));
  let user = await insertUser(t, { ...opts, roles });
  const ip = nextTestIp();
  const { cookie, csrf } = await signIn(t, user.email, ip);
  if (twoFactor) {
    const [updated] = await t.tdb.db
      .update(users)
      .set({ totpEnabledAt: new Date() })
      .where(eq(users.id, user.id))
      .returning();
    user = updated!;
  }
  return {
    user,
    email: user.email,
    cookie,
    csrf,
    ip,
    request: (method, url, body, headers = {}) =>
      request(t, { method, url, body, headers: { cookie, 'x-csrf-token': csrf, 'x-forwarded-for': ip, ...headers } }),
  };
}

/** A request with no session (or with whatever headers the caller adds). */
export function anonymousRequest(
  t: TestApp,
  method: HttpMethod,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<InjectResponse> {
  return request(t, { method, url, body, headers: { 'x-forwarded-for': nextTestIp(), ...headers } });
}

function request(
  t: TestApp,
  r: { method: HttpMethod; url: string; body: unknown; headers: Record<string, string> },
): Promise<InjectResponse> {
  const options: InjectOptions = { method: r.method, url: r.url, headers: r.headers };
  if (r.body !== undefined) options.payload = r.body as InjectOptions['payload'];
  return t.app.inject(options);
}
