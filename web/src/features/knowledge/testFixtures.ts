import type { Mock } from 'vitest';
import type { Proposal } from './types';
import type { Schemas } from '../../api/client';

type Article = Schemas['Article'];
type ArticleListItem = Schemas['ArticleListItem'];
type ArticleRevision = Schemas['ArticleRevision'];
type KnowledgeImport = Schemas['KnowledgeImport'];

const alex = { id: 'u1', name: 'Alex Admin' };
const sam = { id: 'u2', name: 'Sam Senior' };

export function makeListItem(overrides: Partial<ArticleListItem> = {}): ArticleListItem {
  return {
    id: 'a1',
    kind: 'article',
    title: 'Outlook keeps asking for a password',
    tags: ['outlook', 'mfa'],
    source: { type: 'written', ref: null, label: 'Written here' },
    created_at: '2025-05-01T09:00:00Z',
    updated_at: '2025-05-03T09:00:00Z',
    created_by: alex,
    updated_by: sam,
    excerpt: 'Clear the cached credentials in Credential Manager, then…',
    ...overrides,
  };
}

export function makeArticle(overrides: Partial<Article> = {}): Article {
  const { excerpt: _excerpt, ...fields } = makeListItem();
  return { ...fields, body: '# Fix\n\nClear the **cached** credentials.', ...overrides };
}

export function makeRevisions(): ArticleRevision[] {
  return [
    {
      id: 'r3',
      title: 'Outlook keeps asking for a password',
      body: '# Fix\n\nClear the **cached** credentials.\nThen restart Outlook.',
      tags: ['outlook', 'mfa'],
      edited_at: '2025-05-03T09:00:00Z',
      edited_by: sam,
    },
    {
      id: 'r2',
      title: 'Outlook keeps asking for a password',
      body: '# Fix\n\nClear the credentials.',
      tags: ['outlook'],
      edited_at: '2025-05-02T09:00:00Z',
      edited_by: alex,
    },
    {
      id: 'r1',
      title: 'Outlook password prompt',
      body: '# Fix\n\nClear the credentials.',
      tags: ['outlook'],
      edited_at: '2025-05-01T09:00:00Z',
      edited_by: alex,
    },
  ];
}

export function makeImport(overrides: Partial<KnowledgeImport> = {}): KnowledgeImport {
  return {
    id: 'i1',
    kind: 'files',
    status: 'queued',
    total: 3,
    done: 0,
    imported: 0,
    skipped: 0,
    failed: [],
    error: null,
    since: null,
    created_at: '2025-05-04T10:00:00Z',
    updated_at: '2025-05-04T10:00:00Z',
    finished_at: null,
    ...overrides,
  };
}

export function makeProposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: 'p1',
    kind: 'article',
    title: 'Printer offline after driver update',
    body: 'Roll back the **v4** driver.\n\n<script>alert(1)</script>',
    tags: ['printing'],
    source_session_ids: ['5e55a0f1-0000-4000-8000-000000000001', '5e55a0f1-0000-4000-8000-000000000002'],
    status: 'pending',
    created_at: '2025-05-04T08:00:00Z',
    decided_at: null,
    decided_by: null,
    result: null,
    ...overrides,
  };
}

/** Index of the first fetch call with this method whose URL ends with `/api/v1${path}`. */
export function findCall(fetchMock: Mock, method: string, path: string): number {
  return fetchMock.mock.calls.findIndex(
    ([url, init]) =>
      ((init as RequestInit).method ?? 'GET') === method && String(url).endsWith(`/api/v1${path}`),
  );
}
