import type { TestApp } from '../../../test-utils/test-app.js';

type Response = Awaited<ReturnType<TestApp['app']['inject']>>;

/**
 * A browser-like client over the real Nest app: keeps cookies, remembers the CSRF token the API hands out, and can
 * pose as a given IP. Used by the identity tests and the route matrix.
 */
export class TestClient {
  cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(
    private readonly t: TestApp,
    private readonly ip = '127.0.0.1',
  ) {}

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.t.app.inject({
      method: method as 'GET',
      url,
      remoteAddress: this.ip,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date }>) {
      // A cleared cookie comes back empty with an expiry in 1970 (the API's clock may be set anywhere else).
      if (!c.value || (c.expires && c.expires.getTime() < 86_400_000)) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const json = res.headers['content-type']?.toString().includes('json')
      ? (res.json() as { csrfToken?: string })
      : undefined;
    if (json?.csrfToken) this.csrf = json.csrfToken;
    return res;
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', url, body, headers);
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body);
  put = (url: string, body?: unknown) => this.request('PUT', url, body);
  delete = (url: string) => this.request('DELETE', url);
}

export const strongPassword = 'violet-harbor-canoe-47';

let nextIp = 0;
/** A distinct client address per sign-up, so the per-IP sign-up limit never interferes with unrelated tests. */
export const freshIp = () => `10.77.${Math.floor(++nextIp / 250) % 250}.${(nextIp % 250) + 1}`;

export async function signUp(
  t: TestApp,
  email: string,
  opts: { accountType?: 'participant' | 'brand'; ip?: string } = {},
) {
  const client = new TestClient(t, opts.ip ?? freshIp());
  const res = await client.post('/v1/auth/sign-up', {
    email,
    password: strongPassword,
    displayName: email.split('@')[0],
    accountType: opts.accountType ?? 'participant',
  });
  if (res.statusCode !== 201) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  return { client, user: (res.json() as { user: { id: string; email: string } }).user };
}
