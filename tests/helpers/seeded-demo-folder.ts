import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  interface ProvidedContext {
    /**
     * Where the run's demo-seeded embedded data folder appears once made (seeded-demo-folder.setup.ts):
     * integration and fault runs on PGlite only; absent elsewhere.
     */
    seededDemoFolder?: string;
  }
}

/**
 * How long a server start waits for the run's folder while it is still being made; then it seeds
 * its own. Bounded so that a start still fits its hook's time on a busy machine.
 */
export const SEEDED_DEMO_WAIT_MS = 30_000;

/**
 * A copy of the run's demo-seeded data folder for a new embedded server, or undefined when the run
 * makes none (PostgreSQL, the browser project) or its making failed or is not done within
 * SEEDED_DEMO_WAIT_MS: then the server seeds its own, as it always did. Waited for while in progress
 * (its `.partial` folder is there): the first files of a run, the longest, start before it is done,
 * and a server seeding its own costs more CPU than the making has left to do. Starting on a copy
 * skips the migrations and the demo seeding: about 12 s of CPU less per server start. The seeding
 * itself is tested in demo.test.ts, and each run's making of the folder is itself a first start with
 * seeding.
 */
export async function seededDemoCopy(): Promise<string | undefined> {
  let folder: string | undefined;
  try {
    folder = inject('seededDemoFolder');
  } catch {
    return undefined; // not in a test file (a global setup): no run folder to copy
  }
  if (!folder) return undefined;
  const deadline = Date.now() + SEEDED_DEMO_WAIT_MS;
  // Renamed from `.partial` when done, removed if the making failed.
  while (!existsSync(folder) && existsSync(`${folder}.partial`) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 250));
  if (!existsSync(folder)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'rf-seeded-'));
  cpSync(folder, dir, { recursive: true });
  return dir;
}
