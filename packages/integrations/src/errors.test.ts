import { describe, expect, it } from 'vitest';

import {
  INTEGRATION_ERROR_KINDS,
  IntegrationError,
  isIntegrationError,
  isTransientNetworkCode,
  parseRetryAfterMs,
  type IntegrationErrorKind,
} from './errors.js';

describe('IntegrationError', () => {
  it('carries kind, provider, retryAfterMs and cause', () => {
    const cause = new Error('503 SlowDown');
    const err = new IntegrationError({
      kind: 'RATE_LIMITED',
      provider: 's3',
      message: 'put k failed',
      retryAfterMs: 1500,
      cause,
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('IntegrationError');
    expect(err.message).toBe('s3: put k failed');
    expect(err.kind).toBe('RATE_LIMITED');
    expect(err.provider).toBe('s3');
    expect(err.retryAfterMs).toBe(1500);
    expect(err.cause).toBe(cause);
    expect(err.stack).toContain('IntegrationError');
  });

  const retryable: Array<[IntegrationErrorKind, boolean]> = [
    ['TEMPORARY', true],
    ['RATE_LIMITED', true],
    ['AUTH_REVOKED', false],
    ['PERMANENT', false],
    ['NOT_FOUND', false],
  ];
  it.each(retryable)('%s is retryable: %s', (kind, expected) => {
    expect(new IntegrationError({ kind, provider: 'p', message: 'm' }).retryable).toBe(expected);
  });

  it('lists every kind once', () => {
    expect([...INTEGRATION_ERROR_KINDS].sort()).toEqual(retryable.map(([kind]) => kind).sort());
  });

  it('isIntegrationError narrows by kind', () => {
    const err = new IntegrationError({ kind: 'NOT_FOUND', provider: 'p', message: 'm' });
    expect(isIntegrationError(err)).toBe(true);
    expect(isIntegrationError(err, 'NOT_FOUND')).toBe(true);
    expect(isIntegrationError(err, 'TEMPORARY')).toBe(false);
    expect(isIntegrationError(new Error('x'))).toBe(false);
    expect(isIntegrationError({ kind: 'NOT_FOUND' })).toBe(false);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    ['', undefined],
    [undefined, undefined],
    [null, undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });
});

describe('isTransientNetworkCode', () => {
  it.each([
    ['ECONNREFUSED', true],
    ['ECONNRESET', true],
    ['ETIMEDOUT', true],
    ['EAI_AGAIN', true],
    ['EACCES', false],
    [undefined, false],
    [42, false],
  ])('%j → %s', (code, expected) => {
    expect(isTransientNetworkCode(code)).toBe(expected);
  });
});
