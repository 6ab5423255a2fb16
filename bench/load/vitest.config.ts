import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The load benchmark's own smoke test (not part of `npm test`: it starts a server process):
//   npx vitest run --config bench/load/vitest.config.ts
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
