import { readFileSync } from 'node:fs';
import { confidenceLabel } from '../../shared/sessions';
import { firstTurn, gaveACheck } from './first-answer';

type Case = { id: string; text: string; out_of_scope: boolean };

/**
 * The out-of-scope gate (`out-of-scope-dev.json`: non-IT requests an MSP helpdesk receives, many
 * naming a computer, phone, printer or password in passing, plus tersely worded real IT problems as
 * controls). A non-IT request must get "no match" with a triage question: no check, no likely
 * causes, never "high" confidence. A control must not be answered "no match". A development set:
 * tuned on, so its misses may be listed.
 */
export async function outOfScopeReport(file = './out-of-scope-dev.json') {
  const cases: Case[] = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
  const r = {
    oos: 0,
    oosMatched: 0,
    oosChecks: 0,
    oosCauses: 0,
    oosHigh: 0,
    controls: 0,
    controlsNoMatch: 0,
    misses: [] as { id: string; text: string; got: string }[],
  };
  for (const c of cases) {
    const turn = await firstTurn(c.text);
    const step = turn.step;
    const noMatch = !!step?.content.no_match;
    if (!c.out_of_scope) {
      r.controls++;
      if (noMatch) {
        r.controlsNoMatch++;
        r.misses.push({ id: c.id, text: c.text, got: 'no match' });
      }
      continue;
    }
    r.oos++;
    const checked = gaveACheck(step);
    if (!noMatch) r.oosMatched++;
    if (checked) r.oosChecks++;
    if (step?.content.likely_causes?.length) r.oosCauses++;
    if (confidenceLabel(turn.confidence) === 'high') r.oosHigh++;
    if (!noMatch || checked)
      r.misses.push({
        id: c.id,
        text: c.text,
        got: `${step?.kind ?? 'no step'}: ${step?.content.text ?? ''}`,
      });
  }
  return r;
}
