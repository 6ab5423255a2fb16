import type { DraftSource, DraftStep } from './proposal-draft';
import {
  clip,
  isConfirmedSuggestion,
  isRecordedCheck,
  isRejectedSuggestion,
  verificationLines,
} from './proposal-text';

/** Free text inside a list item: one line that cannot start a heading or a quote. */
const inline = (text: string) => clip(text, 1000).replace(/^[#>]/, '\\$&');
/** Free text as a paragraph: its lines cannot become headings or open a code fence. */
const paragraph = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((l) => l.replace(/^(\s*)(#|```|~~~)/, '$1\\$2'))
    .join('\n');

/** A fenced block the command itself can never close early. */
function codeBlock(command: string, indent: string) {
  const longest = Math.max(2, ...(command.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return [fence, ...command.trim().split(/\r?\n/), fence].map((l) => `${indent}${l}`).join('\n');
}

const byClaimer = (src: DraftSource, s: DraftStep) =>
  !!src.claim && s.actorUserId === src.claim.userId && !!s.answeredAt && s.answeredAt >= src.claim.claimedAt;

/**
 * The article a session becomes: Symptoms (summary, the intake as told, what was known), Cause, Fix
 * (the resolution, then the steps that worked with their commands, and the notes of whoever picked
 * the escalation up), What did not help, Verify.
 */
export function articleBody(src: DraftSource): string {
  const out: string[] = ['## Symptoms', '', paragraph(src.problemSummary)];
  const told = src.problem.trim();
  if (told && told !== src.problemSummary.trim())
    out.push('', ...told.split(/\r?\n/).map((l) => `> ${l}`.trimEnd()));
  const findings = src.steps
    .filter((s) => s.kind === 'question' && s.answer && !isRejectedSuggestion(s) && !isConfirmedSuggestion(s))
    .map((s) => `- ${inline(s.text)} — ${inline(s.answer!)}`);
  const known = [...src.facts.map((f) => `- ${inline(f)}`), ...findings];
  if (known.length) out.push('', 'What we knew:', '', ...known);

  out.push('', '## Cause', '', paragraph(src.rootCause));

  out.push('', '## Fix', '', paragraph(src.resolution));
  const worked = src.steps.filter((s) => isRecordedCheck(s) && s.outcome !== 'failed');
  if (worked.length) out.push('', 'Steps that worked:', '');
  worked.forEach((s, i) => {
    const who = byClaimer(src, s) ? ` (${src.claim!.name}, after picking up the escalation)` : '';
    out.push(`${i + 1}. ${inline(s.text)}${s.outcome === 'partial' ? ' (helped partly)' : ''}${who}`);
    if (s.command?.trim()) out.push('', codeBlock(s.command, '   '), '');
    if (s.note) out.push(`   Result: ${inline(s.note)}`);
  });
  const notes = src.steps.filter((s) => s.kind === 'note' && byClaimer(src, s));
  if (notes.length)
    out.push(
      '',
      `Notes from ${inline(src.claim!.name)} after picking up the escalation:`,
      '',
      ...notes.map((s) => `- ${inline(s.text)}`),
    );

  const failed = [
    ...src.steps
      .filter((s) => isRecordedCheck(s) && s.outcome === 'failed')
      .map((s) => {
        const command = s.command?.trim() ? ` (\`${clip(s.command, 300).replace(/`/g, "'")}\`)` : '';
        return `- ${inline(s.text)}${command}${s.note ? ` — ${inline(s.note)}` : ''}`;
      }),
    ...src.steps.filter(isRejectedSuggestion).map((s) => `- ${inline(s.answer ?? s.text)}`),
  ];
  out.push(
    '',
    '## What did not help',
    '',
    ...(failed.length ? failed : ['Nothing else was recorded as tried.']),
  );

  out.push('', '## Verify', '', ...verificationLines(src).map((l) => `- ${inline(l)}`));
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
