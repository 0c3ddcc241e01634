// packages/domain holds the money rules; it must stay free of I/O so every rule is a pure, property-testable
// function. This proves the lint rule that enforces it actually fires (and that the real sources pass it).
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });
const lintAsDomain = async (code: string) => {
  const [result] = await eslint.lintText(code, { filePath: `${root}packages/domain/src/money/probe.ts` });
  return result!.messages.map((m) => m.message);
};

describe('packages/domain purity', () => {
  test.each([
    "import pg from 'pg';",
    "import { readFileSync } from 'node:fs';",
    "import { readFile } from 'fs/promises';",
    "import { drizzle } from 'drizzle-orm/node-postgres';",
    "import { Injectable } from '@nestjs/common';",
    "import Fastify from 'fastify';",
    "import { request } from 'node:https';",
    "import { openDatabase } from '@creator-rewards/db';",
    'export const get = () => fetch("https://example.com");',
  ])('refuses %s', async (code) => {
    const messages = await lintAsDomain(code);
    expect(messages.some((m) => /packages\/domain is pure/.test(m))).toBe(true);
  });

  test('accepts pure code', async () => {
    expect(await lintAsDomain("import { money } from './money.js';\nexport const one = money(1n, 'USD');\n")).toEqual(
      [],
    );
  });

  test('the real domain sources pass', async () => {
    const results = await eslint.lintFiles([`${root}packages/domain/src`]);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}: ${m.message}`));
    expect(problems).toEqual([]);
  });
});
