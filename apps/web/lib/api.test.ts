import { describe, expect, test } from 'vitest';
import { effectiveRoles, fieldErrorsOf, messageOf, type ApiError, type SessionInfo } from './api';

const validation = (issues: unknown): ApiError => ({
  code: 'VALIDATION_FAILED',
  message: 'body.password: must be at least 12 characters',
  details: { issues },
  requestId: 'req-1',
});

describe('fieldErrorsOf maps API validation issues to form fields', () => {
  test('the part after body./query./params. names the field, and the message is capitalised', () => {
    const error = validation([
      { path: 'body.password', code: 'too_small', message: 'must be at least 12 characters' },
      { path: 'body.email', code: 'invalid', message: 'must be a valid email address' },
    ]);
    expect(fieldErrorsOf(error)).toEqual({
      password: 'Must be at least 12 characters',
      email: 'Must be a valid email address',
    });
  });

  test('nested paths belong to their top-level field; the first issue of a field wins', () => {
    const error = validation([
      { path: 'body.scopes.0', code: 'invalid', message: 'invalid option' },
      { path: 'body.scopes', code: 'custom', message: 'must not repeat a scope' },
    ]);
    expect(fieldErrorsOf(error)).toEqual({ scopes: 'Invalid option' });
  });

  test.each([
    ['no details', { code: 'INVALID_CREDENTIALS', message: 'The email or password is wrong.', requestId: 'r' }],
    ['malformed issues', validation('not a list')],
    ['issues without a field', validation([{ path: 'body', message: 'unknown key' }, { nope: true }, null])],
  ] as const)('%s give no field errors', (_label, error) => {
    expect(fieldErrorsOf(error as ApiError)).toEqual({});
  });
});

describe('messageOf', () => {
  test('adds the request id only to our own failures, where it helps a report', () => {
    expect(messageOf({ code: 'INTERNAL_ERROR', message: 'Unexpected error.', requestId: 'abc' })).toBe(
      'Unexpected error. (reference abc)',
    );
    expect(messageOf({ code: 'EMAIL_TAKEN', message: 'Taken.', requestId: 'abc' })).toBe('Taken.');
  });
});

test('effectiveRoles leaves out the roles waiting for 2FA', () => {
  const info = {
    user: { roles: ['admin', 'brand', 'finance'] },
    rolesNeedingTwoFactor: ['admin', 'finance'],
  } as unknown as SessionInfo;
  expect(effectiveRoles(info)).toEqual(['brand']);
});
