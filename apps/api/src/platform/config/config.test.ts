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
});
