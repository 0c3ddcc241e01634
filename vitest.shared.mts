// Shared Vitest settings for every workspace project: resolve workspace packages to their TypeScript
// sources (the "source" export condition), so tests never need a build first.
import { defaultServerConditions, defaultClientConditions } from 'vite';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

export function project(name: string, extra: UserWorkspaceConfig = {}): UserWorkspaceConfig {
  return defineProject({
    ...extra,
    resolve: { conditions: ['source', ...defaultClientConditions] },
    // "module" is dropped on the server side: Vitest passes these conditions to Node for external packages too,
    // and with "module" Node loads @aws-sdk/*'s dist-es build, whose extensionless imports it cannot resolve.
    ssr: { resolve: { conditions: ['source', ...defaultServerConditions.filter((c) => c !== 'module')] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...extra.test,
    },
  });
}
