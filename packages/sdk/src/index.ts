import createFetchClient, { type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths } from './schema.js';
export type ApiError = components['schemas']['Error'];

/**
 * A typed client for the Creator Rewards API, generated from its OpenAPI document (packages/sdk/openapi.json).
 * In the browser use `createClient({ baseUrl: '/api' })` (the web app proxies /api to the API); elsewhere pass the
 * API's origin. Every error body has the `ApiError` shape.
 */
export function createClient(options: ClientOptions & { baseUrl: string }) {
  return createFetchClient<paths>(options);
}
export type Client = ReturnType<typeof createClient>;
