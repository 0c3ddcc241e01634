type Cookie = { value: string; path: string };

/**
 * A minimal browser over real HTTP: a cookie jar per host (ports share cookies, as in browsers), redirects never
 * followed automatically, and the web app's same-origin proxy: `<webOrigin>/api/*` is sent to the API's root, so
 * the API sees the same paths and cookies it would behind the web app.
 */
export class Browser {
  private readonly jar = new Map<string, Map<string, Cookie>>();

  constructor(private readonly origins: { web: string; api: string }) {}

  async fetch(
    url: string,
    init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const cookie = this.cookieHeader(target);
    const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...init.headers };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(this.upstream(target), {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) this.store(target, line);
    return res;
  }

  /** The absolute Location of a redirect, resolved against the URL that answered it. */
  static location(res: Response, from: string): string {
    const location = res.headers.get('location');
    if (!location) throw new Error(`expected a redirect from ${from}, got ${res.status}`);
    return new URL(location, from).href;
  }

  cookie(name: string, host = new URL(this.origins.web).host): string | undefined {
    return this.jar.get(hostOf(host))?.get(name)?.value;
  }

  deleteCookie(name: string, host = new URL(this.origins.web).host): void {
    this.jar.get(hostOf(host))?.delete(name);
  }

  /** Another browser with a copy of this one's cookies (a stolen or restored cookie jar). */
  clone(): Browser {
    const copy = new Browser(this.origins);
    for (const [host, cookies] of this.jar) copy.jar.set(host, new Map(cookies));
    return copy;
  }

  private upstream(target: URL): string {
    const web = new URL(this.origins.web);
    if (target.origin === web.origin && target.pathname.startsWith('/api/')) {
      return `${this.origins.api}${target.pathname.slice('/api'.length)}${target.search}`;
    }
    return target.href;
  }

  private cookieHeader(target: URL): string {
    const cookies = this.jar.get(target.hostname);
    if (!cookies) return '';
    return [...cookies]
      .filter(
        ([, c]) =>
          target.pathname === c.path || target.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
      )
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  private store(target: URL, line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const attr = new Map(
      attributes.map((a) => {
        const i = a.indexOf('=');
        return i === -1 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
      }),
    );
    const cookies = this.jar.get(target.hostname) ?? new Map<string, Cookie>();
    this.jar.set(target.hostname, cookies);
    const maxAge = attr.get('max-age');
    const expires = attr.get('expires');
    const expired =
      !value ||
      (maxAge !== undefined && Number(maxAge) <= 0) ||
      (maxAge === undefined && expires !== undefined && Date.parse(expires) <= Date.now());
    if (expired) cookies.delete(name);
    else cookies.set(name, { value, path: attr.get('path') || '/' });
  }
}

function hostOf(host: string): string {
  return host.replace(/:\d+$/, '');
}

/**
 * Signs in at the fake provider through its development pages as `sub` (login form, then consent form, each only
 * when asked), following the provider's redirects until one leaves the provider: answers that URL (the callback)
 * without opening it.
 */
export async function signInAtProvider(browser: Browser, authorizationUrl: string, sub: string): Promise<string> {
  const providerOrigin = new URL(authorizationUrl).origin;
  let url = authorizationUrl;
  for (let hop = 0; hop < 20; hop++) {
    if (new URL(url).origin !== providerOrigin) return url;
    const res = await browser.fetch(url);
    if (res.status >= 300 && res.status < 400) {
      url = Browser.location(res, url);
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`the provider answered ${res.status} at ${url}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no interaction form at ${url}`);
    const submitUrl = new URL(action.replace(/&amp;/g, '&'), url).href;
    const submitted = await browser.fetch(submitUrl, {
      form: prompt === 'login' ? { prompt, login: sub, password: 'any' } : { prompt },
    });
    url = Browser.location(submitted, submitUrl);
  }
  throw new Error('too many redirects at the provider');
}
