import { withSavepoint } from '../../../db/savepoint';
import { withTenant } from '../../../db/tenant';
import type { Database, Queryable } from '../../../db/types';
import type { Logger } from '../../../lib/logger';
import { saveArticle } from '../articles.service';
import { recordProgress, type ImportFailure } from '../imports.repo';
import { saveRunbook } from '../runbooks.service';
import type { Outcome } from './expand-archive';

/** Who the import belongs to: every write runs in that account's tenant transaction. */
export type ImportOwner = { importId: string; accountId: string; userId: string };

type Saved = 'imported' | 'skipped' | { reason: string };

/** How many of a runbook's problems a failure line lists; the rest are counted. */
const PROBLEMS_SHOWN = 3;

async function saveOne(tx: Queryable, owner: ImportOwner, o: Outcome, now: Date): Promise<Saved> {
  const c = o.converted;
  const provenance = { origin: 'file' as const, file: o.file };
  if (c.kind === 'failure') return { reason: c.reason };
  if (c.kind === 'article') {
    const id = await saveArticle(
      tx,
      owner.accountId,
      { title: c.title, body: c.body, tags: c.tags },
      provenance,
      owner.userId,
      now,
    );
    // Identical content already in the account (or earlier in this upload) is skipped, not failed.
    return id ? 'imported' : 'skipped';
  }
  const r = await saveRunbook(tx, owner.accountId, c.raw, provenance, owner.userId, now);
  if (r.status === 'created') return 'imported';
  if (r.status === 'duplicate') return 'skipped';
  if (r.status === 'exists')
    return { reason: `a different runbook with the id "${r.id}" already exists in this account` };
  const shown = r.problems
    .slice(0, PROBLEMS_SHOWN)
    .map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  const more = r.problems.length - shown.length;
  return { reason: `not a valid runbook: ${shown.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}` };
}

/**
 * Saves one batch of converted files and its progress in one tenant transaction. Each file runs in
 * a savepoint: one that the database refuses fails alone, the rest of the batch is kept.
 */
export async function saveBatch(
  db: Database,
  owner: ImportOwner,
  outcomes: Outcome[],
  progress: { total?: number; leaseUntil: Date },
  now: Date,
  logger: Logger,
) {
  await withTenant(db, owner.accountId, async (tx) => {
    let imported = 0;
    let skipped = 0;
    const failures: ImportFailure[] = [];
    for (const o of outcomes) {
      const saved = await withSavepoint(
        tx,
        'import_file',
        () => saveOne(tx, owner, o, now),
        (err): Saved => {
          logger.warn('imported file could not be saved', {
            import_id: owner.importId,
            error: (err as Error).message,
          });
          return { reason: 'the file could not be saved' };
        },
      );
      if (saved === 'imported') imported++;
      else if (saved === 'skipped') skipped++;
      else failures.push({ file: o.file, reason: saved.reason });
    }
    await recordProgress(
      tx,
      owner.accountId,
      owner.importId,
      {
        total: progress.total,
        done: outcomes.length,
        imported,
        skipped,
        failures,
        leaseUntil: progress.leaseUntil,
      },
      now,
    );
  });
}
