// Where to go after signing in. Only paths on this origin are accepted (ASVS 3.7.2): `returnTo` comes from the
// address bar, and an absolute or protocol-relative value would turn the login page into an open redirect.

const FALLBACK = '/account';
const BASE = 'http://return-to.invalid';
// Pages that make no sense to return to: sign-in pages themselves and the API behind the proxy.
const REFUSED_PREFIXES = ['/login', '/signup', '/api/', '/api?', '/_next/'];

export function safeReturnTo(raw: string | null | undefined, fallback = FALLBACK): string {
  if (!raw || raw.length > 2000) return fallback;
  // A single leading slash only: "//host" and "/\host" are read by browsers as another host.
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are never part of a path we link to
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (path === '/api' || REFUSED_PREFIXES.some((prefix) => path.startsWith(prefix))) return fallback;
  return path;
}

/** `/login?returnTo=…` for the page the person is on now. */
export function loginHref(returnTo: string): string {
  return `/login?returnTo=${encodeURIComponent(returnTo)}`;
}
