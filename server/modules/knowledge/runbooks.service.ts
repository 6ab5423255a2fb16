import { runbookSchema } from '../../../shared/knowledge';
import type { Runbook } from '../../ai/runbooks/types';
import { withTenant } from '../../db/tenant';
import type { Queryable } from '../../db/types';
import { AppError, conflict, notFound } from '../../lib/app-error';
import { shippedKnowledgeBase } from '../../ai/builtin/knowledge-base-file';
import { formatPath } from '../../knowledge/load';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';
import { contentHash } from './content-hash';
import { assertMayWriteKnowledge } from './knowledge.permissions';
import * as repo from './runbooks.repo';

export type RunbookProblem = { path: string; message: string };

/** Validates a runbook document with the published schema; problems name the offending path. */
export function validateRunbook(raw: unknown): { runbook: Runbook } | { problems: RunbookProblem[] } {
  const r = runbookSchema.safeParse(raw);
  if (r.success) return { runbook: r.data };
  return { problems: r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
}

const invalid = (problems: RunbookProblem[]) =>
  new AppError('INVALID_RUNBOOK', `The runbook is not valid: ${problems[0]?.message ?? 'unknown problem'}`, {
    details: problems,
  });
const exists = (id: string) =>
  conflict('RUNBOOK_EXISTS', `This account already has a runbook with the id "${id}"; choose another id`);

const runbookHash = (rb: Runbook) => contentHash(JSON.stringify(rb));
const shipped = (id: string) => shippedKnowledgeBase().runbook(id);

export type RunbookProvenance =
  | { origin: 'written' }
  | { origin: 'file'; file: string }
  | { origin: 'proposal'; proposalId: string }
  | { origin: 'fork'; from: string };

export type SaveRunbookResult =
  | { status: 'created'; id: string }
  | { status: 'duplicate' }
  | { status: 'exists'; id: string }
  | { status: 'invalid'; problems: RunbookProblem[] };

/**
 * Saves one account runbook inside the caller's tenant transaction: the path the editor, file
 * imports, forks and approved proposals share. Identical content already held is 'duplicate'.
 */
export async function saveRunbook(
  tx: Queryable,
  accountId: string,
  raw: unknown,
  provenance: RunbookProvenance,
  userId: string | null,
  now: Date,
): Promise<SaveRunbookResult> {
  const checked = validateRunbook(raw);
  if ('problems' in checked) return { status: 'invalid', problems: checked.problems };
  const { runbook } = checked;
  const hash = runbookHash(runbook);
  if (await repo.hasRunbookWithHash(tx, accountId, hash)) return { status: 'duplicate' };
  const inserted = await repo.insertRunbook(tx, accountId, {
    runbook,
    origin: provenance.origin,
    originRef:
      provenance.origin === 'file'
        ? provenance.file
        : provenance.origin === 'proposal'
          ? provenance.proposalId
          : provenance.origin === 'fork'
            ? provenance.from
            : null,
    forkedFrom: provenance.origin === 'fork' ? provenance.from : null,
    contentHash: hash,
    userId,
    now,
  });
  return inserted ? { status: 'created', id: runbook.id } : { status: 'exists', id: runbook.id };
}

async function audit(tx: Queryable, ctx: Ctx, action: string, id: string) {
  await insertAudit(
    tx,
    {
      accountId: ctx.actor.accountId,
      actorUserId: ctx.actor.id,
      action,
      targetType: 'runbook',
      targetId: id,
    },
    ctx.now,
  );
}

export async function createRunbook(ctx: Ctx, raw: unknown) {
  assertMayWriteKnowledge(ctx.actor.role);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const r = await saveRunbook(tx, accountId, raw, { origin: 'written' }, userId, ctx.now);
    if (r.status === 'invalid') throw invalid(r.problems);
    if (r.status === 'duplicate')
      throw conflict('DUPLICATE_RUNBOOK', 'An identical runbook already exists in this account');
    if (r.status === 'exists') throw exists(r.id);
    await audit(tx, ctx, 'knowledge.runbook_created', r.id);
    return (await repo.findRunbook(tx, accountId, r.id))!;
  });
}

export async function updateRunbook(ctx: Ctx, id: string, raw: unknown) {
  assertMayWriteKnowledge(ctx.actor.role);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    // Which runbook first (so another account's id answers 404 whatever the body), then the body.
    if (!(await repo.findRunbook(tx, accountId, id))) throw shipped(id) ? forkFirst() : notFound('Runbook');
    const checked = validateRunbook(raw);
    if ('problems' in checked) throw invalid(checked.problems);
    const { runbook } = checked;
    if (runbook.id !== id)
      throw invalid([{ path: 'id', message: `the id cannot change (this runbook is "${id}")` }]);
    await repo.updateRunbook(tx, accountId, id, {
      runbook,
      contentHash: runbookHash(runbook),
      userId,
      now: ctx.now,
    });
    await audit(tx, ctx, 'knowledge.runbook_updated', id);
    return (await repo.findRunbook(tx, accountId, id))!;
  });
}

const forkFirst = () =>
  conflict('SHIPPED_RUNBOOK', 'Shipped runbooks cannot be changed; fork it to make an editable copy');

export async function deleteRunbook(ctx: Ctx, id: string) {
  assertMayWriteKnowledge(ctx.actor.role);
  const { accountId } = ctx.actor;
  await withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.deleteRunbook(tx, accountId, id))) throw shipped(id) ? forkFirst() : notFound('Runbook');
    await audit(tx, ctx, 'knowledge.runbook_deleted', id);
  });
}

/** Copies a shipped runbook into the account under the same id: the copy replaces it for this account. */
export async function forkRunbook(ctx: Ctx, id: string) {
  assertMayWriteKnowledge(ctx.actor.role);
  const original = shipped(id);
  if (!original) throw notFound('Shipped runbook');
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const r = await saveRunbook(tx, accountId, original, { origin: 'fork', from: id }, userId, ctx.now);
    if (r.status !== 'created')
      throw conflict('RUNBOOK_EXISTS', 'This account already has its own copy of this runbook');
    await audit(tx, ctx, 'knowledge.runbook_forked', id);
    return (await repo.findRunbook(tx, accountId, id))!;
  });
}

export type RunbookView = {
  runbook: Runbook;
  origin: 'shipped' | 'account';
  forked_from: string | null;
  source_label: string;
  created_at: Date | null;
  updated_at: Date | null;
};

const SOURCE_LABELS: Record<repo.RunbookOrigin, (ref: string | null) => string> = {
  written: () => 'Written here',
  file: (ref) => `Imported from ${ref ?? 'a file'}`,
  proposal: () => 'Approved from a proposal',
  fork: (ref) => `Forked from the shipped runbook ${ref ?? ''}`.trim(),
};

const accountView = (r: repo.AccountRunbookRow): RunbookView => ({
  runbook: r.document,
  origin: 'account',
  forked_from: r.forked_from,
  source_label: SOURCE_LABELS[r.origin](r.origin_ref),
  created_at: r.created_at,
  updated_at: r.updated_at,
});
const shippedView = (rb: Runbook): RunbookView => ({
  runbook: rb,
  origin: 'shipped',
  forked_from: null,
  source_label: 'Shipped with ResolutionFlow',
  created_at: null,
  updated_at: null,
});

/** The account's copy when it has one, else the shipped runbook. */
export function getRunbook(ctx: Ctx, id: string): Promise<RunbookView> {
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const own = await repo.findRunbook(tx, accountId, id);
    if (own) return accountView(own);
    const rb = shipped(id);
    if (!rb) throw notFound('Runbook');
    return shippedView(rb);
  });
}

/** Account runbooks and the shipped ones they do not replace, filtered by words and origin. */
export async function listRunbooks(ctx: Ctx, filter: { q?: string; origin?: 'shipped' | 'account' }) {
  const { accountId } = ctx.actor;
  const own = await withTenant(ctx.db, accountId, (tx) => repo.listRunbooks(tx, accountId));
  const ownIds = new Set(own.map((r) => r.id));
  const views = [
    ...own.map(accountView),
    ...shippedKnowledgeBase()
      .runbookList()
      .filter((rb) => !ownIds.has(rb.id))
      .map(shippedView),
  ];
  const words = (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return views
    .filter((v) => !filter.origin || v.origin === filter.origin)
    .filter((v) => {
      const text = repo.runbookSearchText(v.runbook).toLowerCase() + ' ' + v.runbook.id;
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) =>
      a.origin === b.origin
        ? a.runbook.title.localeCompare(b.runbook.title)
        : a.origin === 'account'
          ? -1
          : 1,
    );
}
