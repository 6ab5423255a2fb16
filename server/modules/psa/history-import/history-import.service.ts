import { withTenant } from '../../../db/tenant';
import { AppError, badRequest, conflict, notFound } from '../../../lib/app-error';
import { newId } from '../../../lib/crypto';
import { insertAudit } from '../../audit/audit.repo';
import type { Ctx } from '../../context';
import * as imports from '../../knowledge/imports.repo';
import { assertMayCurateKnowledge } from '../../knowledge/knowledge.permissions';
import { findConnection } from '../psa.repo';
import { lockAccountImports } from './history-import.repo';

const DEFAULT_PERIOD_DAYS = 365;

/**
 * Workers of this process that want to hear about a new import at once instead of at their next
 * poll (imports started in another process are found by that poll).
 */
const queuedListeners = new Set<() => void>();
export function onHistoryImportQueued(listener: () => void) {
  queuedListeners.add(listener);
  return () => void queuedListeners.delete(listener);
}

/** `since`: a date (its start, UTC) or a date-time; the default reaches back a year. */
export function importSince(raw: string | undefined, now: Date): Date {
  if (raw === undefined) return new Date(now.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000);
  const since = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(since.getTime())) throw badRequest('since is not a date', { field: 'since' });
  if (since >= now) throw badRequest('since must lie in the past', { field: 'since' });
  return since;
}

/**
 * Queues an import of the PSA's closed tickets (SPEC §14): admins and owners, one at a time per
 * account, only with an enabled connection. The worker does the PSA calls; this only records the
 * request, so the answer comes at once.
 */
export async function startHistoryImport(ctx: Ctx, input: { since?: string }) {
  assertMayCurateKnowledge(ctx.actor.role);
  const { accountId, id: userId } = ctx.actor;
  const since = importSince(input.since, ctx.now);
  const row = await withTenant(ctx.db, accountId, async (tx) => {
    await lockAccountImports(tx, accountId);
    const connection = await findConnection(tx, accountId);
    if (!connection?.enabled)
      throw new AppError(
        'PSA_NOT_CONNECTED',
        connection
          ? 'The PSA connection is switched off (Settings → PSA)'
          : 'No PSA connection is set up for this account (Settings → PSA)',
      );
    const running = await imports.findUnfinished(tx, accountId, 'psa_history');
    if (running)
      throw conflict('IMPORT_RUNNING', 'A PSA history import is already running for this account', {
        import_id: running.id,
      });
    const created = await imports.insertImport(tx, {
      id: newId(),
      accountId,
      kind: 'psa_history',
      total: 0,
      since,
      userId,
      now: ctx.now,
    });
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: userId,
        action: 'knowledge.psa_history_import_started',
        targetType: 'knowledge_import',
        targetId: created.id,
        details: { since: since.toISOString() },
      },
      ctx.now,
    );
    return created;
  });
  for (const listener of queuedListeners) listener();
  return row;
}

export async function getHistoryImport(ctx: Ctx, id: string) {
  assertMayCurateKnowledge(ctx.actor.role);
  const { accountId } = ctx.actor;
  const row = await withTenant(ctx.db, accountId, (tx) => imports.findImport(tx, accountId, id));
  if (!row || row.kind !== 'psa_history') throw notFound('Import');
  return row;
}
