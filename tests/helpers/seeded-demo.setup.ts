import { rmSync } from 'node:fs';
import { ensureServerBuild } from './server-build';
import { SEEDED_DEMO_DIR, startServerProcess } from './server-process';

/** Creating the database and seeding the demo: about 16 s on a quiet machine, minutes at a load of 15. */
const SEED_TIMEOUT_MS = 300_000;

/**
 * Vitest global setup of the browser suite: compile the server, then start it once on a fresh
 * embedded database so it migrates and seeds the demo, and keep that folder. Each test file's server
 * starts on a copy of it instead of seeding its own (about 4 s each). First start and seeding
 * themselves are tested in the integration suite.
 */
export default async function setup(): Promise<void> {
  ensureServerBuild();
  rmSync(SEEDED_DEMO_DIR, { recursive: true, force: true });
  const server = await startServerProcess({}, undefined, SEEDED_DEMO_DIR, SEED_TIMEOUT_MS);
  await server.stop({ keepData: true });
}
