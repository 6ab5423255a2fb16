import { createRoute, z } from '@hono/zod-openapi';
import { PERIODS, type Period } from '../../modules/analytics/analytics.service';
import { knowledgeGapsReport } from '../../modules/analytics/knowledge-gaps.service';
import { presentArticle } from '../../modules/knowledge/articles.presenter';
import { Article } from '../../modules/knowledge/articles.schemas';
import type { ProposalRow } from '../../modules/knowledge/proposals.repo';
import * as proposals from '../../modules/knowledge/proposals.service';
import type { RunbookView } from '../../modules/knowledge/runbooks.service';
import { ctxOf } from '../middleware/auth';
import {
  commonErrors,
  cookieAuth,
  createRouter,
  errorResponse,
  IdParam,
  iso,
  jsonBody,
  jsonResponse,
} from '../openapi';

/**
 * The flywheel of SPEC §14: proposals drafted from resolved sessions (any member reads; admins and
 * owners approve or dismiss) and the knowledge-gaps report (senior roles, like the other analytics).
 */

const tags = ['knowledge'];
const Person = z.object({ id: z.string(), name: z.string() });
const Document = z.record(z.string(), z.unknown());

const Proposal = z
  .object({
    id: z.string(),
    kind: z.enum(['article', 'runbook']),
    title: z.string(),
    body: z.string().optional(),
    runbook: Document.optional(),
    tags: z.array(z.string()),
    source_session_ids: z.array(z.string()),
    status: z.enum(['pending', 'approved', 'dismissed']),
    created_at: z.string(),
    decided_at: z.string().nullable(),
    decided_by: Person.nullable(),
    result: z.object({ kind: z.enum(['article', 'runbook']), id: z.string() }).nullable(),
  })
  .openapi('KnowledgeProposal');

const ApproveBody = z
  .object({
    title: z.string().trim().min(1, 'A title is required').max(300).optional(),
    body: z.string().min(1, 'The article needs a text').max(200_000).optional(),
    runbook: Document.optional(),
  })
  .openapi('ApproveProposal');

const Approved = z
  .object({
    proposal: Proposal,
    article: Article.optional(),
    runbook: Document.optional(),
    origin: z.literal('account').optional(),
    source_label: z.string().optional(),
    created_at: z.string().nullable().optional(),
    updated_at: z.string().nullable().optional(),
  })
  .openapi('ApprovedProposal');

const Gap = z.object({
  label: z.string(),
  sessions: z.number().int(),
  escalated: z.number().int(),
  best_match: z.number().nullable(),
  example_session_ids: z.array(z.string()),
  suggested_title: z.string(),
});

const present = (p: ProposalRow) => ({
  id: p.id,
  kind: p.kind,
  title: p.title,
  ...(p.kind === 'article' ? { body: p.body ?? '' } : { runbook: p.runbook ?? {} }),
  tags: p.tags,
  source_session_ids: p.source_session_ids,
  status: p.status,
  created_at: p.created_at.toISOString(),
  decided_at: iso(p.decided_at),
  decided_by: p.decided_by,
  result: p.result_kind && p.result_id ? { kind: p.result_kind, id: p.result_id } : null,
});

const presentRunbook = (v: RunbookView) => ({
  runbook: v.runbook as Record<string, unknown>,
  origin: 'account' as const,
  source_label: v.source_label,
  created_at: iso(v.created_at),
  updated_at: iso(v.updated_at),
});

const list = createRoute({
  method: 'get',
  path: '/knowledge/proposals',
  tags,
  security: cookieAuth,
  summary: 'Drafts of knowledge from resolved sessions, newest first, by status (any member)',
  request: { query: z.object({ status: z.enum(['pending', 'approved', 'dismissed']).default('pending') }) },
  responses: { 200: jsonResponse(z.object({ items: z.array(Proposal) }), 'Proposals'), ...commonErrors },
});
const approve = createRoute({
  method: 'post',
  path: '/knowledge/proposals/{id}/approve',
  tags,
  security: cookieAuth,
  summary: 'Approve a proposal, optionally edited: it becomes an article or runbook at once (admin, owner)',
  request: { params: IdParam, body: jsonBody(ApproveBody) },
  responses: {
    201: jsonResponse(Approved, 'The article or runbook it became'),
    ...commonErrors,
    409: errorResponse(
      'Already decided (PROPOSAL_DECIDED), or the item exists (DUPLICATE_ARTICLE, RUNBOOK_EXISTS)',
    ),
  },
});
const dismiss = createRoute({
  method: 'post',
  path: '/knowledge/proposals/{id}/dismiss',
  tags,
  security: cookieAuth,
  summary: 'Dismiss a proposal (admin, owner)',
  request: { params: IdParam },
  responses: {
    200: jsonResponse(z.object({ proposal: Proposal }), 'Dismissed'),
    ...commonErrors,
    409: errorResponse('Already decided (PROPOSAL_DECIDED)'),
  },
});
const gaps = createRoute({
  method: 'get',
  path: '/analytics/knowledge-gaps',
  tags: ['analytics'],
  security: cookieAuth,
  summary:
    'Clusters of recent escalated or unresolved sessions whose best knowledge match was weak (engineer, admin, owner)',
  request: {
    query: z.object({
      period: z
        .enum(Object.keys(PERIODS) as [Period, ...Period[]], {
          message: 'period must be one of 7d, 30d, 90d',
        })
        .default('30d'),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        period: z.string(),
        from: z.string(),
        to: z.string(),
        weak_match_below: z.number(),
        items: z.array(Gap),
      }),
      'Knowledge gaps',
    ),
    ...commonErrors,
  },
});

export const knowledgeProposalRoutes = createRouter()
  .openapi(list, async (c) => {
    const rows = await proposals.listProposals(ctxOf(c), c.req.valid('query').status);
    return c.json({ items: rows.map(present) }, 200);
  })
  .openapi(approve, async (c) => {
    const r = await proposals.approveProposal(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
    const item = r.article ? { article: presentArticle(r.article) } : presentRunbook(r.runbook!);
    return c.json({ proposal: present(r.proposal), ...item }, 201);
  })
  .openapi(dismiss, async (c) => {
    const p = await proposals.dismissProposal(ctxOf(c), c.req.valid('param').id);
    return c.json({ proposal: present(p) }, 200);
  })
  .openapi(gaps, async (c) => c.json(await knowledgeGapsReport(ctxOf(c), c.req.valid('query').period), 200));
