// Same-origin proxy from this app's /api/* to the API's root. It is a route handler rather than a
// next.config rewrite because rewrites are serialised into the build output (routes-manifest.json):
// a rewrite would pin the API origin seen at `next build`, while one build must run against whatever
// API_ORIGIN each deployment sets at `next start`.

const DEFAULT_API_ORIGIN = 'http://127.0.0.1:4000';
const PROXY_PREFIX = '/api';
const DOCS_PREFIX = '/docs';

// RFC 9110 §7.6.1 connection-specific headers, never forwarded by a proxy in either direction.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

// Request headers recomputed for the upstream hop: fetch sets host and the body length itself; `expect`
// (100-continue) was already answered by this server and fetch refuses to send it; x-middleware-subrequest
// is a Next.js-internal header no client should be able to smuggle upstream.
const REQUEST_DROP = new Set(['host', 'content-length', 'expect', 'accept-encoding', 'x-middleware-subrequest']);

// Status codes whose responses must not carry a body (the Response constructor rejects one).
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Read on every request so one build serves any deployment's API. A trailing slash is dropped. */
export function resolveApiOrigin(env: Record<string, string | undefined> = process.env): string {
  const raw = env['API_ORIGIN']?.trim() || DEFAULT_API_ORIGIN;
  return raw.replace(/\/+$/, '');
}

/**
 * Upstream URL for an incoming /api/... URL. Built by string concatenation, not `new URL(path, origin)`:
 * a path like `/api//evil.example/x` would otherwise be read as a protocol-relative URL and send the
 * request (with the visitor's cookies) to another host.
 */
export function upstreamUrl(incoming: URL, apiOrigin: string): string {
  // The API's documentation UI (Swagger UI) links its assets and spec with absolute /docs/... paths, so the
  // web app mounts /docs as well and forwards those paths unchanged.
  if (incoming.pathname === DOCS_PREFIX || incoming.pathname.startsWith(`${DOCS_PREFIX}/`)) {
    return `${apiOrigin}${incoming.pathname}${incoming.search}`;
  }
  const path = incoming.pathname.startsWith(`${PROXY_PREFIX}/`) ? incoming.pathname.slice(PROXY_PREFIX.length) : '/';
  return `${apiOrigin}${path}${incoming.search}`;
}

function withoutConnectionHeaders(source: Headers, alsoDrop: ReadonlySet<string>): Headers {
  // Headers named in `Connection` are hop-by-hop for this message too.
  const named = (source.get('connection') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const result = new Headers();
  source.forEach((value, name) => {
    if (HOP_BY_HOP.has(name) || alsoDrop.has(name) || named.includes(name)) return;
    result.append(name, value);
  });
  // Headers iteration yields each Set-Cookie separately, so several cookies survive the copy intact.
  return result;
}

function upstreamRequestHeaders(request: Request, incoming: URL): Headers {
  const headers = withoutConnectionHeaders(request.headers, REQUEST_DROP);
  // Next.js fills x-forwarded-* (x-forwarded-for from the socket address) only when the client sent none,
  // and a route handler cannot see the socket, so a client-supplied x-forwarded-for arrives here as is. The
  // API must therefore trust it only when a reverse proxy in front of this app overwrites it.
  if (!headers.has('x-forwarded-host')) headers.set('x-forwarded-host', request.headers.get('host') ?? incoming.host);
  if (!headers.has('x-forwarded-proto')) headers.set('x-forwarded-proto', incoming.protocol.replace(/:$/, ''));
  // fetch would otherwise ask for gzip/br and transparently decode it, leaving a stale Content-Encoding;
  // compression of the final response is this server's job, not the API's.
  headers.set('accept-encoding', 'identity');
  return headers;
}

/**
 * Redirects from the API point at its own paths ("/v1/x" or "<API_ORIGIN>/v1/x"); the browser only knows
 * this origin, so they are mapped under /api. Redirects to any other host pass through untouched.
 */
export function rewriteLocation(location: string, apiOrigin: string): string {
  if (location.startsWith('/') && !location.startsWith('//')) return `${PROXY_PREFIX}${location}`;
  if (location === apiOrigin || location.startsWith(`${apiOrigin}/`) || location.startsWith(`${apiOrigin}?`)) {
    const rest = location.slice(apiOrigin.length);
    return `${PROXY_PREFIX}${rest.startsWith('/') ? rest : `/${rest}`}`;
  }
  return location;
}

function downstreamResponseHeaders(upstream: Response, apiOrigin: string): Headers {
  const headers = withoutConnectionHeaders(upstream.headers, new Set());
  // If the API compressed anyway, fetch has already decoded the body: the length and encoding no longer match.
  if (upstream.headers.has('content-encoding')) {
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  const location = upstream.headers.get('location');
  if (location) headers.set('location', rewriteLocation(location, apiOrigin));
  return headers;
}

// Node's fetch needs `duplex: 'half'` to send a streamed request body; the DOM RequestInit type lacks it.
type StreamingRequestInit = RequestInit & { duplex?: 'half' };

/** Forwards the request to the API and streams the answer back: method, headers, body, status. */
export async function proxyToApi(request: Request): Promise<Response> {
  const apiOrigin = resolveApiOrigin();
  const incoming = new URL(request.url);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  const init: StreamingRequestInit = {
    method: request.method,
    headers: upstreamRequestHeaders(request, incoming),
    body: hasBody ? request.body : null,
    redirect: 'manual',
    cache: 'no-store',
    signal: request.signal,
  };
  if (hasBody) init.duplex = 'half';

  let upstream: Response;
  try {
    upstream = await fetch(upstreamUrl(incoming, apiOrigin), init);
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    // Same envelope as the API's own errors, so clients parse one format. 502 rather than the API's 503
    // SERVICE_UNAVAILABLE: that code promises the request changed nothing, which a proxy cannot know once
    // it may have sent a body.
    const requestId = crypto.randomUUID();
    console.error(`API proxy: upstream request failed (requestId ${requestId})`, error);
    return Response.json(
      { code: 'API_UNREACHABLE', message: 'The API did not answer. Try again in a moment.', requestId },
      { status: 502, headers: { 'cache-control': 'no-store' } },
    );
  }

  return new Response(NULL_BODY_STATUSES.has(upstream.status) ? null : upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: downstreamResponseHeaders(upstream, apiOrigin),
  });
}
