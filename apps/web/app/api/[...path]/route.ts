import { proxyToApi } from '../../../lib/api-proxy';

// Every request must reach the API: nothing here may be prerendered or cached at build time.
export const dynamic = 'force-dynamic';

export const GET = proxyToApi;
export const HEAD = proxyToApi;
export const POST = proxyToApi;
export const PUT = proxyToApi;
export const PATCH = proxyToApi;
export const DELETE = proxyToApi;
export const OPTIONS = proxyToApi;
