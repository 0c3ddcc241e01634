import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapError } from './error-mapping.js';

/** Writes the common error body; used by the Nest filter and by Fastify's own error and not-found handlers. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const mapped = mapError(error);
  if (mapped.unexpected) request.log.error({ err: error }, 'unexpected error');
  else request.log.info({ code: mapped.body.code, status: mapped.status }, 'request refused');
  const retryAfter = (error as { retryAfterSeconds?: number })?.retryAfterSeconds;
  if (retryAfter) void reply.header('retry-after', String(retryAfter));
  const body = { ...mapped.body, requestId: request.id };
  if (body.code === 'ROUTE_NOT_FOUND') {
    const path = request.url.split('?')[0]!.slice(0, 200);
    body.message = `There is no endpoint ${request.method} ${path}. The list is at /openapi.json.`;
  }
  void reply.status(mapped.status).type('application/json').send(body);
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), error);
  }
}
