import type { ImportRow } from './imports.repo';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An import row as the API shows it; the cursor and lease stay inside. */
export const presentImport = (r: ImportRow) => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  total: r.total,
  done: r.done,
  imported: r.imported,
  skipped: r.skipped,
  failed: r.failed,
  error: r.error,
  since: iso(r.since),
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
  finished_at: iso(r.finished_at),
});
