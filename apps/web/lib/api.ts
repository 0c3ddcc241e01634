// The browser's API client: the generated SDK pointed at this origin's /api proxy, plus the cross-cutting rules
// every call follows, written once here rather than in each form:
// - a change made with a session carries the session's CSRF token (x-csrf-token);
// - a sensitive change answered with REAUTH_REQUIRED asks the person to confirm their password (or a 2FA code)
//   and is then retried, so the form that made it never sees the interruption;
// - a CSRF_FAILED answer (the token in memory belongs to an older session, e.g. after signing in again in
//   another tab) refreshes the token and retries once;
// - an UNAUTHENTICATED answer lets the session context re-check, so protected pages send the person to log in.
import { createClient, type ApiError, type components, type paths } from '@creator-rewards/sdk';

export type { ApiError };
export type Schemas = components['schemas'];
export type User = Schemas['User'];
export type SessionInfo = Schemas['SessionInfo'];
export type Role = User['roles'][number];
export type ErrorCode = ApiError['code'];

export const allRoles: readonly Role[] = ['admin', 'brand', 'participant', 'reviewer', 'finance'];

export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  brand: 'Brand',
  participant: 'Participant',
  reviewer: 'Reviewer',
  finance: 'Finance',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Hooks = {
  /** Shows the confirm-your-password dialog; resolves true once the session counts as recently authenticated. */
  reauthenticate?: () => Promise<boolean>;
  /** Fetches the session again and returns its CSRF token (undefined when signed out). */
  refreshCsrfToken?: () => Promise<string | undefined>;
  /** Called when a request answered UNAUTHENTICATED: the session may have ended. */
  onUnauthenticated?: () => void;
};

let csrfToken: string | undefined;
const hooks: Hooks = {};
// A copy of each unsafe request taken before fetch consumes its body, so it can be sent again after re-auth.
const pendingCopies = new Map<string, Request>();
// Two requests that both need re-auth share one dialog.
let reauthInFlight: Promise<boolean> | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function setApiHooks(next: Hooks): () => void {
  Object.assign(hooks, next);
  return () => {
    for (const key of Object.keys(next) as (keyof Hooks)[]) {
      if (hooks[key] === next[key]) delete hooks[key];
    }
  };
}

async function errorCodeOf(response: Response): Promise<string | undefined> {
  if (response.ok) return undefined;
  try {
    const body: unknown = await response.clone().json();
    return typeof body === 'object' && body !== null && 'code' in body && typeof body.code === 'string'
      ? body.code
      : undefined;
  } catch {
    return undefined;
  }
}

function resend(copy: Request): Promise<Response> {
  const retry = copy.clone();
  if (csrfToken) retry.headers.set('x-csrf-token', csrfToken);
  return fetch(retry);
}

export const api = createClient({ baseUrl: '/api', credentials: 'same-origin', cache: 'no-store' });

api.use({
  onRequest({ request, id }) {
    if (SAFE_METHODS.has(request.method)) return undefined;
    if (csrfToken) request.headers.set('x-csrf-token', csrfToken);
    pendingCopies.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id, schemaPath }) {
    const copy = pendingCopies.get(id);
    pendingCopies.delete(id);
    const code = await errorCodeOf(response);
    if (!code) return undefined;

    if (code === 'REAUTH_REQUIRED' && copy && hooks.reauthenticate) {
      reauthInFlight ??= hooks.reauthenticate().finally(() => (reauthInFlight = undefined));
      return (await reauthInFlight) ? resend(copy) : undefined;
    }
    if (code === 'CSRF_FAILED' && copy && hooks.refreshCsrfToken) {
      const fresh = await hooks.refreshCsrfToken();
      return fresh ? resend(copy) : undefined;
    }
    // The session route reports its own 401s; the sign-in routes answer for an unfinished sign-in, not a lost session.
    if (code === 'UNAUTHENTICATED' && schemaPath !== '/v1/auth/session' && !schemaPath.startsWith('/v1/auth/login')) {
      hooks.onUnauthenticated?.();
    }
    return undefined;
  },
  onError({ id }) {
    pendingCopies.delete(id);
  },
});

export type ApiResult<T> = { ok: true; data: T; status: number } | { ok: false; error: ApiError; status: number };

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    typeof value.code === 'string' &&
    'message' in value &&
    typeof value.message === 'string'
  );
}

/**
 * Awaits an SDK call and folds its three outcomes (data, error body, no answer at all) into one result, so
 * callers branch once. Error bodies that are not our error format still become a readable ApiError.
 */
export async function call<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<ApiResult<T>> {
  try {
    const { data, error, response } = await pending;
    if (response.ok) return { ok: true, data: data as T, status: response.status };
    if (isApiError(error)) return { ok: false, error, status: response.status };
    return {
      ok: false,
      status: response.status,
      error: {
        code: response.status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED',
        message: `The server answered with an unexpected error (HTTP ${response.status}). Try again in a moment.`,
        requestId: response.headers.get('x-request-id') ?? '',
      },
    };
  } catch (thrown) {
    if (thrown instanceof DOMException && thrown.name === 'AbortError') throw thrown;
    return {
      ok: false,
      status: 0,
      error: {
        code: 'API_UNREACHABLE',
        message: 'Could not reach the server. Check your connection and try again.',
        requestId: '',
      },
    };
  }
}

export type UploadProgress = { loaded: number; total: number };

/**
 * Sends a file's bytes as the body of a POST to an upload route (the API takes raw bytes, not multipart), with the
 * session's CSRF token, reporting progress. XMLHttpRequest rather than fetch: only it reports upload progress.
 * A CSRF_FAILED answer refreshes the token and retries once, like the SDK client; an abort rejects with AbortError.
 */
export function uploadFile<T>(
  path: string,
  file: Blob,
  options: {
    query?: Record<string, string>;
    onProgress?: (progress: UploadProgress) => void;
    signal?: AbortSignal;
  } = {},
): Promise<ApiResult<T>> {
  const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
  const url = `/api${path}${query}`;
  // JSON and form types would be read by the API's other body parsers; everything else arrives as bytes.
  const type = /^(image|video)\//.test(file.type) ? file.type : 'application/octet-stream';

  const send = (retried: boolean): Promise<ApiResult<T>> =>
    new Promise<ApiResult<T>>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.setRequestHeader('content-type', type);
      if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
      xhr.upload.onprogress = (event) =>
        options.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
      const onAbort = () => xhr.abort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
      xhr.onerror = () =>
        resolve({
          ok: false,
          status: 0,
          error: {
            code: 'API_UNREACHABLE',
            message: 'The upload did not reach the server. Check your connection and try again.',
            requestId: '',
          },
        });
      xhr.onload = () => {
        options.signal?.removeEventListener('abort', onAbort);
        let body: unknown;
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
        } catch {
          body = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) return resolve({ ok: true, data: body as T, status: xhr.status });
        if (isApiError(body)) {
          if (body.code === 'CSRF_FAILED' && !retried && hooks.refreshCsrfToken) {
            void hooks
              .refreshCsrfToken()
              .then((fresh) => (fresh ? resolve(send(true)) : resolve({ ok: false, error: body, status: xhr.status })));
            return;
          }
          if (body.code === 'UNAUTHENTICATED') hooks.onUnauthenticated?.();
          return resolve({ ok: false, error: body, status: xhr.status });
        }
        resolve({
          ok: false,
          status: xhr.status,
          error: {
            code: xhr.status === 413 ? 'PAYLOAD_TOO_LARGE' : xhr.status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED',
            message:
              xhr.status === 413
                ? 'The file is larger than the server accepts.'
                : `The server answered with an unexpected error (HTTP ${xhr.status}). Try again in a moment.`,
            requestId: xhr.getResponseHeader('x-request-id') ?? '',
          },
        });
      };
      xhr.send(file);
    });
  return send(false);
}

/** A field name for each validation issue: `body.password` → `password`, `body.scopes.0` → `scopes`. */
export function fieldErrorsOf(error: ApiError): Record<string, string> {
  const issues = (error.details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return {};
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (typeof path !== 'string' || typeof message !== 'string') continue;
    const [, name] = path.split('.');
    if (!name) continue;
    fields[name] ??= capitalise(message);
  }
  return fields;
}

/**
 * A field path for each validation issue, for forms with nested settings: `body.pacing.dailyCapMicros` →
 * `pacing.dailyCapMicros`, `body.targeting.countries.2` → `targeting.countries` with the entry named in the
 * message ("Entry 3: must be …"). A path without a location prefix (`grossMicros`) is taken as it is.
 */
export function fieldPathErrorsOf(error: ApiError): Record<string, string> {
  const issues = (error.details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return {};
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (typeof path !== 'string' || typeof message !== 'string') continue;
    const parts = path.split('.');
    if (parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'params') parts.shift();
    const index = parts.findIndex((part) => /^\d+$/.test(part));
    const name = (index === -1 ? parts : parts.slice(0, index)).join('.');
    if (!name || name === '(root)') continue;
    const entry = index === -1 ? '' : `Entry ${Number(parts[index]) + 1}: `;
    fields[name] ??= entry ? `${entry}${message}` : capitalise(message);
  }
  return fields;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The sentence to show for an error, with the request id when the fault is ours, so it can be reported. */
export function messageOf(error: ApiError): string {
  if (error.code === 'INTERNAL_ERROR' && error.requestId) return `${error.message} (reference ${error.requestId})`;
  return error.message;
}

/** The roles that grant something now: admin and finance count only with 2FA on. */
export function effectiveRoles(info: SessionInfo): Role[] {
  return info.user.roles.filter((role) => !info.rolesNeedingTwoFactor.includes(role));
}

export type TwoFactorEnrolment = paths['/v1/me/2fa']['post']['responses'][201]['content']['application/json'];
export type ApiToken = Schemas['ApiToken'];
export type ApiTokenScope = ApiToken['scopes'][number];
export type Session = Schemas['Session'];
export type Org = Schemas['Org'];
export type OrgMember = Schemas['OrgMember'];
export type OrgInvitation = Schemas['OrgInvitation'];
export type OrgRole = OrgMember['role'];
export type AdminUser = Schemas['AdminUser'];
export type AuditEntry = Schemas['AuditEntry'];
export type OutboxMail = Schemas['OutboxMail'];
export type ParticipationState = Schemas['ParticipationState'];
export type CampaignParticipation = Schemas['CampaignParticipation'];
export type CampaignSubmission = Schemas['CampaignSubmission'];
export type Participation = Schemas['Participation'];
export type SocialAccount = Schemas['SocialAccount'];
