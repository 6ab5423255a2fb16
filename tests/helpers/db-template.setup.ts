import { ensurePgliteTemplate, ensurePostgresTemplate } from './db-template';

/** Vitest global setup: migrate once per run, before any test file clones the template. */
export default async function setup(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) await ensurePostgresTemplate(adminUrl);
  else await ensurePgliteTemplate();
}
