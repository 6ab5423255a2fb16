import { rmSync } from 'node:fs';
import { ensureServerBuild } from './server-build';
import { SEEDED_DEMO_DIR, startServerProcess } from './server-process';

/**
 * Vitest global setup of the browser suite: compile the server, then start it once on a fresh
 * embedded database so it migrates and seeds the demo, and keep that folder. Each test file's server
 * starts on a copy of it instead of seeding its own (about 4 s each). First start and seeding
 * themselves are tested in the integration suite.
 */
export default async function setup(): Promise<void> {
  ensureServerBuild();
  rmSync(SEEDED_DEMO_DIR, { recursive: true, force: true });
  const server = await startServerProcess({}, undefined, SEEDED_DEMO_DIR);
  await server.stop({ keepData: true });
}
