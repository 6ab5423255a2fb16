import type { HandoffSnapshot } from '../../server/ai/types';

/** A handoff snapshot for engine tests: the problem as the tech wrote it, no steps yet; a test overrides what it needs. */
export const handoffSnapshot = (
  problem: string,
  overrides: Partial<HandoffSnapshot> = {},
): HandoffSnapshot => ({
  problem,
  problem_summary: problem,
  problem_domain: 'other',
  priority: 'p3',
  ticket: null,
  client: null,
  asset: null,
  log: null,
  escalated_by: { id: 'u1', name: 'Tess Tech' },
  engineer_notes: '',
  steps: [],
  facts: [],
  time_spent_hours: 0.5,
  confidence: 0.3,
  engine_state: {},
  ...overrides,
});
