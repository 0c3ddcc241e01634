import { randomUUID } from 'node:crypto';
import { orgRoutes } from '@creator-rewards/contracts';
import { auditLog, mailOutbox, orgInvitations, orgMembers, orgs, users } from '@creator-rewards/db';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { createUser, type HttpMethod, type TestUser } from '../../test-utils/users.js';
import { slugify } from './slug.js';

type Org = { id: string; name: string; slug: string; myRole: string | null; createdAt: string };
type Invitation = { id: string; email: string; role: string; status: string; createdAt: string; expiresAt: string };

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());
beforeEach(() => t.tdb.truncateAll());

const db = () => t.tdb.db;

async function createOrg(owner: TestUser, name = 'Acme Studios'): Promise<Org> {
  const res = await owner.request('POST', '/v1/orgs', { name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Org>();
}

async function addMember(orgId: string, member: TestUser, role: 'owner' | 'manager' | 'viewer') {
  await db().insert(orgMembers).values({ orgId, userId: member.user.id, role });
}

async function membersOf(orgId: string) {
  return db()
    .select({ userId: orgMembers.userId, role: orgMembers.role })
    .from(orgMembers)
    .where(eq(orgMembers.orgId, orgId))
    .orderBy(asc(orgMembers.userId));
}

async function auditActions(action?: string) {
  const rows = await db().select().from(auditLog).orderBy(asc(auditLog.id));
  return action ? rows.filter((r) => r.action === action) : rows;
}

/** Invites through the API and answers the invitation and the token from the mailed link. */
async function invite(owner: TestUser, orgId: string, email: string, role = 'viewer') {
  const res = await owner.request('POST', `/v1/orgs/${orgId}/invitations`, { email, role });
  expect(res.statusCode, res.body).toBe(201);
  const mails = await db().select().from(mailOutbox).where(eq(mailOutbox.toAddress, email.toLowerCase()));
  const text = mails.at(-1)!.textBody;
  const token = /\/invitations\/accept\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
  expect(token, text).toBeDefined();
  return { invitation: res.json<Invitation>(), token: token! };
}

describe('slugify', () => {
  test.each([
    ['Acme Studios', 'acme-studios'],
    ['  Café Ünter—Nehmen!! ', 'cafe-unter-nehmen'],
    ['***', 'org'],
    ['東京', 'org'],
    ['a'.repeat(100), 'a'.repeat(48)],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});

describe('creating and reading orgs', () => {
  test('a brand user creates an org and becomes its owner; the change is audited', async () => {
    const brand = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(brand, '  Acme Studios ');
    expect(org).toEqual({
      id: expect.any(String),
      name: 'Acme Studios',
      slug: 'acme-studios',
      myRole: 'owner',
      createdAt: expect.any(String),
    });
    expect(await membersOf(org.id)).toEqual([{ userId: brand.user.id, role: 'owner' }]);
    const [created] = await auditActions('org.created');
    expect(created).toMatchObject({
      actorUserId: brand.user.id,
      actorType: 'user',
      subjectType: 'org',
      subjectId: org.id,
      ip: brand.ip,
      details: { name: 'Acme Studios', slug: 'acme-studios' },
    });
  });

  test('a taken slug gets a short random suffix', async () => {
    const a = await createUser(t, { roles: ['brand'] });
    const b = await createUser(t, { roles: ['brand'] });
    const first = await createOrg(a, 'Acme Studios');
    const second = await createOrg(b, 'ACME studios!');
    expect(first.slug).toBe('acme-studios');
    expect(second.slug).toMatch(/^acme-studios-[0-9a-f]{6}$/);
  });

  test('an admin may create an org; a participant may not', async () => {
    const admin = await createUser(t, { roles: ['admin'] });
    expect((await admin.request('POST', '/v1/orgs', { name: 'Ops' })).statusCode).toBe(201);
    const participant = await createUser(t, { roles: ['participant'] });
    const res = await participant.request('POST', '/v1/orgs', { name: 'Nope' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect(await db().select().from(orgs)).toHaveLength(1);
  });

  test('listMyOrgs answers only the caller’s orgs with their role', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const viewer = await createUser(t, { roles: ['brand'] });
    const stranger = await createUser(t, { roles: ['brand'] });
    const zeta = await createOrg(owner, 'Zeta');
    const alpha = await createOrg(owner, 'Alpha');
    await addMember(zeta.id, viewer, 'viewer');

    const mine = await owner.request('GET', '/v1/orgs');
    expect(mine.json().items.map((o: Org) => [o.name, o.myRole])).toEqual([
      ['Alpha', 'owner'],
      ['Zeta', 'owner'],
    ]);
    expect((await viewer.request('GET', '/v1/orgs')).json().items).toEqual([{ ...zeta, myRole: 'viewer' }]);
    expect((await stranger.request('GET', '/v1/orgs')).json()).toEqual({ items: [] });
    expect(alpha.myRole).toBe('owner');
  });

  test('getOrg: a member sees their role; an admin who is not a member sees myRole null; a missing org is 404', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    expect((await owner.request('GET', `/v1/orgs/${org.id}`)).json()).toEqual(org);

    const admin = await createUser(t, { roles: ['admin'] });
    const seen = await admin.request('GET', `/v1/orgs/${org.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toEqual({ ...org, myRole: null });
    const missing = await admin.request('GET', `/v1/orgs/${randomUUID()}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', message: 'Org was not found.' });
  });

  test('listOrgMembers lists every member with email, name, role and join time', async () => {
    const owner = await createUser(t, { roles: ['brand'], displayName: 'Olga Owner' });
    const viewer = await createUser(t, { roles: ['participant'], displayName: 'Vic Viewer' });
    const org = await createOrg(owner);
    await addMember(org.id, viewer, 'viewer');
    const res = await viewer.request('GET', `/v1/orgs/${org.id}/members`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      {
        userId: owner.user.id,
        email: owner.email,
        displayName: 'Olga Owner',
        role: 'owner',
        joinedAt: expect.any(String),
      },
      {
        userId: viewer.user.id,
        email: viewer.email,
        displayName: 'Vic Viewer',
        role: 'viewer',
        joinedAt: expect.any(String),
      },
    ]);
  });
});

describe('access to org routes', () => {
  /** Every route with {orgId}, filled with real ids of `org`, so only the org membership decides. */
  function orgRouteCalls(orgId: string, ids: { userId: string; invitationId: string }) {
    return Object.values(orgRoutes)
      .filter((r) => r.path.includes('{orgId}'))
      .map((r) => {
        const url = r.path
          .replace('{orgId}', orgId)
          .replace('{userId}', ids.userId)
          .replace('{invitationId}', ids.invitationId);
        const body =
          r.operationId === 'changeOrgMemberRole'
            ? { role: 'manager' }
            : r.operationId === 'inviteOrgMember'
              ? { email: 'newcomer@example.test', role: 'viewer' }
              : undefined;
        return { operationId: r.operationId, method: r.method.toUpperCase() as HttpMethod, url, body };
      });
  }

  test('a non-member gets exactly the 404 of a missing org on every org route, and nothing changes', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const viewer = await createUser(t, { roles: ['brand'] });
    const outsider = await createUser(t, { roles: ['brand', 'reviewer', 'finance'] });
    const org = await createOrg(owner);
    await addMember(org.id, viewer, 'viewer');
    const { invitation } = await invite(owner, org.id, 'pending@example.test');
    const before = { members: await membersOf(org.id), audit: (await auditActions()).length };

    const calls = orgRouteCalls(org.id, { userId: viewer.user.id, invitationId: invitation.id });
    expect(calls.map((c) => c.operationId).sort()).toEqual(
      [
        'getOrg',
        'listOrgMembers',
        'changeOrgMemberRole',
        'removeOrgMember',
        'listOrgInvitations',
        'inviteOrgMember',
        'revokeOrgInvitation',
      ].sort(),
    );
    for (const call of calls) {
      const real = await outsider.request(call.method, call.url, call.body);
      const missing = await outsider.request(call.method, call.url.replace(org.id, randomUUID()), call.body);
      expect(real.statusCode, `${call.operationId}: ${real.body}`).toBe(404);
      const { requestId: _a, ...realBody } = real.json();
      const { requestId: _b, ...missingBody } = missing.json();
      expect(realBody, call.operationId).toEqual(missingBody);
      expect(realBody).toEqual({ code: 'NOT_FOUND', message: 'Org was not found.' });
    }
    expect(await membersOf(org.id)).toEqual(before.members);
    expect((await auditActions()).length).toBe(before.audit);
    expect(await db().select().from(orgInvitations)).toHaveLength(1);
  });

  test('viewers and managers get 403 on owner routes; the org is unchanged', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const viewer = await createUser(t, { roles: ['brand'] });
    const manager = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    await addMember(org.id, viewer, 'viewer');
    await addMember(org.id, manager, 'manager');
    const { invitation } = await invite(owner, org.id, 'pending@example.test');
    const before = await membersOf(org.id);

    const ownerOnly = ['changeOrgMemberRole', 'listOrgInvitations', 'inviteOrgMember', 'revokeOrgInvitation'];
    const calls = orgRouteCalls(org.id, { userId: owner.user.id, invitationId: invitation.id }).filter((c) =>
      ownerOnly.includes(c.operationId),
    );
    expect(calls).toHaveLength(4);
    for (const member of [viewer, manager]) {
      for (const call of calls) {
        const res = await member.request(call.method, call.url, call.body);
        expect(res.statusCode, `${call.operationId}: ${res.body}`).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
    }
    expect(await membersOf(org.id)).toEqual(before);
    const [stillPending] = await db().select().from(orgInvitations);
    expect(stillPending).toMatchObject({ revokedAt: null, acceptedAt: null });
  });

  test('an admin acts as an owner in any org', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const viewer = await createUser(t, { roles: ['brand'] });
    const admin = await createUser(t, { roles: ['admin'] });
    const org = await createOrg(owner);
    await addMember(org.id, viewer, 'viewer');
    const res = await admin.request('PATCH', `/v1/orgs/${org.id}/members/${viewer.user.id}`, { role: 'manager' });
    expect(res.statusCode).toBe(200);
    expect((await admin.request('DELETE', `/v1/orgs/${org.id}/members/${viewer.user.id}`)).statusCode).toBe(204);
    expect(await membersOf(org.id)).toEqual([{ userId: owner.user.id, role: 'owner' }]);
  });

  test('an admin without 2FA has no admin powers over orgs', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    const admin = await createUser(t, { roles: ['admin'], twoFactor: false });
    const res = await admin.request('GET', `/v1/orgs/${org.id}`);
    expect(res.statusCode).toBe(404);
  });
});

describe('member roles', () => {
  test('an owner changes a member’s role; the change is audited with before and after', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const member = await createUser(t, { roles: ['brand'], displayName: 'Mia Member' });
    const org = await createOrg(owner);
    await addMember(org.id, member, 'viewer');
    const res = await owner.request('PATCH', `/v1/orgs/${org.id}/members/${member.user.id}`, { role: 'manager' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      userId: member.user.id,
      email: member.email,
      displayName: 'Mia Member',
      role: 'manager',
      joinedAt: expect.any(String),
    });
    expect(await auditActions('org.member.role_changed')).toEqual([
      expect.objectContaining({
        actorUserId: owner.user.id,
        subjectType: 'org',
        subjectId: org.id,
        details: { userId: member.user.id, from: 'viewer', to: 'manager' },
      }),
    ]);
  });

  test('the last owner cannot be demoted (409); with two owners one can step down', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const second = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);

    const alone = await owner.request('PATCH', `/v1/orgs/${org.id}/members/${owner.user.id}`, { role: 'manager' });
    expect(alone.statusCode).toBe(409);
    expect(alone.json()).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('at least one owner') });
    expect(await membersOf(org.id)).toEqual([{ userId: owner.user.id, role: 'owner' }]);

    await addMember(org.id, second, 'viewer');
    const promoted = await owner.request('PATCH', `/v1/orgs/${org.id}/members/${second.user.id}`, { role: 'owner' });
    expect(promoted.statusCode).toBe(200);
    const stepDown = await owner.request('PATCH', `/v1/orgs/${org.id}/members/${owner.user.id}`, { role: 'viewer' });
    expect(stepDown.statusCode).toBe(200);
    // The former owner is a viewer now: owner routes are closed to them.
    const again = await owner.request('PATCH', `/v1/orgs/${org.id}/members/${second.user.id}`, { role: 'viewer' });
    expect(again.statusCode).toBe(403);
    const last = await second.request('PATCH', `/v1/orgs/${org.id}/members/${second.user.id}`, { role: 'viewer' });
    expect(last.statusCode).toBe(409);
    expect(await db().select().from(orgMembers).where(eq(orgMembers.role, 'owner'))).toHaveLength(1);
  });

  test('two owners demoting each other at once leave exactly one owner', async () => {
    const a = await createUser(t, { roles: ['brand'] });
    const b = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(a);
    await addMember(org.id, b, 'owner');
    const results = await Promise.all([
      a.request('PATCH', `/v1/orgs/${org.id}/members/${b.user.id}`, { role: 'viewer' }),
      b.request('PATCH', `/v1/orgs/${org.id}/members/${a.user.id}`, { role: 'viewer' }),
    ]);
    const statuses = results.map((r) => r.statusCode);
    // Serialized on the org row: the second either conflicts (it would remove the last owner) or is refused
    // because its caller is no longer an owner.
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409 || s === 403)).toHaveLength(1);
    expect(await db().select().from(orgMembers).where(eq(orgMembers.role, 'owner'))).toHaveLength(1);
  });

  test('changing the role of someone who is not a member is 404', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const stranger = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    for (const userId of [stranger.user.id, randomUUID()]) {
      const res = await owner.request('PATCH', `/v1/orgs/${org.id}/members/${userId}`, { role: 'viewer' });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect(await membersOf(org.id)).toHaveLength(1);
  });
});

describe('removing members', () => {
  test('an owner removes a member; audited', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const member = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    await addMember(org.id, member, 'manager');
    const res = await owner.request('DELETE', `/v1/orgs/${org.id}/members/${member.user.id}`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await membersOf(org.id)).toEqual([{ userId: owner.user.id, role: 'owner' }]);
    expect(await auditActions('org.member.removed')).toEqual([
      expect.objectContaining({
        actorUserId: owner.user.id,
        subjectId: org.id,
        details: { userId: member.user.id, role: 'manager', left: false },
      }),
    ]);
    // Removed means gone: the org answers them as it answers any stranger.
    expect((await member.request('GET', `/v1/orgs/${org.id}`)).statusCode).toBe(404);
  });

  test('a non-owner may leave but not remove others (403)', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const manager = await createUser(t, { roles: ['brand'] });
    const viewer = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    await addMember(org.id, manager, 'manager');
    await addMember(org.id, viewer, 'viewer');

    for (const target of [viewer, owner]) {
      const res = await manager.request('DELETE', `/v1/orgs/${org.id}/members/${target.user.id}`);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('only leave') });
    }
    expect(await membersOf(org.id)).toHaveLength(3);

    const leave = await viewer.request('DELETE', `/v1/orgs/${org.id}/members/${viewer.user.id}`);
    expect(leave.statusCode).toBe(204);
    expect(await membersOf(org.id)).toHaveLength(2);
    const [left] = await auditActions('org.member.removed');
    expect(left!.details).toEqual({ userId: viewer.user.id, role: 'viewer', left: true });
  });

  test('the last owner cannot leave (409); after handing over ownership they can', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const heir = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    await addMember(org.id, heir, 'manager');
    const blocked = await owner.request('DELETE', `/v1/orgs/${org.id}/members/${owner.user.id}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().message).toMatch(/at least one owner/);
    expect(await membersOf(org.id)).toHaveLength(2);

    await owner.request('PATCH', `/v1/orgs/${org.id}/members/${heir.user.id}`, { role: 'owner' });
    expect((await owner.request('DELETE', `/v1/orgs/${org.id}/members/${owner.user.id}`)).statusCode).toBe(204);
    expect(await membersOf(org.id)).toEqual([{ userId: heir.user.id, role: 'owner' }]);
  });

  test('removing a user who is not a member is 404', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const stranger = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    for (const userId of [stranger.user.id, randomUUID()]) {
      const res = await owner.request('DELETE', `/v1/orgs/${org.id}/members/${userId}`);
      expect(res.statusCode).toBe(404);
    }
    expect(await auditActions('org.member.removed')).toHaveLength(0);
  });
});

describe('invitations', () => {
  test('an owner invites by email: a 7-day link is mailed, only its hash is stored, and it is audited', async () => {
    const owner = await createUser(t, { roles: ['brand'], displayName: 'Olga Owner' });
    const org = await createOrg(owner, 'Acme Studios');
    const { invitation, token } = await invite(owner, org.id, 'New.Person@Example.test', 'manager');
    expect(invitation).toEqual({
      id: expect.any(String),
      email: 'new.person@example.test',
      role: 'manager',
      status: 'pending',
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)).toBe(7 * 86_400_000);

    const [mail] = await db().select().from(mailOutbox);
    expect(mail!.subject).toContain('Acme Studios');
    expect(mail!.textBody).toContain('Olga Owner');
    expect(mail!.textBody).toContain(`${t.config.PUBLIC_WEB_URL.replace(/\/$/, '')}/invitations/accept?token=`);

    const [stored] = await db().select().from(orgInvitations);
    expect(stored!.tokenHash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);

    const list = await owner.request('GET', `/v1/orgs/${org.id}/invitations`);
    expect(list.json()).toEqual({ items: [invitation] });
    expect(await auditActions('org.invitation.created')).toEqual([
      expect.objectContaining({
        subjectId: org.id,
        details: { invitationId: invitation.id, email: 'new.person@example.test', role: 'manager' },
      }),
    ]);
  });

  test('inviting an existing member is a 409 and sends nothing', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const member = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    await addMember(org.id, member, 'viewer');
    const res = await owner.request('POST', `/v1/orgs/${org.id}/invitations`, {
      email: member.email.toUpperCase(),
      role: 'manager',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('already a member');
    expect(await db().select().from(orgInvitations)).toHaveLength(0);
    expect(await db().select().from(mailOutbox)).toHaveLength(0);
  });

  test('a new invitation for the same email replaces the pending one: only the newest link works', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    const first = await invite(owner, org.id, 'twice@example.test', 'viewer');
    const second = await invite(owner, org.id, 'twice@example.test', 'manager');
    const list = (await owner.request('GET', `/v1/orgs/${org.id}/invitations`)).json().items as Invitation[];
    expect(list.map((i) => [i.id, i.status])).toEqual([
      [second.invitation.id, 'pending'],
      [first.invitation.id, 'revoked'],
    ]);
    const [created] = (await auditActions('org.invitation.created')).slice(-1);
    expect(created!.details).toMatchObject({ replacedInvitationIds: [first.invitation.id] });

    const invitee = await createUser(t, { roles: ['participant'], email: 'twice@example.test' });
    const stale = await invitee.request('POST', '/v1/invitations/accept', { token: first.token });
    expect(stale.statusCode).toBe(400);
    expect(stale.json().code).toBe('TOKEN_INVALID');
    const fresh = await invitee.request('POST', '/v1/invitations/accept', { token: second.token });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().myRole).toBe('manager');
  });

  test('revoking: a pending invitation is revoked once, its link dies, and a second revoke is 404', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    const { invitation, token } = await invite(owner, org.id, 'gone@example.test');
    const res = await owner.request('DELETE', `/v1/orgs/${org.id}/invitations/${invitation.id}`);
    expect(res.statusCode).toBe(204);
    expect(await auditActions('org.invitation.revoked')).toEqual([
      expect.objectContaining({
        subjectId: org.id,
        details: { invitationId: invitation.id, email: 'gone@example.test' },
      }),
    ]);
    const list = (await owner.request('GET', `/v1/orgs/${org.id}/invitations`)).json().items as Invitation[];
    expect(list[0]!.status).toBe('revoked');

    expect((await owner.request('DELETE', `/v1/orgs/${org.id}/invitations/${invitation.id}`)).statusCode).toBe(404);
    expect((await owner.request('DELETE', `/v1/orgs/${org.id}/invitations/${randomUUID()}`)).statusCode).toBe(404);

    const invitee = await createUser(t, { roles: ['participant'], email: 'gone@example.test' });
    const accept = await invitee.request('POST', '/v1/invitations/accept', { token });
    expect(accept.statusCode).toBe(400);
    expect(accept.json().code).toBe('TOKEN_INVALID');
    expect(await membersOf(org.id)).toHaveLength(1);
  });

  test('an invitation of one org cannot be revoked through another org', async () => {
    const ownerA = await createUser(t, { roles: ['brand'] });
    const ownerB = await createUser(t, { roles: ['brand'] });
    const orgA = await createOrg(ownerA, 'Org A');
    const orgB = await createOrg(ownerB, 'Org B');
    const { invitation } = await invite(ownerA, orgA.id, 'someone@example.test');
    const res = await ownerB.request('DELETE', `/v1/orgs/${orgB.id}/invitations/${invitation.id}`);
    expect(res.statusCode).toBe(404);
    const [row] = await db().select().from(orgInvitations);
    expect(row!.revokedAt).toBeNull();
  });

  test('accepting: the invited user joins with the invited role, gains the brand role, and the link works once', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner, 'Acme Studios');
    // Invited with different letter case than the account's address: addresses compare case-insensitively.
    const { invitation, token } = await invite(owner, org.id, 'Joiner@Example.TEST', 'manager');
    const joiner = await createUser(t, { roles: ['participant'], email: 'joiner@example.test' });

    const res = await joiner.request('POST', '/v1/invitations/accept', { token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ...org, myRole: 'manager' });
    expect(await membersOf(org.id)).toContainEqual({ userId: joiner.user.id, role: 'manager' });
    const [after] = await db().select().from(users).where(eq(users.id, joiner.user.id));
    expect(after!.roles).toEqual(['participant', 'brand']);

    const accepted = await auditActions('org.invitation.accepted');
    expect(accepted).toEqual([
      expect.objectContaining({
        actorUserId: joiner.user.id,
        subjectId: org.id,
        details: { invitationId: invitation.id, userId: joiner.user.id, role: 'manager', alreadyMember: false },
      }),
    ]);
    expect(await auditActions('user.roles.changed')).toEqual([
      expect.objectContaining({
        subjectId: joiner.user.id,
        details: { before: ['participant'], after: ['participant', 'brand'], reason: 'org.invitation.accepted' },
      }),
    ]);
    const list = (await owner.request('GET', `/v1/orgs/${org.id}/invitations`)).json().items as Invitation[];
    expect(list[0]!.status).toBe('accepted');

    const again = await joiner.request('POST', '/v1/invitations/accept', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('TOKEN_INVALID');
    expect(await auditActions('org.invitation.accepted')).toHaveLength(1);
  });

  test('a user who already has the brand role keeps their roles as they are', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    const { token } = await invite(owner, org.id, 'brand2@example.test');
    const joiner = await createUser(t, { roles: ['brand', 'reviewer'], email: 'brand2@example.test' });
    expect((await joiner.request('POST', '/v1/invitations/accept', { token })).statusCode).toBe(200);
    const [after] = await db().select().from(users).where(eq(users.id, joiner.user.id));
    expect(after!.roles).toEqual(['brand', 'reviewer']);
    expect(await auditActions('user.roles.changed')).toHaveLength(0);
  });

  test('two accepts of one link at once: exactly one membership', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    const { token } = await invite(owner, org.id, 'racer@example.test', 'viewer');
    const racer = await createUser(t, { roles: ['participant'], email: 'racer@example.test' });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => racer.request('POST', '/v1/invitations/accept', { token })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400, 400, 400]);
    expect(
      await db()
        .select()
        .from(orgMembers)
        .where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, racer.user.id))),
    ).toHaveLength(1);
    expect(await auditActions('org.invitation.accepted')).toHaveLength(1);
    expect(await auditActions('user.roles.changed')).toHaveLength(1);
  });

  test('an invitation for another address is refused with advice to sign in as the invited address; it stays usable', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    const { token } = await invite(owner, org.id, 'invited@example.test');
    const other = await createUser(t, { roles: ['brand'], email: 'someone.else@example.test' });
    const res = await other.request('POST', '/v1/invitations/accept', { token });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'TOKEN_INVALID',
      message: expect.stringMatching(/sign in as the invited address/i),
    });
    expect(res.body).not.toContain('invited@example.test');
    expect(await membersOf(org.id)).toHaveLength(1);

    const invited = await createUser(t, { roles: ['participant'], email: 'invited@example.test' });
    expect((await invited.request('POST', '/v1/invitations/accept', { token })).statusCode).toBe(200);
  });

  test('an expired invitation is refused and shows as expired', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    const { invitation, token } = await invite(owner, org.id, 'late@example.test');
    await db()
      .update(orgInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(orgInvitations.id, invitation.id));
    const late = await createUser(t, { roles: ['participant'], email: 'late@example.test' });
    const res = await late.request('POST', '/v1/invitations/accept', { token });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('TOKEN_INVALID');
    expect(await membersOf(org.id)).toHaveLength(1);
    const list = (await owner.request('GET', `/v1/orgs/${org.id}/invitations`)).json().items as Invitation[];
    expect(list[0]!.status).toBe('expired');
    // An expired invitation is no longer pending: revoking it is a 404.
    expect((await owner.request('DELETE', `/v1/orgs/${org.id}/invitations/${invitation.id}`)).statusCode).toBe(404);
  });

  test('an unknown token is refused; accepting needs a signed-in session', async () => {
    const user = await createUser(t, { roles: ['participant'] });
    const res = await user.request('POST', '/v1/invitations/accept', { token: 'x'.repeat(43) });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('TOKEN_INVALID');
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/v1/invitations/accept',
      payload: { token: 'x'.repeat(43) },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('bad input is a 400 and changes nothing', () => {
  test.each([
    ['an unknown field', { name: 'Acme', slug: 'mine' }],
    ['a one-letter name', { name: ' A ' }],
    ['a name over 80 characters', { name: 'x'.repeat(81) }],
    ['no name', {}],
  ])('createOrg with %s', async (_label, body) => {
    const brand = await createUser(t, { roles: ['brand'] });
    const res = await brand.request('POST', '/v1/orgs', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(await db().select().from(orgs)).toHaveLength(0);
    expect(await auditActions('org.created')).toHaveLength(0);
  });

  test('bad ids, roles, emails and unknown fields on member and invitation routes', async () => {
    const owner = await createUser(t, { roles: ['brand'] });
    const member = await createUser(t, { roles: ['brand'] });
    const org = await createOrg(owner);
    await addMember(org.id, member, 'viewer');
    const before = { members: await membersOf(org.id), audit: (await auditActions()).length };

    const cases: [HttpMethod, string, unknown][] = [
      ['GET', `/v1/orgs/not-a-uuid`, undefined],
      ['PATCH', `/v1/orgs/${org.id}/members/not-a-uuid`, { role: 'manager' }],
      ['PATCH', `/v1/orgs/${org.id}/members/${member.user.id}`, { role: 'admin' }],
      ['PATCH', `/v1/orgs/${org.id}/members/${member.user.id}`, { role: 'manager', extra: true }],
      ['DELETE', `/v1/orgs/${org.id}/members/123`, undefined],
      ['POST', `/v1/orgs/${org.id}/invitations`, { email: 'not-an-email', role: 'viewer' }],
      ['POST', `/v1/orgs/${org.id}/invitations`, { email: 'a@example.test', role: 'boss' }],
      ['POST', `/v1/orgs/${org.id}/invitations`, { email: 'a@example.test', role: 'viewer', orgId: org.id }],
      ['DELETE', `/v1/orgs/${org.id}/invitations/nope`, undefined],
      ['POST', '/v1/invitations/accept', { token: 'short' }],
      ['POST', '/v1/invitations/accept', { token: 'x'.repeat(43), orgId: org.id }],
    ];
    for (const [method, url, body] of cases) {
      const res = await owner.request(method, url, body);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)}: ${res.body}`).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect(await membersOf(org.id)).toEqual(before.members);
    expect((await auditActions()).length).toBe(before.audit);
    expect(await db().select().from(orgInvitations)).toHaveLength(0);
    expect(await db().select().from(mailOutbox)).toHaveLength(0);
  });
});
