import { NO_ACCOUNT_KNOWLEDGE, type AccountKnowledge } from '../../server/ai/builtin/knowledge';
import { readFileSync } from 'node:fs';
import { builtinEngine } from '../../server/ai';
import { asksFor, type Ask } from '../../server/ai/builtin/intake-facts';
import { productsNamed, sameProduct } from '../../server/ai/builtin/products';
import type { StepDraft } from '../../server/ai/types';
import { confidenceLabel } from '../../shared/sessions';

/** A long-tail case: a real problem from a vendor article, typed as a tech would. */
export type LongTailCase =
  | {
      id: string;
      area: string;
      text: string;
      fix_phrases: string[];
      gives: Ask[];
      source: { title: string; url: string };
      out_of_scope?: false;
    }
  | { id: string; text: string; out_of_scope: true };

export type FirstAnswerReport = {
  cases: number;
  inScope: number;
  carriesFix: number;
  askedForGiven: number;
  /** First answers whose lead cause is about another vendor's product than the one the intake names. */
  otherProductLead: number;
  outOfScope: number;
  outOfScopeChecks: number;
  outOfScopeHigh: number;
  misses: { id: string; text: string; first: string }[];
};

export const loadCases = (file: string): LongTailCase[] =>
  JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));

/** Lowercase words only, so "Credential Manager" matches "credential-manager" and "credential manager,". */
const normal = (s: string) =>
  ` ${s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;

/** The engine's first turn for an intake; with no account knowledge, what a new account sees. */
export const firstTurn = (text: string, account: AccountKnowledge = NO_ACCOUNT_KNOWLEDGE) =>
  builtinEngine().nextStep({
    intake: { problem: text },
    state: {},
    history: [],
    facts: [],
    assistantStepCount: 0,
    account,
  });

/** A non-IT request was given a check (or likely causes) instead of a "no match" triage question. */
export const gaveACheck = (step: StepDraft | null) =>
  !!step && (step.kind !== 'question' || !!step.content.likely_causes?.length);

/** Everything the first answer shows the tech: the step, its command, and the likely causes with their fixes. */
export function answerText(step: StepDraft | null): string {
  if (!step) return '';
  const c = step.content;
  return [
    c.text,
    c.command,
    c.expected_outcome,
    c.cause,
    c.fix,
    ...c.options.map((o) => o.label),
    ...(c.likely_causes ?? []).flatMap((l) => [l.cause, l.fix, l.command]),
  ]
    .filter(Boolean)
    .join(' \n ');
}

/**
 * The first-answer metric: does the first step carry a concept of the real fix that the tech did not
 * type (any of the case's phrases, found in the answer and absent from the intake); does it ask for
 * something the intake already gave; does it lead with another vendor's product than the one the
 * intake names (read with the engine's own product list, products.ts); does an out-of-scope request
 * get a check, or "high" confidence.
 */
export async function firstAnswer(cases: LongTailCase[]): Promise<FirstAnswerReport> {
  const report: FirstAnswerReport = {
    cases: cases.length,
    inScope: 0,
    carriesFix: 0,
    askedForGiven: 0,
    otherProductLead: 0,
    outOfScope: 0,
    outOfScopeChecks: 0,
    outOfScopeHigh: 0,
    misses: [],
  };
  for (const c of cases) {
    const turn = await firstTurn(c.text);
    const step = turn.step;
    if (c.out_of_scope) {
      report.outOfScope++;
      if (gaveACheck(step)) {
        report.outOfScopeChecks++;
        report.misses.push({
          id: c.id,
          text: c.text,
          first: `OUT OF SCOPE, given: ${step?.content.text ?? ''}`,
        });
      }
      if (confidenceLabel(turn.confidence) === 'high') report.outOfScopeHigh++;
      continue;
    }
    report.inScope++;
    const shown = normal(answerText(step));
    const typed = normal(c.text);
    const hit = c.fix_phrases.some((p) => {
      const phrase = normal(p);
      return phrase.trim() && shown.includes(phrase) && !typed.includes(phrase);
    });
    if (hit) report.carriesFix++;
    else report.misses.push({ id: c.id, text: c.text, first: step?.content.text ?? '(no step)' });
    const lead = step?.content.likely_causes?.[0];
    if (lead && !sameProduct(productsNamed(c.text), productsNamed(lead.source.title)))
      report.otherProductLead++;
    if (step?.kind === 'question' && asksFor(step.content.text).some((a) => c.gives.includes(a))) {
      report.askedForGiven++;
      report.misses.push({ id: c.id, text: c.text, first: `ASKS FOR WHAT WAS GIVEN: ${step.content.text}` });
    }
  }
  return report;
}
