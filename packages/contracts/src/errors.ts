import { z } from './zod.js';

/**
 * Every error code the API can answer with, the HTTP status it travels with, and when it is raised.
 * The API's exception filter maps each failure to exactly one of these; the OpenAPI document lists them.
 */
export const errorCatalog = {
  /** A body, query string or path parameter did not match its schema; `details.issues` lists each problem by path. */
  VALIDATION_FAILED: {
    status: 400,
    description: 'The request did not match the schema; details.issues names each field.',
  },
  /** The body was declared as JSON but could not be parsed. */
  MALFORMED_JSON: { status: 400, description: 'The request body is not valid JSON.' },
  /** The request body had a content type this endpoint does not accept (we accept application/json). */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The Content-Type is not accepted by this endpoint.' },
  /** The body exceeded the configured size limit (BODY_LIMIT_BYTES); nothing was read further. */
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body is larger than the limit.' },
  /** No route matches the method and path. */
  ROUTE_NOT_FOUND: { status: 404, description: 'No endpoint exists for this method and path.' },
  /** The object does not exist, or exists but belongs to someone else (deliberately indistinguishable). */
  NOT_FOUND: { status: 404, description: 'The object does not exist or is not visible to you.' },
  /** The request needs a signed-in session or an API token. */
  UNAUTHENTICATED: { status: 401, description: 'Sign in or send an API token.' },
  /** Email and password (or the account state) did not allow a sign-in. Same answer for an unknown email. */
  INVALID_CREDENTIALS: { status: 401, description: 'The email or password is wrong.' },
  /** The action changes a credential or payout detail and the session has not proved the password or a 2FA code in the last 10 minutes. */
  REAUTH_REQUIRED: { status: 401, description: 'Confirm your password (or a 2FA code) and retry.' },
  /** A 2FA or recovery code was wrong, expired or already used. */
  MFA_CODE_INVALID: { status: 401, description: 'The code is wrong, expired or already used.' },
  /** The caller holds admin or finance but has not enabled 2FA, which those roles require. */
  MFA_REQUIRED: { status: 403, description: 'Enable two-factor authentication to use this role.' },
  /** A cookie-authenticated change arrived without the CSRF token of its session. */
  CSRF_FAILED: { status: 403, description: 'Missing or wrong x-csrf-token header for this session.' },
  /** A link token (email verification, password reset, invitation) is unknown, expired or already used. */
  TOKEN_INVALID: { status: 400, description: 'This link is invalid, expired or already used.' },
  /** Signed in, but the role or ownership check denies this action. */
  FORBIDDEN: { status: 403, description: 'You are not allowed to do this.' },
  /** The email address already belongs to an account. */
  EMAIL_TAKEN: { status: 409, description: 'An account with this email already exists.' },
  /** The object changed state since you read it (for example a stale state transition). */
  CONFLICT: { status: 409, description: 'The object is not in the state this action needs.' },
  /** An uploaded file was refused: its real type (by magic bytes), size, pixel count or content is not accepted. */
  UPLOAD_REJECTED: { status: 422, description: 'The file was refused; the message says why (type, size, pixels).' },
  /** The submitted post is already on the platform (in this or another campaign); a post can earn only once. */
  ALREADY_SUBMITTED: { status: 409, description: 'This post has already been submitted.' },
  /** Every slot of the campaign is taken (max participants reached). */
  NO_SLOTS_LEFT: { status: 409, description: 'The campaign has no participant slots left.' },
  /** The participant reached the campaign's limit of submissions. */
  SUBMISSION_LIMIT_REACHED: { status: 409, description: 'You reached this campaign’s limit of submissions.' },
  /** Too many requests from this client or for this account; retry after the indicated time. */
  RATE_LIMITED: { status: 429, description: 'Too many requests; retry later.' },
  /** A dependency (database, queue) is unavailable; the request changed nothing and can be retried. */
  SERVICE_UNAVAILABLE: { status: 503, description: 'A dependency is unavailable; retry later.' },
  /** (Web origin only) the web app's /api proxy could not reach the API process. */
  API_UNREACHABLE: { status: 502, description: 'The web app could not reach the API; retry later.' },
  /** A bug: an unexpected failure. Logged with the request id; the message never leaks internals. */
  INTERNAL_ERROR: { status: 500, description: 'Unexpected error; it has been logged with the request id.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof errorCatalog;
export const errorCodes = Object.keys(errorCatalog) as ErrorCode[];

export const ErrorBodySchema = z
  .object({
    code: z.enum(errorCodes as [ErrorCode, ...ErrorCode[]]).describe('Stable machine-readable error code.'),
    message: z.string().describe('A sentence a person can act on.'),
    details: z.record(z.string(), z.unknown()).optional().describe('Structured context, e.g. validation issues.'),
    requestId: z.string().describe('Quote this id when reporting a problem; it is in our logs.'),
  })
  .describe('The single error format of every 4xx and 5xx response.');
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export type ValidationIssue = { path: string; message: string; code: string };
