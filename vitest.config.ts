import { defineConfig } from 'vitest/config';

// `unit` needs no external service (PGlite, workerd and keys are all local): it is `npm test`.
// `integration` needs a real PostgreSQL server (DATABASE_URL or TEST_PG_BIN): `.ci/run` provides it.
// `browser` needs Chromium from the system's packages (apt-get install chromium): `npm run test:browser`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'stats/**/*.test.ts',
            'ingest-protocol/**/*.test.ts',
            'generator/**/*.test.ts',
            'schema/**/*.test.ts',
            'worker/**/*.test.ts',
            'ingest-agent/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test/unit/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // One Worker over the corpus for every file (it takes most of the setup time).
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Chromium and workerd already use both cores of a small machine: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
