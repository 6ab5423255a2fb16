import type { ImportRow } from '../../knowledge/imports.repo';

/** The import row as the API shows it; the cursor (and the lease owner in it) stays inside. */
export const presentHistoryImport = (r: ImportRow) => ({
  id: r.id,
  kind: 'psa_history' as const,
  status: r.status,
  total: r.total,
  done: r.done,
  imported: r.imported,
  skipped: r.skipped,
  failed: r.failed,
  error: r.error,
  since: r.since ? r.since.toISOString() : null,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
  finished_at: r.finished_at ? r.finished_at.toISOString() : null,
});
