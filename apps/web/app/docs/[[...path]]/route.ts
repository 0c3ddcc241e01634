import { proxyToApi } from '../../../lib/api-proxy';

// The API's documentation UI, served on this origin (see upstreamUrl in lib/api-proxy.ts).
export const dynamic = 'force-dynamic';

export const GET = proxyToApi;
export const HEAD = proxyToApi;
