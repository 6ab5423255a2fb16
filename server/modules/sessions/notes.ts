import type { FactRow, SessionRow, StepRow } from './sessions.repo';

/** Time spent, in decimal hours rounded up to the quarter hour that PSA time entries use. */
export function hoursSpent(from: Date, to: Date): number {
  const hours = Math.max(0, to.getTime() - from.getTime()) / 3_600_000;
  return Math.max(0.25, Math.ceil(hours * 4) / 4);
}

// Every line ending CommonMark knows (and Unicode's separators): text from input stays on its line.
const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;
// Characters that make markup anywhere in a line: emphasis, code spans, links and images, raw HTML
// and autolinks, headings, tables, GFM strikethrough; and the backslash that escapes them.
const INLINE_MARKUP = /[\\`*_[\]<>#|~]/g;
// What still opens a block at the start of a line once those are escaped: a list item ("-", "+",
// "1." or "1)"), a thematic break or setext underline ("---", "==="). Fences ("~~~", "```"),
// headings, quotes, "*" and "_" lists and breaks, tables and HTML blocks are escaped everywhere.
const BLOCK_OPENER = /^(?:[-+=]|\d{1,9}(?=[.)]))/;

/**
 * User text as Markdown text: every character that would make inline markup is escaped, and each
 * of its lines loses its indentation (four spaces or a tab would open a code block) and has a block
 * opener at its start escaped, so a problem beginning with "~~~" cannot swallow the rest of the
 * notes as code. Lines are then joined with spaces: text from input stays on the line it is put on.
 */
function md(s: string): string {
  return s
    .split(LINE_BREAKS)
    .map((line) =>
      line
        .trim()
        .replace(INLINE_MARKUP, (c) => `\\${c}`)
        .replace(BLOCK_OPENER, (m) => (/\d/.test(m) ? `${m}\\` : `\\${m}`)),
    )
    .filter(Boolean)
    .join(' ');
}

/**
 * A command inside a code span, where nothing is interpreted as long as the span stays closed: a
 * backtick or a blank line in the command (a model can be steered into writing one) would end it
 * and let the rest be read as Markdown and raw HTML.
 */
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(LINE_BREAKS, ' ')}\``;

function answerText(step: StepRow): string {
  if (step.kind === 'note') return '';
  if (!step.answered_at) return '_(not answered)_';
  const parts: string[] = [];
  if (step.answer?.skipped) parts.push('skipped');
  else if (step.answer?.label) parts.push(md(step.answer.label));
  else if (step.answer?.text) parts.push(md(step.answer.text));
  if (step.outcome) parts.push(`outcome: **${step.outcome.replace('_', ' ')}**`);
  if (step.note) parts.push(`note: ${md(step.note)}`);
  return parts.join('; ');
}

const KIND_LABEL: Record<string, string> = {
  question: 'Q',
  action: 'Check',
  resolution_suggestion: 'Suggested fix',
  note: 'Note',
  briefing: 'Briefing',
  status_update: 'Status',
};

/** Ticket notes in Markdown, generated from the structured record of the session. */
export function renderTicketNotes(s: SessionRow, steps: StepRow[], facts: FactRow[], now: Date): string {
  const status = s.status.replace('_', ' ').toUpperCase();
  const where = [
    s.ticket && `#${md(s.ticket)}`,
    s.client_name && `Client: ${md(s.client_name)}`,
    s.asset_name && `Asset: ${md(s.asset_name)}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const end = s.resolved_at ?? now;
  const lines = [
    `**[${status}] ${md(s.problem_summary)}**${where ? ` — ${where}` : ''}`,
    '',
    `Priority ${s.priority.toUpperCase()} · Domain: ${s.problem_domain} · Opened by ${md(s.owner_name)} on ${s.created_at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    '## Problem',
    md(s.intake.problem),
    '',
    '## Steps',
  ];
  const worked = steps.filter((st) => st.answered_at || st.kind === 'note');
  if (worked.length === 0) lines.push('_No steps answered yet._');
  worked.forEach((st, i) => {
    const who = st.actor_name ? ` _(by ${md(st.actor_name)})_` : '';
    const cmd = st.content.command ? ` ${code(st.content.command)}` : '';
    const ans = answerText(st);
    lines.push(
      `${i + 1}. **${KIND_LABEL[st.kind] ?? st.kind}:** ${md(st.content.text)}${cmd}${ans ? ` — ${ans}` : ''}${who}`,
    );
  });
  lines.push('', '## What we know');
  if (facts.length === 0) lines.push('_No facts recorded._');
  for (const f of facts) lines.push(`- ${md(f.text)}`);
  if (s.status === 'resolved') {
    lines.push(
      '',
      '## Resolution',
      `- **Root cause:** ${md(s.root_cause ?? '')}`,
      `- **Fix:** ${md(s.resolution_summary ?? '')}`,
    );
  }
  lines.push('', `**Time spent:** ${hoursSpent(s.created_at, end).toFixed(2)} h`);
  lines.push('', '## Follow-ups');
  const followUps: string[] = [];
  if (s.status === 'resolved') followUps.push('Confirm with the user that the problem has not come back.');
  const suggestion = [...steps]
    .reverse()
    .find((st) => st.kind === 'resolution_suggestion' && st.content.verification?.length);
  for (const v of suggestion?.content.verification ?? []) followUps.push(`Verify: ${md(v)}`);
  if (s.status === 'requesting_escalation')
    followUps.push('Waiting for a senior engineer to pick up the escalation.');
  if (s.status === 'escalated' && s.escalated_to_name)
    followUps.push(`Escalated to ${md(s.escalated_to_name)}.`);
  if (s.status === 'active' || s.status === 'paused')
    followUps.push('Session still open: continue troubleshooting or escalate.');
  for (const f of followUps) lines.push(`- ${f}`);
  return lines.join('\n') + '\n';
}
