import type { Schemas } from '../api/client';

type Fact = Schemas['Fact'];
type SessionRecord = Schemas['Session'];
type SessionView = Schemas['SessionDetail'];
type Step = Schemas['Step'];

const T0 = '2025-05-01T09:00:00Z';

export function makeSession(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: 's1',
    status: 'active',
    user_id: 'u1',
    owner: { id: 'u1', name: 'Alex Admin' },
    escalated_to_id: null,
    escalated_to: null,
    problem_summary: 'Outlook stuck on “Trying to connect”',
    problem_domain: 'email',
    priority: 'p3',
    confidence: 0.52,
    confidence_tier: 'exploring',
    confidence_factors: ['Matched runbook “Outlook connectivity”'],
    provider: 'builtin',
    fallback: false,
    assistant_finished: null,
    ticket: '12345',
    client: 'Contoso Dental',
    asset: 'FD-LAPTOP-07',
    problem: 'Outlook says trying to connect since this morning, webmail works fine',
    log: null,
    escalation_reason: null,
    root_cause: null,
    resolution_summary: null,
    created_at: T0,
    updated_at: T0,
    escalated_at: null,
    resolved_at: null,
    ...overrides,
  };
}

export function questionStep(overrides: Partial<Step> = {}): Step {
  return {
    id: 'st1',
    step_order: 1,
    kind: 'question',
    content: {
      text: 'Does webmail work for the same user?',
      options: [
        { label: 'Yes', value: 'yes' },
        { label: 'No', value: 'no' },
      ],
      rationale: 'Separates mailbox problems from client problems.',
      sources: [
        { kind: 'runbook', id: 'outlook-connect', title: 'Outlook connectivity' },
        { kind: 'session', id: 's0', title: 'Outlook offline after update' },
      ],
    },
    answer: null,
    outcome: null,
    note: null,
    actor_user_id: null,
    actor_name: null,
    source: 'assistant',
    confidence: 0.5,
    created_at: T0,
    answered_at: null,
    ...overrides,
  };
}

export function actionStep(overrides: Partial<Step> = {}): Step {
  return questionStep({
    id: 'st2',
    step_order: 2,
    kind: 'action',
    content: {
      text: 'Restart Outlook in safe mode',
      options: [],
      command: 'outlook.exe /safe',
      expected_outcome: 'Outlook opens without add-ins and connects',
      sources: [],
    },
    ...overrides,
  });
}

export function answered(step: Step, changes: Partial<Step>): Step {
  return {
    ...step,
    answered_at: '2025-05-01T09:05:00Z',
    actor_user_id: 'u1',
    actor_name: 'Alex Admin',
    ...changes,
  };
}

export function makeView(
  session: Partial<SessionRecord> = {},
  steps: Step[] = [questionStep()],
  facts: Fact[] = [],
): SessionView {
  const last = steps.at(-1);
  const current =
    last && last.source === 'assistant' && !last.answered_at && last.kind !== 'note' ? last : null;
  return { session: makeSession(session), steps, facts, current_step: current };
}
