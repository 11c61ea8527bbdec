import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `npm test`: pure unit tests once, and the integration tests (*.int.test.ts) once per database engine.
// Engine-specific files say so in their name: *.pg.int.test.ts and *.pglite.int.test.ts.
// `npm run test:reliability`: the fault, concurrency and hostile-input suite (test/reliability, *.rel.test.ts),
// against real Postgres, real processes and a production server it starts itself; it ends with a summary table.
const integration = ['test/**/*.int.test.ts'];
const timeouts = { testTimeout: 60_000, hookTimeout: 120_000 };
const reliabilityTimeouts = { testTimeout: 240_000, hookTimeout: 240_000 };

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    // One file per core. The integration tests mostly wait on the processes they start (the commands, PGlite in
    // WASM), so Vitest's default of cores − 1 left one of a 2-core CI machine's cores idle, running one file at a
    // time. The reliability projects still run one file at a time (fileParallelism: false), after the others.
    maxWorkers: availableParallelism(),
    projects: [
      {
        test: {
          ...timeouts,
          name: 'unit',
          include: [
            'lib/**/*.test.ts',
            'db/**/*.test.ts',
            'components/**/*.test.ts',
            'test/**/*.http.test.ts',
          ],
        },
      },
      {
        test: {
          ...timeouts,
          name: 'pglite',
          include: integration,
          exclude: ['test/**/*.pg.int.test.ts'],
          env: { TEST_ENGINE: 'pglite' },
          globalSetup: ['test/pglite-setup.ts'],
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
      {
        test: {
          ...reliabilityTimeouts,
          name: 'reliability',
          include: ['test/reliability/**/*.rel.test.ts'],
          exclude: ['test/reliability/**/*.pglite.rel.test.ts'],
          env: { TEST_ENGINE: 'postgres' },
          globalSetup: ['test/postgres-setup.ts', 'test/reliability/server-setup.ts'],
          // Process storms and kill loops measure the system, not a neighbour's CPU: one file at a time.
          fileParallelism: false,
        },
      },
      {
        test: {
          ...reliabilityTimeouts,
          name: 'reliability-pglite',
          include: ['test/reliability/**/*.pglite.rel.test.ts'],
          env: { TEST_ENGINE: 'pglite' },
          globalSetup: ['test/pglite-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
