import { execFileSync } from 'node:child_process';

/**
 * Tests start the server the way production does: plain `node` on the compiled output
 * (scripts/build-server.mjs), so a start costs no TypeScript transform and runs what ships.
 */
export const SERVER_ARGS = [
  '--enable-source-maps',
  '--max-semi-space-size=4',
  '--expose-gc',
  'dist/server/main.js',
];
export const CLI_ARGS = ['--enable-source-maps', 'dist/server/cli.js'];

/** Compiles the server unless dist/server is newer than its sources. */
export function ensureServerBuild(): void {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
}
