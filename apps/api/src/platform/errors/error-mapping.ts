import { HttpException } from '@nestjs/common';
import type { ErrorBody, ErrorCode, ValidationIssue } from '@creator-rewards/contracts';
import { errorCatalog } from '@creator-rewards/contracts';
import { ZodError } from 'zod';
import { AppError } from './app-error.js';

export type MappedError = { status: number; body: Omit<ErrorBody, 'requestId'>; unexpected: boolean };

/** Fastify's own error codes for failures before a handler runs, mapped to ours. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
  FST_ERR_ASYNC_CONSTRAINT: 'VALIDATION_FAILED',
};

const messages: Partial<Record<ErrorCode, string>> = {
  UNSUPPORTED_MEDIA_TYPE: 'This endpoint accepts Content-Type: application/json only.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than this server accepts.',
  MALFORMED_JSON: 'The request body is not valid JSON.',
  ROUTE_NOT_FOUND: 'There is no endpoint at this method and path. See /openapi.json for the list.',
  INTERNAL_ERROR: 'Something went wrong on our side. It has been logged; quote the request id if you report it.',
};

export function zodIssues(error: ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
    code: issue.code,
  }));
}

/** Turns anything thrown while serving a request into the common error body. Unknown errors become 500s. */
export function mapError(error: unknown): MappedError {
  // Nest wraps Fastify's own errors (body parsing, size limit) in an HttpException; map the original.
  if (error instanceof HttpException && typeof (error.cause as { statusCode?: unknown })?.statusCode === 'number') {
    return mapError(error.cause);
  }
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: omitUndefined({ code: error.code, message: error.message, details: error.details }),
      unexpected: false,
    };
  }
  if (error instanceof ZodError) {
    return {
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: summarize(error), details: { issues: zodIssues(error) } },
      unexpected: false,
    };
  }
  const fastifyCode = (error as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && fastifyCode in fastifyCodes) {
    const code = fastifyCodes[fastifyCode]!;
    return {
      status: errorCatalog[code].status,
      body: { code, message: messages[code] ?? (error as Error).message },
      unexpected: false,
    };
  }
  // JSON.parse failures surface as SyntaxError with a 400 statusCode from fastify's parser.
  if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400) {
    return { status: 400, body: { code: 'MALFORMED_JSON', message: messages.MALFORMED_JSON! }, unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = codeForStatus(status);
    if (status === 404)
      return { status, body: { code: 'ROUTE_NOT_FOUND', message: messages.ROUTE_NOT_FOUND! }, unexpected: false };
    return {
      status,
      body: { code, message: code === 'INTERNAL_ERROR' ? messages.INTERNAL_ERROR! : error.message },
      unexpected: status >= 500,
    };
  }
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const code = codeForStatus(statusCode);
    return { status: errorCatalog[code].status, body: { code, message: (error as Error).message }, unexpected: false };
  }
  return { status: 500, body: { code: 'INTERNAL_ERROR', message: messages.INTERNAL_ERROR! }, unexpected: true };
}

function codeForStatus(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    400: 'VALIDATION_FAILED',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
    503: 'SERVICE_UNAVAILABLE',
  };
  return byStatus[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');
}

function summarize(error: ZodError): string {
  const issues = zodIssues(error);
  const first = issues[0];
  if (!first) return 'The request is invalid.';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${first.path}: ${first.message}${more}`;
}

function omitUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
