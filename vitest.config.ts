import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests once, and the integration tests (*.int.test.ts) once per database engine.
// Engine-specific files say so in their name: *.pg.int.test.ts and *.pglite.int.test.ts.
const integration = ['test/**/*.int.test.ts'];
const timeouts = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { test: { ...timeouts, name: 'unit', include: ['lib/**/*.test.ts', 'test/**/*.http.test.ts'] } },
      {
        test: {
          ...timeouts,
          name: 'pglite',
          include: integration,
          exclude: ['test/**/*.pg.int.test.ts'],
          env: { TEST_ENGINE: 'pglite' },
        },
      },
      {
        test: {
          ...timeouts,
          name: 'postgres',
          include: integration,
          exclude: ['test/**/*.pglite.int.test.ts'],
          env: { TEST_ENGINE: 'postgres' },
          globalSetup: ['test/postgres-setup.ts'],
        },
      },
    ],
  },
});
