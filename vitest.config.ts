import { configDefaults, defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './tests/helpers/slow-first-sequencer';

// One project per kind of test, so each can be run alone:
//   unit         server and shared code, no database, no process          (npm run test:unit, with web)
//   integration  the HTTP API and modules against a real database engine  (PGlite, or DATABASE_URL)
//   faults       kills, restarts and outages of real server processes
//   web          React components in happy-dom
//   browser      the built app in Debian's Chromium                         (npm run test:e2e)
// Database tests clone one migrated template per run (tests/helpers/db-template.ts).
const databaseTests = {
  environment: 'node',
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  isolate: false,
  // Accounts made in the test processes hash their passwords at the lowest argon2id cost.
  setupFiles: ['tests/helpers/cheap-password-hashing.ts'],
  // The seeded demo folder is made in the background, after the server build it starts.
  globalSetup: [
    'tests/helpers/db-template.setup.ts',
    'tests/helpers/server-build.setup.ts',
    'tests/helpers/seeded-demo-folder.setup.ts',
  ],
};

export default defineConfig({
  test: {
    // Vitest's default in a run is one worker less than the cores: a single worker on the 2-core
    // machine. Most test files wait on databases, sockets and child processes, so two run side by
    // side (the whole PGlite pass went from 552 s to 370 s, every test still passing).
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['server/**/*.test.ts', 'shared/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          ...databaseTests,
          include: ['tests/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/integration/faults/**'],
        },
      },
      {
        test: { name: 'faults', ...databaseTests, include: ['tests/integration/faults/**/*.test.ts'] },
      },
      {
        test: {
          name: 'web',
          environment: 'happy-dom',
          // The files share one module graph per worker (React, the app, happy-dom) instead of
          // importing it again for each of the 50-odd files: about 140 s of CPU down to about 30 s.
          // Each file still sets up its happy-dom environment, and web/src/test/helpers resets the app's
          // state after each test (checked with the files in shuffled order).
          isolate: false,
          include: ['web/src/**/*.test.tsx', 'web/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The demo seeded once, and one Chromium that every file connects to (not one launch per file).
          globalSetup: ['tests/helpers/seeded-demo.setup.ts', 'tests/helpers/chromium.setup.ts'],
          // A worker runs its files one after another in one process, importing Playwright and the
          // helpers once instead of once per file; each file still has its own server and contexts.
          isolate: false,
          env: { USE_SEEDED_DEMO: '1' },
          // Two files at a time (the root's maxWorkers), each with its own server process and browser
          // contexts in the shared Chromium: the files mostly wait on the UI, back-offs and delays, so a
          // second one fills the idle core. All 49 tests passed this way at a load average of 13.
          fileParallelism: true,
        },
      },
    ],
  },
});
