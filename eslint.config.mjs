import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports that do I/O. packages/domain is pure rules and must never reach for them. */
const ioModules = [
  'pg',
  'pg-*',
  'drizzle-orm',
  'drizzle-orm/*',
  '@electric-sql/*',
  'fastify',
  '@fastify/*',
  '@nestjs/*',
  'bullmq',
  'ioredis',
  'stripe',
  'nodemailer',
  '@aws-sdk/*',
  'undici',
  'axios',
  'node-fetch',
  'fs',
  'fs/*',
  'node:fs',
  'node:fs/*',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'child_process',
  'node:child_process',
  'dgram',
  'node:dgram',
  'dns',
  'node:dns',
  '@creator-rewards/db',
  '@creator-rewards/integrations',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.data/**',
      '.test-data/**',
      'packages/sdk/src/schema.ts',
      '**/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]",
          message: 'Focused tests must not be committed.',
        },
      ],
    },
  },
  {
    // Nest resolves constructor parameters from emitted type metadata: these imports must stay value imports.
    files: ['apps/api/src/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ioModules, message: 'packages/domain is pure: no I/O imports (DESIGN §3).' }] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'packages/domain is pure: no network I/O.' },
        { name: 'XMLHttpRequest', message: 'packages/domain is pure: no network I/O.' },
        { name: 'WebSocket', message: 'packages/domain is pure: no network I/O.' },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
