import './zod.js';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { ErrorBodySchema, errorCatalog, type ErrorCode } from './errors.js';
import type { RouteDefinition } from './route.js';

/** Errors any route can answer with, whatever it declares. */
const universalErrors: ErrorCode[] = ['VALIDATION_FAILED', 'RATE_LIMITED', 'INTERNAL_ERROR'];
const bodyErrors: ErrorCode[] = ['MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'];

export type OpenApiInfo = { title: string; version: string; description: string };

/** Builds the OpenAPI 3.1 document from the route table; the same table the API serves. */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], info: OpenApiInfo): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  const errorRef = registry.register('Error', ErrorBodySchema);

  for (const route of [...routes].sort((a, b) => a.operationId.localeCompare(b.operationId))) {
    const authErrors: ErrorCode[] = route.access === 'public' ? [] : ['UNAUTHENTICATED', 'FORBIDDEN'];
    if (route.access !== 'public' && route.method !== 'get') authErrors.push('CSRF_FAILED');
    if (route.access !== 'public' && route.access.recentAuth) authErrors.push('REAUTH_REQUIRED');
    const errors = new Set<ErrorCode>([
      ...universalErrors,
      ...authErrors,
      ...(route.body || route.upload ? bodyErrors : []),
      ...(route.errors ?? []),
    ]);
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of errors) {
      const status = errorCatalog[code].status;
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    const responses: Record<
      string,
      {
        description: string;
        content?: Record<string, { schema: ZodType | { type: 'string'; format: 'binary' } }>;
        headers?: Record<string, { description: string; required: boolean; schema: { type: 'string' } }>;
      }
    > = {
      [route.response.status]: {
        description: route.response.description,
        ...(route.response.schema ? { content: { 'application/json': { schema: route.response.schema } } } : {}),
        ...('file' in route.response
          ? { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }
          : {}),
        ...(route.response.status === 302
          ? {
              headers: {
                Location: {
                  description: 'Where the browser goes next (an absolute URL).',
                  required: true,
                  schema: { type: 'string' },
                },
              },
            }
          : {}),
      },
    };
    for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[status] = {
        description: codes.map((c) => `${c}: ${errorCatalog[c].description}`).join(' '),
        content: { 'application/json': { schema: errorRef } },
      };
    }
    registry.registerPath({
      method: route.method,
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      description: [route.description, accessDescription(route)].filter(Boolean).join('\n\n'),
      ...(route.access === 'public'
        ? {}
        : {
            security: [{ session: [] }, ...(route.access.tokenScope ? [{ apiToken: [route.access.tokenScope] }] : [])],
          }),
      tags: route.tags,
      request: {
        ...(route.params ? { params: route.params as never } : {}),
        ...(route.query ? { query: route.query as never } : {}),
        ...(route.body ? { body: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
        ...(route.upload
          ? {
              body: {
                required: true,
                description: `The file's bytes, at most ${route.upload.maxBytes} bytes.`,
                content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
              },
            }
          : {}),
      },
      responses,
    });
  }

  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'cr_session',
    description: 'Browser session cookie. Changes also need the x-csrf-token header from GET /v1/auth/session.',
  });
  registry.registerComponent('securitySchemes', 'apiToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'Personal API token (Authorization: Bearer crt_…), scoped read or write.',
  });
  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info,
    servers: [
      { url: '/api', description: 'Through the web app (same origin as the browser UI)' },
      { url: '/', description: 'The API process directly' },
    ],
  }) as unknown as Record<string, unknown>;
}

function accessDescription(route: RouteDefinition): string {
  const access = route.access;
  if (access === 'public') return 'Access: public.';
  const who = access.roles === 'any' ? 'any signed-in user' : `roles ${access.roles.join(', ')}`;
  const scope =
    access.ownership === 'self'
      ? "only the caller's own objects"
      : access.ownership === 'org'
        ? `members of the org (${access.orgRole ?? 'viewer'} or above)`
        : 'no per-object scope';
  const token = access.tokenScope ? `API tokens with scope ${access.tokenScope}` : 'browser sessions only';
  return `Access: ${who}; ${scope}; ${token}${access.recentAuth ? '; needs a recent sign-in' : ''}.`;
}
