import type { ZodType } from 'zod';
import type { Access } from './access.js';
import type { ErrorCode } from './errors.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One API operation, declared once: the API registers its handler from it, validates input and output with its
 * schemas, and the OpenAPI document and the SDK are generated from the same object.
 */
export type RouteDefinition = {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/v1/campaigns/{campaignId}`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  /**
   * The body is a file's raw bytes (any Content-Type but JSON), up to maxBytes, handed to the handler as a Buffer.
   * Exclusive with `body`. Only routes that declare it accept a non-JSON body; every other route answers 415.
   */
  upload?: { maxBytes: number };
  /**
   * Success status and schema. A 302 is a browser navigation (OIDC sign-in): no body, and the handler must set the
   * Location header (the API refuses to answer a 302 without one).
   */
  response:
    | { status: 200 | 201 | 202 | 204; schema: ZodType | null; description: string }
    | { status: 302; schema: null; description: string }
    /** The handler sends a file itself (bytes with their Content-Type); nothing is validated on the way out. */
    | { status: 200; schema: null; file: true; description: string };
  /** Who may call it (see Access). Required: a route without it is refused at start-up and by the route-table test. */
  access: Access;
  /** Error codes this operation can answer besides the ones every route can. */
  errors?: ErrorCode[];
};

export function defineRoute<const R extends RouteDefinition>(route: R): R {
  return route;
}

/** `/v1/x/{id}` → `/v1/x/:id` (the router's syntax). */
export function toRouterPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}
