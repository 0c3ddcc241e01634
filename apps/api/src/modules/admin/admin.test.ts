import { randomUUID } from 'node:crypto';
import { auditLog, mailOutbox, sessions, users } from '@creator-rewards/db';
import { createFactories } from '@creator-rewards/db/testing';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { createUser, insertUser, type TestUser } from '../../test-utils/users.js';
import { decodeIdCursor, decodeTimeIdCursor, encodeCursor, escapeLike } from '../../platform/http/cursor.js';

type AdminUser = {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  status: string;
  lastSeenAt: string | null;
  createdAt: string;
};
type Page<T> = { items: T[]; nextCursor: string | null };
type AuditEntry = {
  id: string;
  action: string;
  actorUserId: string | null;
  subjectType: string;
  subjectId: string | null;
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());
beforeEach(() => t.tdb.truncateAll());

const db = () => t.tdb.db;

/** Follows nextCursor from the first page to the last, answering every item in order. */
async function walk<T>(admin: TestUser, url: string, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await admin.request('GET', `${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<Page<T>>();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
    if (pages > 100) throw new Error('pagination does not end');
  } while (cursor);
  return { items, pages };
}

describe('cursors', () => {
  test('round-trip, and anything else is refused', () => {
    const id = randomUUID();
    expect(decodeTimeIdCursor(encodeCursor('2026-01-15T12:00:00.123456Z', id))).toEqual({
      at: '2026-01-15T12:00:00.123456Z',
      id,
    });
    expect(decodeIdCursor(encodeCursor(42))).toBe(42);
    for (const bad of [
      '',
      '!!',
      encodeCursor('yesterday', id),
      encodeCursor('2026-01-15T12:00:00.123Z', id),
      encodeCursor(42),
    ])
      expect(() => decodeTimeIdCursor(bad)).toThrow(/cursor/);
    for (const bad of [encodeCursor(0), encodeCursor('1; drop table'), encodeCursor(-3), 'x'])
      expect(() => decodeIdCursor(bad)).toThrow(/cursor/);
  });

  test('LIKE wildcards are escaped', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});

describe('access to admin routes', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/v1/admin/users'],
    ['PUT', `/v1/admin/users/${randomUUID()}/roles`, { roles: ['brand'] }],
    ['GET', '/v1/admin/audit'],
    ['GET', '/v1/admin/mail-outbox'],
  ];

  test('an admin without 2FA gets 403 MFA_REQUIRED on every admin route', async () => {
    const admin = await createUser(t, { roles: ['admin'], twoFactor: false });
    for (const [method, url, body] of routes) {
      const res = await admin.request(method as 'GET', url, body);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({ code: 'MFA_REQUIRED', message: expect.stringMatching(/two-factor/) });
    }
  });

  test('other roles get 403 FORBIDDEN, anonymous callers 401', async () => {
    const user = await createUser(t, { roles: ['brand', 'participant', 'reviewer', 'finance'] });
    for (const [method, url, body] of routes) {
      const res = await user.request(method as 'GET', url, body);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      const anonymous = await t.app.inject({ method: method as 'GET', url, ...(body ? { payload: body } : {}) });
      expect(anonymous.statusCode).toBe(401);
    }
  });
});

describe('adminListUsers', () => {
  test('walks all users newest first in pages of 7, with no duplicates or gaps, even while users sign up', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    // 20 users created one by one plus 10 sharing one creation time: equal times are ordered by id.
    for (let i = 0; i < 20; i++) await insertUser(t);
    const sameTime = new Date(Date.now() + 60_000);
    await Promise.all(Array.from({ length: 10 }, () => insertUser(t, { createdAt: sameTime })));
    const all = await db().select({ id: users.id }).from(users);
    expect(all).toHaveLength(31);

    const items: AdminUser[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await admin.request('GET', `/v1/admin/users?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<Page<AdminUser>>();
      items.push(...page.items);
      cursor = page.nextCursor;
      pages++;
      // A sign-up between pages lands before the cursor (newest first) and must not shift the rest.
      if (pages === 2) await insertUser(t);
    } while (cursor && pages < 20);

    expect(pages).toBe(5);
    const ids = items.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(all.map((u) => u.id).sort());
    const times = items.map((u) => Date.parse(u.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const tied = items.filter((u) => Date.parse(u.createdAt) === sameTime.getTime()).map((u) => u.id);
    expect(tied).toHaveLength(10);
    expect(tied).toEqual([...tied].sort().reverse());
  });

  test('the last page has no next cursor; an exact fit does not promise an empty page', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    for (let i = 0; i < 6; i++) await insertUser(t);
    const { items, pages } = await walk<AdminUser>(admin, '/v1/admin/users', 7);
    expect(items).toHaveLength(7);
    expect(pages).toBe(1);
  });

  test('q matches email or display name case-insensitively, with wildcards taken literally', async () => {
    const admin = await createUser(t, { roles: ['admin'], displayName: 'Ada Admin' });
    const ana = await insertUser(t, { email: 'ana.lopez@example.test', displayName: 'Ana López' });
    const bob = await insertUser(t, { email: 'bob@shop.example', displayName: 'Bob 100% Real' });
    const under = await insertUser(t, { email: 'under_score@example.test', displayName: 'U S' });
    await insertUser(t, { email: 'underXscore@example.test', displayName: 'Other' });

    const search = async (q: string) => {
      const res = await admin.request('GET', `/v1/admin/users?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Page<AdminUser>>().items.map((u) => u.id);
    };
    expect(await search('ANA.LOPEZ')).toEqual([ana.id]);
    expect(await search('lópez')).toEqual([ana.id]);
    expect(await search('SHOP')).toEqual([bob.id]);
    expect(await search('%')).toEqual([bob.id]);
    expect(await search('under_')).toEqual([under.id]);
    expect(await search('nobody')).toEqual([]);
    expect((await search('   ')).length).toBe(5);
  });

  test('role filter, status, and lastSeenAt as the latest activity over all sessions', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    const finance = await insertUser(t, { roles: ['finance', 'brand'] });
    const idle = await insertUser(t, { roles: ['brand'] });
    await db().update(users).set({ status: 'disabled' }).where(eq(users.id, idle.id));
    const older = new Date('2026-01-01T10:00:00Z');
    const newer = new Date('2026-02-01T10:00:00Z');
    for (const lastSeenAt of [older, newer]) {
      await db()
        .insert(sessions)
        .values({
          tokenHash: randomUUID(),
          userId: finance.id,
          stage: 'active',
          method: 'password',
          lastSeenAt,
          expiresAt: new Date(Date.now() + 86_400_000),
        });
    }

    const brands = (await admin.request('GET', '/v1/admin/users?role=brand')).json<Page<AdminUser>>();
    expect(brands.items.map((u) => u.id).sort()).toEqual([finance.id, idle.id].sort());
    const byId = new Map(brands.items.map((u) => [u.id, u]));
    expect(byId.get(finance.id)).toMatchObject({
      lastSeenAt: newer.toISOString(),
      status: 'active',
      roles: ['finance', 'brand'],
    });
    expect(byId.get(idle.id)).toMatchObject({ lastSeenAt: null, status: 'disabled' });
    expect(byId.get(idle.id)).toEqual({
      id: idle.id,
      email: idle.email,
      emailVerified: true,
      displayName: idle.displayName,
      roles: ['brand'],
      twoFactorEnabled: false,
      status: 'disabled',
      lastSeenAt: null,
      createdAt: idle.createdAt.toISOString(),
    });

    const admins = (await admin.request('GET', '/v1/admin/users?role=admin')).json<Page<AdminUser>>();
    expect(admins.items).toHaveLength(1);
    expect(admins.items[0]).toMatchObject({
      id: admin.user.id,
      twoFactorEnabled: true,
      lastSeenAt: expect.any(String),
    });
  });

  test.each([
    ['a cursor that was never issued', 'cursor=bm90LWEtY3Vyc29y'],
    ['an unknown role', 'role=superuser'],
    ['an unknown parameter', 'sort=email'],
    ['a limit over 100', 'limit=101'],
    ['a limit of 0', 'limit=0'],
  ])('%s is a 400', async (_label, query) => {
    const admin = await createUser(t, { roles: ['admin'] });
    const res = await admin.request('GET', `/v1/admin/users?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [expect.objectContaining({ path: expect.stringMatching(/^query/) })] },
    });
  });
});

describe('adminSetUserRoles', () => {
  test('replaces roles, audits before and after, and leaves the user signed in', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    const user = await createUser(t, { roles: ['participant'] });
    const res = await admin.request('PUT', `/v1/admin/users/${user.user.id}/roles`, { roles: ['reviewer', 'brand'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: user.user.id, roles: ['brand', 'reviewer'], status: 'active' });
    expect(res.json().lastSeenAt).toEqual(expect.any(String));

    const audit = await db().select().from(auditLog).where(eq(auditLog.action, 'user.roles.changed'));
    expect(audit).toEqual([
      expect.objectContaining({
        actorUserId: admin.user.id,
        subjectType: 'user',
        subjectId: user.user.id,
        ip: admin.ip,
        details: { before: ['participant'], after: ['brand', 'reviewer'] },
      }),
    ]);
    // Nothing was revoked: the user's session works and sees the new roles at once.
    const me = await user.request('GET', '/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().roles).toEqual(['brand', 'reviewer']);
    expect((await user.request('POST', '/v1/orgs', { name: 'Now a brand' })).statusCode).toBe(201);
  });

  test('setting the same roles again changes and audits nothing', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    const user = await insertUser(t, { roles: ['brand'] });
    const res = await admin.request('PUT', `/v1/admin/users/${user.id}/roles`, { roles: ['brand'] });
    expect(res.statusCode).toBe(200);
    expect(await db().select().from(auditLog).where(eq(auditLog.action, 'user.roles.changed'))).toHaveLength(0);
  });

  test('an admin cannot remove their own admin role (409) but may change their other roles', async () => {
    const admin = await createUser(t, { roles: ['admin', 'finance'] });
    const res = await admin.request('PUT', `/v1/admin/users/${admin.user.id}/roles`, { roles: ['finance'] });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/own admin role/) });
    const [row] = await db().select().from(users).where(eq(users.id, admin.user.id));
    expect(row!.roles).toEqual(['admin', 'finance']);

    const kept = await admin.request('PUT', `/v1/admin/users/${admin.user.id}/roles`, { roles: ['admin'] });
    expect(kept.statusCode).toBe(200);
    expect(kept.json().roles).toEqual(['admin']);
  });

  test('another admin can remove an admin role', async () => {
    const a = await createUser(t, { roles: ['admin'] });
    const b = await createUser(t, { roles: ['admin'] });
    const res = await a.request('PUT', `/v1/admin/users/${b.user.id}/roles`, { roles: [] });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual([]);
    expect((await b.request('GET', '/v1/admin/users')).statusCode).toBe(403);
  });

  test('a missing user is 404', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    const res = await admin.request('PUT', `/v1/admin/users/${randomUUID()}/roles`, { roles: ['brand'] });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });

  test('needs a recent sign-in', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    const user = await insertUser(t, { roles: ['participant'] });
    await db()
      .update(sessions)
      .set({ authenticatedAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(sessions.userId, admin.user.id));
    const res = await admin.request('PUT', `/v1/admin/users/${user.id}/roles`, { roles: ['brand'] });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('REAUTH_REQUIRED');
  });

  test.each([
    ['an unknown role', 'USER', { roles: ['superuser'] }],
    ['a repeated role', 'USER', { roles: ['brand', 'brand'] }],
    ['an unknown field', 'USER', { roles: ['brand'], status: 'active' }],
    ['roles that are not a list', 'USER', { roles: 'brand' }],
    ['a malformed user id', 'not-a-uuid', { roles: ['brand'] }],
  ])('%s is a 400 and changes nothing', async (_label, target, body) => {
    const admin = await createUser(t, { roles: ['admin'] });
    const user = await insertUser(t, { roles: ['participant'] });
    const res = await admin.request('PUT', `/v1/admin/users/${target === 'USER' ? user.id : target}/roles`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    const [row] = await db().select().from(users).where(eq(users.id, user.id));
    expect(row!.roles).toEqual(['participant']);
    expect(await db().select().from(auditLog).where(eq(auditLog.action, 'user.roles.changed'))).toHaveLength(0);
  });
});

describe('adminListAudit', () => {
  async function seedAudit() {
    // Start from an empty log (the admin's own sign-in was audited too). TRUNCATE is the one way to empty this
    // append-only table; tests use it between cases anyway.
    await db().execute(sql`TRUNCATE audit_log RESTART IDENTITY`);
    const actorA = randomUUID();
    const actorB = randomUUID();
    const rows = [
      { actorUserId: actorA, action: 'auth.login.succeeded', subjectType: 'session', subjectId: 's1' },
      { actorUserId: actorA, action: 'auth.logout', subjectType: 'session', subjectId: 's1' },
      { actorUserId: actorB, action: 'org.created', subjectType: 'org', subjectId: 'o1' },
      { actorUserId: actorB, action: 'org.member.removed', subjectType: 'org', subjectId: 'o1' },
      { actorUserId: actorB, action: 'a_b.one', subjectType: 'thing', subjectId: 't1' },
      { actorUserId: actorB, action: 'axb.two', subjectType: 'thing', subjectId: 't2' },
      { actorUserId: null, action: 'auth.login.failed', subjectType: 'user', subjectId: null },
    ];
    for (const row of rows)
      await db()
        .insert(auditLog)
        .values({ ...row, actorType: row.actorUserId ? 'user' : 'anonymous', details: { n: 1 } });
    return { actorA, actorB };
  }

  test('filters by actor, exact action, action prefix, subject type and subject id', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    const { actorA, actorB } = await seedAudit();
    const list = async (query: string) => {
      const res = await admin.request('GET', `/v1/admin/audit?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Page<AuditEntry>>().items.map((e) => e.action);
    };
    expect(await list(`actorUserId=${actorA}`)).toEqual(['auth.logout', 'auth.login.succeeded']);
    expect(await list('action=auth.logout')).toEqual(['auth.logout']);
    // An exact action does not match longer ones; a trailing dot makes it a prefix.
    expect(await list('action=auth.login')).toEqual([]);
    expect(await list('action=auth.login.')).toEqual(['auth.login.failed', 'auth.login.succeeded']);
    expect(await list('action=auth.')).toEqual(['auth.login.failed', 'auth.logout', 'auth.login.succeeded']);
    // `_` is a literal underscore, not a LIKE wildcard.
    expect(await list('action=a_b.')).toEqual(['a_b.one']);
    expect(await list('subjectType=org')).toEqual(['org.member.removed', 'org.created']);
    expect(await list('subjectType=thing&subjectId=t2')).toEqual(['axb.two']);
    expect(await list(`actorUserId=${actorB}&action=org.`)).toEqual(['org.member.removed', 'org.created']);
  });

  test('entries have the contract shape, newest first, and pages walk every entry once', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    await seedAudit();
    const total = (await db().select({ id: auditLog.id }).from(auditLog)).length;
    const { items, pages } = await walk<AuditEntry & { id: string }>(admin, '/v1/admin/audit', 3);
    expect(items).toHaveLength(total);
    expect(pages).toBe(Math.ceil(total / 3));
    const ids = items.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
    const failed = items.find((e) => e.action === 'auth.login.failed');
    expect(failed).toEqual({
      id: expect.stringMatching(/^\d+$/),
      at: expect.any(String),
      actorUserId: null,
      actorType: 'anonymous',
      action: 'auth.login.failed',
      subjectType: 'user',
      subjectId: null,
      ip: null,
      requestId: null,
      details: { n: 1 },
    });
  });

  test('real actions are readable: an admin sees the role change they just made', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    const user = await insertUser(t, { roles: [] });
    await admin.request('PUT', `/v1/admin/users/${user.id}/roles`, { roles: ['reviewer'] });
    const res = await admin.request('GET', `/v1/admin/audit?subjectType=user&subjectId=${user.id}`);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        action: 'user.roles.changed',
        actorUserId: admin.user.id,
        actorType: 'user',
        ip: admin.ip,
        requestId: expect.any(String),
        details: { before: [], after: ['reviewer'] },
      }),
    ]);
  });

  test.each([
    ['a malformed action', 'action=Auth%20Login'],
    ['a malformed actor id', 'actorUserId=42'],
    ['a foreign cursor', `cursor=${encodeCursor('2026-01-15T12:00:00.000000Z', randomUUID())}`],
    ['an unknown filter', 'ip=127.0.0.1'],
  ])('%s is a 400', async (_label, query) => {
    const admin = await createUser(t, { roles: ['admin'] });
    const res = await admin.request('GET', `/v1/admin/audit?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('adminListOutbox', () => {
  test('newest first, filtered by exact recipient, and paginated without gaps', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    const given = createFactories(db());
    for (let i = 0; i < 9; i++)
      await given.outboxMail({
        toAddress: i % 3 === 0 ? 'ana@example.test' : `other${i}@example.test`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, i)),
      });
    // Two at exactly the same instant: the id breaks the tie.
    const tie = new Date(Date.UTC(2026, 0, 1, 12, 0, 30));
    await given.outboxMail({ toAddress: 'tie@example.test', createdAt: tie });
    await given.outboxMail({ toAddress: 'tie@example.test', createdAt: tie });

    const all = await db().select().from(mailOutbox).orderBy(asc(mailOutbox.createdAt));
    const { items, pages } = await walk<{ id: string; to: string; createdAt: string; subject: string; text: string }>(
      admin,
      '/v1/admin/mail-outbox',
      4,
    );
    expect(pages).toBe(3);
    expect(items).toHaveLength(all.length);
    expect(new Set(items.map((m) => m.id)).size).toBe(all.length);
    const times = items.map((m) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const first = all.find((m) => m.id === items.at(-1)!.id)!;
    expect(items.at(-1)).toEqual({
      id: first.id,
      to: first.toAddress,
      subject: first.subject,
      text: first.textBody,
      createdAt: first.createdAt.toISOString(),
    });

    const ana = (await admin.request('GET', '/v1/admin/mail-outbox?to=ana@example.test')).json<Page<{ to: string }>>();
    expect(ana.items.map((m) => m.to)).toEqual(['ana@example.test', 'ana@example.test', 'ana@example.test']);
    expect(ana.nextCursor).toBeNull();
    // Exact: no partial or case-folded matches.
    expect((await admin.request('GET', '/v1/admin/mail-outbox?to=ana')).json().items).toEqual([]);
    expect((await admin.request('GET', '/v1/admin/mail-outbox?to=ANA@example.test')).json().items).toEqual([]);
  });

  test('an invitation mail sent through the real mail port shows up', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    const org = (await admin.request('POST', '/v1/orgs', { name: 'Admin Org' })).json<{ id: string }>();
    await admin.request('POST', `/v1/orgs/${org.id}/invitations`, { email: 'guest@example.test', role: 'viewer' });
    const res = await admin.request('GET', '/v1/admin/mail-outbox?to=guest@example.test');
    expect(res.json().items).toEqual([
      expect.objectContaining({ to: 'guest@example.test', subject: expect.stringContaining('Admin Org') }),
    ]);
  });
});
