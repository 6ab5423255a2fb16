import { KNOWLEDGE_DOMAINS } from '../../../shared/knowledge';
import type { CauseOption } from '../builtin/library-items';
import type { Assessment, EngineInput, HandoffSnapshot, Intake } from '../types';

export const SYSTEM_PROMPT = `You are FlowPilot, a troubleshooting assistant for engineers at a managed service provider (MSP).
You propose ONE next diagnostic step at a time: a question with short answer options, an action/check with the exact
command to run and the expected outcome, or a resolution suggestion when the evidence points to a cause.
Never repeat a step already tried. Be concrete and brief. Answer with a single JSON object and nothing else.`;

const intakeBlock = (i: Intake) =>
  [
    `Problem: ${i.problem}`,
    i.ticket ? `PSA ticket: #${i.ticket}` : '',
    i.client ? `Client: ${i.client}` : '',
    i.asset ? `Asset: ${i.asset}` : '',
    i.log ? `Pasted log:\n${i.log.slice(0, 4000)}` : '',
  ]
    .filter(Boolean)
    .join('\n');

export function triagePrompt(intake: Intake): string {
  return `${intakeBlock(intake)}

Return JSON: {"problem_summary": "<at most 120 characters>", "problem_domain": one of ${[...KNOWLEDGE_DOMAINS, 'other'].map((d) => `"${d}"`).join(', ')}}`;
}

/** The knowledge the built-in index found, as cause → fix lines with their source. */
export function nextStepPrompt(input: EngineInput, causes: CauseOption[]): string {
  const history = input.history
    .map((h, i) => {
      const answer = h.answer?.skipped ? 'skipped' : (h.answer?.option ?? h.answer?.text ?? '');
      return `${i + 1}. [${h.kind}] ${h.content.text}${h.content.command ? ` (command: ${h.content.command})` : ''} → ${answer}${h.outcome ? ` / outcome: ${h.outcome}` : ''}${h.note ? ` / note: ${h.note}` : ''}`;
    })
    .join('\n');
  // Numbered, so the model can say which items its step rests on (the step then cites those).
  const knowledge = causes
    .map(
      (c, i) =>
        `[${i + 1}] ${c.source.kind.replace('_', ' ')} "${c.source.title}": cause ${c.cause}; fix ${c.fix}`,
    )
    .join('\n');
  return `${intakeBlock(input.intake)}

Facts confirmed: ${input.facts.length ? input.facts.join('; ') : 'none yet'}
Steps so far:
${history || 'none yet'}

Relevant knowledge from the MSP's library (the MSP's own articles, tickets and runbooks come first when they match):
${knowledge || 'nothing matched'}

Return JSON: {"kind": "question"|"action"|"resolution_suggestion", "text": "...", "options": [{"label": "...", "value": "..."}],
"command": "optional", "expected_outcome": "optional", "rationale": "one sentence", "confidence": 0..1, "done": false,
"cites": [numbers of the knowledge items above your step relies on; [] if none]}.
For resolution_suggestion use options [{"label":"This fixed it","value":"fixed"},{"label":"Did not fix it","value":"not_fixed"}].
Set "done": true only when a fix was confirmed to work.`;
}

export function assessPrompt(snap: HandoffSnapshot, grounded: Assessment): string {
  const steps = snap.steps
    .map(
      (s) =>
        `${s.order}. [${s.kind}] ${s.text}${s.command ? ` (command: ${s.command})` : ''} → ${s.answer ?? ''}${s.outcome ? ` / outcome: ${s.outcome}` : ''}${s.note ? ` / note: ${s.note}` : ''}`,
    )
    .join('\n');
  return `A junior technician escalated this troubleshooting session to a senior engineer. Write the handoff assessment.

${intakeBlock({ problem: snap.problem, ticket: snap.ticket, client: snap.client, asset: snap.asset, log: snap.log })}
Priority: ${snap.priority}. Domain: ${snap.problem_domain}. Time spent: ${snap.time_spent_hours} h.
Escalated by ${snap.escalated_by.name}. Their notes: ${snap.engineer_notes || 'none'}
Facts: ${snap.facts.join('; ') || 'none'}
Steps:
${steps || 'none'}

The knowledge base suggests: likely cause "${grounded.likely_cause}"; untried steps: ${grounded.suggested_steps.join(' | ')}

Return JSON: {"summary_prose": "...", "what_we_know": ["..."], "tried": [{"step": "...", "outcome": "..."}],
"likely_cause": "...", "suggested_steps": ["..."], "confidence": "low"|"medium"|"high"}. Be honest: say "low" when unsure.`;
}
