import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { allRoutes, toRouterPath } from '@creator-rewards/contracts';
import { AppModule } from './app.module.js';
import { AppError } from './platform/errors/app-error.js';
import type { AppConfig } from './platform/config/config.js';
import { createLogger, PinoNestLogger } from './platform/logging/logger.js';
import { registerOpenApi } from './platform/openapi/openapi.js';
import { closePlatform, createPlatform, type Platform, type PlatformOverrides } from './platform/platform.js';

export type AppOptions = {
  logger?: Logger;
  overrides?: PlatformOverrides;
  /** Extra Nest modules (tests mount probe controllers this way). */
  extraModules?: DynamicModule['imports'];
  /** Start the queue's workers and repeating jobs inside this process (npm start; off for a pure HTTP replica). */
  runWorkers?: boolean;
};

export type App = { app: NestFastifyApplication; platform: Platform; close(): Promise<void> };

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the whole HTTP application: platform adapters, Nest modules, error handling, OpenAPI. Does not listen. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const platform = await createPlatform(config, logger, options.overrides);

  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: true,
    // Keep a caller's request id only when it looks like one; otherwise mint our own.
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(platform, options.extraModules),
    adapter,
    {
      logger: new PinoNestLogger(logger.child({ component: 'nest' })),
      bufferLogs: false,
      // Fastify's own JSON parser only: no form or text parsers, so any other content type is a 415.
      bodyParser: false,
      abortOnError: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  configureFastify(fastify);
  await fastify.register(fastifyCookie);
  await fastify.register(fastifyHelmet, { global: true });
  await registerOpenApi(fastify);
  app.enableShutdownHooks();
  await app.init();

  if (options.runWorkers ?? config.RUN_WORKERS) await platform.queue.start();

  return {
    app,
    platform,
    close: async () => {
      await app.close();
      await closePlatform(platform, !options.overrides?.database);
    },
  };
}

function configureFastify(fastify: FastifyInstance): void {
  // Only JSON bodies are accepted, except on routes that declare `upload` (a file's raw bytes): for those, any
  // other content type is read as a Buffer, up to the route's own limit. Elsewhere a non-JSON body is a 415
  // before anything is read, and an upload larger than its route allows is a 413 before it is read.
  fastify.removeContentTypeParser(['text/plain']);
  const uploads = new Map(
    allRoutes.flatMap((r) => (r.upload ? [[`${r.method.toUpperCase()} ${toRouterPath(r.path)}`, r.upload]] : [])),
  );
  const largestUpload = Math.max(0, ...[...uploads.values()].map((u) => u.maxBytes));
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: largestUpload }, (_request, body, done) => {
    done(null, body);
  });
  fastify.addHook('onRequest', async (request: FastifyRequest, reply) => {
    void reply.header('x-request-id', request.id);
    const type = request.headers['content-type'];
    const hasBody =
      request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
    if (!hasBody || type === undefined || /^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return;
    const upload = uploads.get(`${request.method} ${request.routeOptions.url ?? ''}`);
    if (!upload) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'This endpoint accepts application/json bodies only.');
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > upload.maxBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The file is larger than this endpoint's limit of ${upload.maxBytes} bytes.`,
      );
    }
  });
  // Errors raised by Fastify before a handler (body parsing, size limit) reach ErrorFilter through Nest's own
  // Fastify error handler, which wraps them in an HttpException whose cause mapError unwraps.
  // Unknown routes: Nest installs the not-found handler itself and routes it through ErrorFilter (ROUTE_NOT_FOUND).
}
