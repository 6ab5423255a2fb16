import { asSystem, withTenant } from '../../db/tenant';
import type { Database, Queryable } from '../../db/types';
import { AppError, badRequest, conflict, notFound } from '../../lib/app-error';
import { newId } from '../../lib/crypto';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';
import { insertNotifications } from '../notifications/notifications.repo';
import { findSession, listFacts, listSteps, type StepRow } from '../sessions/sessions.repo';
import { findArticle } from './articles.repo';
import { saveArticle } from './articles.service';
import { assertMayCurateKnowledge } from './knowledge.permissions';
import { buildDraft, type DraftSource, type DraftStep } from './proposal-draft';
import { clip } from './proposal-text';
import * as repo from './proposals.repo';
import { getRunbook, saveRunbook, validateRunbook } from './runbooks.service';

/** Where the bell sends an admin: the web's proposal queue. */
export const PROPOSALS_LINK = '/knowledge/proposals';

const toDraftStep = (s: StepRow): DraftStep => ({
  kind: s.kind,
  source: s.source,
  text: s.content.text ?? '',
  command: s.content.command ?? null,
  expectedOutcome: s.content.expected_outcome ?? null,
  answer: s.answer?.label ?? s.answer?.text ?? (s.answer?.skipped ? 'skipped' : null),
  option: s.answer?.option ?? null,
  outcome: s.outcome,
  note: s.note,
  verification: s.content.verification ?? [],
  actorUserId: s.actor_user_id,
  answeredAt: s.answered_at,
});

async function readSource(tx: Queryable, accountId: string, sessionId: string): Promise<DraftSource | null> {
  const session = await findSession(tx, accountId, sessionId);
  if (!session) return null;
  const [steps, facts, claim] = [
    await listSteps(tx, accountId, sessionId),
    await listFacts(tx, accountId, sessionId),
    await repo.findClaim(tx, accountId, sessionId),
  ];
  return {
    sessionId,
    problem: session.intake.problem ?? '',
    problemSummary: session.problem_summary,
    problemDomain: session.problem_domain,
    rootCause: session.root_cause ?? '',
    resolution: session.resolution_summary ?? '',
    facts: facts.map((f) => f.text),
    steps: steps.map(toDraftStep),
    claim: claim ? { userId: claim.user_id, name: claim.name, claimedAt: claim.claimed_at } : null,
  };
}

/** Sessions resolved longer ago than this are not drafted any more. */
const LOOKBACK_MS = 30 * 86_400_000;

/**
 * Resolved sessions of any account (system path) that qualify and still have no proposal, oldest
 * first, back to the look-back window: what a crash or another process left undrafted. `skip`
 * leaves out sessions already tried.
 */
export function sessionsAwaitingProposal(db: Database, now: Date, skip: string[], limit: number) {
  const since = new Date(now.getTime() - LOOKBACK_MS);
  return asSystem(db, 'worker', (q) => repo.findSessionsToDraft(q, since, skip, limit));
}

/**
 * Drafts the proposal of one resolved session, in its own tenant transaction (never the resolve's):
 * the draft, its bell notifications to admins and owners, and an audit row commit together. Returns
 * the new proposal's id, or null when the session does not qualify or already has a proposal.
 */
export function draftProposal(db: Database, accountId: string, sessionId: string, now: Date) {
  return withTenant(db, accountId, async (tx) => {
    if (!(await repo.qualifies(tx, accountId, sessionId))) return null;
    const src = await readSource(tx, accountId, sessionId);
    if (!src) return null;
    const draft = buildDraft(src, (rb) => !('problems' in validateRunbook(rb)));
    const id = newId();
    const inserted = await repo.insertProposal(tx, {
      id,
      accountId,
      sessionId,
      kind: draft.kind,
      title: draft.title,
      body: draft.kind === 'article' ? draft.body : null,
      runbook: draft.kind === 'runbook' ? draft.runbook : null,
      tags: draft.tags,
      now,
    });
    if (!inserted) return null;
    const title = `New knowledge proposal: ${clip(draft.title, 70)}`;
    const recipients = await repo.curators(tx, accountId);
    await insertNotifications(
      tx,
      accountId,
      recipients.map((userId) => ({
        userId,
        event: 'knowledge_proposal',
        title,
        link: PROPOSALS_LINK,
        handoffId: null,
      })),
      now,
    );
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: null,
        action: 'knowledge.proposal_drafted',
        targetType: 'proposal',
        targetId: id,
        details: { session_id: sessionId, kind: draft.kind },
      },
      now,
    );
    return id;
  });
}

export function listProposals(ctx: Ctx, status: repo.ProposalStatus) {
  const { accountId } = ctx.actor;
  return withTenant(ctx.db, accountId, (tx) => repo.listProposals(tx, accountId, status, 200));
}

const decided = () => conflict('PROPOSAL_DECIDED', 'This proposal was already approved or dismissed');

/** Locks a pending proposal of the caller's account: 404 outside it, 409 once decided. */
async function lockPending(tx: Queryable, ctx: Ctx, id: string) {
  const locked = await repo.lockProposal(tx, ctx.actor.accountId, id);
  if (!locked) throw notFound('Proposal');
  if (locked.status !== 'pending') throw decided();
  return (await repo.findProposal(tx, ctx.actor.accountId, id))!;
}

async function audit(tx: Queryable, ctx: Ctx, action: string, id: string, details?: Record<string, unknown>) {
  await insertAudit(
    tx,
    {
      accountId: ctx.actor.accountId,
      actorUserId: ctx.actor.id,
      action,
      targetType: 'proposal',
      targetId: id,
      details,
    },
    ctx.now,
  );
}

export type ApproveInput = { title?: string; body?: string; runbook?: Record<string, unknown> };

/**
 * Approves a proposal, optionally edited: the article or runbook is saved and the proposal marked
 * approved in one transaction, so the new item is knowledge as soon as this commits.
 */
export async function approveProposal(ctx: Ctx, id: string, input: ApproveInput) {
  assertMayCurateKnowledge(ctx.actor.role);
  const { accountId, id: userId } = ctx.actor;
  const saved = await withTenant(ctx.db, accountId, async (tx) => {
    const p = await lockPending(tx, ctx, id);
    const provenance = { origin: 'proposal' as const, proposalId: id };
    let result: { kind: repo.ProposalKind; id: string };
    if (p.kind === 'article') {
      if (input.runbook) throw badRequest('This proposal is an article: edit its title or body');
      const articleId = await saveArticle(
        tx,
        accountId,
        { title: input.title ?? p.title, body: input.body ?? p.body ?? '', tags: p.tags },
        provenance,
        userId,
        ctx.now,
      );
      if (!articleId)
        throw conflict(
          'DUPLICATE_ARTICLE',
          'An article with the same title and text already exists in this account',
        );
      result = { kind: 'article', id: articleId };
    } else {
      if (input.body !== undefined) throw badRequest('This proposal is a runbook: edit its title or runbook');
      const raw = { ...(input.runbook ?? p.runbook ?? {}), ...(input.title ? { title: input.title } : {}) };
      const r = await saveRunbook(tx, accountId, raw, provenance, userId, ctx.now);
      if (r.status === 'invalid')
        throw new AppError('INVALID_RUNBOOK', `The runbook is not valid: ${r.problems[0]?.message}`, {
          details: r.problems,
        });
      if (r.status === 'exists')
        throw conflict(
          'RUNBOOK_EXISTS',
          `This account already has a runbook with the id "${r.id}"; choose another id`,
        );
      if (r.status === 'duplicate')
        throw conflict('DUPLICATE_RUNBOOK', 'An identical runbook already exists in this account');
      result = { kind: 'runbook', id: r.id };
    }
    if (!(await repo.decideProposal(tx, accountId, id, { status: 'approved', result, userId, now: ctx.now })))
      throw decided();
    await audit(tx, ctx, 'knowledge.proposal_approved', id, {
      result_kind: result.kind,
      result_id: result.id,
    });
    return {
      proposal: (await repo.findProposal(tx, accountId, id))!,
      article: result.kind === 'article' ? (await findArticle(tx, accountId, result.id))! : null,
      runbookId: result.kind === 'runbook' ? result.id : null,
    };
  });
  return { ...saved, runbook: saved.runbookId ? await getRunbook(ctx, saved.runbookId) : null };
}

export async function dismissProposal(ctx: Ctx, id: string) {
  assertMayCurateKnowledge(ctx.actor.role);
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    await lockPending(tx, ctx, id);
    if (
      !(await repo.decideProposal(tx, accountId, id, {
        status: 'dismissed',
        result: null,
        userId,
        now: ctx.now,
      }))
    )
      throw decided();
    await audit(tx, ctx, 'knowledge.proposal_dismissed', id);
    return (await repo.findProposal(tx, accountId, id))!;
  });
}
