import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RouteDefinition } from '@creator-rewards/contracts';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { ZodError, type ZodType } from 'zod';
import { AppError } from '../errors/app-error.js';
import { zodIssues } from '../errors/error-mapping.js';
import { ROUTE_DEFINITION, type RequestWithInput } from './endpoint.js';

type Part = 'params' | 'query' | 'body';

/**
 * Validates every request against its route definition before the handler runs, and every response before it
 * leaves (so a handler cannot leak a field its contract does not declare). A handler without a definition is a bug.
 */
@Injectable()
export class ValidationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = this.reflector.get<RouteDefinition | undefined>(ROUTE_DEFINITION, ctx.getHandler());
    if (!route) throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} has no @Endpoint() definition`);
    const request = ctx.switchToHttp().getRequest<RequestWithInput>();

    const issues: ReturnType<typeof zodIssues> = [];
    const parse = (part: Part, schema: ZodType | undefined, value: unknown) => {
      if (!schema) return undefined;
      const result = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
      if (result.success) return result.data;
      issues.push(
        ...zodIssues(result.error).map((i) => ({ ...i, path: `${part}.${i.path}`.replace(/\.\(root\)$/, '') })),
      );
      return undefined;
    };
    const input = {
      params: parse('params', route.params, request.params),
      query: parse('query', route.query, request.query),
      body: parse('body', route.body, request.body),
      file: route.upload ? uploadedFile(route.upload.maxBytes, request.body, issues) : undefined,
    };
    if (issues.length > 0) {
      const [first] = issues;
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
      throw new AppError('VALIDATION_FAILED', `${first!.path}: ${first!.message}${more}`, { issues });
    }
    request.validatedInput = input as RequestWithInput['validatedInput'];

    const schema = route.response.schema;
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((output: unknown) => {
        // A redirect route's status comes from its definition; one that forgot its target must not answer a bare 302.
        if (route.response.status === 302 && !reply.hasHeader('location')) {
          throw new Error(`${route.operationId} answered 302 without a Location header`);
        }
        if ('file' in route.response) return output;
        if (!schema) return undefined;
        const checked = schema.safeParse(output);
        if (!checked.success) {
          throw new Error(`response of ${route.operationId} does not match its contract`, {
            cause: new ZodError(checked.error.issues),
          });
        }
        return checked.data;
      }),
    );
  }
}

/** An upload route's body: the bytes the raw-body parser read (bootstrap.ts), within the route's own limit. */
function uploadedFile(maxBytes: number, body: unknown, issues: ReturnType<typeof zodIssues>): Buffer | undefined {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    issues.push({ path: 'body', message: "must be the file's bytes (not JSON), and not empty", code: 'custom' });
    return undefined;
  }
  if (body.length > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${maxBytes} bytes.`);
  return body;
}
