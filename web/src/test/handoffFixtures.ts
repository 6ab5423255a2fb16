import type { Assessment } from '../../../shared/handoffs';
import type { Schemas } from '../api/client';

type Handoff = Schemas['Handoff'];
type QueueItem = Schemas['QueueItem'];

const T0 = '2025-05-01T09:00:00Z';

export function makeQueueItem(overrides: Partial<QueueItem> = {}): QueueItem {
  return {
    id: 'h1',
    session_id: 's1',
    problem_summary: 'Outlook stuck on “Trying to connect”',
    problem_domain: 'email',
    handed_off_by: { id: 'u2', name: 'Terry Tech' },
    engineer_notes: 'Profile rebuild did not help',
    priority: 'p2',
    ticket: '12345',
    client: 'Contoso Dental',
    steps_tried: 3,
    assessment_status: 'ready',
    policy_level: 0,
    target_user_id: null,
    paged: [],
    created_at: new Date(Date.now() - 3 * 60_000).toISOString(),
    age_seconds: 180,
    ...overrides,
  };
}

export function makeAssessment(overrides: Partial<Assessment> = {}): Assessment {
  return {
    summary_prose: 'Outlook cannot reach Exchange Online while webmail works.',
    what_we_know: ['Webmail works'],
    tried: [{ step: 'Restart Outlook in safe mode', outcome: 'failed' }],
    likely_cause: 'Stale Autodiscover record',
    suggested_steps: ['Run the Autodiscover connectivity test', 'Clear cached credentials'],
    confidence: 'medium',
    sources: [{ kind: 'runbook', id: 'outlook-connect', title: 'Outlook connectivity' }],
    provider: 'builtin',
    fallback: false,
    ...overrides,
  };
}

export function makeHandoff(overrides: Partial<Handoff> = {}): Handoff {
  return {
    id: 'h1',
    session_id: 's1',
    intent: 'escalate',
    handed_off_by: { id: 'u2', name: 'Terry Tech' },
    target_user_id: null,
    engineer_notes: 'Profile rebuild did not help',
    priority: 'p2',
    snapshot: {
      problem: 'Outlook says trying to connect since this morning, webmail works fine',
      problem_summary: 'Outlook stuck on “Trying to connect”',
      problem_domain: 'email',
      priority: 'p2',
      ticket: '12345',
      client: 'Contoso Dental',
      asset: 'FD-LAPTOP-07',
      log: null,
      escalated_by: { id: 'u2', name: 'Terry Tech' },
      engineer_notes: 'Profile rebuild did not help',
      steps: [
        {
          order: 1,
          kind: 'question',
          source: 'assistant',
          text: 'Does webmail work for the same user?',
          command: null,
          answer: 'Yes',
          outcome: null,
          note: null,
          actor_name: 'Terry Tech',
          answered_at: T0,
        },
        {
          order: 2,
          kind: 'action',
          source: 'assistant',
          text: 'Restart Outlook in safe mode',
          command: 'outlook.exe /safe',
          answer: null,
          outcome: 'failed',
          note: 'Same error',
          actor_name: 'Terry Tech',
          answered_at: T0,
        },
      ],
      facts: ['Webmail works for the same user'],
      time_spent_hours: 0.5,
      confidence: 0.52,
    },
    assessment: makeAssessment(),
    assessment_status: 'ready',
    claimed_by: null,
    claimed_at: null,
    released_at: null,
    resolved_at: null,
    policy_level: 0,
    paged: [],
    created_at: new Date(Date.now() - 4 * 60_000).toISOString(),
    ...overrides,
  };
}
