// Shared Vitest settings for every workspace project: resolve workspace packages to their TypeScript
// sources (the "source" export condition), so tests never need a build first.
import { defaultServerConditions, defaultClientConditions } from 'vite';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

export function project(name: string, extra: UserWorkspaceConfig = {}): UserWorkspaceConfig {
  return defineProject({
    ...extra,
    resolve: { conditions: ['source', ...defaultClientConditions] },
    ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...extra.test,
    },
  });
}
