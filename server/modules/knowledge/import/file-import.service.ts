import { withTenant } from '../../../db/tenant';
import { notFound } from '../../../lib/app-error';
import { newId } from '../../../lib/crypto';
import { insertAudit } from '../../audit/audit.repo';
import type { Ctx } from '../../context';
import * as repo from '../imports.repo';
import { assertMayWriteKnowledge } from '../knowledge.permissions';
import { FILE_IMPORT_LEASE_MS, type FileImportQueue } from './file-import-runner';
import { planUpload, type UploadedFile } from './upload';

/**
 * Starts a file import (SPEC §14): archives are listed so the total is known and an upload of too
 * many files is refused before anything is stored; the row is created with a lease (a live process
 * holds it) and the upload is handed to the runner. Answers at once; the files are read afterwards.
 */
export async function startFileImport(ctx: Ctx, files: UploadedFile[], queue: FileImportQueue) {
  assertMayWriteKnowledge(ctx.actor.role);
  const plan = await planUpload(files);
  const { accountId, id: userId } = ctx.actor;
  const id = newId();
  const row = await withTenant(ctx.db, accountId, async (tx) => {
    await repo.insertImport(tx, { id, accountId, kind: 'files', total: plan.total, userId, now: ctx.now });
    await repo.renewLeases(tx, [id], new Date(ctx.now.getTime() + FILE_IMPORT_LEASE_MS));
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: userId,
        action: 'knowledge.import_started',
        targetType: 'knowledge_import',
        targetId: id,
        details: { files: plan.parts.map((p) => p.name).slice(0, 50), total: plan.total },
      },
      ctx.now,
    );
    return (await repo.findImport(tx, accountId, id))!;
  });
  queue.enqueue({ importId: id, accountId, userId, plan });
  return row;
}

/** One import of the account, files or PSA history (any member reads progress). */
export function getImport(ctx: Ctx, id: string) {
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const row = await repo.findImport(tx, accountId, id);
    if (!row) throw notFound('Import');
    return row;
  });
}

/** The account's recent imports of both kinds, newest first. */
export function listImports(ctx: Ctx) {
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, (tx) => repo.listImports(tx, accountId));
}
