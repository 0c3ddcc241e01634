import { describe, expect, test } from 'vitest';
import { loginHref, safeReturnTo } from './return-to';

describe('safeReturnTo keeps sign-in redirects on this site', () => {
  test.each([
    ['/account', '/account'],
    ['/orgs/42?tab=members#invite', '/orgs/42?tab=members#invite'],
    ['/invitations/accept?token=abc', '/invitations/accept?token=abc'],
    ['/a/../account', '/account'],
  ])('keeps the same-site path %s', (raw, expected) => {
    expect(safeReturnTo(raw)).toBe(expected);
  });

  test.each([
    [undefined, 'nothing given'],
    ['', 'an empty value'],
    ['https://evil.example/account', 'an absolute URL'],
    ['//evil.example/account', 'a protocol-relative URL'],
    ['/\\evil.example', 'a backslash read as a second slash'],
    ['/\tevil', 'a control character'],
    ['javascript:alert(1)', 'a script URL'],
    ['account', 'a relative path'],
    ['/login?returnTo=/account', 'the login page itself'],
    ['/signup', 'the sign-up page'],
    ['/api/v1/auth/logout', 'an API path behind the proxy'],
    [`/${'a'.repeat(2001)}`, 'an oversized value'],
  ])('falls back for %s (%s)', (raw, _why) => {
    expect(safeReturnTo(raw)).toBe('/account');
    expect(safeReturnTo(raw, '/')).toBe('/');
  });

  test('loginHref encodes the page to come back to', () => {
    expect(loginHref('/orgs/1?tab=a&b=c')).toBe('/login?returnTo=%2Forgs%2F1%3Ftab%3Da%26b%3Dc');
  });
});
