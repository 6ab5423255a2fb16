import { ensureServerBuild } from './server-build';

/** Vitest global setup: compile the server once per run, before any test file starts a process. */
export default function setup(): void {
  ensureServerBuild();
}
