import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.mts', 'apps/api/vitest.config.mts', 'apps/web/vitest.config.mts'],
  },
});
