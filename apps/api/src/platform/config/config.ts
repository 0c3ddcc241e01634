import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int('expected a whole number')
  .min(1, 'expected a port between 1 and 65535')
  .max(65535, 'expected a port between 1 and 65535');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'expected a postgres:// or postgresql:// URL');

const redisUrl = z.string().refine((v) => /^rediss?:\/\/.+/.test(v), 'expected a redis:// or rediss:// URL');

const smtpUrl = z.string().refine((v) => /^smtps?:\/\/.+/.test(v), 'expected an smtp:// or smtps:// URL');

const httpUrl = z.string().refine((v) => /^https?:\/\/[^/]+/.test(v), 'expected an http:// or https:// URL');

const empty = (v: unknown) => (v === '' ? undefined : v);

const OIDC_PROVIDERS_SHAPE = 'expected a JSON array of {"id","name","issuer","clientId","clientSecret"} objects';

const OidcProviderSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,32}$/, 'expected 1-32 characters of a-z, 0-9 or -'),
  name: z.string().trim().min(1, 'must not be empty').max(60, 'expected at most 60 characters'),
  issuer: z.string().refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'expected an http(s) URL'),
  clientId: z.string().min(1, 'must not be empty').max(255),
  clientSecret: z.string().min(1, 'must not be empty').max(2000),
});
export type OidcProviderConfig = z.output<typeof OidcProviderSchema>;

/** Loopback issuers are the only ones allowed over plain http, and only outside production (a local test IdP). */
export function isLoopbackUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

const oidcProviders = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `${OIDC_PROVIDERS_SHAPE} (this is not valid JSON)` });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(OidcProviderSchema, { error: OIDC_PROVIDERS_SHAPE })
      .max(20)
      .refine((list) => new Set(list.map((p) => p.id)).size === list.length, 'provider ids must be unique'),
  );

/**
 * Every environment variable the platform reads, validated once at boot. The README's configuration table is this
 * schema in prose; keep them together. Unset optional adapters select the embedded defaults (PGlite, inline queue,
 * local folder storage, mail outbox).
 */
export const EnvSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'test', 'production'], { error: 'expected development, test or production' })
      .default('development'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'expected a pino level (fatal … trace, or silent)',
      })
      .default('info'),
    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_PORT: port.default(4000),
    PUBLIC_WEB_URL: httpUrl.default('http://127.0.0.1:3000'),
    DATA_DIR: z.string().min(1).default('.data'),
    DATABASE_URL: z.preprocess(empty, postgresUrl.optional()),
    DATABASE_READ_URL: z.preprocess(empty, postgresUrl.optional()),
    DATABASE_POOL_SIZE: z.coerce.number({ error: 'expected a number' }).int().min(1).max(200).default(10),
    MIGRATE_ON_START: bool.default(true),
    REDIS_URL: z.preprocess(empty, redisUrl.optional()),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/, 'expected 1-32 characters of a-z, 0-9, _ or -')
      .default('cr'),
    RUN_WORKERS: bool.default(true),
    S3_BUCKET: z.preprocess(empty, z.string().min(3, 'expected a bucket name of at least 3 characters').optional()),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ENDPOINT: z.preprocess(empty, httpUrl.optional()),
    S3_ACCESS_KEY_ID: z.preprocess(empty, z.string().optional()),
    S3_SECRET_ACCESS_KEY: z.preprocess(empty, z.string().optional()),
    S3_FORCE_PATH_STYLE: bool.default(false),
    SMTP_URL: z.preprocess(empty, smtpUrl.optional()),
    MAIL_FROM: z.string().min(3).default('Creator Rewards <no-reply@creator-rewards.local>'),
    APP_SECRET: z.preprocess(
      empty,
      z.string().min(32, 'expected at least 32 characters of random data (e.g. openssl rand -base64 48)').optional(),
    ),
    DEMO_DATA: bool.default(false),
    FUNDING_FEE_BPS: z.coerce
      .number({ error: 'expected basis points (1/100 of a percent), e.g. 500 for 5%' })
      .int('expected a whole number of basis points')
      .min(0, 'expected 0 or more basis points')
      .max(5000, 'expected at most 5000 basis points (50%)')
      .default(500),
    SESSION_TTL_DAYS: z.coerce.number({ error: 'expected a number of days' }).int().min(1).max(90).default(30),
    /** OpenID Connect sign-in providers; none by default. */
    OIDC_PROVIDERS: z.preprocess(empty, oidcProviders.default([])),
    BODY_LIMIT_BYTES: z.coerce
      .number({ error: 'expected a number of bytes' })
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(1024 * 1024),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.APP_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_SECRET'],
        message: 'required in production (sessions, CSRF and encrypted secrets derive from it)',
      });
    }
    env.OIDC_PROVIDERS.forEach((provider, index) => {
      // Unparseable and non-http(s) issuers are already reported by the field's own check.
      if (!URL.canParse(provider.issuer) || new URL(provider.issuer).protocol !== 'http:') return;
      if (env.NODE_ENV !== 'production' && isLoopbackUrl(provider.issuer)) return;
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_PROVIDERS', index, 'issuer'],
        message: 'expected an https:// issuer (plain http only for 127.0.0.1 or localhost outside production)',
      });
    });
    if (env.S3_BUCKET && (!env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY)) {
      for (const key of ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when S3_BUCKET is set' });
      }
    }
  });

export type Env = z.output<typeof EnvSchema>;

export type AppConfig = Env & {
  /** DATA_DIR made absolute. */
  dataDir: string;
  version: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming each bad variable and what it expects (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Structured variables (OIDC_PROVIDERS) also name the element and field, e.g. "OIDC_PROVIDERS: [0].issuer: …".
    const problems = parsed.error.issues.map((issue) => {
      const [variable, ...rest] = issue.path;
      const where = rest.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
      return `${String(variable ?? '(environment)')}: ${where ? `${where.replace(/^\./, '')}: ` : ''}${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const data = parsed.data;
  return {
    ...data,
    dataDir: isAbsolute(data.DATA_DIR) ? data.DATA_DIR : resolve(cwd, data.DATA_DIR),
    version: env.npm_package_version ?? '0.1.0',
  };
}
