import type { TestProject } from 'vitest/node';
import { ensurePgliteTemplate, ensurePostgresTemplate } from './db-template';
import {
  dropPostgresDemoTemplate,
  makePostgresDemoTemplate,
  postgresDemoTemplateName,
} from './postgres-demo-template';

declare module 'vitest' {
  interface ProvidedContext {
    /** The run's demo-seeded PostgreSQL template once made (createTestDatabase({ demo: true })). */
    postgresDemoTemplate?: string;
  }
}

/** One demo template per vitest process, shared by the projects that list this setup. */
type Making = { name: string; done: Promise<void> };
const shared = globalThis as typeof globalThis & { __rfPostgresDemoTemplate?: Making };

/**
 * Vitest global setup: migrate once per run, before any test file clones the template. On
 * PostgreSQL also seed a copy with the demo, in the background (the setup does not wait): files
 * whose server would seed the demo into their fresh database clone that copy instead once it is there.
 * Only when SHARED_DEMO_SEED=1 (scripts/test-all.mjs sets it): worth its one seeding over a whole
 * pass, not in a run of a few files.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    await ensurePgliteTemplate();
    return undefined;
  }
  await ensurePostgresTemplate(adminUrl);
  if (process.env.SHARED_DEMO_SEED !== '1') return undefined;
  shared.__rfPostgresDemoTemplate ??= makeInBackground(adminUrl);
  const { name, done } = shared.__rfPostgresDemoTemplate;
  project.provide('postgresDemoTemplate', name);
  return async () => {
    await done;
    await dropPostgresDemoTemplate(adminUrl, name);
  };
}

function makeInBackground(adminUrl: string): Making {
  const name = postgresDemoTemplateName();
  const done = makePostgresDemoTemplate(adminUrl, name).catch((err: unknown) => {
    // The files' servers then seed their own databases, as without the template.
    console.warn(`The demo-seeded PostgreSQL template could not be made: ${String(err)}`);
  });
  return { name, done };
}
