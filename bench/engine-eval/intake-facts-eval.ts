import { readFileSync } from 'node:fs';
import { asksFor, extractIntakeFacts, intakeGives, type Ask } from '../../server/ai/builtin/intake-facts';
import { firstTurn, gaveACheck } from './first-answer';

type Case = { id: string; text: string; gives?: Ask[]; out_of_scope?: true };
const FACTS: Ask[] = ['error_code', 'scope', 'since', 'product', 'version', 'os'];

/**
 * How well the intake is read (`intake-facts-dev.json`: 150 intakes labelled with the facts they state,
 * 60 non-IT requests, written without sight of the engine): recall and precision per fact, first steps
 * that ask for a stated fact, and non-IT requests that get a check. A development set: tuned on.
 */
export async function intakeFactsReport(file = './intake-facts-dev.json') {
  const cases: Case[] = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
  const per = Object.fromEntries(FACTS.map((f) => [f, { tp: 0, fn: 0, fp: 0 }]));
  let asked = 0;
  let inScope = 0;
  let oos = 0;
  let oosChecks = 0;
  for (const c of cases) {
    const turn = await firstTurn(c.text);
    const step = turn.step;
    if (c.out_of_scope) {
      oos++;
      if (gaveACheck(step)) oosChecks++;
      continue;
    }
    inScope++;
    const facts = extractIntakeFacts(c.text);
    for (const f of FACTS) {
      const said = c.gives!.includes(f);
      const read = intakeGives(facts, f);
      if (said && read) per[f]!.tp++;
      else if (said) per[f]!.fn++;
      else if (read) per[f]!.fp++;
    }
    if (step?.kind === 'question' && asksFor(step.content.text).some((a) => c.gives!.includes(a))) asked++;
  }
  const facts = FACTS.map((f) => {
    const { tp, fn, fp } = per[f]!;
    return `${f} ${tp}/${tp + fn} read, ${fp} wrongly`;
  }).join('; ');
  return { inScope, asked, oos, oosChecks, facts };
}
