import { defineConfig } from 'vitest/config';

// Browser tests: they start the real platform with `npm start` and drive Debian's Chromium via playwright-core.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
