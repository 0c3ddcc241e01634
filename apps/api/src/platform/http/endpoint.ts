import {
  applyDecorators,
  createParamDecorator,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Put,
  SetMetadata,
  type ExecutionContext,
} from '@nestjs/common';
import { toRouterPath, type RouteDefinition } from '@creator-rewards/contracts';
import type { FastifyRequest } from 'fastify';
import type { z, ZodType } from 'zod';

export const ROUTE_DEFINITION = 'creator-rewards:route-definition';

const methods = { get: Get, post: Post, put: Put, patch: Patch, delete: Delete } as const;

/**
 * Binds a handler to its contract: method, path and status come from the route definition, and the validation
 * interceptor checks params, query and body against its schemas (and the response against its response schema).
 */
export function Endpoint(route: RouteDefinition) {
  return applyDecorators(
    methods[route.method](toRouterPath(route.path)),
    HttpCode(route.response.status),
    SetMetadata(ROUTE_DEFINITION, route),
  );
}

type Out<S> = S extends ZodType ? z.output<S> : undefined;
/** The validated input of a route, typed from its definition. */
export type RouteInput<R extends RouteDefinition> = {
  params: Out<R['params']>;
  query: Out<R['query']>;
  body: Out<R['body']>;
  /** The raw bytes of an upload route's body (see RouteDefinition.upload). */
  file: R['upload'] extends { maxBytes: number } ? Buffer : undefined;
};

export type RequestWithInput = FastifyRequest & { validatedInput?: RouteInput<RouteDefinition> };

/** `@Input() input: RouteInput<typeof routes.x>`: the params, query and body after validation. */
export const Input = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const input = ctx.switchToHttp().getRequest<RequestWithInput>().validatedInput;
  if (!input) throw new Error('@Input() used on a handler without @Endpoint()');
  return input;
});
