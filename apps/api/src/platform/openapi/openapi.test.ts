import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient } from '@creator-rewards/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../test-utils/test-app.js';
import { openApiDocument } from './openapi.js';

const committed = fileURLToPath(new URL('../../../../../packages/sdk/openapi.json', import.meta.url));

describe('OpenAPI document, docs UI and SDK over real HTTP', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = await t.app.getUrl();
  });
  afterAll(() => t?.close());

  test('/openapi.json is the document generated from the route table, identical to the committed file', async () => {
    const res = await fetch(`${baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    const served = await res.json();
    expect(served).toEqual(openApiDocument());
    expect(served).toEqual(JSON.parse(readFileSync(committed, 'utf8')));
  });

  test('every route the API serves is in the document, and every documented route is served', async () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const res = await fetch(`${baseUrl}${path}`, { method: method.toUpperCase(), redirect: 'manual' });
        const body = res.headers.get('content-type')?.includes('json') ? await res.json() : {};
        expect(body.code, `${method} ${path}`).not.toBe('ROUTE_NOT_FOUND');
      }
    }
  });

  test('/docs serves the browsable UI from local assets', async () => {
    const res = await fetch(`${baseUrl}/docs/`, { redirect: 'follow' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('swagger-ui');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
  });

  test('the generated SDK calls the API with typed results and the common error shape', async () => {
    const api = createClient({ baseUrl });
    const health = await api.GET('/healthz');
    expect(health.response.status).toBe(200);
    expect(health.data?.status).toBe('ok');
    const ready = await api.GET('/readyz');
    expect(ready.data?.checks.database.status).toBe('ok');
  });
});
