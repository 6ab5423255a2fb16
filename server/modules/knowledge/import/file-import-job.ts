import type { Database } from '../../../db/types';
import type { ForegroundActivity } from '../../../jobs/foreground';
import type { Logger } from '../../../lib/logger';
import { convertFile } from './convert';
import {
  type ExpansionBudget,
  expandArchive,
  fileLabel,
  type Outcome,
  yieldToRequests,
} from './expand-archive';
import { type ImportOwner, saveBatch } from './import-batch';
import { IMPORT_LIMITS, REASONS } from './limits';
import { isUnsafeName, plannedCount, type PlannedPart, type UploadPlan } from './upload';

export type FileImportJob = ImportOwner & { plan: UploadPlan };

export type JobDeps = {
  db: Database;
  logger: Logger;
  clock: () => Date;
  /** When the lease taken now would run out. */
  leaseUntil: () => Date;
  batchSize: number;
  foreground?: ForegroundActivity;
};

const failed = (file: string, reason: string): Outcome[] => [
  { file: fileLabel(file), converted: { kind: 'failure', reason } },
];

/**
 * What one uploaded part becomes: one outcome for a plain file, one per entry for an archive, or one
 * failure for an archive refused whole (its planned lines then shrink to that one: `shrink`).
 */
async function partOutcomes(
  part: PlannedPart,
  budget: ExpansionBudget,
  shrink: (lines: number) => void,
): Promise<Outcome[]> {
  if (!part.archive) {
    if (isUnsafeName(part.name)) return failed(part.name, REASONS.unsafePath);
    const converted = await convertFile(part.name, part.bytes);
    await yieldToRequests();
    return [{ file: fileLabel(part.name), converted }];
  }
  if ('error' in part.archive) return failed(part.name, part.archive.error);
  const expanded = await expandArchive(part.name, part.bytes, part.archive, budget);
  if ('outcomes' in expanded) return expanded.outcomes;
  shrink(plannedCount(part.archive) - 1);
  return failed(part.name, expanded.failure);
}

/**
 * Runs one upload: converts file after file and saves them in batches, recording progress with each
 * batch so the import can be watched. Conversion happens outside any transaction; a transaction
 * lasts one batch. Returns 'interrupted' when asked to stop between files or batches.
 */
export async function runFileImport(
  d: JobDeps,
  job: FileImportJob,
  shouldStop: () => boolean,
): Promise<'done' | 'interrupted'> {
  let total = job.plan.total;
  let totalChanged = false;
  let batch: Outcome[] = [];
  const budget: ExpansionBudget = { left: IMPORT_LIMITS.expandedBytes };
  const flush = async () => {
    const started = performance.now();
    await saveBatch(
      d.db,
      job,
      batch,
      { total: totalChanged ? total : undefined, leaseUntil: d.leaseUntil() },
      d.clock(),
      d.logger,
    );
    batch = [];
    totalChanged = false;
    // Requests people are waiting for go first; the import keeps a fixed share of the time.
    await d.foreground?.giveWay(performance.now() - started);
  };

  await flush(); // marks the import running
  for (const part of job.plan.parts) {
    if (shouldStop()) return 'interrupted';
    const outcomes = await partOutcomes(part, budget, (lines) => {
      total -= lines;
      totalChanged = true;
    });
    // The part's bytes are no longer needed: let them go before the batches are saved.
    part.bytes = Buffer.alloc(0);
    for (const o of outcomes) {
      batch.push(o);
      if (batch.length < d.batchSize) continue;
      await flush();
      if (shouldStop()) return 'interrupted';
    }
  }
  if (batch.length > 0 || totalChanged) await flush();
  return 'done';
}
