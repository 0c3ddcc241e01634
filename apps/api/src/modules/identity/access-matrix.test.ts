// The route × role × ownership matrix, generated from the application's own route table: every route the app
// serves must declare an access rule, and every declared rule is checked for every persona against objects that
// belong to someone else. A new route is covered without anyone remembering to add it here; a new path parameter
// fails loudly until it has a fixture below.
import { allRoutes, type RouteDefinition } from '@creator-rewards/contracts';
import {
  apiTokens,
  campaignAssets,
  campaigns,
  orgInvitations,
  orgMembers,
  orgs,
  participations,
  sessions,
  socialAccounts,
  submissions,
  users,
  type UserRole,
} from '@creator-rewards/db';
import { randomUUID } from 'node:crypto';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DiscoveryModule } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashToken, randomToken } from '../../platform/crypto/secrets.js';
import { ROUTE_DEFINITION } from '../../platform/http/endpoint.js';
import { closedPort } from '../../platform/queue/test-utils/closed-port.js';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { decideRoles } from './access-policy.js';

type Persona = {
  name: string;
  roles: UserRole[];
  twoFactor: boolean;
  auth: 'none' | 'session' | 'token-read' | 'token-write';
  /** Member (owner) of the fixture org, owner of every fixture object. */
  owner?: boolean;
};

const personas: Persona[] = [
  { name: 'anonymous', roles: [], twoFactor: false, auth: 'none' },
  { name: 'participant', roles: ['participant'], twoFactor: false, auth: 'session' },
  { name: 'other brand', roles: ['brand'], twoFactor: false, auth: 'session' },
  { name: 'reviewer', roles: ['reviewer'], twoFactor: false, auth: 'session' },
  { name: 'finance with 2FA', roles: ['finance'], twoFactor: true, auth: 'session' },
  { name: 'admin without 2FA', roles: ['admin'], twoFactor: false, auth: 'session' },
  { name: 'admin with 2FA', roles: ['admin'], twoFactor: true, auth: 'session' },
  { name: 'other brand, read token', roles: ['brand'], twoFactor: false, auth: 'token-read' },
  { name: 'other brand, write token', roles: ['brand'], twoFactor: false, auth: 'token-write' },
  { name: 'owner', roles: ['brand'], twoFactor: false, auth: 'session', owner: true },
];

let t: TestApp;
let fixtures: Record<string, string>;
let ownerId: string;

beforeAll(async () => {
  // One configured OIDC provider, so {provider} names a real one; its issuer is unreachable (start then redirects to
  // the login page with oidc_failed, the callback with oidc_state): the matrix checks access, not the sign-in.
  const issuer = `http://127.0.0.1:${await closedPort()}`;
  t = await startTestApp({
    extraModules: [DiscoveryModule],
    env: {
      OIDC_PROVIDERS: JSON.stringify([{ id: 'matrix', name: 'Matrix', issuer, clientId: 'matrix', clientSecret: 'x' }]),
    },
  });
  const db = t.tdb.db;
  const [owner] = await db
    .insert(users)
    .values({ email: 'owner@example.test', displayName: 'Owner', roles: ['brand'] })
    .returning();
  ownerId = owner!.id;
  const [org] = await db.insert(orgs).values({ name: 'Owner Co', slug: 'owner-co', createdBy: ownerId }).returning();
  await db.insert(orgMembers).values({ orgId: org!.id, userId: ownerId, role: 'owner' });
  const [invitation] = await db
    .insert(orgInvitations)
    .values({
      orgId: org!.id,
      email: 'invitee@example.test',
      role: 'viewer',
      tokenHash: hashToken(randomToken()),
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning();
  const [session] = await db
    .insert(sessions)
    .values({
      userId: ownerId,
      tokenHash: hashToken(randomToken()),
      stage: 'active',
      method: 'password',
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning();
  const [token] = await db
    .insert(apiTokens)
    .values({
      userId: ownerId,
      name: 'owner token',
      prefix: 'crt_xxxxxx',
      tokenHash: hashToken(randomToken()),
      scopes: ['read'],
    })
    .returning();
  // A published campaign of the owner's org with one stored asset, so public reads find them.
  const [campaign] = await db
    .insert(campaigns)
    .values({
      id: randomUUID(),
      orgId: org!.id,
      title: 'Matrix campaign',
      state: 'published',
      platforms: ['youtube'],
      currency: 'USD',
      ratePerThousandMicros: 1_000_000n,
      budgetMicros: 100_000_000n,
      targeting: { countries: [], languages: [], category: null, minFollowers: 0 },
      requirements: { hashtags: [], mentions: [], linkInCaption: false, disclosure: null },
      submittedAt: new Date(),
      publishedAt: new Date(),
    })
    .returning();
  const assetKey = `campaigns/${campaign!.id}/matrix.webp`;
  await t.platform.storage.put(assetKey, Buffer.from('RIFF'), { contentType: 'image/webp' });
  const [asset] = await db
    .insert(campaignAssets)
    .values({
      campaignId: campaign!.id,
      storageKey: assetKey,
      kind: 'image',
      mime: 'image/webp',
      sizeBytes: 4,
      sha256: '0'.repeat(64),
      filename: 'matrix.webp',
    })
    .returning();
  // A participant (not one of the personas) in that campaign: a social account, an active participation and a
  // submission with one stored evidence screenshot, so every /v1/me/… id is someone else's and the org reads find them.
  const [participant] = await db
    .insert(users)
    .values({ email: 'participant@example.test', displayName: 'Participant', roles: ['participant'] })
    .returning();
  const [account] = await db
    .insert(socialAccounts)
    .values({ userId: participant!.id, platform: 'youtube', handle: 'matrix_clips' })
    .returning();
  const [participation] = await db
    .insert(participations)
    .values({
      id: randomUUID(),
      campaignId: campaign!.id,
      participantId: participant!.id,
      state: 'active',
      socialAccountIds: [account!.id],
      holdsSlot: true,
      trackingCode: 'MatrixCode12',
      submissionCount: 1,
    })
    .returning();
  const submissionId = randomUUID();
  const evidenceId = randomUUID();
  const evidenceKey = `evidence/${submissionId}/${evidenceId}.webp`;
  await t.platform.storage.put(evidenceKey, Buffer.from('RIFF'), { contentType: 'image/webp' });
  await db.insert(submissions).values({
    id: submissionId,
    participationId: participation!.id,
    campaignId: campaign!.id,
    participantId: participant!.id,
    platform: 'youtube',
    postId: 'dQw4w9WgXcQ',
    dedupKey: 'youtube:dQw4w9WgXcQ',
    canonicalUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    evidenceKeys: [evidenceKey],
  });
  fixtures = {
    socialAccountId: account!.id,
    participationId: participation!.id,
    submissionId,
    evidenceId,
    campaignId: campaign!.id,
    assetId: asset!.id,
    orgId: org!.id,
    userId: ownerId,
    invitationId: invitation!.id,
    sessionId: session!.id,
    tokenId: token!.id,
    provider: 'matrix',
  };
});
afterAll(() => t?.close());

/** A fresh credential for the persona (a new user, or the owner), created directly so the matrix runs fast. */
async function credentialsFor(persona: Persona): Promise<Record<string, string>> {
  if (persona.auth === 'none') return {};
  const db = t.tdb.db;
  const userId = persona.owner
    ? ownerId
    : (
        await db
          .insert(users)
          .values({
            email: `${randomToken(6).toLowerCase()}@example.test`,
            displayName: persona.name,
            roles: persona.roles,
            totpEnabledAt: persona.twoFactor ? new Date() : null,
          })
          .returning()
      )[0]!.id;
  if (persona.auth === 'session') {
    const token = randomToken();
    const [session] = await db
      .insert(sessions)
      .values({
        userId,
        tokenHash: hashToken(token),
        stage: 'active',
        method: 'password',
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .returning();
    return { cookie: `cr_session=${token}`, 'x-csrf-token': t.platform.secrets.csrfToken(session!.id) };
  }
  const secret = `crt_${randomToken(32)}`;
  await db.insert(apiTokens).values({
    userId,
    name: 'matrix',
    prefix: secret.slice(0, 10),
    tokenHash: hashToken(secret),
    scopes: persona.auth === 'token-read' ? ['read'] : ['read', 'write'],
  });
  return { authorization: `Bearer ${secret}` };
}

function urlFor(route: RouteDefinition): string {
  return route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => {
    const value = fixtures[name];
    if (!value)
      throw new Error(
        `no fixture for path parameter {${name}} (route ${route.operationId}): add one to the access matrix`,
      );
    return value;
  });
}

/** What the declared rule says this persona must get, at most (the handler may still refuse with 400/404/409). */
function expected(route: RouteDefinition, persona: Persona): { status: number; code: string } | 'allowed' | 'foreign' {
  const access = route.access;
  if (access === 'public') return 'allowed';
  if (persona.auth === 'none') return { status: 401, code: 'UNAUTHENTICATED' };
  if (persona.auth !== 'session') {
    const scope = access.tokenScope;
    if (!scope || (scope === 'write' && persona.auth === 'token-read')) return { status: 403, code: 'FORBIDDEN' };
  }
  const decision = decideRoles(access, { roles: persona.roles, totpEnabledAt: persona.twoFactor ? new Date() : null });
  if (decision === 'mfa_required') return { status: 403, code: 'MFA_REQUIRED' };
  if (decision === 'forbidden') return { status: 403, code: 'FORBIDDEN' };
  const isAdmin = persona.roles.includes('admin') && persona.twoFactor;
  if (persona.owner) return 'allowed';
  if (access.ownership === 'org' && !isAdmin) return { status: 404, code: 'NOT_FOUND' };
  // Someone else's session, token or membership, addressed by id: it must look missing.
  const hasForeignId = /\{(sessionId|tokenId|invitationId|userId|socialAccountId|participationId|submissionId)\}/.test(
    route.path,
  );
  if (access.ownership === 'self' && hasForeignId) return 'foreign';
  return 'allowed';
}

describe('every served route declares its access rule', () => {
  test('Nest’s handlers and the contract route table are the same set, and each has an access rule', () => {
    const discovery = t.app.get(DiscoveryService);
    const scanner = t.app.get(MetadataScanner);
    const reflector = t.app.get(Reflector);
    const served: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = (instance as Record<string, unknown>)[method] as (...args: unknown[]) => unknown;
        if (
          reflector.get(PATH_METADATA, handler) === undefined ||
          reflector.get(METHOD_METADATA, handler) === undefined
        )
          continue;
        const route = reflector.get<RouteDefinition | undefined>(ROUTE_DEFINITION, handler);
        expect(route, `${wrapper.name}.${method} has no @Endpoint(route) with an access rule`).toBeDefined();
        expect(route!.access, `${wrapper.name}.${method}`).toBeDefined();
        served.push(route!.operationId);
      }
    }
    expect(served.sort()).toEqual(allRoutes.map((r) => r.operationId).sort());
  });
});

describe.each(personas)('as $name', (persona) => {
  test.each(allRoutes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s follows its declared access',
    async (_label, route) => {
      const headers = await credentialsFor(persona);
      const res = await t.app.inject({
        method: route.method.toUpperCase() as 'GET',
        url: urlFor(route),
        headers: { ...headers, ...(route.body ? { 'content-type': 'application/json' } : {}) },
        ...(route.body ? { payload: '{}' } : {}),
      });
      // File routes answer bytes, everything else (errors included) JSON.
      const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
      const body = res.body && isJson ? (res.json() as { code?: string }) : {};
      const want = expected(route, persona);
      expect(res.statusCode, `${body.code}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      if (want === 'allowed') {
        expect([401, 403], `${route.operationId} refused ${persona.name}: ${res.body.slice(0, 200)}`).not.toContain(
          res.statusCode,
        );
        if (persona.owner && route.method === 'get') expect(res.statusCode).not.toBe(404);
      } else if (want === 'foreign') {
        expect(
          res.statusCode === 404 || res.statusCode === 400,
          `${route.operationId}: ${res.statusCode} ${res.body.slice(0, 200)}`,
        ).toBe(true);
        if (res.statusCode === 404) expect(body.code).toBe('NOT_FOUND');
      } else {
        expect({ status: res.statusCode, code: body.code }).toEqual(want);
      }
    },
  );
});
