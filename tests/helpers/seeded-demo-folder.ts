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
 * A copy of the run's demo-seeded data folder for a new embedded server, or undefined when the run
 * makes none (PostgreSQL, the browser project) or has not finished making it: then the server seeds
 * its own, as it always did. Never waited for: on a busy machine the making can take longer than a
 * file's start-up may (the first files of a run, the longest, mostly start before it is there).
 * Starting on a copy skips the migrations and the demo seeding: about 12 s of CPU less per server
 * start. The seeding itself is tested in demo.test.ts, and each run's making of the folder is
 * itself a first start with seeding.
 */
export function seededDemoCopy(): string | undefined {
  let folder: string | undefined;
  try {
    folder = inject('seededDemoFolder');
  } catch {
    return undefined; // not in a test file (a global setup): no run folder to copy
  }
  if (!folder || !existsSync(folder)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'rf-seeded-'));
  cpSync(folder, dir, { recursive: true });
  return dir;
}
