import { confidenceLabel } from '../../../shared/sessions';
import type { Assessment, HandoffSnapshot, Source } from '../types';
import { computeConfidence } from './confidence';
import type { KnowledgeBase, PastSessionSearch } from './knowledge';

type FollowedState = { runbook_id?: string | null; rejected?: string[]; rejected_causes?: string[]; visited?: string[]; followed?: number; contradicted?: number; failed_fixes?: number };

const answered = (s: HandoffSnapshot['steps'][number]) => s.answer !== null || s.outcome !== null;

/**
 * The built-in assessment of an escalation, from the snapshot alone: what we know, what was tried
 * with its outcome, the most likely cause still standing, the checks not yet done, and a confidence
 * computed by the same rules as during the session.
 */
export async function assessBuiltin(kb: KnowledgeBase, snap: HandoffSnapshot, searchPast: PastSessionSearch): Promise<Assessment> {
  const state = snap.engine_state as FollowedState;
  const rejected = new Set(state.rejected ?? []);
  const askedTexts = new Set(snap.steps.map((s) => s.text));
  const retrievalText = [snap.problem, snap.log ?? '', snap.engineer_notes, ...snap.facts, ...snap.steps.map((s) => s.answer ?? '')].join('\n');
  const r = await kb.retrieve(retrievalText, searchPast, rejected);

  const followedId = state.runbook_id && !rejected.has(state.runbook_id) ? state.runbook_id : null;
  const current = (followedId ? r.candidates.find((c) => c.id === followedId) : undefined) ?? r.candidates[0];
  const runbook = current?.kind === 'runbook' ? kb.runbook(current.id) : current?.runbook_id ? kb.runbook(current.runbook_id) : undefined;
  const rejectedCauses = new Set(state.rejected_causes ?? []);
  const standingCause = runbook?.causes.find((c) => !rejectedCauses.has(`${runbook.id}:${c.id}`));

  let likelyCause = 'Not enough evidence yet: no runbook or past session matches this problem well.';
  if (!r.noMatch && current?.kind === 'session' && current.past?.root_cause) {
    likelyCause = `${current.past.root_cause} (as in the resolved session “${current.title}”).`;
  } else if (!r.noMatch && standingCause) {
    likelyCause = standingCause.text;
  }

  const visited = new Set(state.visited ?? []);
  const suggested: string[] = [];
  if (!r.noMatch && current?.kind === 'session' && current.past?.resolution_summary) suggested.push(`Try the fix that worked before: ${current.past.resolution_summary}`);
  if (!r.noMatch && runbook) {
    for (const step of runbook.steps) {
      if (visited.has(`${runbook.id}:${step.id}`) || askedTexts.has(step.text)) continue;
      suggested.push(step.kind === 'action' && step.command ? `${step.text} (${step.command})` : step.text);
      if (suggested.length >= 4) break;
    }
    if (standingCause) suggested.push(`If confirmed: ${standingCause.fix}`);
  }
  if (suggested.length === 0) suggested.push('Reproduce the problem with the user and capture the exact error text or code.');

  const whatWeKnow = [
    ...snap.facts,
    ...snap.steps.filter((s) => s.kind === 'question' && answered(s) && s.answer).map((s) => `${s.text} — ${s.answer}`),
  ];
  const tried = snap.steps
    .filter((s) => (s.kind === 'action' || s.kind === 'resolution_suggestion') && answered(s))
    .map((s) => ({ step: s.text, outcome: s.outcome ?? (s.answer === 'This fixed it' ? 'worked' : (s.answer ?? 'no outcome')) }));

  const runnerUp = r.candidates.find((c) => c !== current);
  const { confidence } = computeConfidence({
    noMatch: r.noMatch,
    current,
    runnerUp,
    agreeingPastSessions: r.candidates.filter((c) => c.kind === 'session' && runbook && c.runbook_id === runbook.id).length,
    followed: state.followed ?? 0,
    contradicted: state.contradicted ?? 0,
    failedFixes: state.failed_fixes ?? 0,
    fixConfirmed: false,
  });

  const sources: Source[] = r.noMatch ? [] : r.candidates.slice(0, 3).map((c) => ({ kind: c.kind, id: c.id, title: c.title }));
  const untried = suggested.length;
  const summary = [
    `${snap.escalated_by.name} escalated “${snap.problem_summary}” (${snap.problem_domain}, ${snap.priority.toUpperCase()}${snap.ticket ? `, ticket #${snap.ticket}` : ''})`,
    `after ${snap.steps.filter(answered).length} answered step(s) and ${snap.time_spent_hours.toFixed(2)} h.`,
    r.noMatch ? 'Nothing in the knowledge base matches well, so start from the facts below.' : `The evidence points to: ${likelyCause}`,
    untried ? `${untried} suggested next step(s) have not been tried yet.` : '',
  ]
    .filter(Boolean)
    .join(' ');

  return {
    summary_prose: summary,
    what_we_know: whatWeKnow,
    tried,
    likely_cause: likelyCause,
    suggested_steps: suggested,
    confidence: confidenceLabel(confidence),
    sources,
    provider: 'builtin',
    fallback: false,
  };
}
