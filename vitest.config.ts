import { defineConfig } from 'vitest/config';

// Two projects: server/integration tests run in Node against a real database engine;
// web component tests run in happy-dom.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'web',
          environment: 'happy-dom',
          include: ['web/src/**/*.test.tsx', 'web/src/**/*.test.ts'],
        },
      },
    ],
  },
});
