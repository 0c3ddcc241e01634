// One small vocabulary for every provider failure. Each adapter owns a pure function that maps its vendor's
// errors onto these kinds, so jobs decide "retry, back off, ask a human, or give up" without knowing the vendor.

export type IntegrationErrorKind =
  /** The provider could not be reached or failed on its side (network error, timeout, 5xx). Retry with backoff. */
  | 'TEMPORARY'
  /** The provider asked us to slow down (429, S3 SlowDown). Retry after `retryAfterMs` when given, else back off. */
  | 'RATE_LIMITED'
  /** Our credentials were refused (revoked, expired, wrong). Retrying cannot help until someone fixes the config. */
  | 'AUTH_REVOKED'
  /** The provider refused this request for good (validation, 4xx, 5xx SMTP reply). Do not retry the same request. */
  | 'PERMANENT'
  /** The thing asked for does not exist at the provider (missing bucket, unknown account). */
  | 'NOT_FOUND';

export const INTEGRATION_ERROR_KINDS = [
  'TEMPORARY',
  'RATE_LIMITED',
  'AUTH_REVOKED',
  'PERMANENT',
  'NOT_FOUND',
] as const satisfies readonly IntegrationErrorKind[];

export type IntegrationErrorInit = {
  kind: IntegrationErrorKind;
  /** Which integration raised it, e.g. 's3', 'local', 'smtp'. */
  provider: string;
  message: string;
  retryAfterMs?: number | undefined;
  cause?: unknown;
};

export class IntegrationError extends Error {
  override readonly name = 'IntegrationError';
  readonly kind: IntegrationErrorKind;
  readonly provider: string;
  /** Only set when the provider told us how long to wait. */
  readonly retryAfterMs: number | undefined;
  declare readonly cause: unknown;

  constructor(init: IntegrationErrorInit) {
    super(`${init.provider}: ${init.message}`, { cause: init.cause });
    this.kind = init.kind;
    this.provider = init.provider;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** Whether running the same request again later can succeed without a human changing anything. */
  get retryable(): boolean {
    return this.kind === 'TEMPORARY' || this.kind === 'RATE_LIMITED';
  }
}

export function isIntegrationError(value: unknown, kind?: IntegrationErrorKind): value is IntegrationError {
  if (!(value instanceof IntegrationError)) return false;
  return kind === undefined || value.kind === kind;
}

/**
 * Reads an HTTP `Retry-After` value (delta seconds or an HTTP date) as milliseconds from `now`.
 * Returns undefined for a missing or unreadable value, so callers fall back to their own backoff.
 */
export function parseRetryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names its month; this keeps Date.parse from reading "-5" as the year -5.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Network-level error codes from Node sockets and DNS: the request may not even have reached the provider. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isTransientNetworkCode(code: unknown): boolean {
  return typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code);
}
