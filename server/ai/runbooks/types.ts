import type { RunbookDocument } from '../../../shared/knowledge';

/**
 * The decision-tree runbooks the built-in engine walks. The format is defined (and validated) by
 * the runbook schema in shared/knowledge.ts; the shipped library lives in knowledge/runbooks/.
 */
export type Runbook = RunbookDocument;
export type RunbookStep = Runbook['steps'][number];
export type RunbookCause = Runbook['causes'][number];
/** Where a branch leads: exactly one of next (a step), resolve (a cause) or contradicts. */
export type RunbookBranch = { next?: string; resolve?: string; contradicts?: true };
