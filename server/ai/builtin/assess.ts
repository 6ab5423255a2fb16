import { confidenceLabel } from '../../../shared/sessions';
import type { Assessment, HandoffSnapshot, Source } from '../types';
import { computeConfidence } from './confidence';
import type { KnowledgeBase, AccountKnowledge } from './knowledge';
import { problemDomain, rankLikelyCauses, relevantCandidates } from './likely-causes';

type FollowedState = {
  domain?: string | null;
  runbook_id?: string | null;
  rejected?: string[];
  rejected_causes?: string[];
  visited?: string[];
  followed?: number;
  contradicted?: number;
  failed_fixes?: number;
};

const answered = (s: HandoffSnapshot['steps'][number]) => s.answer !== null || s.outcome !== null;
const MAX_SUGGESTED = 5;

/**
 * The built-in assessment of an escalation, from the snapshot alone. The likely cause and next
 * steps come from the same ranking the session used, in the problem's own domain, minus what the
 * tech ruled out: an escalation never blames a runbook of another domain picked on a weak match.
 */
export async function assessBuiltin(
  kb: KnowledgeBase,
  snap: HandoffSnapshot,
  account: AccountKnowledge,
): Promise<Assessment> {
  const state = snap.engine_state as FollowedState;
  const rejected = new Set(state.rejected ?? []);
  const askedTexts = new Set(snap.steps.map((s) => s.text));
  const retrievalText = [
    snap.problem,
    snap.log ?? '',
    snap.engineer_notes,
    ...snap.facts,
    ...snap.steps.map((s) => s.answer ?? ''),
  ].join('\n');
  const r = await kb.retrieve(retrievalText, account, rejected);
  const domain = r.noMatch ? null : (state.domain ?? problemDomain(r.candidates, null));
  const relevant = relevantCandidates(r, domain);
  const causes = rankLikelyCauses(kb, relevant, retrievalText, new Set(state.rejected_causes ?? []));
  const top = causes[0];

  const followedId = state.runbook_id && !rejected.has(state.runbook_id) ? state.runbook_id : null;
  const current = relevant.find((c) => c.id === followedId) ?? relevant[0];
  const runbook =
    current?.kind === 'runbook'
      ? (current.runbook ?? kb.runbook(current.id))
      : current?.runbook_id
        ? kb.runbook(current.runbook_id)
        : undefined;

  // A lead the knowledge matches only in part (its confidence is "low") is handed over as a possibility.
  const partial = top?.confidence === 'low';
  const likelyCause = top
    ? `${partial ? 'Possibly (a partial match in the knowledge; check it fits): ' : ''}${top.cause}${top.source.kind === 'session' ? ` (as in the resolved session “${top.source.title}”)` : ''}`
    : 'Not enough evidence yet: nothing in the knowledge matches this problem well.';

  const visited = new Set(state.visited ?? []);
  const suggested: string[] = [];
  if (top) suggested.push(`Check ${partial ? 'this possible' : 'the most likely'} cause first: ${top.fix}`);
  if (runbook && (!domain || runbook.domain === domain)) {
    for (const step of runbook.steps) {
      if (suggested.length >= MAX_SUGGESTED - 1) break;
      if (visited.has(`${runbook.id}:${step.id}`) || askedTexts.has(step.text)) continue;
      suggested.push(step.kind === 'action' && step.command ? `${step.text} (${step.command})` : step.text);
    }
  }
  for (const c of causes.slice(1)) {
    if (suggested.length >= MAX_SUGGESTED) break;
    suggested.push(`If not: ${c.cause} — ${c.fix}`);
  }
  if (suggested.length === 0)
    suggested.push('Reproduce the problem with the user and capture the exact error text or code.');

  const whatWeKnow = [
    ...snap.facts,
    ...snap.steps
      .filter((s) => s.kind === 'question' && answered(s) && s.answer)
      .map((s) => `${s.text} — ${s.answer}`),
  ];
  const tried = snap.steps
    .filter((s) => (s.kind === 'action' || s.kind === 'resolution_suggestion') && answered(s))
    .map((s) => ({
      step: s.text,
      outcome: s.outcome ?? (s.answer === 'This fixed it' ? 'worked' : (s.answer ?? 'no outcome')),
    }));

  const runnerUp = relevant.find((c) => c !== current);
  const { confidence } = computeConfidence({
    noMatch: r.noMatch || !current,
    current,
    runnerUp,
    agreeingPastSessions: relevant.filter(
      (c) => c.kind === 'session' && runbook && c.runbook_id === runbook.id,
    ).length,
    followed: state.followed ?? 0,
    contradicted: state.contradicted ?? 0,
    failedFixes: state.failed_fixes ?? 0,
    fixConfirmed: false,
  });

  const sources: Source[] = [];
  for (const c of causes) if (!sources.some((s) => s.id === c.source.id)) sources.push(c.source);
  const untried = suggested.length;
  const summary = [
    `${snap.escalated_by.name} escalated “${snap.problem_summary}” (${snap.problem_domain}, ${snap.priority.toUpperCase()}${snap.ticket ? `, ticket #${snap.ticket}` : ''})`,
    `after ${snap.steps.filter(answered).length} answered step(s) and ${snap.time_spent_hours.toFixed(2)} h.`,
    top
      ? `The evidence points to: ${likelyCause}`
      : 'Nothing in the knowledge matches well, so start from the facts below.',
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
    sources: sources.slice(0, 5),
    provider: 'builtin',
    fallback: false,
  };
}
