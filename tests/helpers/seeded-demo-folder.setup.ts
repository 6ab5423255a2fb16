import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServerProcess } from './server-process';

const ROOT = join(process.cwd(), '.tmp/seeded-demo-runs');

/** One making per vitest process, shared by the projects that list this setup (integration, faults). */
type Making = { folder: string; done: Promise<void> };
const shared = globalThis as typeof globalThis & { __rfSeededDemoFolder?: Making };

/**
 * Starts the server once on an empty embedded data folder, so it migrates and seeds the demo, and
 * keeps that folder for the run: each test file's fresh embedded server then starts on a copy of it
 * (seededDemoCopy). Made in the background: the setup returns at once; servers started before the
 * folder is there wait for it a while (SEEDED_DEMO_WAIT_MS), then seed their own as before. Its own
 * folder per run (not the browser suite's .tmp/seeded-demo), so runs of different suites or engineers
 * never remove each other's. PostgreSQL runs have no use for it: their servers seed the database each
 * file clones.
 *
 * Only when SHARED_DEMO_SEED=1 (scripts/test-all.mjs sets it): the making costs one seeding start
 * (~19 s of CPU on a busy machine), which pays off over a whole pass, not in a run of one or two files.
 */
export default function setup(project: TestProject): (() => Promise<void>) | undefined {
  if (process.env.DATABASE_URL || process.env.SHARED_DEMO_SEED !== '1') return undefined;
  shared.__rfSeededDemoFolder ??= make();
  const { folder, done } = shared.__rfSeededDemoFolder;
  project.provide('seededDemoFolder', folder);
  return async () => {
    await done;
    rmSync(folder, { recursive: true, force: true });
  };
}

/** Folders of runs that ended without their teardown (killed) are removed after a day. */
const STALE_MS = 24 * 3600_000;

function make(): Making {
  mkdirSync(ROOT, { recursive: true });
  for (const name of readdirSync(ROOT)) {
    const path = join(ROOT, name);
    if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
  const folder = join(ROOT, `${process.pid}-${Date.now()}`);
  // Seeded under another name and renamed when the server has stopped: a copy is never taken of a
  // folder a server still writes.
  const partial = `${folder}.partial`;
  const done = (async () => {
    try {
      const server = await startServerProcess({}, undefined, partial, 300_000);
      await server.stop({ keepData: true });
      renameSync(partial, folder);
    } catch (err) {
      rmSync(partial, { recursive: true, force: true });
      console.warn(`The seeded demo folder could not be made; servers seed their own: ${String(err)}`);
    }
  })();
  return { folder, done };
}
