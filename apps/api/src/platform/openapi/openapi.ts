import { allRoutes, apiInfo, buildOpenApiDocument } from '@creator-rewards/contracts';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** The OpenAPI 3.1 document of this API, built from the route table (the committed packages/sdk/openapi.json). */
export function openApiDocument(): Record<string, unknown> {
  return buildOpenApiDocument(allRoutes, apiInfo);
}

/** Serves /openapi.json and a browsable UI at /docs (Swagger UI's assets are served locally, no CDN). */
export async function registerOpenApi(fastify: FastifyInstance): Promise<void> {
  const document = openApiDocument();
  await fastify.register(fastifySwagger, { mode: 'static', specification: { document: document as never } });
  await fastify.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  fastify.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json').send(document),
  );
}
