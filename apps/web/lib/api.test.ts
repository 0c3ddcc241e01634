import { describe, expect, test } from 'vitest';
import { effectiveRoles, fieldErrorsOf, fieldPathErrorsOf, messageOf, type ApiError, type SessionInfo } from './api';

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

describe('fieldPathErrorsOf keeps nested field paths (campaign settings)', () => {
  test('the whole path names the field; list entries are named in the message', () => {
    const error = validation([
      {
        path: 'body.pacing.dailyCapMicros',
        code: 'custom',
        message: 'The daily spend cap (USD 600.00) is above the budget.',
      },
      { path: 'body.requirements.hashtags.1', code: 'invalid_string', message: 'must be a hashtag such as #ad' },
      { path: 'body.targeting.countries', code: 'custom', message: 'must not list the same country twice' },
      { path: 'body.title', code: 'too_small', message: 'must be at least 3 characters' },
    ]);
    expect(fieldPathErrorsOf(error)).toEqual({
      'pacing.dailyCapMicros': 'The daily spend cap (USD 600.00) is above the budget.',
      'requirements.hashtags': 'Entry 2: must be a hashtag such as #ad',
      'targeting.countries': 'Must not list the same country twice',
      title: 'Must be at least 3 characters',
    });
  });

  test('a path without a location prefix is taken as is; the first issue of a field wins', () => {
    const error = validation([
      { path: 'grossMicros', code: 'below_fee', message: 'is too small: the platform fee would take all of it' },
      { path: 'query.grossMicros', code: 'custom', message: 'second' },
    ]);
    expect(fieldPathErrorsOf(error)).toEqual({ grossMicros: 'Is too small: the platform fee would take all of it' });
  });

  test('issues about the whole body name no field', () => {
    expect(
      fieldPathErrorsOf(
        validation([
          { path: 'body', message: 'unknown key' },
          { path: '(root)', message: 'x' },
        ]),
      ),
    ).toEqual({});
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
