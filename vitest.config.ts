import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites that need a service print why they are skipped; see test/helpers/services.ts.
    reporters: ['default'],
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
