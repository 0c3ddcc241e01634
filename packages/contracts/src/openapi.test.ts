import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { allRoutes, apiInfo, buildOpenApiDocument, defineRoute, errorCatalog, toRouterPath } from './index.js';

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument(allRoutes, apiInfo) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, unknown> };
  };

  test('is OpenAPI 3.1 with every route and the shared Error schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const route of allRoutes) {
      expect(doc.paths[route.path]?.[route.method]?.operationId).toBe(route.operationId);
    }
    expect(doc.components.schemas).toHaveProperty('Error');
  });

  test('documents body errors only for routes with a body', () => {
    const withBody = defineRoute({
      operationId: 'createThing',
      method: 'post',
      path: '/v1/things/{thingId}',
      summary: 'x',
      tags: ['t'],
      access: 'public',
      params: z.object({ thingId: z.string() }),
      body: z.strictObject({ name: z.string() }),
      response: { status: 201, schema: z.object({ id: z.string() }), description: 'made' },
    });
    const d = buildOpenApiDocument([withBody], apiInfo) as typeof doc;
    const responses = d.paths['/v1/things/{thingId}']?.post?.responses ?? {};
    expect(Object.keys(responses).sort()).toEqual(['201', '400', '413', '415', '429', '500']);
    expect(Object.keys(doc.paths['/healthz']?.get?.responses ?? {}).sort()).toEqual(['200', '400', '429', '500']);
  });

  test('documents a redirect as a 302 with a required Location header and no body', () => {
    const responses = doc.paths['/v1/auth/oidc/{provider}/start']?.get?.responses as Record<
      string,
      { content?: unknown; headers?: Record<string, { required: boolean; schema: unknown }> }
    >;
    expect(responses['302']?.content).toBeUndefined();
    expect(responses['302']?.headers?.Location).toMatchObject({ required: true, schema: { type: 'string' } });
    expect(Object.keys(responses).sort()).toEqual(['302', '400', '404', '429', '500']);
  });
});

test('every error code has a 4xx/5xx status and a description', () => {
  for (const [code, entry] of Object.entries(errorCatalog)) {
    expect(code).toMatch(/^[A-Z][A-Z_]+$/);
    expect(entry.status).toBeGreaterThanOrEqual(400);
    expect(entry.description.length).toBeGreaterThan(10);
  }
});

test.each([
  ['/healthz', '/healthz'],
  ['/v1/campaigns/{campaignId}', '/v1/campaigns/:campaignId'],
  ['/v1/a/{x}/b/{y_2}', '/v1/a/:x/b/:y_2'],
])('router path of %s is %s', (input, expected) => {
  expect(toRouterPath(input)).toBe(expected);
});
