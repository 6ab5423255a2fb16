import type { Assessment, EngineInput, EngineTurn, HandoffSnapshot, Intake, Triage } from '../types';
import { assessBuiltin } from './assess';
import type { AccountKnowledge, KnowledgeBase } from './knowledge';
import { shippedKnowledgeBase } from './knowledge-base-file';
import { problemDomain } from './likely-causes';
import { intakeText, TurnRunner } from './turn';

export type { EngineState } from './turn';

export function summarise(problem: string): string {
  const firstLine =
    problem
      .trim()
      .split(/\r?\n/)
      .find((l) => l.trim()) ?? problem;
  const clean = firstLine.replace(/\s+/g, ' ').trim();
  const sentence = /^(.{20,}?[.!?])\s/.exec(clean)?.[1] ?? clean;
  const text = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  return text.length <= 120 ? text : `${text.slice(0, 119).trimEnd()}…`;
}

/**
 * The built-in assistant: one index over the shipped knowledge (runbooks, known issues, error
 * codes) and the account's resolved sessions; likely causes ranked from the evidence; runbook
 * decision trees for the next check; explicit rules for confidence.
 */
export class BuiltinEngine {
  readonly name = 'builtin' as const;

  constructor(readonly kb: KnowledgeBase = shippedKnowledgeBase()) {}

  async triage(intake: Intake): Promise<Triage> {
    const r = await this.kb.retrieve(intakeText(intake));
    const domain = r.noMatch ? null : problemDomain(r.candidates, null);
    return { problem_summary: summarise(intake.problem), problem_domain: domain ?? 'other' };
  }

  /** Called once at intake (empty history) and after every answer to the step it proposed. */
  nextStep(input: EngineInput): Promise<EngineTurn> {
    return new TurnRunner(this.kb, input).run();
  }

  assess(snapshot: HandoffSnapshot, account: AccountKnowledge): Promise<Assessment> {
    return assessBuiltin(this.kb, snapshot, account);
  }
}
