/** Wire shapes of the knowledge API (server/http/routes/knowledge-*.ts); snake_case like the server. */

export type ArticleKind = 'article' | 'psa_ticket';
export type ProvenanceType = 'written' | 'file' | 'proposal' | 'psa_ticket';

export interface Person {
  id: string;
  name: string;
}

export interface Provenance {
  type: ProvenanceType;
  ref: string | null;
  /** Ready to show as is, e.g. "Imported from vpn/notes.md". */
  label: string;
}

interface ArticleFields {
  id: string;
  kind: ArticleKind;
  title: string;
  tags: string[];
  source: Provenance;
  created_at: string;
  updated_at: string;
  created_by: Person | null;
  updated_by: Person | null;
}

export interface ArticleListItem extends ArticleFields {
  excerpt: string;
}

export interface Article extends ArticleFields {
  body: string;
}

export interface ArticleRevision {
  id: string;
  title: string;
  body: string;
  tags: string[];
  edited_at: string;
  edited_by: Person | null;
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface ArticleList {
  items: ArticleListItem[];
  total: number;
  tags: TagCount[];
}

export interface ArticleWithHistory {
  article: Article;
  /** Newest first. */
  revisions: ArticleRevision[];
}

export interface ArticleInput {
  title: string;
  body: string;
  tags: string[];
}

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ImportFailure {
  file: string;
  reason: string;
}

export interface KnowledgeImport {
  id: string;
  kind?: 'files' | 'psa_history';
  status: ImportStatus;
  total: number;
  done: number;
  imported: number;
  skipped: number;
  failed: ImportFailure[];
  error: string | null;
  created_at?: string;
  finished_at?: string | null;
}

export type ProposalKind = 'article' | 'runbook';

/** A runbook draft as the proposal carries it; only the parts the page shows are typed. */
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

export interface Proposal {
  id: string;
  kind: ProposalKind;
  title: string;
  body?: string | null;
  runbook?: RunbookDraft | null;
  tags: string[];
  source_session_ids: string[];
  status: 'pending' | 'approved' | 'dismissed';
  created_at: string;
  /** What an approved proposal became. */
  result?: { kind: ProposalKind; id: string } | null;
}

export interface ApproveInput {
  title?: string;
  body?: string;
  runbook?: unknown;
}

/** The new item: `article` for article proposals, `runbook` (the document, id in kebab-case) otherwise. */
export interface ApproveResult {
  proposal?: Proposal;
  article?: Article;
  runbook?: RunbookDraft;
}
