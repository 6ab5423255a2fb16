import { withTenant } from '../db/tenant';
import { newId } from '../lib/crypto';
import { buildDraft, type DraftSource } from '../modules/knowledge/proposal-draft';
import { validateRunbook } from '../modules/knowledge/runbooks.service';
import { WEAK_MATCH } from '../modules/knowledge/weak-match';
import type { DemoContext } from './demo';
import { planDemoHistory, type DemoHistory } from './demo-history-plan';
import { insertHistory, insertHistoryProposals, type HistoryProposal } from './demo-history.repo';

const DAY = 86_400_000;
/** Proposals are kept for every qualifying session of this window: a little more than the drafter's look-back. */
const PROPOSAL_WINDOW_MS = 35 * DAY;
/** The newest proposals are left for the owner to review; older ones were dismissed. */
const PENDING_PROPOSALS = 3;

/**
 * The demo account's past: ninety days of sessions and escalations (see demo-history-plan.ts), so
 * analytics, the savings estimate and the knowledge gaps have something true to say on first start.
 * Only Northwind IT gets it; the second account stays small, as a tenant to test isolation against.
 */
export async function seedDemoHistory(demo: DemoContext) {
  const account = demo.accounts.find((a) => a.name === 'Northwind IT');
  if (!account) return;
  const byRole = (role: string) =>
    [...account.usersByEmail.entries()]
      .filter(([, u]) => u.role === role)
      .map(([email, u]) => ({ email, ...u }));
  const techs = byRole('tech').map((u) => u.id);
  const seniors = byRole('engineer').map((u) => u.id);
  const owner = byRole('owner')[0];
  const names = new Map([...account.usersByEmail.values()].map((u) => [u.id, u.name]));
  const history = planDemoHistory(demo.now, { techs, seniors, names });
  const proposals = owner ? proposalsFor(history, demo.now, owner.id, names) : [];

  await withTenant(demo.db, account.accountId, async (tx) => {
    await insertHistory(tx, account.accountId, history);
    await insertHistoryProposals(tx, account.accountId, proposals);
  });
}

/**
 * The knowledge proposals the product would have drafted from the recent history (escalated
 * sessions, and those the knowledge matched weakly), written with the product's own drafting rules,
 * so the proposal drafter finds nothing left to do on first start.
 */
function proposalsFor(h: DemoHistory, now: Date, ownerId: string, names: Map<string, string>) {
  const escalatedClaims = new Map(h.handoffs.map((x) => [x.session_id, x]));
  const stepsOf = groupBySession(h.steps);
  const factsOf = groupBySession(h.facts);
  const since = now.getTime() - PROPOSAL_WINDOW_MS;
  const qualifying = h.sessions.filter(
    (s) =>
      s.status === 'resolved' &&
      s.resolved_at!.getTime() >= since &&
      (escalatedClaims.has(s.id) || s.best_match < WEAK_MATCH),
  );
  const out: HistoryProposal[] = qualifying.map((s) => {
    const handoff = escalatedClaims.get(s.id);
    const src: DraftSource = {
      sessionId: s.id,
      problem: s.intake.problem,
      problemSummary: s.problem_summary,
      problemDomain: s.problem_domain,
      rootCause: s.root_cause ?? '',
      resolution: s.resolution_summary ?? '',
      facts: (factsOf.get(s.id) ?? []).map((f) => f.text),
      steps: (stepsOf.get(s.id) ?? []).map((st) => ({
        kind: st.kind,
        source: st.source,
        text: st.content.text,
        command: st.content.command ?? null,
        expectedOutcome: st.content.expected_outcome ?? null,
        answer: st.answer?.label ?? null,
        option: st.answer?.option ?? null,
        outcome: st.outcome,
        note: null,
        verification: [],
        actorUserId: st.actor_user_id,
        answeredAt: st.answered_at,
      })),
      claim:
        handoff?.claimed_by && handoff.claimed_at
          ? {
              userId: handoff.claimed_by,
              name: names.get(handoff.claimed_by) ?? '',
              claimedAt: handoff.claimed_at,
            }
          : null,
    };
    const draft = buildDraft(src, (rb) => !('problems' in validateRunbook(rb)));
    const created = new Date(s.resolved_at!.getTime() + 1000);
    return {
      id: newId(),
      session_id: s.id,
      kind: draft.kind,
      title: draft.title,
      body: draft.kind === 'article' ? draft.body : null,
      runbook: draft.kind === 'runbook' ? draft.runbook : null,
      tags: draft.tags,
      status: 'dismissed',
      decided_by: ownerId,
      decided_at: new Date(Math.min(created.getTime() + DAY, now.getTime() - 60_000)),
      created_at: created,
    };
  });
  out.sort((a, b) => b.created_at.getTime() - a.created_at.getTime());
  for (const p of out.slice(0, PENDING_PROPOSALS))
    Object.assign(p, { status: 'pending', decided_by: null, decided_at: null });
  return out;
}

function groupBySession<T extends { session_id: string }>(rows: T[]) {
  const out = new Map<string, T[]>();
  for (const row of rows) out.set(row.session_id, [...(out.get(row.session_id) ?? []), row]);
  return out;
}
