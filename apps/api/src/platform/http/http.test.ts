import { Controller, Inject, Module, Res } from '@nestjs/common';
import { defineRoute, z } from '@creator-rewards/contracts';
import { mailOutbox } from '@creator-rewards/db';
import type { Mailer } from '@creator-rewards/integrations';
import type { FastifyReply } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { MAILER } from '../tokens.js';
import { Endpoint, Input, type RouteInput } from './endpoint.js';

// A probe controller mounted only in this test: it exercises the shared HTTP mechanism (validation, error format,
// body parsing, response contracts) with a handler that writes to the database, so "changes nothing" is observable.
const probeRoutes = {
  sendNote: defineRoute({
    operationId: 'probeSendNote',
    method: 'post',
    path: '/probe/notes',
    summary: 'probe',
    tags: ['probe'],
    access: 'public',
    body: z.strictObject({ to: z.email(), subject: z.string().min(1).max(200) }),
    response: { status: 201, schema: z.object({ messageId: z.string() }), description: 'stored' },
  }),
  leaky: defineRoute({
    operationId: 'probeLeaky',
    method: 'get',
    path: '/probe/leaky',
    summary: 'probe',
    tags: ['probe'],
    access: 'public',
    response: { status: 200, schema: z.object({ name: z.string() }), description: 'ok' },
  }),
  broken: defineRoute({
    operationId: 'probeBroken',
    method: 'get',
    path: '/probe/broken/{id}',
    summary: 'probe',
    tags: ['probe'],
    access: 'public',
    params: z.object({ id: z.uuid() }),
    response: { status: 200, schema: z.object({}), description: 'never' },
  }),
  redirect: defineRoute({
    operationId: 'probeRedirect',
    method: 'get',
    path: '/probe/redirect',
    summary: 'probe',
    tags: ['probe'],
    access: 'public',
    response: { status: 302, schema: null, description: 'elsewhere' },
  }),
  redirectNowhere: defineRoute({
    operationId: 'probeRedirectNowhere',
    method: 'get',
    path: '/probe/redirect-nowhere',
    summary: 'probe',
    tags: ['probe'],
    access: 'public',
    response: { status: 302, schema: null, description: 'forgot the target' },
  }),
};

@Controller()
class ProbeController {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  @Endpoint(probeRoutes.sendNote)
  sendNote(@Input() input: RouteInput<typeof probeRoutes.sendNote>) {
    return this.mailer.send({ to: input.body.to, subject: input.body.subject, text: 'probe' });
  }

  @Endpoint(probeRoutes.leaky)
  leaky() {
    return { name: 'visible', passwordHash: 'must-not-leave' };
  }

  @Endpoint(probeRoutes.redirect)
  redirect(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('location', 'https://web.example/next');
    return { ignored: true };
  }

  @Endpoint(probeRoutes.redirectNowhere)
  redirectNowhere() {
    return undefined;
  }

  @Endpoint(probeRoutes.broken)
  broken() {
    throw new Error('database exploded at 10.0.0.5 with password hunter2');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('HTTP platform', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { BODY_LIMIT_BYTES: '2048' }, extraModules: [ProbeModule] });
  });
  afterAll(() => t?.close());
  beforeEach(() => t.tdb.truncateAll());

  const outboxCount = async () => (await t.tdb.db.select().from(mailOutbox)).length;
  const post = (payload: string, contentType = 'application/json') =>
    t.app.inject({ method: 'POST', url: '/probe/notes', payload, headers: { 'content-type': contentType } });

  test('a 302 route answers its status with the Location the handler set, and no body', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/probe/redirect' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('https://web.example/next');
    expect(res.body).toBe('');
  });

  test('a 302 route whose handler set no Location is a 500, never a bare redirect', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/probe/redirect-nowhere' });
    expect(res.statusCode).toBe(500);
    expect(res.headers.location).toBeUndefined();
    expect(res.json().code).toBe('INTERNAL_ERROR');
  });

  test('GET /healthz answers ok with a request id header', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', version: expect.any(String) });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a well-formed caller request id is kept, a hostile one replaced', async () => {
    const kept = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-12345678' } });
    expect(kept.headers['x-request-id']).toBe('trace-12345678');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\r\nx: y' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('GET /readyz reports the database and queue drivers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      checks: {
        database: { status: 'ok', driver: process.env.DATABASE_URL ? 'postgres' : 'pglite' },
        queue: { status: 'ok', driver: process.env.REDIS_URL ? 'bullmq' : 'inline' },
      },
    });
  });

  test('valid input is stored and answered with the contract status', async () => {
    const res = await post(JSON.stringify({ to: 'ana@example.test', subject: 'Hello' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ messageId: expect.any(String) });
    expect(await outboxCount()).toBe(1);
  });

  test.each([
    ['malformed JSON', 400, 'MALFORMED_JSON', () => post('{"to": "ana@example.test", ')],
    ['empty JSON body', 400, 'MALFORMED_JSON', () => post('')],
    ['a wrong content type', 415, 'UNSUPPORTED_MEDIA_TYPE', () => post('to=ana@example.test', 'text/plain')],
    [
      'form encoding',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      () => post('to=ana@example.test', 'application/x-www-form-urlencoded'),
    ],
    [
      'a body over the size limit',
      413,
      'PAYLOAD_TOO_LARGE',
      () => post(JSON.stringify({ to: 'a@example.test', subject: 'x'.repeat(5000) })),
    ],
    [
      'an unknown field',
      400,
      'VALIDATION_FAILED',
      () => post(JSON.stringify({ to: 'a@example.test', subject: 'x', role: 'admin' })),
    ],
    ['a malformed email', 400, 'VALIDATION_FAILED', () => post(JSON.stringify({ to: 'not-an-email', subject: 'x' }))],
    ['a JSON array', 400, 'VALIDATION_FAILED', () => post('[]')],
    ['an unknown route', 404, 'ROUTE_NOT_FOUND', () => t.app.inject({ method: 'GET', url: '/v1/nothing-here' })],
    ['a wrong method', 404, 'ROUTE_NOT_FOUND', () => t.app.inject({ method: 'DELETE', url: '/healthz' })],
    [
      'a malformed path id',
      400,
      'VALIDATION_FAILED',
      () => t.app.inject({ method: 'GET', url: '/probe/broken/not-a-uuid' }),
    ],
  ])('%s gets a %i %s in the common format and changes nothing', async (_name, status, code, send) => {
    const res = await send();
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(body).toEqual({
      code,
      message: expect.any(String),
      requestId: res.headers['x-request-id'],
      ...(body.details ? { details: body.details } : {}),
    });
    expect(body.message.length).toBeGreaterThan(10);
    expect(await outboxCount()).toBe(0);
  });

  test('validation errors name each field', async () => {
    const res = await post(JSON.stringify({ to: 'nope', subject: '', extra: 1 }));
    const body = res.json();
    const paths = body.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.to', 'body.subject']));
    expect(body.message).toMatch(/^body\./);
  });

  test('a response is cut to its contract: undeclared fields never leave', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/probe/leaky' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'visible' });
  });

  test('an unexpected error is a 500 that leaks nothing and is logged with its request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/probe/broken/6f1c1a3e-9d0b-4c59-9a43-3a4b2f1f0e11' });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(body)).not.toMatch(/hunter2|10\.0\.0\.5|stack/);
    const line = t.logs.find((l) => l.includes('unexpected error') && l.includes(body.requestId));
    expect(line).toBeDefined();
  });

  test('credentials in headers never reach the logs', async () => {
    await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { authorization: 'Bearer sk_test_SECRET123', cookie: 'session=SECRETCOOKIE' },
    });
    const all = t.logs.join('\n');
    expect(all).toContain('"url":"/healthz"');
    expect(all).not.toContain('SECRET123');
    expect(all).not.toContain('SECRETCOOKIE');
  });

  test('security headers are set', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('readiness when a dependency is down', () => {
  test('answers 503 SERVICE_UNAVAILABLE naming the database, in the common error format', async () => {
    const t = await startTestApp();
    const realPing = t.tdb.ping;
    try {
      t.platform.database.ping = () => Promise.reject(new Error('connect ECONNREFUSED postgres://u:pw@db/x'));
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      const body = res.json();
      expect(body.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.message).toContain('database');
      expect(body.details.checks.database).toMatchObject({ status: 'down', error: expect.not.stringContaining('pw') });
      expect(body.details.checks.queue.status).toBe('ok');
    } finally {
      t.platform.database.ping = realPing;
      await t.close();
    }
  });
});
