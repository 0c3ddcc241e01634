import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  test('an empty environment selects the embedded defaults', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      API_PORT: 4000,
      API_HOST: '127.0.0.1',
      RUN_WORKERS: true,
      MIGRATE_ON_START: true,
      dataDir: '/srv/app/.data',
    });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.S3_BUCKET).toBeUndefined();
    expect(c.SMTP_URL).toBeUndefined();
  });

  test('empty strings count as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  test('values are coerced', () => {
    const c = loadConfig({
      API_PORT: '8080',
      RUN_WORKERS: 'false',
      DATA_DIR: '/var/lib/cr',
      DATABASE_URL: 'postgres://u@h/db',
    });
    expect(c).toMatchObject({
      API_PORT: 8080,
      RUN_WORKERS: false,
      dataDir: '/var/lib/cr',
      DATABASE_URL: 'postgres://u@h/db',
    });
  });

  test.each([
    [{ API_PORT: 'abc' }, 'API_PORT', /port/],
    [{ API_PORT: '70000' }, 'API_PORT', /between 1 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres:\/\//],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL', /redis:\/\//],
    [{ RUN_WORKERS: 'maybe' }, 'RUN_WORKERS', /true or false/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /pino level/],
    [{ SMTP_URL: 'mail.example.com' }, 'SMTP_URL', /smtp:\/\//],
    [{ S3_BUCKET: 'media' }, 'S3_ACCESS_KEY_ID', /required when S3_BUCKET is set/],
    [{ QUEUE_PREFIX: 'Bad Prefix!' }, 'QUEUE_PREFIX', /a-z/],
  ])('%o is refused, naming %s and what it expects', (env, variable, expected) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const line = (error as ConfigError).problems.find((p) => p.startsWith(`${variable}:`));
    expect(line).toMatch(expected);
  });

  test('a bad secret-bearing value is never echoed back', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:TOPSECRET@h/db' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'mysql://root:TOPSECRET@h/db' });
    } catch (e) {
      expect((e as Error).message).not.toContain('TOPSECRET');
    }
  });

  describe('OIDC_PROVIDERS', () => {
    const provider = {
      id: 'company-sso',
      name: 'Company SSO',
      issuer: 'https://login.example.com',
      clientId: 'cr',
      clientSecret: 'TOPSECRET-oidc',
    };
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems;
      }
      throw new Error('expected a ConfigError');
    };

    test('defaults to no providers and parses a JSON array', () => {
      expect(loadConfig({}).OIDC_PROVIDERS).toEqual([]);
      expect(loadConfig({ OIDC_PROVIDERS: '' }).OIDC_PROVIDERS).toEqual([]);
      expect(loadConfig({ OIDC_PROVIDERS: JSON.stringify([provider]) }).OIDC_PROVIDERS).toEqual([provider]);
    });

    test('plain http is accepted only for a loopback issuer outside production', () => {
      const local = { ...provider, issuer: 'http://127.0.0.1:9000' };
      expect(loadConfig({ OIDC_PROVIDERS: JSON.stringify([local]) }).OIDC_PROVIDERS[0]?.issuer).toBe(local.issuer);
      const production = { NODE_ENV: 'production', APP_SECRET: 'x'.repeat(40) };
      expect(problemsOf({ ...production, OIDC_PROVIDERS: JSON.stringify([local]) })).toEqual([
        'OIDC_PROVIDERS: [0].issuer: expected an https:// issuer (plain http only for 127.0.0.1 or localhost outside production)',
      ]);
      expect(
        problemsOf({ OIDC_PROVIDERS: JSON.stringify([{ ...provider, issuer: 'http://idp.example.com' }]) }),
      ).toHaveLength(1);
    });

    test.each([
      ['not JSON', 'nope', /OIDC_PROVIDERS: expected a JSON array .*not valid JSON/],
      ['an object', JSON.stringify(provider), /OIDC_PROVIDERS: expected a JSON array/],
      ['a bad id', JSON.stringify([{ ...provider, id: 'Company SSO' }]), /OIDC_PROVIDERS: \[0\]\.id: expected 1-32/],
      ['a missing secret', JSON.stringify([{ ...provider, clientSecret: undefined }]), /\[0\]\.clientSecret/],
      ['an unknown field', JSON.stringify([{ ...provider, scope: 'openid' }]), /OIDC_PROVIDERS: .*scope/],
      [
        'a non-URL issuer',
        JSON.stringify([{ ...provider, issuer: 'login' }]),
        /\[0\]\.issuer: expected an http\(s\) URL/,
      ],
      ['a repeated id', JSON.stringify([provider, provider]), /OIDC_PROVIDERS: provider ids must be unique/],
    ])('%s is refused with a message naming OIDC_PROVIDERS (never the secret)', (_name, value, expected) => {
      const problems = problemsOf({ OIDC_PROVIDERS: value });
      expect(problems.join('\n')).toMatch(expected);
      expect(problems.join('\n')).not.toContain('TOPSECRET');
    });
  });
});
