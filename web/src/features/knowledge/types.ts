// What the knowledge pages work with beyond the wire shapes (those are `Schemas[...]` from api/client).
import type { RunbookDocument } from '../../../../shared/knowledge';
import type { Schemas } from '../../api/client';

/**
 * A runbook draft as a proposal carries it. The API types it as any JSON object (a draft need not be a
 * valid runbook yet); these are the parts the page shows.
 */
export interface RunbookDraft {
  id?: string;
  title?: string;
  domain?: string;
  symptoms?: string[];
  causes?: { id?: string; text: string; fix?: string }[];
  steps?: { id?: string; kind?: string; text: string; command?: string; expected_outcome?: string }[];
  verification?: string[];
  [key: string]: unknown;
}

/** A proposal, its runbook draft read as a `RunbookDraft`. */
export type Proposal = Omit<Schemas['KnowledgeProposal'], 'runbook'> & { runbook?: RunbookDraft };

/** What approving sends: the reviewer's edits, if any. */
export type ApproveInput = Schemas['ApproveProposal'];

/** What approving made: the article, or the saved runbook (a valid document, though typed loosely on the wire). */
export type ApproveResult = Omit<Schemas['ApprovedProposal'], 'runbook'> & { runbook?: RunbookDocument };
